// The engine thread behind Driver: an io_context, a pacing steady_timer, the
// ScenarioRunner and the outbox. See driver.h for the threading contract.
//
// Invariants: everything in Engine except the io_context's post queue is
// touched only by the engine thread; the outbox (Driver::pending_) only under
// Driver::mutex_. Pacing decides how far simulated time may advance; each
// slice stops after Options::slice of wall time so posted commands run soon.
#include "clusterscope/driver.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cmath>

#include "clusterscope/errors.h"
#include "clusterscope/metrics_csv.h"
#include "clusterscope/replay.h"

#include "branch_tree.h"

namespace cs {

namespace {
using Clock = std::chrono::steady_clock;
// At most this much wall time is credited to one pacing tick, so a stall
// (a debugger, a busy machine) does not make the simulation leap ahead.
constexpr auto kMaxTickCredit = std::chrono::milliseconds(100);
constexpr auto kTickPeriod = std::chrono::milliseconds(16);

}  // namespace

class Driver::Engine : private TraceListener {
 public:
  Engine(Driver& owner, std::optional<std::uint64_t> seed) : owner_(owner), timer_(io_) {
    speed_ = owner.options_.speed;
    playing_ = owner.options_.playing;
    build(seed);
  }
  ~Engine() override { detach(); }

  boost::asio::io_context& io() { return io_; }
  // Before (re)starting the thread.
  void prepare() {
    io_.restart();
    work_.emplace(boost::asio::make_work_guard(io_));
  }
  void shutdown() {
    work_.reset();
    timer_.cancel();
    io_.stop();
  }

