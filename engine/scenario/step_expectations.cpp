// Checking a step's expectations. See step_expectations.h.
#include "scenario/step_expectations.h"

#include <cstdio>

#include "clusterscope/errors.h"
#include "clusterscope/node_status_name.h"

namespace cs::scenario_detail {
namespace {

std::string number(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

// "(expected 20 to 40)", "(expected at least 1)".
std::string bounds(const StepExpectation& e, const char* unit) {
  const bool low = e.min > -1e299;
  const bool high = e.max < 1e299;
  if (low && high && e.min == e.max) return "(expected " + number(e.min) + unit + ")";
  if (low && high) return "(expected " + number(e.min) + " to " + number(e.max) + unit + ")";
  if (low) return "(expected at least " + number(e.min) + unit + ")";
  return "(expected at most " + number(e.max) + unit + ")";
}

bool within(const StepExpectation& e, double v) {
  return v >= e.min && v <= e.max;
}

ExpectOutcome checkMetric(const StepExpectation& e, const Simulation& sim, const StepTally& tally) {
  const Metrics& m = sim.kernel().metrics();
  const auto id = m.find(e.metric);
  if (!id) return {false, e.metric + ": no such metric in this run", {}, {}};
  const MetricInfo& info = m.info(*id);
  if (info.kind == MetricKind::State) {
    const std::int64_t v = m.value(*id);
    const std::string now = v >= 0 && static_cast<std::size_t>(v) < info.stateNames.size()
                                ? info.stateNames[static_cast<std::size_t>(v)]
                                : std::to_string(v);
    const std::string reading = " is " + now + " (expected " + e.state + ")";
    return {now == e.state, e.metric + reading, *id, reading};
  }
  std::int64_t raw = m.value(*id);
  if (e.overStep) raw -= *id < tally.startValues.size() ? tally.startValues[*id] : 0;
  const double v = displayValue(info, raw);
  const char* unit = displayUnit(info);
  const std::string reading =
      (e.overStep ? " rose by " : " = ") + number(v) + unit + " " + bounds(e, unit);
  return {within(e, v), e.metric + reading, *id, reading};
}

}  // namespace

double displayValue(const MetricInfo& info, std::int64_t value) {
  if (info.unit == MetricUnit::Microseconds) return static_cast<double>(value) / 1000.0;
  return static_cast<double>(value);
}

const char* displayUnit(const MetricInfo& info) {
  if (info.unit == MetricUnit::Microseconds) return " ms";
  if (info.unit == MetricUnit::Percent) return " %";
  return "";
}

ExpectOutcome checkExpectation(const StepExpectation& e, const Simulation& sim,
                               const StepTally& tally,
                               const std::function<NodeId(const NodeRef&)>& resolve) {
  if (e.kind == StepExpectation::Kind::Metric) return checkMetric(e, sim, tally);
  NodeId node = kNoNode;
  if (e.node) {
    try {
      node = resolve(*e.node);
    } catch (const InputError& error) {
      return {false, error.what(), {}, {}};
    }
  }
  const Kernel& k = sim.kernel();
  const std::string where = node == kNoNode ? "" : " at " + k.vocabulary().nodeName(node);
  if (e.kind == StepExpectation::Kind::Node) {
    const std::string now = statusName(k.status(node));
    return {now == e.state,
            k.vocabulary().nodeName(node) + " is " + now + " (expected " + e.state + ")",
            {},
            {}};
  }
  const auto label = k.vocabulary().find(LabelKind::Milestone, e.milestone);
  std::uint64_t count = 0;
  for (const auto& [key, n] : tally.milestones)
    if (label && key.first == *label && (node == kNoNode || key.second == node)) count += n;
  const double v = static_cast<double>(count);
  return {within(e, v),
          e.milestone + where + " traced " + number(v) + (count == 1 ? " time" : " times") +
              " in the step " + bounds(e, ""),
          {},
          {}};
}

}  // namespace cs::scenario_detail
