// Time travel: the run and its branches. Holds the run being played (a
// ReplayPlayer's, so that it can follow a recorded branch), the branch tree,
// and the moves through time: start a new run, seek in a branch (rebuild it
// and replay its commands and step beginnings, each at the point it
// happened), follow the recorded future as the run plays on, and fork a new
// branch before an action at a past moment. It changes which run is played,
// never what a run does: the same seed and commands give the same run.
// Engine thread only.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "clusterscope/command.h"
#include "clusterscope/replay.h"
#include "clusterscope/scenario.h"
#include "clusterscope/time.h"
#include "clusterscope/trace.h"

#include "branch_tree.h"

namespace cs {

class TimeTravel {
 public:
  // What the driver hears about the runs (engine thread). Every trace record
  // of the current run goes to onRecord; the driver hands it back to
  // TimeTravel::onRecord, so one listener serves both.
  class Listener : public TraceListener {
   public:
    // A run was built; `first`: the driver's first run, not a rebuild.
    virtual void runBuilt(bool first) = 0;
    // A recorded step beginning was carried out again: the step is current
    // (broken, if it could not begin the first time either).
    virtual void stepReplayed() = 0;
    // A recorded command was applied again (`command`, as logged).
    virtual void commandReplayed(const Command& command) = 0;
  };

  // `scenario`, `listener` and `errors` (where rejected recorded items are
  // reported) must outlive this. Builds no run: start() does.
  TimeTravel(const Scenario& scenario, Listener& listener, std::vector<std::string>& errors);
  ~TimeTravel();
  TimeTravel(const TimeTravel&) = delete;
  TimeTravel& operator=(const TimeTravel&) = delete;

  // REQUIRES (all three): start() has run.
  ScenarioRunner& runner() {
    assert(runner_);
    return *runner_;
  }
  const ScenarioRunner& runner() const {
    assert(runner_);
    return *runner_;
  }
  RunPoint point() const;

  const BranchTree& tree() const { return tree_; }
  std::uint64_t seed() const { return seed_; }
  // How many runs have been built (each start, seek, step gone back to).
  std::uint64_t runs() const { return runs_; }

  // A new run of the scenario with `seed`, and a new branch list of one.
  void start(std::uint64_t seed);
  // A recorded run becomes the current branch up to its end (seek there next).
  void adopt(const Replay& replay);
  // The run is where it is now: its branch's head moves there if it is further.
  void reach();
  // Every trace record of the run, in order (see Listener).
  void onRecord(const TraceRecord& r);

  // Whether the run is replaying its branch's recorded future: a recorded
  // item is still to come, or the head is still ahead.
  bool following() const;
  // Before an action at a past moment: a new branch, labelled `label`, holds
  // the run so far, and the old future is no longer followed. Returns whether
  // it forked. A fork is never taken back: validate the action first.
  bool forkIfBehind(std::string label);

  // Rebuilds branch `index` up to t (clamped to 0 and its head).
  // REQUIRES: index < tree().branches().size().
  void seek(std::size_t index, SimTime t);
  // Rebuilds the current branch up to where it began step `index`, and
  // begins the step there as it did. Returns false (and changes nothing) if
  // the branch never began it.
  bool seekToStep(std::size_t index);
  // If the next step the recorded future begins is `index`: runs to it
  // through whatever else was recorded before it, and begins it as recorded.
  bool followToStep(std::size_t index);
  // Carries out the recorded items that are due: every event before them
  // has run and they happen by `limit`. Returns whether there were any.
  bool followScript(SimTime limit);

 private:
  bool scripted() const;
  void carryOutNext();
  void replayBranch(std::size_t index);
  void build(Replay script);
  void detach();

  const Scenario& scenario_;
  Listener& listener_;
  std::vector<std::string>& errors_;
  BranchTree tree_;
  std::unique_ptr<ReplayPlayer> player_;  // owns the run
  ScenarioRunner* runner_ = nullptr;      // player_'s
  bool scripted_ = false;                 // following player_'s items
  std::uint64_t seed_ = 0;
  std::uint64_t runs_ = 0;
};

}  // namespace cs
