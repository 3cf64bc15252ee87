// The scenario's steps as the driver plays them. See step_flow.h.
#include "step_flow.h"

#include <algorithm>
#include <cassert>

#include "clusterscope/errors.h"
#include "clusterscope/kernel.h"

namespace cs {

SimTime StepFlow::now() const {
  return travel_.runner().simulation().now();
}

void StepFlow::stepReplayed() {
  const ScenarioRunner& runner = travel_.runner();
  handled_ = runner.broken();
  if (runner.broken()) return;
  lockstep_.stepBegun(runner.currentStep(), now());
  const Kernel& k = runner.simulation().kernel();
  pacing_.stepBegun(runner.currentStep(), k.trace().hash(), k.vocabulary());
}

bool StepFlow::begin(std::size_t i) {
  assert(i < travel_.runner().stepCount());
  try {
    travel_.runner().beginStep(i);
    handled_ = false;
    lockstep_.stepBegun(i, now());
    const Kernel& k = travel_.runner().simulation().kernel();
    pacing_.stepBegun(i, k.trace().hash(), k.vocabulary());
    if (const auto speed = pacing_.stepSpeed(i)) pacer_.setStepSpeed(*speed);
    return true;
  } catch (const InputError& e) {
    // The step is current but broken: report it and stop here.
    errors_.push_back(e.what());
    handled_ = true;
    pacer_.halt();
    return false;
  }
}

void StepFlow::check() {
  const ScenarioRunner& runner = travel_.runner();
  if (handled_ || !runner.hasStarted()) return;
  const bool met = runner.conditionMet();
  if (!met && !failed()) return;
  if (met) travel_.runner().checkExpectations();  // at the point the step ends, as headless
  if (travel_.following()) {
    // The recorded run went on from here: its future is replayed, not
    // redecided. Plain play still stops here, as it did the first time.
    handled_ = true;
    if (pacer_.goal() == Pacer::Goal::None) pacer_.stopPlaying();
    return;
  }
  const Pacer::Goal goal = pacer_.goal();
  const bool autoAdvance = goal == Pacer::Goal::End || goal == Pacer::Goal::Time;
  const std::size_t next = runner.currentStep() + 1;
  if (met && autoAdvance && next < runner.stepCount()) {
    begin(next);
    return;
  }
  handled_ = true;
  if (goal == Pacer::Goal::Time) return;  // keep going to the requested time
  pacer_.halt();
}

const StepCondition* StepFlow::condition() const {
  const ScenarioRunner& runner = travel_.runner();
  if (!runner.hasStarted()) return nullptr;
  return &runner.scenario().steps[runner.currentStep()].until;
}

bool StepFlow::failed() const {
  const StepCondition* c = condition();
  if (!c) return false;
  const ScenarioRunner& runner = travel_.runner();
  if (runner.broken()) return true;
  return c->kind == StepCondition::Kind::Milestone && !runner.conditionMet() &&
         now() > runner.deadline();
}

bool StepFlow::finishedLast() const {
  const ScenarioRunner& runner = travel_.runner();
  return runner.hasStarted() && runner.currentStep() + 1 >= runner.stepCount() &&
         (runner.conditionMet() || failed());
}

std::optional<SimTime> StepFlow::pendingDeadline() const {
  const ScenarioRunner& runner = travel_.runner();
  if (!runner.hasStarted() || handled_) return std::nullopt;
  return runner.deadline();
}

SimTime StepFlow::clamp(SimTime t) const {
  const StepCondition* c = condition();
  if (c && !handled_ && c->kind != StepCondition::Kind::Milestone)
    return std::min(t, std::max(now(), travel_.runner().deadline()));
  return t;
}

bool StepFlow::reachesPoint(SimTime limit, std::optional<SimTime> next) const {
  const StepCondition* c = condition();
  return c && c->kind == StepCondition::Kind::At && !handled_ && limit == c->at && now() <= c->at &&
         (!next || *next >= c->at) && !travel_.runner().conditionMet();
}

}  // namespace cs
