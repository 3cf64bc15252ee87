// Helpers shared by the scenario parser, runner and writer; not part of the
// engine's public API. Kernel thread, like the scenario code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clusterscope/command.h"

namespace cs::scenario_detail {

// One argument of a pattern verb, read from the verb's help text:
// "KEY VALUE [NODE]" gives key, value and an optional node. The lower-cased
// name is the JSON key a scenario action uses for it.
struct VerbArg {
  std::string name;
  bool optional = false;
};

std::vector<VerbArg> verbArgs(const std::string& signature);

// The keys a scenario action of a kernel fault has: "do", then its
// arguments' in the order the parser reads them and the scenario writer
// writes them ({"do", "node", "ms"} for slow).
// REQUIRES: !shape.verb (a pattern verb's keys come from its signature).
std::vector<std::string> actionKeys(const CommandShape& shape);

// The scenario's own node word, whatever the pattern: the node this scenario
// most recently crashed, paused or isolated. The pattern's role words come
// from Pattern::roleWords.
inline constexpr std::string_view kFailedWord = "failed";

}  // namespace cs::scenario_detail
