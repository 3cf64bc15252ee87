// Helpers shared by the scenario parser and runner; not part of the engine's
// public API.
#pragma once

#include <string>
#include <vector>

namespace cs::scenario_detail {

// One argument of a pattern verb, read from the verb's help text:
// "KEY VALUE [NODE]" gives key, value and an optional node. The lower-cased
// name is the JSON key a scenario action uses for it.
struct VerbArg {
  std::string name;
  bool optional = false;
};

std::vector<VerbArg> verbArgs(const std::string& signature);

// The actions every scenario has, whatever its pattern: the kernel's faults.
// A pattern verb must not reuse one of these names, or the scenario action
// would reach the fault instead (a test checks every registered pattern).
inline const std::vector<std::string> kFaultVerbs = {"crash", "restart", "pause",     "resume",
                                                     "slow",  "isolate", "partition", "block",
                                                     "cut",   "heal",    "network"};

}  // namespace cs::scenario_detail
