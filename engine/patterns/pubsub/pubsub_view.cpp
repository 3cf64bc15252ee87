// PubSubPattern::view: the typed picture of the world that the window draws
// (clusterscope/pubsub/pubsub_view.h), read from the publisher, the broker
// and the subscribers at one instant. It only observes: no random draw, no
// message, no change to any node. See pubsub_pattern.h. Kernel thread only.
#include "clusterscope/pubsub/pubsub_view.h"

#include "patterns/pubsub/broker.h"
#include "patterns/pubsub/publisher.h"
#include "patterns/pubsub/pubsub_pattern.h"
#include "patterns/pubsub/subscriber.h"

namespace cs::pubsub {
namespace {

PublisherView publisherView(const Kernel& kernel) {
  const auto& p = static_cast<const Publisher&>(kernel.node(kProfile));
  PublisherView v;
  v.id = kProfile;
  v.crashed = kernel.status(kProfile) == NodeStatus::Crashed;
  v.rate = p.options().rate;
  v.users = p.options().users;
  v.publishTimeout = p.options().timeout;
  v.published = p.published();
  v.acked = p.acked();
  v.pending = p.unacknowledged();
  v.retries = p.retries();
  v.duplicateAcks = p.duplicateAcks();
  return v;
}

SubscriptionView subscriptionView(const Subscription& s) {
  const SubscriptionConfig& c = s.config();
  const SubscriptionCounters& n = s.counters();
  SubscriptionView v;
  v.name = c.name;
  v.topic = c.topic;
  v.subscriber = c.subscriber;
  v.delivery = c.delivery;
  v.filter = c.filter.text();
  v.ordering = c.ordering;
  v.ackDeadline = c.ackDeadline;
  v.maxDeliveryAttempts = c.maxDeliveryAttempts;
  v.maxOutstanding = c.maxOutstanding;
  v.backlog = s.backlog();
  v.outstanding = s.outstanding();
  v.delivered = n.delivered;
  v.acked = n.acked;
  v.redelivered = n.redelivered;
  v.deadLettered = n.deadLettered;
  v.expired = n.expired;
  return v;
}

BrokerView brokerView(const Kernel& kernel) {
  const auto& b = static_cast<const Broker&>(kernel.node(kBroker));
  BrokerView v;
  v.id = kBroker;
  v.crashed = kernel.status(kBroker) == NodeStatus::Crashed;
  v.durable = b.durable();
  v.stored = b.stored();
  v.duplicates = b.duplicates();
  v.retention = b.subscription(0).config().retention;
  for (std::size_t t = 0; t < b.topicCount(); ++t)
    v.topics.push_back({b.topic(t).name(), b.topic(t).retained()});
  for (std::size_t i = 0; i < b.subscriptionCount(); ++i)
    v.subscriptions.push_back(subscriptionView(b.subscription(i)));
  v.deadLetterSubscription = static_cast<int>(kDeadLetterSub);
  return v;
}

SubscriberView subscriberView(const Kernel& kernel, NodeId node) {
  const auto& s = static_cast<const Subscriber&>(kernel.node(node));
  const SubscriberOptions& o = s.options();
  SubscriberView v;
  v.id = node;
  v.crashed = kernel.status(node) == NodeStatus::Crashed;
  v.subscription = static_cast<std::size_t>(o.subscription);
  v.delivery = o.delivery;
  v.processingMean = o.processing.mean();
  v.processingSlowest = o.processingSlowest;
  v.slowed = o.slowed;
  v.failsOnPoison = o.failsOnPoison;
  // The message in hand stays at the queue's front until it is handled.
  v.queued = s.queued();
  v.received = s.received();
  v.processed = s.processed();
  v.duplicates = s.duplicates();
  v.failures = s.failures();
  return v;
}

}  // namespace

std::shared_ptr<const PatternView> PubSubPattern::view(const Kernel& kernel) const {
  auto v = std::make_shared<PubSubView>();
  v->publisher = publisherView(kernel);
  v->broker = brokerView(kernel);
  v->ackAfterProcessing =
      static_cast<const Subscriber&>(kernel.node(kEmail)).options().ackAfterProcessing;
  for (std::size_t i = 0; i < kSubscriberNames.size(); ++i)
    v->subscribers.push_back(subscriberView(kernel, static_cast<NodeId>(kEmail + i)));
  return v;
}

}  // namespace cs::pubsub
