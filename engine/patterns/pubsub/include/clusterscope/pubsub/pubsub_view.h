// What the window draws of the Pub/Sub world: the publisher with its rate and
// its publishes waiting for an acknowledgment; the broker with its topics and
// every subscription's settings, backlog and counts; and each subscriber with
// the subscription it consumes, its processing time and what it handled. A
// snapshot of one instant, built by PubSubPattern::view on the kernel thread;
// immutable afterwards, so any thread may read it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/ids.h"
#include "clusterscope/pattern_view.h"
#include "clusterscope/time.h"

namespace cs::pubsub {

enum class DeliveryMode : std::uint8_t {
  Pull,  // the subscriber asks (Pull) and the broker answers with a batch
  Push,  // the broker sends each message to the subscriber's endpoint
};
// "pull", "push".
const char* deliveryModeName(DeliveryMode mode);

// What a node of the world is there for.
enum class NodeKind : std::uint8_t {
  Publisher,   // publishes to a topic and waits for the broker's acknowledgment
  Broker,      // keeps the topics and each subscription's backlog
  Subscriber,  // consumes one subscription and acknowledges what it handled
};

struct PublisherView {
  NodeId id = kNoNode;
  bool crashed = false;
  double rate = 0;  // messages per second, open loop; 0: only on demand
  int users = 0;    // ordering keys are user ids 1 .. users
  SimDuration publishTimeout{};
  std::uint64_t published = 0;  // messages, first tries
  std::uint64_t acked = 0;      // messages the broker acknowledged
  std::uint64_t pending = 0;    // messages waiting for their PublishAck
  std::uint64_t retries = 0;    // Publish messages sent again
  std::uint64_t duplicateAcks = 0;
};

struct TopicView {
  std::string name;            // "profile-updated"
  std::uint64_t retained = 0;  // messages some subscription may still deliver
};

struct SubscriptionView {
  std::string name;             // "email-sub"
  std::size_t topic = 0;        // index into BrokerView::topics
  NodeId subscriber = kNoNode;  // who consumes it; kNoNode: no one (kept for inspection)
  DeliveryMode delivery = DeliveryMode::Pull;
  std::string filter;     // in Pub/Sub's filter syntax; "": every message
  bool ordering = false;  // each ordering key's messages are delivered in order
  SimDuration ackDeadline{};
  int maxDeliveryAttempts = 0;  // 0: redelivered for ever, never dead-lettered
  int maxOutstanding = 0;       // flow control: messages leased at once at most
  std::uint64_t backlog = 0;    // published to the topic and not yet acknowledged here
  int outstanding = 0;          // of the backlog, delivered and waiting for an ack (in flight)
  std::uint64_t delivered = 0;  // deliveries, redeliveries included
  std::uint64_t acked = 0;
  std::uint64_t redelivered = 0;
  std::uint64_t deadLettered = 0;
  std::uint64_t expired = 0;  // discarded after the retention period
};

struct BrokerView {
  NodeId id = kNoNode;
  bool crashed = false;
  bool durable = true;           // false: a crash loses the retained messages too
  std::uint64_t stored = 0;      // messages stored, duplicates too
  std::uint64_t duplicates = 0;  // publishes stored a second time
  SimDuration retention{};
  std::vector<TopicView> topics;  // publishes go to the first
  std::vector<SubscriptionView> subscriptions;
  // The subscription that keeps dead letters for someone to look at; -1: none.
  int deadLetterSubscription = -1;
};

struct SubscriberView {
  NodeId id = kNoNode;
  bool crashed = false;
  std::size_t subscription = 0;  // index into BrokerView::subscriptions
  DeliveryMode delivery = DeliveryMode::Pull;
  SimDuration processingMean{};     // a message's handling time, on average
  SimDuration processingSlowest{};  // and at most
  bool slowed = false;              // the slow-consumer verb set the processing time
  bool failsOnPoison = false;
  std::uint64_t queued = 0;     // received and not yet handled, the one in hand included
  std::uint64_t received = 0;   // deliveries, duplicates too
  std::uint64_t processed = 0;  // distinct publishes handled
  std::uint64_t duplicates = 0;
  std::uint64_t failures = 0;  // handler failures (nacks sent)
};

class PubSubView : public PatternView {
 public:
  PublisherView publisher;
  BrokerView broker;
  std::vector<SubscriberView> subscribers;  // in the order of their subscriptions
  // Subscribers ack only what they processed; false: the unsafe switch has
  // them ack on receipt.
  bool ackAfterProcessing = true;

  // Every node that is not the publisher or the broker is a subscriber.
  NodeKind kind(NodeId id) const {
    if (id == publisher.id) return NodeKind::Publisher;
    if (id == broker.id) return NodeKind::Broker;
    return NodeKind::Subscriber;
  }
  // The subscriber that is node `id`; nullptr for any other node.
  const SubscriberView* subscriber(NodeId id) const {
    for (const auto& s : subscribers)
      if (s.id == id) return &s;
    return nullptr;
  }
  // The subscription a subscriber consumes.
  const SubscriptionView& subscriptionOf(const SubscriberView& s) const {
    return broker.subscriptions.at(s.subscription);
  }
};

}  // namespace cs::pubsub
