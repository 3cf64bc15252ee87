// Running a scenario step by step: resolving role words, applying a step's
// actions as commands and watching the trace for its condition. See
// scenario.h. Kernel thread only.
#include <algorithm>
#include <cassert>

#include "clusterscope/errors.h"
#include "clusterscope/scenario.h"
#include "scenario/scenario_internal.h"
#include "scenario/step_expectations.h"

namespace cs {
namespace {

std::string stepName(const Scenario& sc, std::size_t index) {
  return sc.source + ": steps[" + std::to_string(index) + "] (\"" + sc.steps[index].title + "\")";
}

bool marksFailed(CommandKind kind) {
  return kind == CommandKind::Crash || kind == CommandKind::Pause || kind == CommandKind::Isolate;
}

}  // namespace

ScenarioRunner::ScenarioRunner(Scenario scenario, std::optional<std::uint64_t> seed)
    : scenario_(std::move(scenario)), current_(scenario_.steps.size()) {
  if (seed) scenario_.config.seed = *seed;
  try {
    sim_ = std::make_unique<Simulation>(scenario_.config);
  } catch (const InputError& e) {
    throw e.in(scenario_.source);
  }
  sim_->kernel().trace().addListener(this);
}

ScenarioRunner::~ScenarioRunner() {
  sim_->kernel().trace().removeListener(this);
}

NodeId ScenarioRunner::resolve(const NodeRef& ref) const {
  if (ref.id) return *ref.id;
  if (ref.role == scenario_detail::kFailedWord) {
    if (lastFailed_ == kNoNode)
      throw InputError(
          "\"failed\" names no node: this scenario has not crashed, paused or "
          "isolated one yet");
    return lastFailed_;
  }
  if (auto node = sim_->resolve(ref.role)) return *node;
  throw InputError("\"" + ref.role + "\" resolves to no node right now (no node is " + ref.role +
                   " at " + std::to_string(toSeconds(sim_->now())).substr(0, 5) + " s)");
}

std::vector<std::vector<NodeId>> ScenarioRunner::resolveGroups(
    const std::vector<std::vector<NodeRef>>& refs) const {
  std::vector<std::vector<NodeId>> groups(refs.size());
  std::vector<int> owner(sim_->kernel().nodeCount(), -1);
  std::size_t restGroup = refs.size();
  for (std::size_t g = 0; g < refs.size(); ++g) {
    for (const NodeRef& ref : refs[g]) {
      if (!ref.id && ref.role == "rest") {
        restGroup = g;
        continue;
      }
      const NodeId n = resolve(ref);
      if (owner[n] >= 0)
        throw InputError("groups[" + std::to_string(g) + "]: node " + std::to_string(n) +
                         " is already in groups[" + std::to_string(owner[n]) + "]");
      owner[n] = static_cast<int>(g);
      groups[g].push_back(n);
    }
  }
  if (restGroup < refs.size()) {
    for (NodeId n = 0; n < owner.size(); ++n)
      if (owner[n] < 0 && sim_->snapshot(n).member) groups[restGroup].push_back(n);
    if (groups[restGroup].empty())
      throw InputError("groups[" + std::to_string(restGroup) +
                       "]: \"rest\" is empty: the other groups name every node");
  }
  return groups;
}

Command ScenarioRunner::resolveAction(const ScenarioAction& a) const {
  Command c = a.command;
  if (a.node) c.node = resolve(*a.node);
  if (a.peer) c.peer = resolve(*a.peer);
  if (!a.groups.empty()) c.groups = resolveGroups(a.groups);
  const CommandShape& shape = commandShape(c.kind);
  if (shape.verb) {
    // Role words in a verb's node arguments become node numbers now.
    for (const auto& [verb, signature] : sim_->pattern().verbs()) {
      if (verb != c.verb) continue;
      const auto args = scenario_detail::verbArgs(signature);
      for (std::size_t i = 0; i < args.size() && i < c.args.size(); ++i) {
        if (args[i].name == "node" && a.node) c.args[i] = std::to_string(c.node);
        if (args[i].name == "peer" && a.peer) c.args[i] = std::to_string(c.peer);
      }
    }
  }
  if (shape.link) {
    const LinkConfig& now = sim_->kernel().network().defaultLink();
    if (!a.sets.latency) c.link.latency = now.latency;
    if (!a.sets.jitter) c.link.jitter = now.jitter;
    if (!a.sets.loss) c.link.loss = now.loss;
    if (!a.sets.duplicate) c.link.duplicate = now.duplicate;
  }
  return c;
}

// A recorded action is replayed as it was logged, not resolved again: the
// log is what reproduces the run.
void ScenarioRunner::applyActions(const ScenarioStep& step, std::size_t index,
                                  std::span<const Command> recorded) {
  for (std::size_t k = 0; k < step.actions.size(); ++k) {
    const std::string where = stepName(scenario_, index) + ": actions[" + std::to_string(k) + "]";
    try {
      const Command c = k < recorded.size() ? recorded[k] : resolveAction(step.actions[k]);
      if (k < recorded.size())
        sim_->replay(c);
      else
        sim_->apply(c);
      ++marks_.back().commands;
      if (marksFailed(c.kind)) lastFailed_ = c.node;
      const auto& groups = sim_->commandLog().back().groups;
      if (c.kind == CommandKind::Partition && !groups[0].empty()) lastFailed_ = groups[0][0];
    } catch (const InputError& e) {
      applyingActions_ = false;
      throw e.in(where);
    }
  }
}

void ScenarioRunner::beginStep(std::size_t index) {
  replayStep(index, {});
}

void ScenarioRunner::replayStep(std::size_t index, std::span<const Command> recorded) {
  broken_ = false;
  try {
    startStep(index, recorded);
  } catch (const InputError&) {
    // Half begun: whatever its actions did stays done, but its condition is
    // never met, whichever node traces the milestone.
    broken_ = true;
    met_ = false;
    watchLabel_ = kNoLabel;
    watchNode_ = kNoNode;
    applyingActions_ = false;
    throw;
  }
}

void ScenarioRunner::startStep(std::size_t index, std::span<const Command> recorded) {
  assert(index < stepCount());
  const ScenarioStep& step = scenario_.steps[index];
  assert(recorded.size() <= step.actions.size());
  const Kernel& k = sim_->kernel();
  marks_.push_back(StepMark{index, sim_->now(), k.eventsProcessed(), k.metrics().samplesTaken(),
                            sim_->commandLog().size(), 0});
  current_ = index;
  met_ = false;
  checked_ = false;
  outcomes_.clear();
  stepMilestones_.clear();
  startValues_.assign(k.metrics().size(), 0);
  for (MetricId m = 0; m < startValues_.size(); ++m) startValues_[m] = k.metrics().value(m);
  stepStart_ = sim_->now();
  watchLabel_ = kNoLabel;
  watchNode_ = kNoNode;
  actionMilestones_.clear();
  // The nodes start (and arm their first timers) when the kernel first runs;
  // running to now() does that without moving time, so that actions at t = 0
  // act on started nodes.
  if (!sim_->kernel().nextEventTime()) sim_->runUntil(sim_->now());
  const StepCondition& until = step.until;
  if (until.kind == StepCondition::Kind::Milestone) {
    const auto label = sim_->kernel().vocabulary().find(LabelKind::Milestone, until.milestone);
    if (!label)
      throw InputError(stepName(scenario_, index) + ": until.milestone: \"" + until.milestone +
                       "\" is not a milestone of pattern \"" + scenario_.config.pattern + "\"");
    watchLabel_ = *label;
  }
  for (std::size_t i = 0; i < step.slowMotion.size(); ++i) {
    if (sim_->kernel().vocabulary().find(LabelKind::Message, step.slowMotion[i])) continue;
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on a chain of +.
    std::string error = stepName(scenario_, index);
    error += ": slow-motion[";
    error += std::to_string(i);
    error += "]: \"";
    error += step.slowMotion[i];
    error += "\" is not a message kind of pattern \"";
    error += scenario_.config.pattern;
    error += '"';
    throw InputError(error);
  }

  // Milestones traced while the actions are applied count too (a forced
  // timeout starts its election at once); they are matched against the
  // condition's node once that is resolved, after the actions.
  applyingActions_ = true;
  applyActions(step, index, recorded);
  applyingActions_ = false;

  if (until.kind == StepCondition::Kind::After) {
    deadline_ = stepStart_ + until.duration;
    return;
  }
  if (until.kind == StepCondition::Kind::At) {
    deadline_ = std::max(until.at, stepStart_);
    return;
  }
  deadline_ = stepStart_ + until.within;
  if (until.node) {
    try {
      watchNode_ = resolve(*until.node);
    } catch (const InputError& e) {
      throw e.in(stepName(scenario_, index) + ": until.node");
    }
  }
  for (NodeId n : actionMilestones_)
    if (watchNode_ == kNoNode || n == watchNode_) met_ = true;
  if (met_) metAt_ = stepStart_;
}

void ScenarioRunner::onRecord(const TraceRecord& r) {
  if (r.kind == TraceKind::Milestone && !checked_) ++stepMilestones_[{r.label, r.node}];
  if (watchLabel_ == kNoLabel || met_) return;
  if (r.kind != TraceKind::Milestone || r.label != watchLabel_) return;
  if (applyingActions_) {
    actionMilestones_.push_back(r.node);
    return;
  }
  if (watchNode_ != kNoNode && r.node != watchNode_) return;
  if (r.at > deadline_) return;
  met_ = true;
  metAt_ = r.at;
}

bool ScenarioRunner::conditionMet() const {
  if (met_) return true;
  if (!hasStarted() || broken_) return false;
  const StepCondition::Kind kind = scenario_.steps[current_].until.kind;
  return (kind == StepCondition::Kind::After && deadlinePassed()) ||
         (kind == StepCondition::Kind::At && pointPassed());
}

// Whether the run is past the current step's deadline (Kind::After), every
// event of the deadline's instant included, as runStep's runUntil runs them:
// a run checked after each event (the window's) must not end the step after
// the instant's first event and let the next step's actions in between.
bool ScenarioRunner::deadlinePassed() const {
  const SimTime now = sim_->now();
  return now > deadline_ || (now == deadline_ && instantOver());
}

// Whether no event is left at the current instant.
bool ScenarioRunner::instantOver() const {
  const auto next = sim_->kernel().nextEventTime();
  return !next || *next > sim_->now();
}

SimTime ScenarioRunner::metAt() const {
  assert(conditionMet());
  return scenario_.steps[current_].until.kind == StepCondition::Kind::Milestone ? metAt_
                                                                                : deadline_;
}

// Whether the run is at or past the current step's point (Kind::At).
bool ScenarioRunner::pointPassed() const {
  const StepCondition& until = scenario_.steps[current_].until;
  const Kernel& k = sim_->kernel();
  if (k.now() != until.at) return k.now() > until.at;
  // At the instant itself: once the events and samples asked for are done,
  // or none is left due at it (a hand-written count too large), as moveTo
  // stops there too.
  const bool eventsDone = k.eventsProcessed() >= until.events || instantOver();
  const bool samplesDone =
      k.metrics().samplesTaken() >= until.samples || k.metrics().nextSampleAt() > until.at;
  return eventsDone && samplesDone;
}

bool ScenarioRunner::runStep() {
  assert(hasStarted());
  if (broken_) return false;
  const StepCondition& until = scenario_.steps[current_].until;
  if (until.kind == StepCondition::Kind::After) {
    sim_->runUntil(deadline_);
    met_ = true;
    return true;
  }
  if (until.kind == StepCondition::Kind::At) {
    // Exactly where a recorded run stood, as a replay moves (Simulation::moveTo).
    if (!pointPassed()) sim_->moveTo(until.at, until.events, until.samples);
    met_ = true;
    return true;
  }
  while (!met_ && sim_->stepUntil(deadline_)) {
  }
  if (!met_) sim_->runUntil(deadline_);
  return met_;
}

const std::vector<ExpectOutcome>& ScenarioRunner::checkExpectations() {
  if (checked_ || !conditionMet()) return outcomes_;
  checked_ = true;
  const scenario_detail::StepTally tally{startValues_, stepMilestones_};
  const auto resolver = [this](const NodeRef& ref) { return resolve(ref); };
  for (const StepExpectation& e : scenario_.steps[current_].expect)
    outcomes_.push_back(scenario_detail::checkExpectation(e, *sim_, tally, resolver));
  return outcomes_;
}

}  // namespace cs
