// Checking a step's expectations (StepExpectation, scenario.h) against a
// run: a metric in the unit the window shows it, a milestone count over the
// step, a node's status. Not part of the engine's public API. Kernel thread,
// like the scenario code.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <utility>
#include <vector>

#include "clusterscope/scenario.h"

namespace cs::scenario_detail {

// What a step has seen since it began.
struct StepTally {
  const std::vector<std::int64_t>& startValues;  // every metric's value as the step began
  const std::map<std::pair<Label, NodeId>, std::uint64_t>& milestones;  // traced in the step
};

// A metric's value as the window shows it: a latency in milliseconds, the
// rest as they are. Percent metrics are already whole percent.
double displayValue(const MetricInfo& info, std::int64_t value);
// The unit written after such a value: " ms", " %" or "".
const char* displayUnit(const MetricInfo& info);

// `resolve` turns a node reference into the node it names now; it throws
// InputError when a role names no node (the expectation then fails, saying so).
ExpectOutcome checkExpectation(const StepExpectation& e, const Simulation& sim,
                               const StepTally& tally,
                               const std::function<NodeId(const NodeRef&)>& resolve);

}  // namespace cs::scenario_detail
