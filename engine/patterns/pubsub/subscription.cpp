// A subscription's backlog, leases and ordering keys. See subscription.h.
// Kernel thread only.
#include "patterns/pubsub/subscription.h"

#include <algorithm>
#include <cassert>

namespace cs::pubsub {

const char* deliveryModeName(DeliveryMode mode) {
  return mode == DeliveryMode::Push ? "push" : "pull";
}

Subscription::Subscription(SubscriptionConfig config, Seq firstSeq)
    : config_(std::move(config)), floor_(firstSeq), cursor_(firstSeq) {}

void Subscription::append([[maybe_unused]] Seq seq, bool matches) {
  assert(seq == end());
  window_.push_back(Slot{matches ? SlotState::Pending : SlotState::Filtered, 0, 0});
  if (matches) {
    ++backlog_;
  } else {
    ++counters_.filtered;
    advanceFloor();
  }
}

void Subscription::advanceFloor() {
  while (!window_.empty() && window_.front().state != SlotState::Pending) {
    window_.pop_front();
    ++floor_;
  }
}

Seq& Subscription::keyOwner(std::uint32_t keyIndex) {
  if (keyIndex >= keyOwner_.size()) keyOwner_.resize(keyIndex + 1, 0);
  return keyOwner_[keyIndex];
}

std::optional<Subscription::Next> Subscription::next(const Topic& topic) {
  while (!ready_.empty()) {
    const Ready r = ready_.front();
    ready_.pop_front();
    // Acked, expired or already redelivered since it was queued: skip it.
    if (!retains(r.seq) || (at(r.seq).flags & kLeased)) continue;
    return Next{r.seq, r.reason};
  }
  cursor_ = std::max(cursor_, floor_);
  while (cursor_ < end()) {
    const Seq seq = cursor_++;
    Slot& s = at(seq);
    if (s.state != SlotState::Pending) continue;
    if (config_.ordering) {
      const std::uint32_t key = topic.at(seq).keyIndex;
      if (key != 0) {
        Seq& owner = keyOwner(key);
        // Teaching note: an earlier message with this key is not yet
        // acknowledged, so this one waits until it is (releaseKey).
        if (owner != 0 && owner != seq) continue;
        owner = seq;
      }
    }
    // The cursor meets a message delivered before only when a restart sent
    // it back to the oldest unacknowledged message.
    return Next{seq, s.attempts > 0 ? RedeliveryReason::BrokerRestart : RedeliveryReason::None};
  }
  return std::nullopt;
}

std::uint32_t Subscription::lease(Seq seq, SimTime now) {
  Slot& s = at(seq);
  s.flags = kLeased;
  if (s.attempts < UINT16_MAX) ++s.attempts;
  ++outstanding_;
  ++counters_.delivered;
  if (s.attempts > 1) ++counters_.redelivered;
  if (leases_.empty() || leases_.back().ackDeadline != config_.ackDeadline)
    leases_.push_back(LeaseQueue{config_.ackDeadline, {}});
  leases_.back().leases.push_back(Lease{seq, now + config_.ackDeadline, s.attempts});
  return s.attempts;
}

bool Subscription::live(const Lease& l) const {
  if (!retains(l.seq)) return false;
  const Slot& s = at(l.seq);
  return (s.flags & kLeased) && s.attempts == l.attempt;
}

void Subscription::dropStaleLeases() {
  for (LeaseQueue& q : leases_)
    while (!q.leases.empty() && !live(q.leases.front())) q.leases.pop_front();
  // A queue for an ackDeadline no longer in force goes once it is empty.
  for (std::size_t i = 0; i + 1 < leases_.size();) {
    if (leases_[i].leases.empty())
      leases_.erase(leases_.begin() + static_cast<std::ptrdiff_t>(i));
    else
      ++i;
  }
}

std::optional<SimTime> Subscription::nextLeaseDeadline() const {
  std::optional<SimTime> earliest;
  for (const LeaseQueue& q : leases_)
    if (!q.leases.empty() && (!earliest || q.leases.front().deadline < *earliest))
      earliest = q.leases.front().deadline;
  return earliest;
}

std::optional<Subscription::Lease> Subscription::popExpiredLease(SimTime now) {
  dropStaleLeases();
  for (LeaseQueue& q : leases_) {
    if (q.leases.empty() || q.leases.front().deadline > now) continue;
    const Lease l = q.leases.front();
    q.leases.pop_front();
    return l;
  }
  return std::nullopt;
}

bool Subscription::ack(Seq seq, const Topic& topic) {
  if (!retains(seq)) {
    ++counters_.duplicateAcks;
    return false;
  }
  settle(seq, SlotState::Acked, counters_.acked, topic);
  return true;
}

// `seq` leaves the backlog for good, for the reason `state` says.
void Subscription::settle(Seq seq, SlotState state, std::uint64_t& counter, const Topic& topic) {
  Slot& s = at(seq);
  s.state = state;
  if (s.flags & kLeased) --outstanding_;
  s.flags = 0;
  --backlog_;
  ++counter;
  releaseKey(seq, topic);
  advanceFloor();
}

Subscription::Release Subscription::release(Seq seq, std::uint32_t attempt,
                                            RedeliveryReason reason) {
  if (!live(Lease{seq, {}, attempt})) return Release::Stale;
  Slot& s = at(seq);
  s.flags = 0;
  --outstanding_;
  if (config_.maxDeliveryAttempts > 0 && s.attempts >= config_.maxDeliveryAttempts)
    return Release::DeadLetter;
  // The message keeps its ordering key: later messages with the key wait.
  ready_.push_back(Ready{seq, reason});
  return Release::Redeliver;
}

void Subscription::deadLetter(Seq seq, const Topic& topic) {
  settle(seq, SlotState::DeadLettered, counters_.deadLettered, topic);
}

// `seq` leaves the backlog: if it held its ordering key, the next pending
// message with that key (passed over by the cursor) may go now.
void Subscription::releaseKey(Seq seq, const Topic& topic) {
  if (!config_.ordering) return;
  const TopicMessage& m = topic.at(seq);
  if (m.keyIndex == 0 || keyOwner(m.keyIndex) != seq) return;
  Seq& owner = keyOwner(m.keyIndex);
  owner = 0;
  // Messages at or after the cursor are the cursor's to find, in order; the
  // first pending one before it is the one the cursor passed over.
  for (Seq n = m.nextSameKey; n != 0 && n < cursor_; n = topic.at(n).nextSameKey) {
    if (at(n).state != SlotState::Pending) continue;
    owner = n;
    ready_.push_back(Ready{n, RedeliveryReason::None});
    return;
  }
}

std::optional<SimTime> Subscription::oldestPending(const Topic& topic) const {
  if (window_.empty()) return std::nullopt;
  return topic.at(floor_).publishTime;
}

Subscription::BacklogChange Subscription::checkBacklog(std::uint64_t threshold) {
  // The peak of the current episode: since the alarm, or just now.
  peak_ = alarmed_ ? std::max(peak_, backlog_) : backlog_;
  if (!alarmed_ && threshold > 0 && backlog_ >= threshold) {
    alarmed_ = true;
    return BacklogChange::Growing;
  }
  if (alarmed_ && backlog_ == 0) {
    alarmed_ = false;
    return BacklogChange::Drained;
  }
  return BacklogChange::None;
}

void Subscription::forgetVolatile() {
  window_.forEach([](Slot& s) { s.flags = 0; });
  cursor_ = floor_;
  ready_.clear();
  keyOwner_.clear();
  leases_.clear();
  outstanding_ = 0;
}

void Subscription::wipe(Seq end) {
  window_.clear();
  floor_ = end;
  backlog_ = 0;
  alarmed_ = false;
  forgetVolatile();
}

}  // namespace cs::pubsub
