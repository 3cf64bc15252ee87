// The configuration client. See client_node.h.
#include "patterns/leader_election/client_node.h"

namespace cs::leader_election {

ClientNode::ClientNode(const Options& options, const Words& words, int servers)
    : options_(options), words_(words), servers_(servers) {}

void ClientNode::submit(std::string key, std::string value, NodeId aimedAt) {
  pending_.push_back(Write{nextWriteId_++, std::move(key), std::move(value), aimedAt});
  if (pending_.size() == 1) armTimer(sendTimer_, SimDuration{0}, kSendTimer);
}

void ClientNode::onStart() {
  if (!pending_.empty()) armTimer(sendTimer_, SimDuration{0}, kSendTimer);
}

void ClientNode::onCrash() {
  pending_.clear();
  completed_ = 0;
  target_ = kNoNode;
  believedLeader_ = kNoNode;
  suspect_ = kNoNode;
  headSent_ = false;
  sendTimer_ = {};
  retryTimer_ = {};
}

void ClientNode::onTimer(TimerHandle timer, std::uint64_t tag) {
  TimerHandle& mine = tag == kSendTimer ? sendTimer_ : retryTimer_;
  if (!mine || mine.slot != timer.slot || mine.generation != timer.generation) return;
  mine = {};
  if (pending_.empty()) return;
  if (tag == kSendTimer) {
    if (headSent_) return;  // already on its way
    const Write& w = pending_.front();
    sendHead(w.aimedAt != kNoNode         ? w.aimedAt
             : believedLeader_ != kNoNode ? believedLeader_
             : target_ == kNoNode         ? NodeId{0}
                                          : target_);
  } else {
    // No answer in time: whoever we asked is down, cut off or deposed.
    suspect_ = target_;
    believedLeader_ = kNoNode;
    sendHead(nextInTurn());
  }
}

void ClientNode::onMessage(const Message& m) {
  if (m.kind != words_.clientReply || pending_.empty() || m.request != pending_.front().id) return;
  const ClientReply r = ClientReply::from(m);
  if (r.ok) {
    believedLeader_ = m.from;
    suspect_ = kNoNode;
    pending_.pop_front();
    ++completed_;
    headSent_ = false;
    cancelTimer(retryTimer_);
    milestone(words_.writeCompleted, {r.index});
    if (!pending_.empty()) armTimer(sendTimer_, SimDuration{0}, kSendTimer);
    return;
  }
  const auto hint = static_cast<NodeId>(r.leaderHint);
  if (r.leaderHint >= 0 && r.leaderHint < servers_ && hint == suspect_ && hint != m.from) {
    // Redirected to the server that just failed us: the hint is probably
    // stale (this server is cut off with a deposed leader). Try the next one;
    // once every other server has been asked, the suspect gets another chance.
    target_ = m.from;
    const NodeId next = nextInTurn();
    if (next == suspect_) suspect_ = kNoNode;
    sendHead(next);
  } else if (r.leaderHint >= 0 && r.leaderHint < servers_ && hint != m.from) {
    // Redirected: ask the leader the server named.
    believedLeader_ = hint;
    sendHead(believedLeader_);
  } else {
    // No leader known there (an election is on): wait a little, then ask the next node.
    believedLeader_ = kNoNode;
    target_ = m.from;
    armTimer(retryTimer_, options_.electionTimeoutMin, kRetryTimer);
  }
}

void ClientNode::sendHead(NodeId to) {
  const Write& w = pending_.front();
  target_ = to;
  headSent_ = true;
  Message msg;
  msg.to = to;
  msg.kind = words_.clientWrite;
  msg.request = w.id;
  msg.fields = ClientWrite{static_cast<std::int64_t>(w.id)}.fields();
  msg.payload = std::make_shared<const WritePayload>(w.key, w.value);
  send(std::move(msg));
  armTimer(retryTimer_, 2 * options_.electionTimeoutMax, kRetryTimer);
}

NodeId ClientNode::nextInTurn() const {
  return target_ == kNoNode ? 0 : static_cast<NodeId>((target_ + 1) % servers_);
}

void ClientNode::armTimer(TimerHandle& timer, SimDuration delay, TimerTag tag) {
  cancelTimer(timer);
  timer = setTimer(delay, tag);
}

}  // namespace cs::leader_election
