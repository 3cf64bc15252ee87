// Time travel: the run and its branches. See time_travel.h.
#include "time_travel.h"

#include <algorithm>
#include <utility>

#include "clusterscope/errors.h"

namespace cs {

TimeTravel::TimeTravel(const Scenario& scenario, Listener& listener,
                       std::vector<std::string>& errors)
    : scenario_(scenario), listener_(listener), errors_(errors) {}

TimeTravel::~TimeTravel() {
  detach();
}

RunPoint TimeTravel::point() const {
  const Kernel& k = runner().simulation().kernel();
  return RunPoint{k.now(), k.eventsProcessed(), k.metrics().samplesTaken()};
}

void TimeTravel::start(std::uint64_t seed) {
  detach();
  player_.reset();
  runner_ = nullptr;
  tree_ = BranchTree{};
  Replay fresh;
  fresh.scenario = scenario_;
  fresh.seed = seed;
  build(std::move(fresh));
}

void TimeTravel::adopt(const Replay& replay) {
  tree_.reach(replay.end, 0, replay.commands, replay.steps);
}

void TimeTravel::reach() {
  const Simulation& sim = runner_->simulation();
  tree_.reach(point(), sim.kernel().trace().count(), sim.commandLog(), runner_->stepMarks());
}

void TimeTravel::onRecord(const TraceRecord& r) {
  tree_.onRecord(r, runner_->simulation().kernel().vocabulary());
}

bool TimeTravel::following() const {
  return scripted() || tree_.behindHead(point());
}

bool TimeTravel::scripted() const {
  const auto n = player_->next();
  return scripted_ && (n == ReplayPlayer::Next::Step || n == ReplayPlayer::Next::Command);
}

bool TimeTravel::forkIfBehind(std::string label) {
  if (!following()) return false;
  const Simulation& sim = runner_->simulation();
  tree_.fork(point(), sim.kernel().trace().count(), sim.commandLog(), runner_->stepMarks(),
             std::move(label));
  scripted_ = false;
  return true;
}

void TimeTravel::seek(std::size_t index, SimTime t) {
  assert(index < tree_.branches().size());
  replayBranch(index);
  const Branch& b = tree_.current();
  t = std::clamp(t, SimTime{0}, b.head.at);
  while (scripted() && player_->nextPoint().at <= t) carryOutNext();
  Simulation& sim = runner_->simulation();
  if (t == b.head.at)
    sim.moveTo(b.head.at, b.head.events, b.head.samples);
  else if (t > sim.now())
    sim.runUntil(t);
}

bool TimeTravel::seekToStep(std::size_t index) {
  const std::vector<StepMark>& marks = tree_.current().marks;
  const auto mark =
      std::find_if(marks.begin(), marks.end(), [&](const StepMark& m) { return m.step == index; });
  if (mark == marks.end()) return false;
  const auto k = static_cast<std::size_t>(mark - marks.begin());
  replayBranch(tree_.currentIndex());
  while (scripted() && runner_->stepMarks().size() <= k) carryOutNext();
  return true;
}

bool TimeTravel::followToStep(std::size_t index) {
  const std::vector<StepMark>& marks = tree_.current().marks;
  const std::size_t k = runner_->stepMarks().size();
  if (!scripted() || k >= marks.size() || marks[k].step != index) return false;
  while (scripted() && runner_->stepMarks().size() <= k) carryOutNext();
  return true;
}

bool TimeTravel::followScript(SimTime limit) {
  bool any = false;
  while (scripted()) {
    const RunPoint p = player_->nextPoint();
    if (p.events > runner_->simulation().kernel().eventsProcessed() || p.at > limit) break;
    carryOutNext();
    any = true;
  }
  return any;
}

void TimeTravel::carryOutNext() {
  const bool step = player_->next() == ReplayPlayer::Next::Step;
  const std::vector<Command>& log = runner_->simulation().commandLog();
  const std::size_t logged = log.size();
  try {
    player_->advance();  // a step that could not begin was reported the first time
  } catch (const InputError& e) {
    errors_.push_back(e.what());
    scripted_ = false;
  }
  if (step)
    listener_.stepReplayed();
  else if (log.size() > logged)
    listener_.commandReplayed(log.back());
}

// A new run of branch `index`, at 0 s, that will follow its recorded items.
void TimeTravel::replayBranch(std::size_t index) {
  tree_.select(index);
  const Branch& b = tree_.current();
  Replay script;
  script.scenario = scenario_;
  script.seed = seed_;
  script.steps = b.marks;
  script.commands = b.commands;
  script.end = b.head;
  detach();
  player_.reset();
  runner_ = nullptr;
  build(std::move(script));
}

// A run that will follow `script` (a branch's log) up to its end; an empty
// script is a fresh run.
void TimeTravel::build(Replay script) {
  player_ = std::make_unique<ReplayPlayer>(std::move(script));
  runner_ = &player_->runner();
  Kernel& k = runner_->simulation().kernel();
  seed_ = k.seed();
  k.trace().addListener(&listener_);
  tree_.runStarted(k.nodeCount());
  scripted_ = true;
  ++runs_;
  listener_.runBuilt(runs_ == 1);
}

void TimeTravel::detach() {
  if (runner_) runner_->simulation().kernel().trace().removeListener(&listener_);
}

}  // namespace cs