  // ---- Commands (engine thread) ----
  void commandArrived() { ++handled_; }
  // Runs `write` and reports its error, if any, to `done`.
  template <class F>
  static void saving(F&& write, const std::function<void(std::string)>& done) {
    try {
      write();
      done({});
    } catch (const std::exception& e) {
      done(e.what());
    }
  }
  void saveReplay(const std::string& path, const std::function<void(std::string)>& done) {
    saving([&] { cs::saveReplay(captureReplay(*runner_), path); }, done);
  }
  void saveMetricsCsv(const std::string& path, const std::function<void(std::string)>& done) {
    saving([&] { cs::saveMetricsCsv(runner_->simulation().kernel().metrics(), path); }, done);
  }
  void captureRun(const std::function<void(Replay, std::string)>& done) {
    Replay run;
    std::string error;
    try {
      run = captureReplay(*runner_);
    } catch (const std::exception& e) {
      error = e.what();
    }
    done(std::move(run), std::move(error));
  }
  // The recorded run becomes branch 0 up to its end, and the run is rebuilt
  // there (see Driver's replay constructor).
  void openReplay(const Replay& replay) {
    opened_ = true;
    tree_.reach(replay.end, 0, replay.commands, replay.steps);
    seekIn(0, replay.end.at);
    const std::string file = replay.source.empty() ? "the replay" : replay.source;
    if (!errors_.empty()) throw InputError(file + ": " + errors_.front());
    const std::uint64_t hash = runner_->simulation().kernel().trace().hash();
    if (hash != replay.traceHash)
      throw InputError(file + ": the replay ended with trace-hash=" + hashText(hash) +
                       ", but the file recorded trace-hash=" + hashText(replay.traceHash) +
                       ": the run was not reproduced");
  }
  void apply(Command c) {
    const bool forked = forkIfBehind(runner_->simulation().describe(c));
    try {
      runner_->simulation().apply(std::move(c));
      lead([&](Driver& f) {
        const Command& done = runner_->simulation().commandLog().back();
        f.applyAt(done, done.at);
      });
    } catch (const InputError& e) {
      errors_.push_back(e.what());
      if (forked) abandonFork();
    }
    publish(true);
  }
  void setSpeed(double s) {
    if (!(s > 0)) return;
    speed_ = s;
    goal_ = Goal::None;
    schedule();
    publish(true);
  }
  void play() {
    if (finishedLastStep()) {
      // Past the last step the cluster simply runs on.
      conditionHandled_ = true;
    }
    playing_ = true;
    goal_ = Goal::None;
    schedule();
    publish(true);
  }
  void pause() {
    playing_ = false;
    goal_ = Goal::None;
    timer_.cancel();
    publish(true);
  }
  void togglePlay() { playing_ ? pause() : play(); }
  void stepEvent() {
    playing_ = false;
    goal_ = Goal::None;
    timer_.cancel();
    runner_->simulation().step();
    checkCondition();
    publish(true);
  }
  void runToMilestone() {
    goal_ = Goal::Milestone;
    sawMilestone_ = false;
    goalLimit_ = now() + SimDuration{60'000'000};
    playing_ = true;
    schedule();
  }
  void runTo(SimTime t) {
    goal_ = Goal::Time;
    goalLimit_ = t;
    playing_ = true;
    schedule();
  }
  void runToEnd() {
    goal_ = Goal::End;
    playing_ = true;
    // Paused at a step's met condition: the run goes on with the next step
    // (the condition was handled, so nothing else would begin it).
    if (conditionHandled_ && runner_->conditionMet()) {
      if (runner_->currentStep() + 1 < runner_->stepCount()) {
        if (!beginNextStep()) {
          playing_ = false;
          goal_ = Goal::None;  // nothing will play on to end the goal
        }
      } else {
        playing_ = false;  // the last step is done: nothing left to run to
        goal_ = Goal::None;
      }
    }
    schedule();
    publish(true);
  }
  void nextStep() {
    if (beginNextStep()) {
      playing_ = true;
      goal_ = Goal::None;
    }
    schedule();
    publish(true);
  }
  void gotoStep(std::size_t index) {
    if (index >= runner_->stepCount()) return;
    if (seekToStep(index)) {
      if (!runner_->broken()) {
        playing_ = true;
        goal_ = Goal::None;
      }
      checkCondition();
    } else {
      runStepsUpTo(index);
    }
    schedule();
    publish(true);
  }
  void seek(SimTime t) { seekIn(tree_.currentIndex(), t); }
  void switchBranch(std::size_t index) {
    if (index >= tree_.branches().size()) return;
    seekIn(index, std::min(now(), tree_.branches()[index].head.at));
  }
  void reset(std::optional<std::uint64_t> seed) {
    const bool play = playing_;
    if (seed) {
      rebuild(*seed);
      if (owner_.options_.beginFirstStep && runner_->stepCount() > 0) beginStep(0);
    } else {
      // The same seed keeps the branches: back to the start of the current one.
      seekIn(tree_.currentIndex(), SimTime{0});
      if (owner_.options_.beginFirstStep && runner_->stepCount() > 0 && !runner_->hasStarted()) {
        forkIfBehind("step 1: " + owner_.scenario_.steps[0].title);
        beginStep(0);
      }
      playing_ = play;
    }
    goal_ = Goal::None;
    schedule();
    publish(true);
  }

  void begin() {
    if (!opened_ && owner_.options_.beginFirstStep && runner_->stepCount() > 0) beginStep(0);
    schedule();
    publish(true);
  }

  // ---- Following (driver.h) ----
  void followTo(SimTime t) {
    catchUp(t);
    publish(true);
  }
  void applyAt(Command c, SimTime t) {
    catchUp(t);
    apply(std::move(c));
  }
  void beginStepAt(std::size_t index, SimTime t) {
    catchUp(t);
    if (index < runner_->stepCount()) beginStep(index);
    publish(true);
  }

 private:
  enum class Goal { None, Milestone, Time, End };

  SimTime now() const { return runner_->simulation().now(); }

  // Tells the follower, if any, what this run did (see driver.h).
  template <class F>
  void lead(F&& tell) {
    if (owner_.follower_) tell(*owner_.follower_);
  }
  // A follower: every event due by t, paused there.
  void catchUp(SimTime t) {
    playing_ = false;
    goal_ = Goal::None;
    if (t > now()) runner_->simulation().runUntil(t);
    checkCondition();
  }

