// The engine thread behind Driver: the commands, a slice of play and
// publishing, wired through the driver's parts. See driver_engine.h.
#include "driver_engine.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <utility>

#include "clusterscope/errors.h"
#include "clusterscope/metrics_csv.h"
#include "clusterscope/replay.h"

#include "outbox.h"

namespace cs {

namespace {
// How long "run to the next milestone" looks before it gives up.
constexpr SimDuration kMilestoneSearch{60'000'000};
// A step hurried to its condition plays at least this many times faster than
// its pace, and fast enough to reach its deadline within kFastForwardWall:
// quick for a room that is waiting, and still seen to move.
constexpr double kFastForwardFactor = 10;
constexpr double kFastForwardWall = 1'000'000;  // microseconds

// Runs `write` and reports its error, if any, to `done`.
template <class F>
void saving(F&& write, const std::function<void(std::string)>& done) {
  try {
    write();
    done({});
  } catch (const std::exception& e) {
    done(e.what());
  }
}
}  // namespace

Driver::Engine::Engine(Driver& owner, std::optional<std::uint64_t> seed)
    : owner_(owner),
      pacer_(io_, owner.options_.speed.value_or(owner.scenario_.speed.value_or(kDefaultSpeed)),
             owner.options_.playing, [this] { slice(); }),
      pacing_(owner.scenario_),
      travel_(owner.scenario_, *this, errors_),
      steps_(travel_, pacer_, pacing_, lockstep_, errors_),
      batches_(owner.options_) {
  if (owner.options_.speed) pacing_.ignoreSpeeds();
  travel_.start(seed.value_or(owner.scenario_.config.seed));
  plan();
}

void Driver::Engine::plan() {
  try {
    pacing_.setPlan(planPacing(owner_.scenario_, travel_.seed()));
  } catch (const InputError&) {
    pacing_.setPlan({});  // the run reports it; without a plan nothing slows
  }
}

SimTime Driver::Engine::repace(SimTime target) {
  paceChanged_ = false;
  pacer_.setSlowCap(pacing_.pace(kFlatOut));
  return pacer_.retarget(now(), target);
}

void Driver::Engine::prepare() {
  io_.restart();
  work_.emplace(boost::asio::make_work_guard(io_));
}

void Driver::Engine::shutdown() {
  work_.reset();
  pacer_.cancelTick();
  io_.stop();
}

void Driver::Engine::begin() {
  const ScenarioRunner& runner = travel_.runner();
  if (!opened_ && owner_.options_.beginFirstStep && runner.stepCount() > 0) steps_.begin(0);
  pacer_.schedule();
  publish(true);
}

void Driver::Engine::openReplay(const Replay& replay) {
  opened_ = true;
  travel_.adopt(replay);
  seekIn(0, replay.end.at);
  const std::string file = replay.source.empty() ? "the replay" : replay.source;
  if (!errors_.empty()) throw InputError(file + ": " + errors_.front());
  const std::uint64_t hash = simulation().kernel().trace().hash();
  if (hash != replay.traceHash)
    throw InputError(file + ": the replay ended with trace-hash=" + hashText(hash) +
                     ", but the file recorded trace-hash=" + hashText(replay.traceHash) +
                     ": the run was not reproduced");
}

void Driver::Engine::saveReplay(const std::string& path,
                                const std::function<void(std::string)>& done) {
  saving([&] { cs::saveReplay(captureReplay(travel_.runner()), path); }, done);
}

void Driver::Engine::saveMetricsCsv(const std::string& path,
                                    const std::function<void(std::string)>& done) {
  saving([&] { cs::saveMetricsCsv(simulation().kernel().metrics(), path); }, done);
}

void Driver::Engine::captureRun(const std::function<void(Replay, std::string)>& done) {
  Replay run;
  std::string error;
  try {
    run = captureReplay(travel_.runner());
  } catch (const std::exception& e) {
    error = e.what();
  }
  done(std::move(run), std::move(error));
}

void Driver::Engine::apply(Command c) {
  Simulation& sim = simulation();
  try {
    sim.validate(c);  // before the fork: a rejected command leaves no branch behind
    travel_.forkIfBehind(sim.describe(c));
    pacing_.userActed();
    sim.apply(std::move(c));
    lockstep_.applied(sim.commandLog().back());
  } catch (const InputError& e) {
    errors_.push_back(e.what());
  }
  publish(true);
}

void Driver::Engine::setSpeed(double s) {
  if (!(s > 0)) return;
  pacer_.setSpeed(s);
  pacer_.schedule();
  publish(true);
}

void Driver::Engine::play() {
  // Past the last step the cluster simply runs on.
  if (steps_.finishedLast()) steps_.markHandled();
  pacer_.play();
  pacer_.schedule();
  publish(true);
}

void Driver::Engine::pause() {
  pacer_.halt();
  pacer_.cancelTick();
  publish(true);
}

void Driver::Engine::stepEvent() {
  pacer_.halt();
  pacer_.cancelTick();
  simulation().step();
  steps_.check();
  publish(true);
}

void Driver::Engine::runToMilestone() {
  pacer_.pursue(Pacer::Goal::Milestone, now() + kMilestoneSearch);
  pacer_.schedule();
}

void Driver::Engine::runTo(SimTime t) {
  pacer_.pursue(Pacer::Goal::Time, t);
  pacer_.schedule();
}

void Driver::Engine::runToEnd() {
  pacer_.pursue(Pacer::Goal::End);
  // Paused at a step's met condition: the run goes on with the next step
  // (the condition was handled, so nothing else would begin it).
  const ScenarioRunner& runner = travel_.runner();
  if (steps_.handled() && runner.conditionMet()) {
    // Nothing will play on to end the goal if the next step cannot begin,
    // and past the last step there is nothing left to run to.
    if (runner.currentStep() + 1 >= runner.stepCount() || !beginNextStep()) pacer_.halt();
  }
  pacer_.schedule();
  publish(true);
}

void Driver::Engine::nextStep() {
  if (beginNextStep()) pacer_.play();
  pacer_.schedule();
  publish(true);
}

void Driver::Engine::advance() {
  const ScenarioRunner& runner = travel_.runner();
  const bool done = !runner.hasStarted() || runner.conditionMet() || steps_.failed();
  if (done) {
    if (!runner.hasStarted() || runner.currentStep() + 1 < runner.stepCount()) return nextStep();
    return publish(true);  // the last step is over: nothing left to advance to
  }
  if (pacer_.goal() != Pacer::Goal::None) return publish(true);  // already hurrying
  if (!pacer_.playing()) return play();
  if (pacer_.flatOut() || pacer_.fastForwarding()) return publish(true);
  const double toDeadline = static_cast<double>((runner.deadline() - now()).count());
  pacer_.fastForward(std::max(pacer_.speed() * kFastForwardFactor, toDeadline / kFastForwardWall));
  pacer_.schedule();
  publish(true);
}

void Driver::Engine::gotoStep(std::size_t index) {
  if (index >= travel_.runner().stepCount()) return;
  if (travel_.seekToStep(index)) {
    if (!travel_.runner().broken()) pacer_.play();
    steps_.check();
  } else {
    runStepsUpTo(index);
  }
  pacer_.schedule();
  publish(true);
}

void Driver::Engine::switchBranch(std::size_t index) {
  const std::vector<Branch>& branches = travel_.tree().branches();
  if (index >= branches.size()) return;
  seekIn(index, std::min(now(), branches[index].head.at));
}

void Driver::Engine::reset(std::optional<std::uint64_t> seed) {
  const bool playing = pacer_.playing();
  const bool beginFirst = owner_.options_.beginFirstStep && travel_.runner().stepCount() > 0;
  if (seed) {
    travel_.start(*seed);
    plan();
    if (beginFirst) steps_.begin(0);
  } else {
    // The same seed keeps the branches: back to the start of the current one.
    seekIn(travel_.tree().currentIndex(), SimTime{0});
    if (beginFirst && !travel_.runner().hasStarted()) {
      travel_.forkIfBehind("step 1: " + owner_.scenario_.steps[0].title);
      steps_.begin(0);
    }
    if (playing) pacer_.play();
  }
  pacer_.endGoal();
  pacer_.schedule();
  publish(true);
}

void Driver::Engine::followTo(SimTime t) {
  catchUp(t);
  publish(true);
}

void Driver::Engine::applyAt(Command c, SimTime t) {
  catchUp(t);
  apply(std::move(c));
}

void Driver::Engine::beginStepAt(std::size_t index, SimTime t) {
  catchUp(t);
  if (index < travel_.runner().stepCount()) steps_.begin(index);
  publish(true);
}

void Driver::Engine::onRecord(const TraceRecord& r) {
  if (r.kind == TraceKind::Milestone) pacer_.noteMilestone();
  if (pacing_.onRecord(r)) paceChanged_ = true;
  travel_.onRecord(r);
}

void Driver::Engine::runBuilt(bool first) {
  if (!first) lockstep_.rebuilt(travel_.seed());
  batches_.runStarted();
  steps_.runStarted();
  pacing_.runBuilt();
  paceChanged_ = true;
}

void Driver::Engine::catchUp(SimTime t) {
  pacer_.halt();
  if (t > now()) simulation().runUntil(t);
  steps_.check();
}

void Driver::Engine::seekIn(std::size_t index, SimTime t) {
  travel_.seek(index, t);
  pacer_.halt();
  pacer_.cancelTick();
  steps_.check();
  publish(true);
}

bool Driver::Engine::beginNextStep() {
  const ScenarioRunner& runner = travel_.runner();
  const std::size_t next = runner.hasStarted() ? runner.currentStep() + 1 : 0;
  if (next >= runner.stepCount()) return true;
  if (travel_.followToStep(next)) return !travel_.runner().broken();
  travel_.forkIfBehind("step " + std::to_string(next + 1) + ": " +
                       owner_.scenario_.steps[next].title);
  return steps_.begin(next);
}

void Driver::Engine::runStepsUpTo(std::size_t index) {
  seekIn(travel_.tree().currentIndex(), travel_.tree().current().head.at);
  ScenarioRunner& runner = travel_.runner();
  std::size_t next = 0;
  if (runner.hasStarted()) {
    if (!runner.conditionMet()) runner.runStep();
    next = runner.currentStep() + 1;
  }
  for (; next < index; ++next) {
    if (!steps_.begin(next)) return;
    runner.runStep();
  }
  if (steps_.begin(index)) pacer_.play();
}

void Driver::Engine::slice() {
  if (!pacer_.playing()) return publish(false);
  const auto start = Pacer::Clock::now();
  repace(now());
  const SimTime target = pacer_.sliceTarget(now(), start, steps_.pendingDeadline());
  const bool reached = runEvents(target, start + owner_.options_.slice);
  pacer_.sliceEnded(reached, !travel_.runner().hasStarted() || steps_.handled());
  publish(!pacer_.playing());
  pacer_.schedule();
}

bool Driver::Engine::runEvents(SimTime target, Pacer::Clock::time_point until) {
  // Slow motion may begin or end at any event: the rest of the slice's wall
  // time then goes at the new pace.
  const auto repaced = [&] {
    if (paceChanged_) target = repace(target);
  };
  Simulation& sim = simulation();
  const Kernel& k = sim.kernel();
  std::uint32_t n = 0;
  // A step begun since the last look may already be met (an action that
  // answers at once): it ends at this instant, before any event runs.
  steps_.check();
  while (pacer_.playing()) {
    if (travel_.followScript(steps_.clamp(target))) {
      repaced();
      steps_.check();
      continue;
    }
    const auto next = k.nextEventTime();
    const SimTime limit = steps_.clamp(target);
    if (steps_.reachesPoint(limit, next)) {
      travel_.runner().runStep();  // the instant exactly as a headless run ends it
      steps_.check();
      continue;
    }
    if (!next && pacer_.goal() != Pacer::Goal::Time && pacer_.flatOut()) {
      pacer_.halt();  // nothing left to run as fast as possible
      return true;
    }
    if (!next || *next > limit) {
      if (limit > now()) sim.runUntil(limit);
      steps_.check();
      return limit == target || !pacer_.playing();
    }
    sim.step();
    repaced();
    steps_.check();
    if (pacer_.goal() == Pacer::Goal::Milestone && pacer_.sawMilestone()) {
      pacer_.halt();
      return true;
    }
    if ((++n & 63) == 0 && Pacer::Clock::now() >= until) return false;
  }
  return true;
}

DriverStatus Driver::Engine::status() const {
  const ScenarioRunner& runner = travel_.runner();
  const Kernel& k = runner.simulation().kernel();
  DriverStatus s;
  s.run = travel_.runs();
  s.seed = travel_.seed();
  s.now = k.now();
  s.eventsProcessed = k.eventsProcessed();
  s.traceCount = k.trace().count();
  s.traceHash = k.trace().hash();
  s.speed = pacer_.speed();
  s.playing = pacer_.playing();
  s.idle = !k.nextEventTime().has_value();
  s.step = runner.currentStep();
  s.stepCount = runner.stepCount();
  s.conditionMet = runner.conditionMet();
  s.stepFailed = steps_.failed();
  s.expectations = runner.expectOutcomes();
  s.inFlight = k.inFlightCount();
  s.commandsHandled = handled_;
  s.busy = pacer_.goal() != Pacer::Goal::None;
  s.fastForward = pacer_.fastForwarding();
  s.slowMotion = pacing_.slowMotion() && !pacer_.fastForwarding();
  s.pace = pacer_.flatOut() ? kFlatOut : pacer_.pace();
  s.head = travel_.tree().current().head.at;
  s.branch = travel_.tree().currentIndex();
  return s;
}

void Driver::Engine::publish(bool force) {
  if (!batches_.due(force)) return;
  lockstep_.reached(now());
  travel_.reach();
  DriverBatch b =
      batches_.build(simulation(), travel_.tree(), status(), std::exchange(errors_, {}));
  if (owner_.outbox_->put(std::move(b)) && owner_.wake_) owner_.wake_();
}

}  // namespace cs
