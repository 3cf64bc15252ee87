// The driver's branches and their history, for the timeline. A branch is a
// command log and the step beginnings (enough to rebuild any moment of it),
// the furthest point a run of it has reached (its head), and the milestones
// and fault changes seen up to there. Acting at a past moment forks a new
// branch; the old one keeps its future. Internal to the driver: engine
// thread only.
//
// History is recorded only past the head: a run replaying a branch from its
// start traces the same records again (same seed, same commands), and those
// are known already. Fault state is followed on every record, so it is right
// whenever the run passes the head.
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/replay.h"
#include "clusterscope/timeline.h"
#include "clusterscope/trace.h"
#include "clusterscope/vocabulary.h"

namespace cs {

struct Branch {
  BranchInfo info;
  // How many commands and step beginnings it shares with its parent: a run
  // with no more than these has not left the parent's history yet.
  std::size_t sharedCommands = 0;
  std::size_t sharedMarks = 0;
  std::vector<StepMark> marks;
  std::vector<Command> commands;
  RunPoint head;
  std::uint64_t headSeq = 0;  // trace records a run of this branch has reached
  std::vector<TimelineMilestone> milestones;
  std::vector<std::uint64_t> milestoneSeqs;  // the record of each milestone
  std::vector<FaultChange> faults;
};

class BranchTree {
 public:
  BranchTree();

  const std::vector<Branch>& branches() const { return branches_; }
  std::size_t currentIndex() const { return current_; }
  const Branch& current() const { return branches_[current_]; }
  // REQUIRES: index < branches().size().
  void select(std::size_t index) {
    assert(index < branches_.size());
    current_ = index;
  }
  // Increases whenever the timeline the tree describes changes.
  std::uint64_t version() const { return version_; }

  // Whether `p` is before the current branch's head.
  bool behindHead(const RunPoint& p) const;
  // The run of the current branch is at `p` with `seq` records traced and
  // the given logs: moves the head there if it is further, and takes the
  // logs, which are then this branch's (they only grow past the head).
  void reach(const RunPoint& p, std::uint64_t seq, const std::vector<Command>& commands,
             const std::vector<StepMark>& marks);
  // Starts a branch at `p`, where a run of the current one has traced `seq`
  // records and carried out `commands` and `marks`; it becomes current. Its
  // parent is the branch whose own stretch of history `p` lies on: the
  // current one, or, before the current one left its parent, an ancestor.
  void fork(const RunPoint& p, std::uint64_t seq, const std::vector<Command>& commands,
            const std::vector<StepMark>& marks, std::string label);

  // A run (re)starts from nothing with `nodes` nodes: every node up, every link open.
  void runStarted(std::size_t nodes);
  // Every trace record of the run, in order.
  void onRecord(const TraceRecord& r, const Vocabulary& vocabulary);

  Timeline timeline() const;

 private:
  std::uint8_t faultsOf(NodeId node) const;
  void noteFaults(const TraceRecord& r, NodeId node, std::uint8_t before);

  std::vector<Branch> branches_;
  std::size_t current_ = 0;
  std::uint64_t version_ = 1;
  // The run's fault state now.
  std::size_t nodes_ = 0;
  std::vector<std::uint8_t> status_;    // kFaultDown / kFaultPaused per node
  std::vector<std::uint32_t> blocked_;  // blocked links to or from each node
  std::vector<std::uint8_t> links_;     // nodes_ x nodes_: from -> to blocked
};

}  // namespace cs
