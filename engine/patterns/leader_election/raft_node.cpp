// A Raft server: election, replication, commitment. See raft_node.h.
#include "patterns/leader_election/raft_node.h"

#include <algorithm>
#include <bit>
#include <cassert>

#include "clusterscope/rng.h"

namespace cs::leader_election {
namespace {

// At most this many entries ride in one AppendEntries; a follower far behind
// catches up over several round trips.
constexpr std::int64_t kMaxEntriesPerMessage = 4;

std::int64_t nodeValue(NodeId n) {
  return n == kNoNode ? -1 : static_cast<std::int64_t>(n);
}

bool sameTimer(TimerHandle a, TimerHandle b) {
  return a && a.slot == b.slot && a.generation == b.generation;
}

}  // namespace

const char* roleName(Role role) {
  switch (role) {
    case Role::Follower:
      return "follower";
    case Role::Candidate:
      return "candidate";
    case Role::Leader:
      return "leader";
  }
  return "?";
}

RaftNode::RaftNode(const Options& options, const Words& words, int servers)
    : options_(options),
      words_(words),
      servers_(servers),
      electionRestriction_(options.electionRestriction) {}

// ---- Lifecycle ----

void RaftNode::onStart() {
  // Every server starts (and restarts) as a follower waiting to hear from a leader.
  resetElectionTimer();
}

void RaftNode::onCrash() {
  setRole(Role::Follower);
  setCommitIndex(0);
  lastApplied_ = 0;
  config_.clear();
  lastWriteApplied_.clear();
  leaderId_ = kNoNode;
  votes_ = 0;
  nextIndex_.clear();
  matchIndex_.clear();
  electionTimer_ = {};  // the kernel never fires a crashed node's timers
  heartbeatTimer_ = {};
  timerStart_ = timerDeadline_ = SimTime{0};
}

void RaftNode::forceTimeout() {
  if (role_ == Role::Leader) return;
  cancelTimer(electionTimer_);
  electionTimer_ = setTimer(SimDuration{0}, kElectionTimer);
  timerDeadline_ = now();
}

void RaftNode::onTimer(TimerHandle timer, std::uint64_t tag) {
  if (tag == kElectionTimer) {
    if (!sameTimer(electionTimer_, timer)) return;
    electionTimer_ = {};
    if (role_ == Role::Leader) return;
    // A candidate whose timer runs out got neither a majority nor word of a
    // winner: the votes were split (or lost). It tries again in a new term.
    if (role_ == Role::Candidate) milestone(words_.splitVote, {currentTerm_});
    startNewElection();
  } else if (tag == kHeartbeatTimer) {
    if (!sameTimer(heartbeatTimer_, timer)) return;
    heartbeatTimer_ = {};
    if (role_ != Role::Leader) return;
    sendHeartbeats();
    armHeartbeatTimer();
  }
}

void RaftNode::onMessage(const Message& m) {
  if (m.kind == words_.requestVote)
    handleRequestVote(m);
  else if (m.kind == words_.requestVoteReply)
    handleRequestVoteReply(m);
  else if (m.kind == words_.appendEntries)
    handleAppendEntries(m);
  else if (m.kind == words_.appendEntriesReply)
    handleAppendEntriesReply(m);
  else if (m.kind == words_.clientWrite)
    handleClientWrite(m);
}

// ---- Transitions ----

void RaftNode::stepDown(std::int64_t newTerm) {
  assert(newTerm >= currentTerm_);
  if (newTerm > currentTerm_) {
    // A new term: the vote and the leader of the old one mean nothing here.
    setCurrentTerm(newTerm);
    setVotedFor(kNoNode);
    leaderId_ = kNoNode;
  }
  if (role_ != Role::Follower) {
    const bool wasLeader = role_ == Role::Leader;
    setRole(Role::Follower);
    votes_ = 0;
    milestone(words_.steppedDown, {currentTerm_});
    if (wasLeader) {
      cancelTimer(heartbeatTimer_);
      nextIndex_.clear();
      matchIndex_.clear();
    }
  }
  // A follower always has an election timer running; a former leader had none.
  if (!electionTimer_) resetElectionTimer();
}

void RaftNode::startNewElection() {
  setCurrentTerm(currentTerm_ + 1);
  setRole(Role::Candidate);
  setVotedFor(id());  // a candidate votes for itself
  votes_ = 1u << id();
  leaderId_ = kNoNode;
  milestone(words_.electionStarted, {currentTerm_});
  // A fresh random timeout: if this election splits, the candidates are
  // unlikely to time out together again.
  resetElectionTimer();
  const RequestVote rv{currentTerm_, lastLogIndex(), lastLogTerm()};
  for (NodeId peer = 0; peer < static_cast<NodeId>(servers_); ++peer)
    if (peer != id()) send(peer, words_.requestVote, rv.fields());
}

void RaftNode::becomeLeader() {
  assert(role_ == Role::Candidate);
  setRole(Role::Leader);
  leaderId_ = id();
  cancelTimer(electionTimer_);
  nextIndex_.assign(servers_, lastLogIndex() + 1);
  matchIndex_.assign(servers_, 0);
  milestone(words_.leaderElected, {currentTerm_, votesReceived()});
  // Teaching note: a new leader knows its log holds every committed entry,
  // but not which of its entries are committed, and it may not commit an
  // earlier term's entry by counting (see advanceCommitIndex). So it appends
  // a no-op of its own term (§8): once the no-op commits, so has everything
  // before it, and every server's configuration is up to date again.
  log_.push_back(LogEntry{currentTerm_, {}, {}, kNoNode, 0});
  matchIndex_[id()] = lastLogIndex();
  // Announce the win at once (carrying the no-op), before anyone else times out.
  sendHeartbeats();
  armHeartbeatTimer();
}

void RaftNode::advanceCommitIndex() {
  assert(role_ == Role::Leader);
  const std::int64_t old = commitIndex_;
  std::int64_t newCommit = old;
  for (std::int64_t n = lastLogIndex(); n > old; --n) {
    // Teaching note: a leader commits by counting replicas only entries of
    // its own term (§5.4.2). An entry from an earlier term can be stored on a
    // majority and still be overwritten by a later leader (Figure 8); it
    // becomes committed only indirectly, when an entry of the current term
    // after it is committed. Terms never decrease along the log, so once we
    // reach an older term there is nothing left to count.
    if (termAt(n) != currentTerm_) break;
    int replicas = 0;
    for (std::int64_t match : matchIndex_)
      if (match >= n) ++replicas;
    if (isMajority(replicas)) {
      newCommit = n;
      break;
    }
  }
  if (newCommit == old) return;
  setCommitIndex(newCommit);
  for (std::int64_t i = old + 1; i <= newCommit; ++i) {
    milestone(words_.entryCommitted, {i, termAt(i)});
    replyToClient(log_[i - 1], i);
  }
  applyCommitted();
}

// ---- Handlers ----

void RaftNode::handleRequestVote(const Message& m) {
  const RequestVote rv = RequestVote::from(m);
  if (rv.term > currentTerm_) stepDown(rv.term);
  bool granted = false;
  if (rv.term == currentTerm_ && (votedFor_ == kNoNode || votedFor_ == m.from)) {
    // Teaching note: the election restriction (§5.4.1). A server votes only
    // for a candidate whose log is at least as up-to-date as its own: a later
    // last term wins; with equal last terms, the longer log wins. Every
    // committed entry is on a majority, so a candidate missing one cannot
    // collect a majority of votes, and every leader holds all committed
    // entries.
    // With the restriction switched off (the unsafe switch) any candidate
    // will do, and the lesson is what it costs.
    const bool logOk = !electionRestriction_ || rv.lastLogTerm > lastLogTerm() ||
                       (rv.lastLogTerm == lastLogTerm() && rv.lastLogIndex >= lastLogIndex());
    if (logOk) {
      granted = true;
      if (votedFor_ != m.from) {
        setVotedFor(m.from);  // durable before the reply leaves
        milestone(words_.voteGranted, {currentTerm_}, m.from);
      }
      // Having just voted, give the candidate time to win before competing.
      resetElectionTimer();
    }
  }
  send(m.from, words_.requestVoteReply, RequestVoteReply{currentTerm_, granted}.fields(), m.request,
       m.id);
}

void RaftNode::handleRequestVoteReply(const Message& m) {
  const RequestVoteReply r = RequestVoteReply::from(m);
  if (r.term > currentTerm_) {
    stepDown(r.term);
    return;
  }
  // Replies to an older election, or arriving after this one ended, count for nothing.
  if (role_ != Role::Candidate || r.term != currentTerm_ || !r.voteGranted) return;
  votes_ |= 1u << m.from;
  if (isMajority(votesReceived())) becomeLeader();
}

void RaftNode::handleAppendEntries(const Message& m) {
  const AppendEntries ae = AppendEntries::from(m);
  if (ae.term > currentTerm_) stepDown(ae.term);
  if (ae.term < currentTerm_) {
    // A deposed leader: our reply carries the newer term and makes it step down.
    send(m.from, words_.appendEntriesReply,
         AppendEntriesReply{currentTerm_, false, lastLogIndex()}.fields(), m.request, m.id);
    return;
  }
  // The sender is the leader of our term; a candidate of this term lost.
  if (role_ != Role::Follower) stepDown(currentTerm_);
  if (leaderId_ != m.from) {
    leaderId_ = m.from;
    milestone(words_.followsLeader, {currentTerm_}, m.from);
  }
  resetElectionTimer();

  // Log consistency check: our log must hold the entry just before the new
  // ones, with the same term; otherwise the leader backs off and retries.
  if (ae.prevLogIndex > lastLogIndex() || termAt(ae.prevLogIndex) != ae.prevLogTerm) {
    const std::int64_t hint = std::min(lastLogIndex(), ae.prevLogIndex - 1);
    send(m.from, words_.appendEntriesReply, AppendEntriesReply{currentTerm_, false, hint}.fields(),
         m.request, m.id);
    return;
  }
  std::int64_t index = ae.prevLogIndex;
  if (ae.entries > 0) {
    const auto* payload = dynamic_cast<const EntriesPayload*>(m.payload.get());
    if (!payload || static_cast<std::int64_t>(payload->entries.size()) != ae.entries) return;
    for (const LogEntry& e : payload->entries) {
      ++index;
      if (index <= lastLogIndex()) {
        // Already have it (a duplicate or reordered message): keep it, and
        // keep what follows it.
        if (termAt(index) == e.term) continue;
        // A conflicting entry and everything after it were never committed:
        // the leader's log wins.
        log_.resize(static_cast<std::size_t>(index - 1));
      }
      log_.push_back(e);
    }
  }
  // Only entries known to match the leader's log may be marked committed.
  const std::int64_t lastNew = ae.prevLogIndex + ae.entries;
  const std::int64_t commit = std::min(ae.leaderCommit, lastNew);
  if (commit > commitIndex_) {
    setCommitIndex(commit);
    applyCommitted();
  }
  send(m.from, words_.appendEntriesReply, AppendEntriesReply{currentTerm_, true, lastNew}.fields(),
       m.request, m.id);
}

void RaftNode::handleAppendEntriesReply(const Message& m) {
  const AppendEntriesReply r = AppendEntriesReply::from(m);
  if (r.term > currentTerm_) {
    stepDown(r.term);
    return;
  }
  if (role_ != Role::Leader || r.term != currentTerm_) return;
  const NodeId peer = m.from;
  if (r.success) {
    matchIndex_[peer] = std::max(matchIndex_[peer], r.matchIndex);
    nextIndex_[peer] = std::max(nextIndex_[peer], matchIndex_[peer] + 1);
    advanceCommitIndex();
    if (role_ == Role::Leader && nextIndex_[peer] <= lastLogIndex()) sendAppendEntries(peer);
  } else {
    // Back off and try an earlier entry, never below what is known to match.
    nextIndex_[peer] =
        std::max(matchIndex_[peer] + 1, std::min(nextIndex_[peer] - 1, r.matchIndex + 1));
    sendAppendEntries(peer);
  }
}

void RaftNode::handleClientWrite(const Message& m) {
  const ClientWrite cw = ClientWrite::from(m);
  if (role_ != Role::Leader) {
    // Only the leader takes writes; tell the client whom to ask instead.
    send(m.from, words_.clientReply, ClientReply{false, nodeValue(leaderId_), 0}.fields(),
         m.request, m.id);
    return;
  }
  const auto* payload = dynamic_cast<const WritePayload*>(m.payload.get());
  if (!payload) return;
  // A retried write may already be in the log (put there by this leader or
  // an earlier one). Committed: confirm it again. Not yet: its commit will be
  // confirmed, since this leader's no-op or a later entry commits it.
  for (std::int64_t i = lastLogIndex(); i >= 1; --i) {
    const LogEntry& e = log_[i - 1];
    if (e.client != m.from || e.writeId != static_cast<std::uint64_t>(cw.writeId)) continue;
    if (i <= commitIndex_) replyToClient(e, i);
    return;
  }
  log_.push_back(LogEntry{currentTerm_, payload->key, payload->value, m.from,
                          static_cast<std::uint64_t>(cw.writeId)});
  matchIndex_[id()] = lastLogIndex();
  milestone(words_.writeAccepted, {lastLogIndex(), currentTerm_});
  for (NodeId peer = 0; peer < static_cast<NodeId>(servers_); ++peer)
    if (peer != id()) sendAppendEntries(peer);
}

// ---- Helpers ----

void RaftNode::sendAppendEntries(NodeId peer) {
  assert(role_ == Role::Leader);
  const std::int64_t prev = nextIndex_[peer] - 1;
  const std::int64_t count = std::min(lastLogIndex() - prev, kMaxEntriesPerMessage);
  Message msg;
  msg.to = peer;
  msg.kind = words_.appendEntries;
  msg.fields = AppendEntries{currentTerm_, prev, termAt(prev), commitIndex_, count}.fields();
  if (count > 0) {
    std::vector<LogEntry> entries(log_.begin() + prev, log_.begin() + prev + count);
    msg.payload = std::make_shared<const EntriesPayload>(std::move(entries));
  }
  send(std::move(msg));
}

void RaftNode::sendHeartbeats() {
  for (NodeId peer = 0; peer < static_cast<NodeId>(servers_); ++peer)
    if (peer != id()) sendAppendEntries(peer);
}

void RaftNode::resetElectionTimer() {
  cancelTimer(electionTimer_);
  const SimDuration timeout{
      rng().between(options_.electionTimeoutMin.count(), options_.electionTimeoutMax.count())};
  electionTimer_ = setTimer(timeout, kElectionTimer);
  timerStart_ = now();
  timerDeadline_ = now() + timeout;
}

void RaftNode::armHeartbeatTimer() {
  cancelTimer(heartbeatTimer_);
  heartbeatTimer_ = setTimer(options_.heartbeatInterval, kHeartbeatTimer);
  timerStart_ = now();
  timerDeadline_ = now() + options_.heartbeatInterval;
}

void RaftNode::applyCommitted() {
  while (lastApplied_ < commitIndex_) {
    const LogEntry& e = log_[static_cast<std::size_t>(lastApplied_)];
    ++lastApplied_;
    if (e.isNoop()) continue;
    // The client sends a write only after the one before it committed, so a
    // write id at or below the client's last applied one is a copy (a
    // retried write that reached a leader whose log lacked it): applying it
    // again could undo a newer write to the same key.
    if (e.client != kNoNode) {
      std::uint64_t& last = lastWriteApplied_[e.client];
      if (e.writeId <= last) continue;
      last = e.writeId;
    }
    config_[e.key] = e.value;
  }
}

void RaftNode::replyToClient(const LogEntry& entry, std::int64_t index) {
  if (entry.client == kNoNode) return;
  send(entry.client, words_.clientReply, ClientReply{true, id(), index}.fields(), entry.writeId);
}

std::int64_t RaftNode::termAt(std::int64_t index) const {
  if (index <= 0 || index > lastLogIndex()) return 0;
  return log_[static_cast<std::size_t>(index - 1)].term;
}

int RaftNode::votesReceived() const {
  return std::popcount(votes_);
}

void RaftNode::setRole(Role role) {
  if (role == role_) return;
  stateChanged(words_.role, static_cast<std::int64_t>(role_), static_cast<std::int64_t>(role));
  role_ = role;
}

void RaftNode::setCurrentTerm(std::int64_t term) {
  stateChanged(words_.currentTerm, currentTerm_, term);
  currentTerm_ = term;
}

void RaftNode::setVotedFor(NodeId node) {
  stateChanged(words_.votedFor, nodeValue(votedFor_), nodeValue(node));
  votedFor_ = node;
}

void RaftNode::setCommitIndex(std::int64_t index) {
  stateChanged(words_.commitIndex, commitIndex_, index);
  commitIndex_ = index;
}

}  // namespace cs::leader_election
