// The Pub/Sub pattern's world: building it, its role words, its checkers and
// its gauges. Verbs are in pubsub_verbs.cpp, snapshots in
// pubsub_snapshot.cpp, the typed view in pubsub_view.cpp. See pubsub_pattern.h. Kernel thread only.
#include "patterns/pubsub/pubsub_pattern.h"

#include <algorithm>
#include <cassert>

#include "patterns/pubsub/broker.h"
#include "patterns/pubsub/processed_checker.h"
#include "patterns/pubsub/publisher.h"
#include "patterns/pubsub/subscriber.h"

namespace cs::pubsub {
namespace {

SubscriptionConfig subscriptionConfig(const PubSubOptions& o, std::size_t i) {
  SubscriptionConfig c;
  c.name = subscriptionName(i);
  c.ackDeadline = o.ackDeadline;
  c.maxOutstanding = o.maxOutstanding;
  c.retention = o.retention;
  if (i == kDeadLetterSub) {
    // Kept for someone to inspect: nobody pulls it, nothing is redelivered.
    c.topic = 1;
    return c;
  }
  c.topic = 0;
  if (i == 3) c.filter = o.analyticsFilter;
  c.ordering = o.ordering;
  c.delivery = o.push[i] ? DeliveryMode::Push : DeliveryMode::Pull;
  c.subscriber = static_cast<NodeId>(kEmail + i);
  c.maxDeliveryAttempts = o.maxDeliveryAttempts;
  c.deadLetterTopic = 1;
  return c;
}

}  // namespace

std::string subscriptionName(std::size_t index) {
  if (index == kDeadLetterSub) return "dead-letter-sub";
  return std::string(kSubscriberNames.at(index)) + "-sub";
}

std::unique_ptr<Pattern> make(const nlohmann::json& options) {
  return std::make_unique<PubSubPattern>(parsePubSubOptions(options));
}

void PubSubPattern::build(Kernel& kernel) {
  words_ = defineWords(kernel);
  Metrics& metrics = kernel.metrics();
  const PubSubOptions& o = options_;

  PublisherOptions publisher;
  publisher.broker = kBroker;
  publisher.rate = o.publishRate;
  publisher.users = o.users;
  publisher.timeout = o.publishTimeout;
  [[maybe_unused]] const NodeId profile =
      kernel.addNode(std::make_unique<Publisher>(words_, publisher, metrics));
  assert(profile == kProfile);

  BrokerOptions broker;
  broker.topics = {kTopicName, kDeadLetterTopicName};
  broker.durable = o.durable;
  broker.backlogAlarm = static_cast<std::uint64_t>(o.backlogAlarm);
  for (std::size_t i = 0; i <= kDeadLetterSub; ++i)
    broker.subscriptions.push_back(subscriptionConfig(o, i));
  kernel.addNode(std::make_unique<Broker>(words_, std::move(broker), metrics));

  for (std::size_t i = 0; i < kSubscriberNames.size(); ++i) {
    SubscriberOptions s;
    s.broker = kBroker;
    s.subscription = static_cast<std::int64_t>(i);
    s.delivery = o.push[i] ? DeliveryMode::Push : DeliveryMode::Pull;
    s.processing = o.processingTime(i);
    s.processingSlowest = o.slowestProcessing(i);
    s.failsOnPoison = o.poisoned == static_cast<int>(i);
    s.ackAfterProcessing = o.ackAfterProcessing;
    s.pullTimeout = SimDuration{2'000'000};
    if (o.backlogAlarm > 0) s.behindThreshold = static_cast<std::uint64_t>(o.backlogAlarm);
    s.remember = 2 * o.retention;
    kernel.addNode(std::make_unique<Subscriber>(words_, std::move(s)));
  }
  // The log and the milestones speak of "broker" and "email", not node numbers.
  for (NodeId n = 0; n < kNodeNames.size(); ++n) kernel.nameNode(n, kNodeNames[n]);
  kernel.network().setDefaultLink(o.link());
  // Messages per second over the last sample interval.
  publishRate_ =
      metrics.define(MetricInfo::gauge("pubsub.publish_rate", "pubsub", "", "publish_rate"));
  deliveryRate_ =
      metrics.define(MetricInfo::gauge("pubsub.delivery_rate", "pubsub", "", "delivery_rate"));
}

std::optional<NodeId> PubSubPattern::resolve(const Kernel&, std::string_view role) const {
  if (role == "publisher") return kProfile;
  for (NodeId n = 0; n < kNodeNames.size(); ++n)
    if (role == kNodeNames[n]) return n;
  return std::nullopt;
}

// The publisher is the profile service; the other nodes go by their names.
std::vector<std::string> PubSubPattern::roleWords() const {
  return {"publisher"};
}

CheckedWorld PubSubPattern::checkedWorld() const {
  CheckedWorld w;
  w.words = words_;
  w.publisher = kProfile;
  w.broker = kBroker;
  for (std::size_t i = 0; i < kSubscriberNames.size(); ++i) {
    const SubscriptionConfig c = subscriptionConfig(options_, i);
    w.subscriptions.push_back({i, c.name, c.subscriber, c.filter, c.ordering});
  }
  return w;
}

std::vector<std::unique_ptr<Checker>> PubSubPattern::checkers(const Kernel&) const {
  std::vector<std::unique_ptr<Checker>> v;
  v.push_back(std::make_unique<NoLossChecker>(checkedWorld()));
  v.push_back(std::make_unique<OrderingChecker>(checkedWorld()));
  v.push_back(std::make_unique<DeadLetterChecker>(checkedWorld()));
  v.push_back(std::make_unique<ProcessedChecker>(checkedWorld()));
  return v;
}

// Publish and delivery rates over the last sample interval, in messages
// per second, for charts that plot rates rather than counters.
void PubSubPattern::updateGauges(Kernel& kernel) {
  auto& broker = static_cast<Broker&>(kernel.node(kBroker));
  broker.publishGauges();
  const auto& publisher = static_cast<const Publisher&>(kernel.node(kProfile));
  const auto published = static_cast<std::int64_t>(publisher.published());
  std::int64_t delivered = 0;
  for (std::size_t i = 0; i < broker.subscriptionCount(); ++i)
    delivered += static_cast<std::int64_t>(broker.subscription(i).counters().delivered);
  Metrics& m = kernel.metrics();
  const std::int64_t interval = std::max<std::int64_t>(1, m.interval().count());
  m.set(publishRate_, (published - lastPublished_) * 1'000'000 / interval);
  m.set(deliveryRate_, (delivered - lastDelivered_) * 1'000'000 / interval);
  lastPublished_ = published;
  lastDelivered_ = delivered;
}

}  // namespace cs::pubsub
