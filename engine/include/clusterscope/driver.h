// The driver runs a scenario on its own thread inside a boost::asio::io_context
// and paces simulated time against wall time x speed, so a window can watch a
// cluster live. It only changes WHEN events run, never what happens: every
// command goes through Simulation::apply on the engine thread (stamped and
// logged), and the same seed + commands give the same run at any speed.
//
// Threads: the public functions below may be called from any thread (usually
// the UI thread); they post work to the engine thread and return at once.
// The engine thread publishes what changed into an outbox guarded by a mutex
// and calls the wake callback at most once until the outbox is drained with
// take(): a busy engine never floods the UI with calls. Work runs in slices
// bounded by wall time, and batches are published at most ~60 times a second.
//
// Scenario flow: when the current step's condition is met the driver pauses
// and reports it; nextStep() begins the next step and plays on.
//
// Time travel: the driver keeps the furthest point the run has reached (the
// head) and its history (timeline.h). seek(t) rebuilds the run and replays
// its commands and step beginnings, each at the point it happened, up to t;
// played on from there, the run follows its recorded future up to the head,
// so it is the same run whether reached by playing or by seeking (plain play
// still pauses at each step's condition, as it did the first time). A command
// (or a step begun) before the head forks a new branch; the old future stays
// in the branch list, and switchBranch() returns to it.
//
// The scenario's steps travel in time too, and keep every branch:
// gotoStep(i) for a step the current branch has begun seeks to where it
// began it and begins it as it did (so "previous step" and "restart this
// step" replay the step identically, and acting there forks); nextStep()
// over a recorded future follows it to where the branch began the next step
// (through the commands recorded before it), so previous then next returns
// to the same run. reset() with the same seed seeks to 0 s of the current
// branch; only a new seed starts a new run with one branch.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "clusterscope/command.h"
#include "clusterscope/invariant.h"
#include "clusterscope/kernel.h"
#include "clusterscope/pattern.h"
#include "clusterscope/replay.h"
#include "clusterscope/scenario.h"
#include "clusterscope/timeline.h"

namespace cs {

class Outbox;

// Where the scenario stands.
struct DriverStatus {
  std::uint64_t run = 0;  // bumped on every rebuild (seek, switchBranch, gotoStep, reset)
  std::uint64_t seed = 0;
  SimTime now{};
  std::uint64_t eventsProcessed = 0;
  std::uint64_t traceCount = 0;  // records ever appended in this run
  std::uint64_t traceHash = 0;   // the trace's hash (Trace::hash): equal runs, equal hashes
  double speed = 0.1;            // Driver::kFlatOut: as fast as the CPU goes
  bool playing = false;
  bool idle = true;      // nothing left in the event queue
  std::size_t step = 0;  // the step begun last; stepCount: none begun yet
  std::size_t stepCount = 0;
  bool conditionMet = false;  // the current step's condition has been met
  bool stepFailed = false;    // its deadline passed without the condition
  // The current step's expectations, checked when its condition was met
  // (empty before that, or if it states none).
  std::vector<ExpectOutcome> expectations;
  std::size_t inFlight = 0;  // messages on the wire (the batch may carry fewer)
  // Commands (every call below that posts work) carried out so far, in order;
  // compare with Driver::commandsPosted() to know a command has been handled.
  std::uint64_t commandsHandled = 0;
  bool busy = false;         // running towards a goal (milestone, time, end)
  bool fastForward = false;  // advance() is hurrying the step to its condition
  // Slow motion (pace_model.h): a message the step is about is in flight, so
  // simulated time passes at `pace` instead of `speed`.
  bool slowMotion = false;
  double pace = 0.1;          // simulated seconds per wall second right now
  SimTime head{};             // the furthest point the current branch has reached
  std::size_t branch = 0;     // the current branch (Timeline::branches)
  std::uint64_t version = 0;  // increases with every published batch
};

// A trace record with the event-log sentence for it.
struct DriverRecord {
  TraceRecord record;
  std::string text;
};

// What changed since the last take(). Records and samples accumulate; the
// rest is the latest picture and replaces the previous one.
struct DriverBatch {
  bool newRun = false;  // the run was rebuilt: forget everything older
  // Set with newRun: the run's vocabulary (read-only, safe to share).
  std::shared_ptr<const Vocabulary> vocabulary;
  // Every metric's description, by MetricId; set whenever metrics were added
  // (always with newRun).
  std::vector<MetricInfo> metrics;
  std::vector<DriverRecord> records;  // oldest first
  std::uint64_t skippedRecords = 0;   // records too many to copy (flat out)
  std::vector<MetricSample> samples;
  std::vector<NodeSnapshot> nodes;                      // every node, by id
  std::shared_ptr<const PatternView> view;              // the pattern's typed view of them
  std::vector<Kernel::InFlight> inFlight;               // bounded by Options::maxInFlight
  std::vector<std::pair<NodeId, NodeId>> blockedLinks;  // directed from -> to
  std::vector<std::string> errors;                      // commands or steps that were rejected
  InvariantList invariants;  // the pattern's rules and their verdicts in this run so far
  // The branches and the history, set whenever they changed (always with newRun).
  std::shared_ptr<const Timeline> timeline;
  DriverStatus status;
  bool hasStatus = false;  // false only for an empty batch
};

class Driver {
 public:
  static constexpr double kFlatOut = std::numeric_limits<double>::infinity();

  // The pace a scenario plays at when neither it nor its step names one.
  static constexpr double kDefaultSpeed = 0.1;