  RunPoint point() const {
    const Kernel& k = runner_->simulation().kernel();
    return RunPoint{k.now(), k.eventsProcessed(), k.metrics().samplesTaken()};
  }

  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Milestone) sawMilestone_ = true;
    tree_.onRecord(r, runner_->simulation().kernel().vocabulary());
  }

  void detach() {
    if (runner_) runner_->simulation().kernel().trace().removeListener(this);
  }

  void build(std::optional<std::uint64_t> seed) {
    Replay fresh;
    fresh.scenario = owner_.scenario_;
    fresh.seed = seed.value_or(owner_.scenario_.config.seed);
    build(std::move(fresh));
  }

  // A run that will follow `script` (a branch's log) up to its end; an empty
  // script is a fresh run.
  void build(Replay script) {
    player_ = std::make_unique<ReplayPlayer>(std::move(script));
    runner_ = &player_->runner();
    Kernel& k = runner_->simulation().kernel();
    seed_ = k.seed();
    if (run_ > 0) lead([&](Driver& f) { f.reset(seed_); });
    k.trace().addListener(this);
    tree_.runStarted(k.nodeCount());
    scripted_ = true;
    ++run_;
    newRun_ = true;
    lastRecord_ = 0;
    lastSample_ = 0;
    metricCount_ = 0;
    conditionHandled_ = false;
  }

  void rebuild(std::uint64_t seed) {
    detach();
    player_.reset();
    runner_ = nullptr;
    tree_ = BranchTree{};
    build(seed);
  }

  // ---- Branches (see driver.h) ----

  // Whether the run is replaying its branch's recorded future: a recorded
  // item is still to come, or the head is still ahead.
  bool following() const { return scripted() || tree_.behindHead(point()); }
  bool scripted() const {
    const auto n = player_->next();
    return scripted_ && (n == ReplayPlayer::Next::Step || n == ReplayPlayer::Next::Command);
  }

  // Before an action at a past moment: a new branch holds the run so far, and
  // the old future is no longer followed. Returns whether it forked.
  bool forkIfBehind(std::string label) {
    if (!following()) return false;
    const Simulation& sim = runner_->simulation();
    tree_.fork(point(), sim.kernel().trace().count(), sim.commandLog(), runner_->stepMarks(),
               std::move(label));
    scripted_ = false;
    return true;
  }
  // The action that forked was rejected: back to the branch it came from.
  void abandonFork() {
    tree_.abandon();
    scripted_ = true;
  }

  // Begins the step after the current one: as recorded, if the recorded
  // future begins it next; else here, forking if this is the past. Past the
  // last step there is nothing to begin (true: play on).
  bool beginNextStep() {
    const std::size_t next = runner_->hasStarted() ? runner_->currentStep() + 1 : 0;
    if (next >= runner_->stepCount()) return true;
    if (followToStep(next)) return !runner_->broken();
    forkIfBehind("step " + std::to_string(next + 1) + ": " + owner_.scenario_.steps[next].title);
    return beginStep(next);
  }

  // Carries out the recorded items that are due: every event before them has
  // run and they happen by `limit`. Returns whether there were any.
  bool followScript(SimTime limit) {
    bool any = false;
    while (scripted()) {
      const RunPoint p = player_->nextPoint();
      if (p.events > runner_->simulation().kernel().eventsProcessed() || p.at > limit) break;
      carryOutNext();
      any = true;
    }
    return any;
  }
  void carryOutNext() {
    const bool step = player_->next() == ReplayPlayer::Next::Step;
    const std::size_t logged = runner_->simulation().commandLog().size();
    try {
      player_->advance();  // a step that could not begin was reported the first time
    } catch (const InputError& e) {
      errors_.push_back(e.what());
      scripted_ = false;
    }
    if (step) conditionHandled_ = runner_->broken();
    // A replayed step's actions are the follower's to resolve; a user's command is told as is.
    const auto& log = runner_->simulation().commandLog();
    if (step && !runner_->broken())
      lead([&](Driver& f) { f.beginStepAt(runner_->currentStep(), now()); });
    else if (!step && log.size() > logged)
      lead([&](Driver& f) { f.applyAt(log.back(), log.back().at); });
  }

  // A new run of branch `index`, at 0 s, that will follow its recorded items.
  void replayBranch(std::size_t index) {
    tree_.select(index);
    const Branch& b = tree_.current();
    Replay script;
    script.scenario = owner_.scenario_;
    script.seed = seed_;
    script.steps = b.marks;
    script.commands = b.commands;
    script.end = b.head;
    detach();
    player_.reset();
    runner_ = nullptr;
    build(std::move(script));
  }

  // Rebuilds branch `index` up to t (at most its head) and pauses there.
  void seekIn(std::size_t index, SimTime t) {
    replayBranch(index);
    const Branch& b = tree_.current();
    t = std::clamp(t, SimTime{0}, b.head.at);
    while (scripted() && player_->nextPoint().at <= t) carryOutNext();
    Simulation& sim = runner_->simulation();
    if (t == b.head.at)
      sim.moveTo(b.head.at, b.head.events, b.head.samples);
    else if (t > sim.now())
      sim.runUntil(t);
    playing_ = false;
    goal_ = Goal::None;
    timer_.cancel();
    checkCondition();
    publish(true);
  }

  // Rebuilds the current branch up to where it began step `index`, and
  // begins the step there as it did. Returns false (and changes nothing) if
  // the branch never began it.
  bool seekToStep(std::size_t index) {
    const std::vector<StepMark>& marks = tree_.current().marks;
    const auto mark = std::find_if(marks.begin(), marks.end(),
                                   [&](const StepMark& m) { return m.step == index; });
    if (mark == marks.end()) return false;
    const auto k = static_cast<std::size_t>(mark - marks.begin());
    replayBranch(tree_.currentIndex());
    while (scripted() && runner_->stepMarks().size() <= k) carryOutNext();
    return true;
  }

  // If the next step the recorded future begins is `index`: runs to it
  // through whatever else was recorded before it, and begins it as recorded.
  bool followToStep(std::size_t index) {
    const std::vector<StepMark>& marks = tree_.current().marks;
    const std::size_t k = runner_->stepMarks().size();
    if (!scripted() || k >= marks.size() || marks[k].step != index) return false;
    while (scripted() && runner_->stepMarks().size() <= k) carryOutNext();
    return true;
  }

  // A step the current branch never began: from its head, runs each step
  // to its condition and begins the next, up to step `index`.
  void runStepsUpTo(std::size_t index) {
    seekIn(tree_.currentIndex(), tree_.current().head.at);
    std::size_t next = 0;
    if (runner_->hasStarted()) {
      if (!runner_->conditionMet()) runner_->runStep();
      next = runner_->currentStep() + 1;
    }
    for (; next < index; ++next) {
      if (!beginStep(next)) return;
      runner_->runStep();
    }
    if (beginStep(index)) {
      playing_ = true;
      goal_ = Goal::None;
    }
  }

  bool beginStep(std::size_t i) {
    try {
      runner_->beginStep(i);
      conditionHandled_ = false;
      lead([&](Driver& f) { f.beginStepAt(i, now()); });
      return true;
    } catch (const InputError& e) {
      // The step is current but broken: report it and stop here.
      errors_.push_back(e.what());
      conditionHandled_ = true;
      playing_ = false;
      goal_ = Goal::None;
      return false;
    }
  }

  const StepCondition* condition() const {
    if (!runner_->hasStarted()) return nullptr;
    return &runner_->scenario().steps[runner_->currentStep()].until;
  }

  bool stepFailed() const {
    const StepCondition* c = condition();
    if (!c) return false;
    if (runner_->broken()) return true;
    return c->kind == StepCondition::Kind::Milestone && !runner_->conditionMet() &&
           now() > runner_->deadline();
  }

  bool finishedLastStep() const {
    return runner_->hasStarted() && runner_->currentStep() + 1 >= runner_->stepCount() &&
           (runner_->conditionMet() || stepFailed());
  }

  // After events ran: pause at a met condition (or move on, when running to
  // the end), once per step.
  void checkCondition() {
    if (conditionHandled_ || !runner_->hasStarted()) return;
    const bool met = runner_->conditionMet();
    if (!met && !stepFailed()) return;
    if (following()) {
      // The recorded run went on from here: its future is replayed, not
      // redecided. Plain play still stops here, as it did the first time.
      conditionHandled_ = true;
      if (goal_ == Goal::None) playing_ = false;
      return;
    }
    const bool autoAdvance = goal_ == Goal::End || goal_ == Goal::Time;
    const std::size_t next = runner_->currentStep() + 1;
    if (met && autoAdvance && next < runner_->stepCount()) {
      beginStep(next);
      return;
    }
    conditionHandled_ = true;
    if (goal_ == Goal::Time) return;  // keep going to the requested time
    playing_ = false;
    goal_ = Goal::None;
  }

  // The simulated time an open-ended run may not pass: a pending After
  // condition ends exactly at its deadline.
  SimTime clampToStep(SimTime t) const {
    const StepCondition* c = condition();
    if (c && !conditionHandled_ && c->kind != StepCondition::Kind::Milestone)
      return std::min(t, std::max(now(), runner_->deadline()));
    return t;
  }

  // Whether the run has come to the instant of the current step's point
  // (Kind::At) and nothing before it is left: the instant's events up to the
  // point, and its samples, are then run the way a headless run does
  // (ScenarioRunner::runStep), not one by one, so both stop at the same point.
  bool reachesPoint(SimTime limit, std::optional<SimTime> next) const {
    const StepCondition* c = condition();
    return c && c->kind == StepCondition::Kind::At && !conditionHandled_ && limit == c->at &&
           now() <= c->at && (!next || *next >= c->at) && !runner_->conditionMet();
  }

  // Runs events due at or before `target` until the wall budget runs out or
  // something stops play. Returns true if it reached the target.
  bool runEvents(SimTime target, Clock::time_point until) {
    Simulation& sim = runner_->simulation();
    Kernel& k = sim.kernel();
    std::uint32_t n = 0;
    while (playing_) {
      if (followScript(clampToStep(target))) {
        checkCondition();
        continue;
      }
      const auto next = k.nextEventTime();
      const SimTime limit = clampToStep(target);
      if (reachesPoint(limit, next)) {
        runner_->runStep();  // the instant exactly as a headless run ends it
        checkCondition();
        continue;
      }
      if (!next && (goal_ != Goal::Time && (goal_ != Goal::None || std::isinf(speed_)))) {
        playing_ = false;  // nothing left to run as fast as possible
        goal_ = Goal::None;
        return true;
      }
      if (!next || *next > limit) {
        if (limit > now()) sim.runUntil(limit);
        checkCondition();
        return limit == target || !playing_;
      }
      sim.step();
      checkCondition();
      if (goal_ == Goal::Milestone && sawMilestone_) {
        playing_ = false;
        goal_ = Goal::None;
        return true;
      }
      if ((++n & 63) == 0 && Clock::now() >= until) return false;
    }
    return true;
  }

  // Keeps the engine moving while playing: immediately when running flat out
  // or towards a goal, otherwise on the pacing timer.
  void schedule() {
    if (!playing_ || scheduled_) return;
    scheduled_ = true;
    lastTick_ = Clock::now();
    if (goal_ != Goal::None || std::isinf(speed_)) {
      boost::asio::post(io_, [this] { slice(); });
    } else {
      timer_.expires_after(kTickPeriod);
      timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) return slice();
        // Cancelled: by a pause, or by a rebuild (seek, reset, a step gone
        // back to) after which play may go on.
        scheduled_ = false;
        schedule();
      });
    }
  }

  void slice() {
    scheduled_ = false;
    if (!playing_) return publish(false);
    const auto start = Clock::now();
    const auto until = start + owner_.options_.slice;
    SimTime target;
    if (goal_ == Goal::Time) {
      target = std::max(goalLimit_, now());
    } else if (goal_ == Goal::Milestone) {
      target = std::max(goalLimit_, now());
    } else if (goal_ == Goal::End || std::isinf(speed_)) {
      // As far as the budget allows; the deadline keeps a stuck step finite.
      target = now() + SimDuration{3'600'000'000};
      if (goal_ == Goal::End && runner_->hasStarted() && !conditionHandled_)
        target = std::max(now(), runner_->deadline());
    } else {
      const auto wall = std::min<Clock::duration>(start - lastTick_, kMaxTickCredit);
      const double us = std::chrono::duration<double, std::micro>(wall).count() * speed_;
      target = now() + SimDuration{static_cast<std::int64_t>(us)};
    }
    lastTick_ = start;
    const bool reached = runEvents(target, until);
    if (reached && playing_) {
      if (goal_ == Goal::Time || goal_ == Goal::Milestone) {
        playing_ = false;
        goal_ = Goal::None;
      } else if (goal_ == Goal::End && (!runner_->hasStarted() || conditionHandled_)) {
        playing_ = false;
        goal_ = Goal::None;
      }
    }
    if (!playing_ && goal_ == Goal::End) goal_ = Goal::None;
    publish(!playing_);
    schedule();
  }

  DriverStatus status() const {
    const Simulation& sim = runner_->simulation();
    const Kernel& k = sim.kernel();
    DriverStatus s;
    s.run = run_;
    s.seed = seed_;
    s.now = k.now();
    s.eventsProcessed = k.eventsProcessed();
    s.traceCount = k.trace().count();
    s.traceHash = k.trace().hash();
    s.speed = speed_;
    s.playing = playing_;
    s.idle = !k.nextEventTime().has_value();
    s.step = runner_->currentStep();
    s.stepCount = runner_->stepCount();
    s.conditionMet = runner_->conditionMet();
    s.stepFailed = stepFailed();
    s.inFlight = k.inFlightCount();
    s.commandsHandled = handled_;
    s.busy = goal_ != Goal::None;
    s.head = tree_.current().head.at;
    s.branch = tree_.currentIndex();
    return s;
  }

  // Moves what changed into the outbox. Unforced publishes are throttled.
  void publish(bool force) {
    const auto t = Clock::now();
    if (!force && t - lastPublish_ < owner_.options_.publishEvery) return;
    lastPublish_ = t;
    lead([&](Driver& f) { f.followTo(now()); });
    const Simulation& sim = runner_->simulation();
    const Kernel& k = sim.kernel();
    const Options& o = owner_.options_;
    tree_.reach(point(), k.trace().count(), sim.commandLog(), runner_->stepMarks());

    DriverBatch b;
    b.status = status();
    b.hasStatus = true;
    b.status.version = ++version_;
    if (newRun_) {
      b.newRun = true;
      b.vocabulary = std::make_shared<const Vocabulary>(k.vocabulary());
    }
    if (newRun_ || k.metrics().size() != metricCount_) {
      metricCount_ = k.metrics().size();
      for (MetricId m = 0; m < metricCount_; ++m) b.metrics.push_back(k.metrics().info(m));
    }
    if (newRun_ || tree_.version() != timelineVersion_) {
      timelineVersion_ = tree_.version();
      b.timeline = std::make_shared<const Timeline>(tree_.timeline());
    }
    newRun_ = false;

    const std::uint64_t count = k.trace().count();
    std::uint64_t from = std::max(lastRecord_, k.trace().firstRetained() - 1);
    if (count - from > o.maxRecordsPerBatch) from = count - o.maxRecordsPerBatch;
    b.skippedRecords = from - lastRecord_;
    scratch_.clear();
    k.trace().copySince(from, scratch_);
    b.records.reserve(scratch_.size());
    for (const TraceRecord& r : scratch_) b.records.push_back({r, sim.describe(r)});
    lastRecord_ = count;

    const auto& samples = k.metrics().samples();
    const std::uint64_t taken = k.metrics().samplesTaken();
    const std::uint64_t firstKept = taken - samples.size();
    for (std::uint64_t i = std::max(lastSample_, firstKept); i < taken; ++i)
      b.samples.push_back(samples[i - firstKept]);
    lastSample_ = taken;

    const auto n = static_cast<NodeId>(k.nodeCount());
    b.nodes.reserve(n);
    for (NodeId i = 0; i < n; ++i) b.nodes.push_back(sim.snapshot(i));
    b.inFlight.reserve(std::min(k.inFlightCount(), o.maxInFlight));
    k.forEachInFlight([&](const Kernel::InFlight& f) {
      if (b.inFlight.size() < o.maxInFlight) b.inFlight.push_back(f);
    });
    for (NodeId a = 0; a < n; ++a)
      for (NodeId c = 0; c < n; ++c)
        if (a != c && !k.network().reachable(a, c)) b.blockedLinks.emplace_back(a, c);
    b.errors = std::exchange(errors_, {});

    bool wake = false;
    {
      std::lock_guard lock(owner_.mutex_);
      DriverBatch& p = owner_.pending_;
      if (b.newRun || !p.hasStatus) {
        p = std::move(b);
      } else {
        if (!b.metrics.empty()) p.metrics = std::move(b.metrics);
        p.skippedRecords += b.skippedRecords;
        for (auto& r : b.records) p.records.push_back(std::move(r));
        if (p.records.size() > o.maxRecordsPerBatch) {
          const std::size_t extra = p.records.size() - o.maxRecordsPerBatch;
          p.records.erase(p.records.begin(), p.records.begin() + extra);
          p.skippedRecords += extra;
        }
        for (auto& s : b.samples) p.samples.push_back(std::move(s));
        for (auto& e : b.errors) p.errors.push_back(std::move(e));
        if (b.timeline) p.timeline = std::move(b.timeline);
        p.nodes = std::move(b.nodes);
        p.inFlight = std::move(b.inFlight);
        p.blockedLinks = std::move(b.blockedLinks);
        p.status = b.status;
      }
      if (!owner_.wakePending_) {
        owner_.wakePending_ = true;
        wake = true;
      }
    }
    owner_.ready_.notify_all();
    if (wake && owner_.wake_) owner_.wake_();
  }

  Driver& owner_;
  boost::asio::io_context io_;
  boost::asio::steady_timer timer_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;

  BranchTree tree_;
  std::uint64_t timelineVersion_ = 0;
  std::unique_ptr<ReplayPlayer> player_;  // owns the run
  ScenarioRunner* runner_ = nullptr;      // player_'s
  bool scripted_ = false;                 // following player_'s items
  bool opened_ = false;                   // built from a replay: its steps are begun already
  std::uint64_t seed_ = 0;
  std::uint64_t run_ = 0;
  std::uint64_t version_ = 0;
  std::uint64_t handled_ = 0;
  double speed_ = 0.1;
  bool playing_ = false;
  bool scheduled_ = false;
  Goal goal_ = Goal::None;
  SimTime goalLimit_{};
  bool sawMilestone_ = false;
  bool conditionHandled_ = false;
  Clock::time_point lastTick_{};
  Clock::time_point lastPublish_{};

  bool newRun_ = true;
  std::uint64_t lastRecord_ = 0;
  std::uint64_t lastSample_ = 0;
  std::size_t metricCount_ = 0;
  std::vector<TraceRecord> scratch_;
  std::vector<std::string> errors_;
};

