// One subscription of a topic: its settings and its own backlog, kept until
// each message is acknowledged. This is the bookkeeping of at-least-once
// delivery, apart from the network, so it can be read and tested alone:
//
//   - every message the topic stores after the subscription exists gets a
//     slot here: Pending if the filter matches, else Filtered (acknowledged
//     at once, never delivered);
//   - delivering a message leases it for ackDeadline; an ack ends the
//     lease and removes the message from the backlog; a nack or a passed
//     ack deadline ends the lease and queues the message for redelivery,
//     unless it has had maxDeliveryAttempts deliveries: then the broker
//     moves it to the dead-letter topic;
//   - with ordering, a message with an ordering key is not delivered while
//     an earlier message with the same key is unacknowledged (delivered,
//     waiting for redelivery or not yet delivered): Google Pub/Sub's rule;
//   - flow control: at most maxOutstanding messages leased at once;
//   - a message older than the retention period is discarded, acked or not.
//
// Durable (survives a broker crash): the slots' states and delivery attempt
// counts, and the counters. Volatile (forgetVolatile() drops them, and the
// broker rebuilds them by delivering again from the oldest unacknowledged
// message): leases, the redelivery queue, the delivery cursor and the key
// owners. Kernel thread only (it lives inside the broker node).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clusterscope/ids.h"
#include "clusterscope/pubsub/pubsub_view.h"
#include "clusterscope/ring.h"
#include "clusterscope/time.h"
#include "patterns/pubsub/filter.h"
#include "patterns/pubsub/topic.h"

namespace cs::pubsub {

struct SubscriptionConfig {
  std::string name;  // "email-sub"
  std::uint32_t topic = 0;
  Filter filter;          // empty: every message
  bool ordering = false;  // enableMessageOrdering
  DeliveryMode delivery = DeliveryMode::Pull;
  NodeId subscriber = kNoNode;  // the push endpoint, or the node that pulls; kNoNode: none yet
  SimDuration ackDeadline{10'000'000};
  int maxDeliveryAttempts = 0;  // 0: redeliver for ever, never dead-letter
  int deadLetterTopic = -1;     // the broker's topic index; -1: none
  int maxOutstanding = 100;     // flow control: leased messages at most
  SimDuration retention{600'000'000};
};

enum class SlotState : std::uint8_t {
  Pending,       // in the backlog: not yet acknowledged
  Acked,         // acknowledged by the subscriber
  Filtered,      // the filter did not match: acknowledged at once
  DeadLettered,  // moved to the dead-letter topic after maxDeliveryAttempts
  Expired,       // discarded: older than the retention period
};

struct SubscriptionCounters {
  std::uint64_t delivered = 0;  // deliveries, redeliveries included
  std::uint64_t redelivered = 0;
  std::uint64_t acked = 0;
  std::uint64_t deadLettered = 0;
  std::uint64_t expired = 0;
  std::uint64_t filtered = 0;
  std::uint64_t duplicateAcks = 0;  // acks for messages no longer in the backlog
};

class Subscription {
 public:
  // The subscription sees the topic's messages from `firstSeq` on.
  Subscription(SubscriptionConfig config, Seq firstSeq);

  SubscriptionConfig& config() { return config_; }
  const SubscriptionConfig& config() const { return config_; }

  // ---- Storing (durable) ----
  // REQUIRES: seq == end().
  void append(Seq seq, bool matches);

  // ---- Delivering ----
  struct Next {
    Seq seq = 0;
    RedeliveryReason reason = RedeliveryReason::None;
  };
  // Takes the next message that may be delivered now, redeliveries first;
  // nullopt if none may (ordering keys may hold some back). The caller
  // leases it at once. Does not look at flow control: see hasRoom().
  std::optional<Next> next(const Topic& topic);
  bool hasRoom() const { return outstanding_ < config_.maxOutstanding; }
  // Leases a message taken by next() until now + ackDeadline. Returns its
  // delivery attempt (1 for the first).
  std::uint32_t lease(Seq seq, SimTime now);

  struct Lease {
    Seq seq = 0;
    SimTime deadline{};
    std::uint32_t attempt = 0;
  };
  // The earliest deadline of a lease that may still be outstanding.
  std::optional<SimTime> nextLeaseDeadline() const;
  // Takes an outstanding lease whose deadline is at or before `now`.
  std::optional<Lease> popExpiredLease(SimTime now);