  struct Options {
    // A fixed starting pace; nullopt: the scenario's own (its speed and its
    // steps' speeds, else kDefaultSpeed). A fixed pace ignores the
    // scenario's speeds.
    std::optional<double> speed;
    bool playing = false;
    std::chrono::microseconds slice{8000};          // wall time per slice of work
    std::chrono::microseconds publishEvery{16000};  // at most ~60 batches per second
    std::size_t maxRecordsPerBatch = 4096;
    std::size_t maxInFlight = 10000;
    bool beginFirstStep = true;  // begin step 0 when the run is built
  };

  // Builds the first run on the calling thread, so a bad pattern or bad
  // options throw InputError here. Does not start the thread.
  Driver(Scenario scenario, std::optional<std::uint64_t> seed, Options options);
  Driver(Scenario scenario, std::optional<std::uint64_t> seed = std::nullopt);
  // Opens a recorded run (a replay file, replay.h): its steps and commands
  // become branch 0, whose head is where the recording stopped, and the run
  // is rebuilt there on the calling thread, paused, so that the timeline
  // covers all of it and play goes on from its end. Throws InputError naming
  // the file if a recorded command is rejected or the run does not end with
  // the recorded trace hash. Does not start the thread.
  Driver(Replay replay, Options options);
  ~Driver();  // stops the thread
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  // The scenario as loaded; immutable, any thread.
  const Scenario& scenario() const { return scenario_; }

  // Called on the engine thread when a batch is waiting and the last one was
  // taken. REQUIRES: set before start().
  void setWake(std::function<void()> wake) { wake_ = std::move(wake); }
  // Starts the engine thread; the first time, also begins step 0 (see
  // Options::beginFirstStep) and publishes the first batch.
  void start();
  // Stops and joins the engine thread after the commands posted so far have
  // run. Idempotent; start() may follow to carry on.
  void stop();

  // ---- Commands: any thread; run in order on the engine thread ----
  // Applies a user command at the current simulated time. A rejected command
  // (InputError) is reported in DriverBatch::errors and changes nothing: it
  // is validated before it could fork a branch.
  void apply(Command command);
  void setSpeed(double speed);  // > 0, or kFlatOut
  void play();
  void pause();
  void togglePlay();
  // Pauses and processes exactly one event.
  void stepEvent();
  // Runs (as fast as possible) until the next milestone is traced, then pauses.
  void runToMilestone();
  // Runs as fast as possible to simulated time t, advancing through steps whose
  // conditions are met, then pauses.
  void runTo(SimTime t);
  // Runs as fast as possible through every remaining step, then pauses.
  void runToEnd();
  // Begins the step after the current one (at its own pace, if it names
  // one) and plays: where the current
  // branch recorded its beginning ahead, by following the branch there;
  // otherwise now (before the head, that forks a new branch).
  void nextStep();
  // What a presentation clicker's "next" does, so that it never skips a step
  // that has not run: a step not yet run (paused before its condition) plays
  // to its condition; a step playing towards its condition fast-forwards
  // there, paced (not flat out) so the room sees it happen; a step whose
  // condition was met or failed gives way to the next step (nextStep()).
  // On the last step, once met, it does nothing.
  void advance();
  // Begins step `index` and plays. If the current branch began it, rebuilds
  // the branch up to that point and begins it as recorded (the branch's
  // future is kept and followed); otherwise, from the branch's head, runs
  // each step to its condition and begins the next until step `index`.
  void gotoStep(std::size_t index);
  // Rebuilds the current branch's run up to simulated time t (at most its
  // head), publishes it as a new run and pauses.
  void seek(SimTime t);
  // Makes branch `index` current and seeks in it to the time the run is at
  // (or its head, if that is earlier).
  void switchBranch(std::size_t index);
  // The same seed (nullopt): seeks to 0 s of the current branch, keeping
  // every branch, with step 0 begun. A seed: a new run of the scenario with
  // that seed and a new branch list. Playing or paused stays as it was.
  void reset(std::optional<std::uint64_t> seed = std::nullopt);

  // ---- Following (see the top of this file) ----
  // REQUIRES: before start(); `follower` outlives this driver's thread and
  // was built with Options::beginFirstStep off. nullptr: no follower.
  void setFollower(Driver* follower);
  // Runs every event due at or before t (nothing if t is not ahead), paused.
  void followTo(SimTime t);
  // followTo(t), then applies the command (stamped anew with the same time).
  void applyAt(Command command, SimTime t);
  // followTo(t), then begins step `index` (its roles resolved in this run).
  void beginStepAt(std::size_t index, SimTime t);

  // Writes the run so far as a replay file (replay.h) or its metric samples
  // as CSV (metrics_csv.h), after the commands posted before. `done` runs on
  // the engine thread with "" on success or the error's text.
  void saveReplay(std::string path, std::function<void(std::string error)> done);
  void saveMetricsCsv(std::string path, std::function<void(std::string error)> done);
  // Hands the run so far as a Replay (captureReplay), after the commands
  // posted before, to `done` on the engine thread; `error` is "" or says why
  // it could not be captured.
  void captureRun(std::function<void(Replay run, std::string error)> done);

  // How many commands have been posted so far (see DriverStatus::commandsHandled).
  std::uint64_t commandsPosted() const { return posted_.load(); }

  // ---- Outbox: any thread ----
  // Takes everything published so far and re-arms the wake callback.
  DriverBatch take();
  // Waits until a batch is waiting or the timeout passes; then take().
  DriverBatch waitAndTake(std::chrono::milliseconds timeout);

 private:
  class Engine;
  template <class F>
  void post(F&& f);

  Scenario scenario_;
  Options options_;
  std::function<void()> wake_;

  // Declared before engine_, which publishes into it, so that it outlives it.
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<Engine> engine_;
  std::thread thread_;
  bool started_ = false;
  bool begun_ = false;
  std::atomic<std::uint64_t> posted_{0};

  friend class Engine;
};

}  // namespace cs