Driver::Driver(Scenario scenario, std::optional<std::uint64_t> seed, Options options)
    : scenario_(std::move(scenario)), options_(options) {
  engine_ = std::make_unique<Engine>(*this, seed);
}

Driver::Driver(Scenario scenario, std::optional<std::uint64_t> seed)
    : Driver(std::move(scenario), seed, Options{}) {}

Driver::Driver(Replay replay, Options options) : scenario_(replay.scenario), options_(options) {
  engine_ = std::make_unique<Engine>(*this, replay.seed);
  engine_->openReplay(replay);
  // Opening published the run before anyone could be woken (setWake comes
  // later): the batch waits, and the next publish must wake its reader.
  std::lock_guard lock(mutex_);
  wakePending_ = false;
}

Driver::~Driver() {
  stop();
}

template <class F>
void Driver::post(F&& f) {
  ++posted_;
  boost::asio::post(engine_->io(), [this, f = std::forward<F>(f)]() mutable {
    engine_->commandArrived();
    f();
  });
}

void Driver::start() {
  if (started_) return;
  started_ = true;
  engine_->prepare();
  if (!begun_) {
    begun_ = true;
    post([this] { engine_->begin(); });  // counts as the first command
  }
  thread_ = std::thread([this] { engine_->io().run(); });
}

