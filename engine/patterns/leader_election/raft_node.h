// One Raft server (Ongaro & Ousterhout, "In Search of an Understandable
// Consensus Algorithm", §5): leader election with randomized timeouts and log
// replication of configuration writes ("key=value"), committed once a
// majority stores them and applied to a key -> value map.
//
// Invariants this class keeps (and the checkers verify from outside):
//   - at most one leader per term: a server votes at most once per term and a
//     candidate needs a majority;
//   - a committed entry is never lost or changed, and every later leader has
//     it: the election restriction plus committing only current-term entries
//     by counting.
//
// Durable state (currentTerm, votedFor, the log) survives onCrash(); every
// other member is volatile and reset there. Kernel thread only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "clusterscope/leader_election/raft_view.h"
#include "clusterscope/node.h"
#include "patterns/leader_election/options.h"
#include "patterns/leader_election/raft_messages.h"

namespace cs::leader_election {

class RaftNode : public Node {
 public:
  // `servers` is the number of Raft servers (ids 0 .. servers-1).
  RaftNode(const Options& options, const Words& words, int servers);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // RaftScope's "time out": makes the election timer expire now. A leader
  // has no election timer and ignores it. Call only while the node is not
  // crashed; a paused node times out when it resumes.
  void forceTimeout();
  // The election restriction on (Raft) or off (unsafe: votes ignore how
  // up-to-date the candidate's log is). Configuration: survives a crash.
  void setElectionRestriction(bool on) { electionRestriction_ = on; }
  bool electionRestriction() const { return electionRestriction_; }

  // ---- Observations (for the pattern's snapshot and the checkers) ----
  Role role() const { return role_; }
  std::int64_t currentTerm() const { return currentTerm_; }
  NodeId votedFor() const { return votedFor_; }
  NodeId leaderId() const { return leaderId_; }
  std::int64_t commitIndex() const { return commitIndex_; }
  std::int64_t lastApplied() const { return lastApplied_; }
  // The log, 1-based: entry i is log()[i - 1].
  const std::vector<LogEntry>& log() const { return log_; }
  std::int64_t lastLogIndex() const { return static_cast<std::int64_t>(log_.size()); }
  // The key -> value map from applying entries 1 .. lastApplied.
  const std::map<std::string, std::string>& config() const { return config_; }
  int votesReceived() const;
  // Leader only: REQUIRES: role() == Role::Leader for meaningful values.
  const std::vector<std::int64_t>& nextIndex() const { return nextIndex_; }
  const std::vector<std::int64_t>& matchIndex() const { return matchIndex_; }
  // The running timer shown as a countdown: election timeout, or the
  // leader's next heartbeat.
  SimTime timerStart() const { return timerStart_; }
  SimTime timerDeadline() const { return timerDeadline_; }

 private:
  enum TimerTag : std::uint64_t { kElectionTimer = 1, kHeartbeatTimer = 2 };

  // ---- Transitions (the paper's verbs) ----
  // Adopts newTerm if it is higher (forgetting the vote) and becomes a follower.
  void stepDown(std::int64_t newTerm);
  void startNewElection();
  void becomeLeader();
  // REQUIRES: role_ == Role::Leader
  void advanceCommitIndex();

  // ---- Handlers ----
  void handleRequestVote(const Message& m);
  void handleRequestVoteReply(const Message& m);
  void handleAppendEntries(const Message& m);
  void handleAppendEntriesReply(const Message& m);
  void handleClientWrite(const Message& m);

  // ---- Helpers ----
  // Sends `peer` the entries from nextIndex_[peer] on (none: a heartbeat).
  void sendAppendEntries(NodeId peer);
  void sendHeartbeats();
  void resetElectionTimer();
  void armHeartbeatTimer();
  void setCommitIndex(std::int64_t index);
  void applyCommitted();
  void replyToClient(const LogEntry& entry, std::int64_t index);
  std::int64_t termAt(std::int64_t index) const;
  std::int64_t lastLogTerm() const { return termAt(lastLogIndex()); }
  bool isMajority(int count) const { return 2 * count > servers_; }
  void setRole(Role role);
  void setCurrentTerm(std::int64_t term);
  void setVotedFor(NodeId node);

  const Options options_;
  const Words words_;
  const int servers_;

  // ---- Configuration: survives onCrash ----
  bool electionRestriction_;

  // ---- Durable: must survive onCrash ----
  // The latest term this server has seen; starts at 0, only grows.
  std::int64_t currentTerm_ = 0;
  // The candidate this server voted for in currentTerm_; kNoNode: voted for
  // no one this term.
  NodeId votedFor_ = kNoNode;
  // Entries in index order; index i is log_[i - 1].
  std::vector<LogEntry> log_;

  // ---- Volatile: reset in onCrash ----
  Role role_ = Role::Follower;
  // The highest index known to be committed; 0 until a leader says more.
  std::int64_t commitIndex_ = 0;
  // The highest index applied to config_; <= commitIndex_.
  std::int64_t lastApplied_ = 0;
  std::map<std::string, std::string> config_;
  // The state machine's client sessions: per client, the highest write id
  // applied. A write applied once is skipped if a retry put it in the log again.
  std::map<NodeId, std::uint64_t> lastWriteApplied_;
  // The leader of currentTerm_ as far as this server knows; kNoNode: unknown.
  NodeId leaderId_ = kNoNode;
  // Candidate: bit i set when server i granted its vote in currentTerm_.
  std::uint32_t votes_ = 0;
  // Leader: for each server, the index of the next entry to send it.
  std::vector<std::int64_t> nextIndex_;
  // Leader: for each server, the highest index known to be replicated on it.
  std::vector<std::int64_t> matchIndex_;
  TimerHandle electionTimer_;
  TimerHandle heartbeatTimer_;
  SimTime timerStart_{0};
  SimTime timerDeadline_{0};
};

}  // namespace cs::leader_election
