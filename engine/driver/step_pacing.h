// How fast a scenario plays on screen: each step's pace (its speed, else the
// scenario's) and slow motion. Slow motion: while a message the current step
// is about is in flight, simulated time slows so that the message takes at
// least kMinVisible of wall time to cross; between such messages the step
// plays at its pace. The messages a step is about are those that led to the
// milestone meeting its condition (the delivery that traced it, and the
// messages that delivery answered, in turn) in the scenario's own run, which
// the plan finds by running it headless once. Message ids are the same in any
// run that is the same so far, so a step uses its plan only when the run's
// trace hash at the step's beginning is the plan's; a user's command drops
// it until the next step. The driver paces the window with this, and the
// pacing report (pacing.h) measures with it: one model, not two estimates.
// Engine thread only (the report: any one thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "clusterscope/ids.h"
#include "clusterscope/scenario.h"
#include "clusterscope/time.h"
#include "clusterscope/trace.h"
#include "clusterscope/vocabulary.h"

namespace cs {

// The least wall time a key message takes to cross, in seconds.
inline constexpr double kMinVisible = 0.8;

// Per step, the messages it is about in the scenario's own run.
struct PacingPlan {
  struct Step {
    std::uint64_t hashAtBegin = 0;  // the trace hash once its actions were applied
    std::vector<MessageId> keys;    // sorted
  };
  std::uint64_t seed = 0;
  std::vector<Step> steps;
};

// Runs the scenario headless with `seed`, each step to its condition, and
// notes what each step is about. Throws InputError as ScenarioRunner does.
PacingPlan planPacing(const Scenario& scenario, std::uint64_t seed);

class StepPacing {
 public:
  explicit StepPacing(const Scenario& scenario) : scenario_(scenario) {}

  void setPlan(PacingPlan plan) { plan_ = std::move(plan); }
  const PacingPlan& plan() const { return plan_; }

  // The step's pace when it begins: its own speed, else the scenario's;
  // nullopt when neither says, or when the caller fixed the pace.
  std::optional<double> stepSpeed(std::size_t step) const;
  void ignoreSpeeds() { speedsApply_ = false; }

  // A run was (re)built: nothing is in flight, no step is current.
  void runBuilt();
  // Step `step` began; `traceHash`: the trace's hash once its actions were
  // applied. Its key messages apply if the run is the plan's so far; the
  // message kinds it names (slow-motion), in any run.
  void stepBegun(std::size_t step, std::uint64_t traceHash, const Vocabulary& vocabulary);
  // The user changed the run: message ids no longer mean the plan's.
  void userActed() { keys_.clear(); }
  // Every trace record, in order. Returns whether slow motion's pace may
  // have changed (a key message left or arrived).
  bool onRecord(const TraceRecord& r);

  // Whether a key message is in flight.
  bool slowMotion() const { return !flying_.empty(); }
  // `speed`, or slower while key messages fly: each then takes at least
  // kMinVisible of wall time to cross. REQUIRES: speed > 0.
  double pace(double speed) const;
  // Whether message `id` is one of the current step's key messages.
  bool isKey(MessageId id) const;
  // Whether the message `sent` traces is slowed into sight: a key message,
  // or of a kind the step names.
  bool slows(const TraceRecord& sent) const;

 private:
  struct Flight {
    MessageId id = 0;
    SimDuration length{};
  };
  const Scenario& scenario_;
  bool speedsApply_ = true;
  PacingPlan plan_;
  std::vector<MessageId> keys_;  // the current step's, sorted
  std::vector<Label> kinds_;     // the message kinds the current step names
  std::vector<Flight> flying_;   // key messages (and their copies) on the wire
};

}  // namespace cs
