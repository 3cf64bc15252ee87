// What the window draws of a Raft cluster: each server's role, currentTerm,
// votedFor, the leader it follows, its timer, its log and commitIndex, and
// the client's pending writes. A snapshot of one instant, built by
// LeaderElectionPattern::view on the kernel thread; immutable afterwards, so
// any thread may read it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/ids.h"
#include "clusterscope/pattern_view.h"
#include "clusterscope/time.h"

namespace cs::leader_election {

enum class Role : std::uint8_t {
  // Passive: answers RequestVote and AppendEntries and redirects clients. It
  // becomes a candidate when its election timer fires without word from a
  // leader.
  Follower = 0,
  // Asks every server for its vote in a new term. It becomes leader with a
  // majority of votes, returns to follower when it hears of a leader of its
  // term or of any higher term, and starts another election if its timer
  // fires first (a split vote).
  Candidate = 1,
  // Accepts client writes, replicates its log and sends heartbeats so that
  // no one else times out. It steps down when it sees a higher term.
  Leader = 2,
};

// "follower", "candidate", "leader".
const char* roleName(Role role);

struct LogEntryView {
  std::int64_t index = 0;  // 1-based, as in the paper
  std::int64_t term = 0;
  std::string text;  // "x=1"
};

struct ServerView {
  NodeId id = kNoNode;
  bool crashed = false;
  Role role = Role::Follower;
  std::int64_t currentTerm = 0;
  NodeId votedFor = kNoNode;  // kNoNode: no vote in currentTerm
  NodeId leader = kNoNode;    // who it believes leads; kNoNode: unknown
  // Its running timer: a leader's next heartbeat, anyone else's election
  // timeout. Meaningless while crashed.
  SimTime timerStart{};
  SimTime timerDeadline{};
  std::vector<LogEntryView> log;
  std::int64_t commitIndex = 0;  // entries 1 .. commitIndex are committed
};

struct ClientView {
  NodeId id = kNoNode;
  NodeId believedLeader = kNoNode;  // where it sends writes; kNoNode: unknown
  std::size_t pendingWrites = 0;
  std::int64_t completed = 0;
};

class RaftView : public PatternView {
 public:
  std::vector<ServerView> servers;  // by node id: servers are nodes 0 .. n-1
  ClientView client;                // node n
  // The servers vote with the election restriction (§5.4.1); false: the
  // unsafe switch removed it.
  bool electionRestriction = true;

  // The server that is not crashed and claims leadership with the highest
  // term; nullptr when there is none.
  const ServerView* leader() const {
    const ServerView* best = nullptr;
    for (const auto& s : servers)
      if (s.role == Role::Leader && !s.crashed && (!best || s.currentTerm > best->currentTerm))
        best = &s;
    return best;
  }
  // The server with this id; nullptr for the client or an unknown id.
  const ServerView* server(NodeId id) const { return id < servers.size() ? &servers[id] : nullptr; }
};

}  // namespace cs::leader_election
