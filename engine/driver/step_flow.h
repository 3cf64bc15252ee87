// The scenario's steps as the driver plays them: beginning a step, and
// handling its condition once per step — pausing when it is met (or its
// deadline passes), or, when running to a time or to the end, beginning the
// next step at once. A run replaying its recorded future does not decide
// again: it pauses where the recording paused, and its steps begin as
// recorded (time_travel.h). Also bounds how far play may go so that a step's
// timed condition ends exactly where a headless run ends it. Engine thread
// only.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "clusterscope/scenario.h"
#include "clusterscope/time.h"

#include "lockstep.h"
#include "pacer.h"
#include "step_pacing.h"
#include "time_travel.h"

namespace cs {

class StepFlow {
 public:
  // The parts must outlive this; `errors` is where a step that cannot begin
  // is reported.
  StepFlow(TimeTravel& travel, Pacer& pacer, StepPacing& pacing, Lockstep& lockstep,
           std::vector<std::string>& errors)
      : travel_(travel), pacer_(pacer), pacing_(pacing), lockstep_(lockstep), errors_(errors) {}

  // A run was built: no step's condition has been handled in it.
  void runStarted() { handled_ = false; }
  // A recorded step was begun again: a broken one is handled already (it
  // was reported the first time), and the follower begins the others.
  void stepReplayed();
  // Whether the current step's condition has been handled (paused at, or
  // moved on from), so that nothing handles it again.
  bool handled() const { return handled_; }
  void markHandled() { handled_ = true; }

  // Begins step `i` now, at its own pace if it names one. If it cannot
  // begin, reports why, stops play and returns false (the step is current
  // but broken). REQUIRES: i < stepCount.
  bool begin(std::size_t i);
  // After events ran: pause at a met condition (or move on, when running to
  // a time or to the end), once per step.
  void check();

  // The current step's condition, or nullptr before the first step.
  const StepCondition* condition() const;
  // The current step could not begin, or its milestone's deadline passed.
  bool failed() const;
  // The last step is current and met or failed: past it the cluster simply runs on.
  bool finishedLast() const;
  // The deadline a run to the end may not pass while the current step's
  // condition is still to be handled.
  std::optional<SimTime> pendingDeadline() const;

  // The simulated time an open-ended run may not pass: a pending After
  // condition ends exactly at its deadline.
  SimTime clamp(SimTime t) const;
  // Whether the run has come to the instant of the current step's point
  // (Kind::At) and nothing before it is left: the instant's events up to the
  // point, and its samples, are then run the way a headless run does
  // (ScenarioRunner::runStep), not one by one, so both stop at the same point.
  bool reachesPoint(SimTime limit, std::optional<SimTime> next) const;

 private:
  SimTime now() const;

  TimeTravel& travel_;
  Pacer& pacer_;
  StepPacing& pacing_;
  Lockstep& lockstep_;
  std::vector<std::string>& errors_;
  bool handled_ = false;
};

}  // namespace cs
