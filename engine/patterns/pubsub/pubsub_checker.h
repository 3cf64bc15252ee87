// The Pub/Sub pattern's invariants, checked from the trace (and, for one
// rule, the broker's durable state through the kernel's public interface):
//
//   NoLossChecker — every publish the publisher saw acknowledged is
//     delivered at least once to every subscription whose filter matches it
//     (or is dead-lettered, or discarded for its age, by that subscription).
//     Safety, checked whenever the broker restarts: each acknowledged publish
//     not yet delivered to a subscription is still retained for it.
//     Liveness, for tests to ask after healing: undelivered() is empty.
//
//   OrderingChecker — in a subscription with ordering, for each ordering key:
//     a message is not delivered while an earlier message with the same key
//     that was delivered is unacknowledged (not acked, dead-lettered or
//     expired), and messages are first delivered in the order the broker
//     stored them (Google Pub/Sub's ordered delivery). A copy of a message
//     that arrives after the message was acknowledged (delayed on the way,
//     sent before its ack deadline passed) is not a new delivery.
//
//   DeadLetterChecker — a message moves to the dead-letter topic at most
//     once per subscription, only after the broker delivered it
//     maxDeliveryAttempts times, and is never redelivered after that.
//
// "Delivered" is the subscriber's delivered milestone; acks, dead-letters,
// expiries and redeliveries are the broker's milestones. Kernel thread only.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "clusterscope/checker.h"
#include "patterns/pubsub/filter.h"
#include "patterns/pubsub/id_set.h"
#include "patterns/pubsub/publish_acks.h"
#include "patterns/pubsub/pubsub_words.h"

namespace cs::pubsub {

struct CheckedSubscription {
  std::size_t index = 0;  // the broker's subscription index
  std::string name;
  NodeId subscriber = kNoNode;
  Filter filter;
  bool ordering = false;
};

// The parts of a world the checkers watch: one publisher publishing to topic
// 0 of one broker, and the subscriptions of that topic.
struct CheckedWorld {
  Words words;
  NodeId publisher = kNoNode;
  NodeId broker = kNoNode;
  std::vector<CheckedSubscription> subscriptions;
};

class NoLossChecker : public Checker {
 public:
  explicit NoLossChecker(CheckedWorld world);
  std::string_view name() const override {
    return "every acknowledged publish is delivered to every subscription whose filter matches";
  }
  std::string_view meaning() const override {
    return "a publish the broker confirmed reaches every subscriber that asked for it";
  }
  void onRecord(const TraceRecord& record) override;
  void afterEvent(const Kernel& kernel) override;

  // Checks now that the broker retains every acknowledged publish not yet
  // delivered to a subscription that wants it.
  void checkRetained(const Kernel& kernel);
  // Pairs (subscription, publish) acknowledged to the publisher, wanted by
  // the subscription and not yet delivered to it.
  std::size_t undelivered() const { return pending_.size(); }
  // "search-index-sub never got publish 17 (message 17)"; empty if none.
  std::string firstUndelivered() const;
  // What the checker keeps, in entries and id-set words: flat over a long
  // run whose publishes are delivered (tests of the bound).
  std::size_t kept() const;

 private:
  const CheckedSubscription* bySubscriber(NodeId node, std::int64_t sub) const;
  void handled(std::size_t sub, PublishId publish);

  CheckedWorld world_;
  PublishAcks acks_;
  // Per subscription: delivered, dead-lettered or expired, or acknowledged
  // to the publisher while the subscription's filter does not want it
  // (nothing is owed, and the set stays dense, so compact).
  std::vector<IdSet> handled_;
  std::map<std::pair<std::size_t, PublishId>, Seq> pending_;  // -> the acknowledged copy's id
  bool brokerRestarted_ = false;
};

class OrderingChecker : public Checker {
 public:
  explicit OrderingChecker(CheckedWorld world);
  std::string_view name() const override {
    return "messages with the same ordering key are delivered in order, each after the one "
           "before it was acknowledged";
  }
  std::string_view meaning() const override {
    return "one user's updates are applied in the order they happened";
  }
  void onRecord(const TraceRecord& record) override;

  // What the checker keeps, in entries and id-set words: flat over a long
  // run whose messages are settled, filtered ones included (tests of the
  // bound).
  std::size_t kept() const;

 private:
  struct KeyState {
    std::set<Seq> unresolved;  // delivered, not yet acked, dead-lettered or expired
    Seq highestFirstDelivery = 0;
  };
  void resolve(std::size_t sub, Seq seq);

  CheckedWorld world_;
  PublishAcks acks_;
  // By subscription: messages acked, dead-lettered, expired, or skipped by
  // its filter (so that the set has no gaps that last).
  std::map<std::size_t, IdSet> resolved_;
  std::map<std::pair<std::size_t, std::int64_t>, KeyState> keys_;
  std::map<std::pair<std::size_t, Seq>, std::int64_t> keyOf_;  // delivered messages' keys
};

class DeadLetterChecker : public Checker {
 public:
  explicit DeadLetterChecker(CheckedWorld world);
  std::string_view name() const override {
    return "a message that exhausts its delivery attempts lands in the dead-letter topic "
           "exactly once";
  }
  std::string_view meaning() const override {
    return "a message no handler can process is set aside once, not retried forever";
  }
  void onRecord(const TraceRecord& record) override;

  // Messages whose attempts are kept (tests of the bound).
  std::size_t kept() const { return messages_.size(); }

 private:
  struct Attempts {
    std::int64_t highest = 1;  // the highest delivery attempt the broker traced
    int deadLettered = 0;
  };
  CheckedWorld world_;
  // By (subscription, message), from its first redelivery until it is
  // acknowledged or expires; a dead-lettered one stays (it must never move
  // or be delivered again).
  std::map<std::pair<std::int64_t, Seq>, Attempts> messages_;
};

}  // namespace cs::pubsub