void Driver::stop() {
  if (!started_) return;
  boost::asio::post(engine_->io(), [this] { engine_->shutdown(); });
  if (thread_.joinable()) thread_.join();
  started_ = false;
}

void Driver::apply(Command command) {
  post([this, c = std::move(command)]() mutable { engine_->apply(std::move(c)); });
}
void Driver::setSpeed(double speed) {
  post([this, speed] { engine_->setSpeed(speed); });
}
void Driver::play() {
  post([this] { engine_->play(); });
}
void Driver::pause() {
  post([this] { engine_->pause(); });
}
void Driver::togglePlay() {
  post([this] { engine_->togglePlay(); });
}
void Driver::stepEvent() {
  post([this] { engine_->stepEvent(); });
}
void Driver::runToMilestone() {
  post([this] { engine_->runToMilestone(); });
}
void Driver::runTo(SimTime t) {
  post([this, t] { engine_->runTo(t); });
}
void Driver::runToEnd() {
  post([this] { engine_->runToEnd(); });
}
void Driver::nextStep() {
  post([this] { engine_->nextStep(); });
}
void Driver::gotoStep(std::size_t index) {
  post([this, index] { engine_->gotoStep(index); });
}
void Driver::saveReplay(std::string path, std::function<void(std::string)> done) {
  post([this, path = std::move(path), done = std::move(done)] { engine_->saveReplay(path, done); });
}
void Driver::saveMetricsCsv(std::string path, std::function<void(std::string)> done) {
  post([this, path = std::move(path), done = std::move(done)] {
    engine_->saveMetricsCsv(path, done);
  });
}
void Driver::captureRun(std::function<void(Replay, std::string)> done) {
  post([this, done = std::move(done)] { engine_->captureRun(done); });
}
void Driver::followTo(SimTime t) {
  post([this, t] { engine_->followTo(t); });
}
void Driver::applyAt(Command command, SimTime t) {
  post([this, c = std::move(command), t]() mutable { engine_->applyAt(std::move(c), t); });
}
void Driver::beginStepAt(std::size_t index, SimTime t) {
  post([this, index, t] { engine_->beginStepAt(index, t); });
}
void Driver::seek(SimTime t) {
  post([this, t] { engine_->seek(t); });
}
void Driver::switchBranch(std::size_t index) {
  post([this, index] { engine_->switchBranch(index); });
}
void Driver::reset(std::optional<std::uint64_t> seed) {
  post([this, seed] { engine_->reset(seed); });
}

DriverBatch Driver::take() {
  std::lock_guard lock(mutex_);
  wakePending_ = false;
  return std::exchange(pending_, DriverBatch{});
}

DriverBatch Driver::waitAndTake(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, timeout, [this] { return pending_.hasStatus; });
  wakePending_ = false;
  return std::exchange(pending_, DriverBatch{});
}

}  // namespace cs
