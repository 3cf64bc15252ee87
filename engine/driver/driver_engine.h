// The engine thread behind Driver: an io_context and the driver's parts,
// wired together. Each command posted by Driver (driver.h) becomes a call
// here, which asks the parts in turn: the pacer (pacing and goals), the step
// flow (scenario steps), time travel (the run and its branches), the
// lockstep (telling a follower) and the batch builder and outbox (what the
// reader sees). A slice of play runs the events the pacer allows, carrying
// out the recorded future and handling steps' conditions on the way.
//
// Invariants: everything here except the io_context's post queue is touched
// only by the engine thread; the outbox is the only state shared with other
// threads. Each slice stops after Options::slice of wall time so that posted
// commands run soon.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "clusterscope/driver.h"

#include "batch_builder.h"
#include "lockstep.h"
#include "pacer.h"
#include "step_flow.h"
#include "step_pacing.h"
#include "time_travel.h"

namespace cs {

class Driver::Engine : private TimeTravel::Listener {
 public:
  // Builds the first run (throws InputError as Simulation does).
  Engine(Driver& owner, std::optional<std::uint64_t> seed);

  boost::asio::io_context& io() { return io_; }
  Lockstep& lockstep() { return lockstep_; }
  // Before (re)starting the thread.
  void prepare();
  void shutdown();

  // ---- Commands (engine thread; driver.h says what each does) ----
  void commandArrived() { ++handled_; }
  void begin();
  // The recorded run becomes branch 0 up to its end, and the run is rebuilt
  // there. Throws InputError (see Driver's replay constructor).
  void openReplay(const Replay& replay);
  void saveReplay(const std::string& path, const std::function<void(std::string)>& done);
  void saveMetricsCsv(const std::string& path, const std::function<void(std::string)>& done);
  void captureRun(const std::function<void(Replay, std::string)>& done);

  void apply(Command c);
  void setSpeed(double s);
  void play();
  void pause();
  void togglePlay() { pacer_.playing() ? pause() : play(); }
  void stepEvent();
  void runToMilestone();
  void runTo(SimTime t);
  void runToEnd();
  void nextStep();
  void advance();
  void gotoStep(std::size_t index);
  void seek(SimTime t) { seekIn(travel_.tree().currentIndex(), t); }
  void switchBranch(std::size_t index);
  void reset(std::optional<std::uint64_t> seed);

  // ---- Following (driver.h) ----
  void followTo(SimTime t);
  void applyAt(Command c, SimTime t);
  void beginStepAt(std::size_t index, SimTime t);

 private:
  // TimeTravel::Listener
  void onRecord(const TraceRecord& r) override;
  void runBuilt(bool first) override;
  void stepReplayed() override { steps_.stepReplayed(); }
  void commandReplayed(const Command& c) override {
    lockstep_.applied(c);
    pacing_.userActed();
  }

  Simulation& simulation() { return travel_.runner().simulation(); }
  SimTime now() const { return travel_.runner().simulation().now(); }

  // A follower: every event due by t, paused there.
  void catchUp(SimTime t);
  // Rebuilds branch `index` up to t and pauses there.
  void seekIn(std::size_t index, SimTime t);
  // Begins the step after the current one: as recorded, if the recorded
  // future begins it next; else here, forking if this is the past. Past the
  // last step there is nothing to begin (true: play on).
  bool beginNextStep();
  // A step the current branch never began: from its head, runs each step
  // to its condition and begins the next, up to step `index`.
  void runStepsUpTo(std::size_t index);

  // Slow motion's cap, told to the pacer; and a running slice's target
  // moved to keep its wall time at the new pace.
  SimTime repace(SimTime target);
  // The plan of what each step is about, for the run's seed.
  void plan();
  void slice();
  // Runs events due at or before `target` until the wall budget runs out or
  // something stops play. Returns true if it reached the target.
  bool runEvents(SimTime target, Pacer::Clock::time_point until);

  DriverStatus status() const;
  // Moves what changed into the outbox. Unforced publishes are throttled.
  void publish(bool force);

  Driver& owner_;
  std::vector<std::string> errors_;  // rejected commands and steps, for the next batch
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  Pacer pacer_;
  StepPacing pacing_;
  bool paceChanged_ = false;  // slow motion began or ended since the pacer last heard
  Lockstep lockstep_;
  TimeTravel travel_;
  StepFlow steps_;
  BatchBuilder batches_;
  bool opened_ = false;  // built from a replay: its steps are begun already
  std::uint64_t handled_ = 0;
};

}  // namespace cs
