// Raft's safety properties as executable checks. They live outside the
// servers' code: they read the trace (milestones) and each server's public
// observations (its log and commitIndex), never its private members.
//
//   ElectionSafetyChecker   "at most one leader per term"
//   CommittedEntriesChecker "committed entries are never lost or changed":
//     every entry a server has committed matches, on every server that has
//     committed that index, the same (term, key, value); and every leader
//     elected after an entry was committed holds it (Leader Completeness).
//
// Kernel thread only.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "clusterscope/checker.h"
#include "clusterscope/kernel.h"
#include "patterns/leader_election/raft_messages.h"

namespace cs::leader_election {

class ElectionSafetyChecker : public Checker {
 public:
  // `leaderElected` is the "leader-elected" milestone label.
  explicit ElectionSafetyChecker(Label leaderElected) : leaderElected_(leaderElected) {}
  std::string_view name() const override { return "at most one leader per term"; }
  std::string_view meaning() const override {
    return "two leaders in one term could commit different entries at the same index";
  }
  void onRecord(const TraceRecord& record) override;

 private:
  Label leaderElected_;
  std::map<std::int64_t, NodeId> leaders_;  // term -> the server elected in it
};

class CommittedEntriesChecker : public Checker {
 public:
  // Servers are nodes 0 .. servers-1 of the kernel, each a RaftNode.
  CommittedEntriesChecker(Label leaderElected, int servers);
  std::string_view name() const override { return "committed entries are never lost or changed"; }
  std::string_view meaning() const override {
    return "a write the cluster acknowledged survives every crash and every new leader";
  }
  void onRecord(const TraceRecord& record) override;
  void afterEvent(const Kernel& kernel) override;

 private:
  struct Committed {
    LogEntry entry;
    std::int64_t term = 0;  // a term in which it was already committed
    NodeId seenAt = kNoNode;
  };
  struct Election {
    NodeId leader = kNoNode;
    std::int64_t term = 0;
  };

  void checkLeaderHasCommitted(const Kernel& kernel, const Election& election);

  Label leaderElected_;
  int servers_;
  // The committed prefix as first observed on any server; index i is [i - 1].
  std::vector<Committed> committed_;
  // Per server: how much of its committed prefix has been compared with
  // committed_. Only the newly committed part (and the last verified entry,
  // which a truncation would remove) is compared after each event.
  std::vector<std::int64_t> verified_;
  std::vector<Election> elections_;  // seen since the last afterEvent
  bool broken_ = false;              // after the first violation, the rest is noise
};

}  // namespace cs::leader_election
