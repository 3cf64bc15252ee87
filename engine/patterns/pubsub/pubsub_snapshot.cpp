// What the inspector shows of each Pub/Sub node: its role in words and rows
// of display text, which nothing parses back (the canvas draws the typed
// view, pubsub_view.cpp). See pubsub_pattern.h. Kernel thread only.
#include "patterns/option_checks.h"
#include "patterns/pubsub/broker.h"
#include "patterns/pubsub/publisher.h"
#include "patterns/pubsub/pubsub_pattern.h"
#include "patterns/pubsub/subscriber.h"

namespace cs::pubsub {
namespace {

std::string ms(SimDuration d) {
  return std::to_string(d.count() / 1000) + " ms";
}

std::string count(std::uint64_t n) {
  return std::to_string(n);
}

std::string rate(double r) {
  return option_checks::numberText(r) + "/s";
}

}  // namespace

NodeSnapshot PubSubPattern::snapshot(const Kernel& kernel, NodeId node) const {
  NodeSnapshot snap;
  snap.id = node;
  snap.name = kNodeNames.at(node);
  snap.status = kernel.status(node);
  snap.slowBy = kernel.slowness(node);
  if (node == kBroker) {
    snapshotBroker(kernel, snap);
  } else if (node == kProfile) {
    const auto& p = static_cast<const Publisher&>(kernel.node(node));
    auto& f = snap.fields;
    snap.role = "publisher";
    f.emplace_back("topic", kTopicName);
    f.emplace_back("rate", rate(p.options().rate));
    f.emplace_back("ordering keys", "user 1.." + std::to_string(p.options().users));
    f.emplace_back("publish timeout", ms(p.options().timeout));
    f.emplace_back("published", count(p.published()));
    f.emplace_back("acknowledged", count(p.acked()));
    f.emplace_back("waiting for ack", count(p.unacknowledged()));
    f.emplace_back("retries", count(p.retries()));
    f.emplace_back("duplicate acks", count(p.duplicateAcks()));
  } else {
    snapshotSubscriber(kernel, snap);
  }
  return snap;
}

void PubSubPattern::snapshotBroker(const Kernel& kernel, NodeSnapshot& snap) const {
  const auto& b = static_cast<const Broker&>(kernel.node(kBroker));
  auto& f = snap.fields;
  snap.role = "broker";
  std::string topics, subs;
  for (std::size_t t = 0; t < b.topicCount(); ++t) topics += (t ? ", " : "") + b.topic(t).name();
  for (std::size_t s = 0; s < b.subscriptionCount(); ++s)
    subs += (s ? ", " : "") + b.subscription(s).config().name;
  f.emplace_back("topics", topics);
  f.emplace_back("subscriptions", subs);
  f.emplace_back("storage", b.durable() ? "durable" : "in memory only");
  f.emplace_back("stored", count(b.stored()));
  f.emplace_back("duplicate publishes", count(b.duplicates()));
  for (std::size_t t = 0; t < b.topicCount(); ++t)
    f.emplace_back(b.topic(t).name() + " retained", count(b.topic(t).retained()));
  f.emplace_back("retention", ms(b.subscription(0).config().retention));
  for (std::size_t i = 0; i < b.subscriptionCount(); ++i) {
    const Subscription& s = b.subscription(i);
    const SubscriptionConfig& c = s.config();
    const SubscriptionCounters& n = s.counters();
    const std::string p = c.name + " ";
    f.emplace_back(p + "topic", b.topic(c.topic).name());
    f.emplace_back(p + "backlog", count(s.backlog()));
    f.emplace_back(p + "outstanding", count(static_cast<std::uint64_t>(s.outstanding())));
    f.emplace_back(p + "acked", count(n.acked));
    f.emplace_back(p + "redelivered", count(n.redelivered));
    f.emplace_back(p + "dead-lettered", count(n.deadLettered));
    f.emplace_back(p + "expired", count(n.expired));
    f.emplace_back(p + "delivery", c.subscriber == kNoNode
                                       ? "none (kept for inspection)"
                                       : std::string(deliveryModeName(c.delivery)) +
                                             (c.delivery == DeliveryMode::Push ? " to " : " by ") +
                                             kNodeNames.at(c.subscriber));
    f.emplace_back(p + "filter", c.filter.empty() ? "none" : c.filter.text());
    f.emplace_back(p + "ordering", c.ordering ? "on" : "off");
    f.emplace_back(p + "ack deadline", ms(c.ackDeadline));
    f.emplace_back(p + "max delivery attempts",
                   c.maxDeliveryAttempts > 0 ? std::to_string(c.maxDeliveryAttempts) : "none");
    f.emplace_back(p + "max outstanding", std::to_string(c.maxOutstanding));
  }
}

void PubSubPattern::snapshotSubscriber(const Kernel& kernel, NodeSnapshot& snap) const {
  const auto& s = static_cast<const Subscriber&>(kernel.node(snap.id));
  const auto& b = static_cast<const Broker&>(kernel.node(kBroker));
  const Subscription& sub = b.subscription(static_cast<std::size_t>(s.options().subscription));
  auto& f = snap.fields;
  snap.role = "subscriber";
  f.emplace_back("subscription", sub.config().name);
  f.emplace_back("delivery", deliveryModeName(s.options().delivery));
  f.emplace_back("processing", s.options().processing.describe());
  f.emplace_back("fails on poison", s.options().failsOnPoison ? "yes" : "no");
  f.emplace_back("backlog", count(sub.backlog()));
  f.emplace_back("outstanding", count(static_cast<std::uint64_t>(sub.outstanding())));
  f.emplace_back("queue", count(s.queued()));
  f.emplace_back("received", count(s.received()));
  f.emplace_back("processed", count(s.processed()));
  f.emplace_back("duplicates", count(s.duplicates()));
  f.emplace_back("handler failures", count(s.failures()));
  const Delivery& last = s.lastHandled();
  f.emplace_back("last message", last.message == 0
                                     ? "-"
                                     : "message " + std::to_string(last.message) + " (publish " +
                                           std::to_string(last.publish) + ", user " +
                                           std::to_string(last.key) + ")");
}

}  // namespace cs::pubsub