  // An acknowledgment: true if it removed a message from the backlog, false
  // if the message was no longer there (acked before, or gone).
  bool ack(Seq seq, const Topic& topic);
  // Forgets leases that ended, from the fronts of the lease queues. Acks
  // mostly come in delivery order, so calling this after each batch of acks
  // keeps the queues short.
  void dropStaleLeases();
  enum class Release {
    Stale,       // that delivery is not outstanding any more: nothing to do
    Redeliver,   // queued for redelivery
    DeadLetter,  // it had maxDeliveryAttempts: the caller calls deadLetter()
  };
  // Ends the lease of delivery `attempt` without an ack (a nack or a passed
  // ack deadline).
  Release release(Seq seq, std::uint32_t attempt, RedeliveryReason reason);
  // REQUIRES: retains(seq).
  void deadLetter(Seq seq, const Topic& topic);
  // Discards every pending message published at or before `cutoff`,
  // calling fn(seq) for each.
  template <class Fn>
  void expireUntil(SimTime cutoff, const Topic& topic, Fn fn);
  // The publish time of the oldest pending message.
  std::optional<SimTime> oldestPending(const Topic& topic) const;

  // ---- Crash ----
  // Drops the volatile parts: leases, redelivery queue, cursor, key owners.
  void forgetVolatile();
  // Loses the backlog too (a broker without durable storage crashed); the
  // subscription sees the topic from `end` on.
  void wipe(Seq end);

  // ---- Observations ----
  Seq floor() const { return floor_; }  // the oldest message still tracked
  Seq end() const { return floor_ + window_.size(); }
  bool retains(Seq seq) const {
    return seq >= floor_ && seq < end() && at(seq).state == SlotState::Pending;
  }
  // REQUIRES: floor() <= seq < end().
  SlotState state(Seq seq) const { return at(seq).state; }
  std::uint32_t attempts(Seq seq) const { return at(seq).attempts; }
  bool leased(Seq seq) const { return at(seq).flags & kLeased; }
  std::uint64_t backlog() const { return backlog_; }  // unacknowledged messages
  int outstanding() const { return outstanding_; }    // leased now
  std::uint64_t waiting() const { return backlog_ - static_cast<std::uint64_t>(outstanding_); }
  const SubscriptionCounters& counters() const { return counters_; }

  // Backlog alarm, for the backlog-growing and backlog-drained milestones:
  // Growing when the backlog first reaches `threshold`, Drained when it is
  // back to zero after that.
  enum class BacklogChange { None, Growing, Drained };
  BacklogChange checkBacklog(std::uint64_t threshold);
  std::uint64_t backlogPeak() const { return peak_; }

 private:
  static constexpr std::uint8_t kLeased = 1;  // delivered and not yet acked, nacked or expired
  struct Slot {
    SlotState state = SlotState::Pending;
    std::uint8_t flags = 0;  // volatile
    std::uint16_t attempts = 0;
  };
  struct Ready {
    Seq seq = 0;
    RedeliveryReason reason = RedeliveryReason::None;
  };
  struct LeaseQueue {
    SimDuration ackDeadline{};
    Ring<Lease> leases;  // deadlines ascend: one ackDeadline, appended in time order
  };

  Slot& at(Seq seq) { return window_[seq - floor_]; }
  const Slot& at(Seq seq) const { return window_[seq - floor_]; }
  bool live(const Lease& l) const;
  void settle(Seq seq, SlotState state, std::uint64_t& counter, const Topic& topic);
  void advanceFloor();
  void releaseKey(Seq seq, const Topic& topic);
  Seq& keyOwner(std::uint32_t keyIndex);

  SubscriptionConfig config_;

  // ---- Durable ----
  Ring<Slot> window_;  // slots for floor_ .. end()-1; the front one is Pending
  Seq floor_;
  std::uint64_t backlog_ = 0;
  SubscriptionCounters counters_;
  bool alarmed_ = false;
  std::uint64_t peak_ = 0;

  // ---- Volatile ----
  Seq cursor_;         // every message before it was delivered, held back for its key, or skipped
  Ring<Ready> ready_;  // to deliver before the cursor's: redeliveries, released keys
  std::vector<Seq> keyOwner_;  // by key index: the one unacknowledged message of the key
                               // that may be delivered; 0: none
  std::vector<LeaseQueue> leases_;
  int outstanding_ = 0;
};

template <class Fn>
void Subscription::expireUntil(SimTime cutoff, const Topic& topic, Fn fn) {
  while (!window_.empty() && topic.at(floor_).publishTime <= cutoff) {
    const Seq seq = floor_;
    settle(seq, SlotState::Expired, counters_.expired, topic);
    fn(seq);
  }
}

}  // namespace cs::pubsub
