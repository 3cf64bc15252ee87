// The broker on a small kernel, driven message by message: hand-driven
// probe nodes publish, pull, ack and nack, and record what the broker sends
// them. Stored before acknowledged; ack deadlines and redelivery; max
// delivery attempts and the dead-letter topic; filters; ordering keys; flow
// control for push and pull; retention; a restart with and without durable
// storage; and, with the real publisher and subscriber, publish retries
// stored twice and counted. Time advances explicitly. Test thread only.
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "patterns/pubsub/broker.h"
#include "patterns/pubsub/publisher.h"
#include "patterns/pubsub/subscriber.h"

namespace cs::pubsub {
namespace {

constexpr SimDuration ms(std::int64_t n) {
  return SimDuration{n * 1000};
}

// A node the test drives by hand: it keeps what it receives and sends what
// it is told to.
class Probe : public Node {
 public:
  void onMessage(const Message& m) override { got.push_back(m); }
  void onTimer(TimerHandle, std::uint64_t) override {}
  void onCrash() override {}
  void say(NodeId to, Label kind, const MessageFields& fields) { send(to, kind, fields); }
  std::vector<Message> got;
};

// Milestones by name, counted as they are traced.
class Counter : public TraceListener {
 public:
  explicit Counter(const Kernel& k) : vocabulary_(k.vocabulary()) {}
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Milestone) seen[vocabulary_.info(r.label).name].push_back(r);
  }
  std::map<std::string, std::vector<TraceRecord>> seen;

 private:
  const Vocabulary& vocabulary_;
};

SubscriptionConfig pushTo(NodeId subscriber) {
  SubscriptionConfig c;
  c.name = "sub" + std::to_string(subscriber);
  c.delivery = DeliveryMode::Push;
  c.subscriber = subscriber;
  c.ackDeadline = ms(100);
  return c;
}

// Publisher probe 0, broker 1, subscriber probes 2 and 3; 1 ms links.
class Rig {
 public:
  explicit Rig(std::vector<SubscriptionConfig> subs, bool durable = true,
               std::vector<std::string> topics = {"t", "t-dead-letter"}) {
    publisher = add<Probe>();
    BrokerOptions o;
    o.topics = std::move(topics);
    o.subscriptions = std::move(subs);
    o.durable = durable;
    o.backlogAlarm = 0;
    broker = add<Broker>(words, std::move(o), kernel.metrics());
    sub = add<Probe>();
    other = add<Probe>();
    kernel.trace().addListener(&milestones);
    kernel.runUntil(SimTime{0});
  }
  ~Rig() { kernel.trace().removeListener(&milestones); }

  template <class N, class... Args>
  N* add(Args&&... args) {
    auto n = std::make_unique<N>(std::forward<Args>(args)...);
    N* p = n.get();
    kernel.addNode(std::move(n));
    return p;
  }
  void publish(PublishId id, std::int64_t key = 0, std::uint8_t change = 0) {
    publisher->say(1, words.publish, publishFields(Outgoing{id, key, {change, 0}, 0}, 1));
  }
  void run(SimDuration d) { kernel.runUntil(kernel.now() + d); }
  // The Push messages probe `p` received, in order.
  std::vector<Delivery> pushes(const Probe& p) const {
    std::vector<Delivery> v;
    for (const Message& m : p.got)
      if (m.kind == words.push) v.push_back(deliveryFromPush(m.fields));
    return v;
  }
  void ack(Seq seq, std::int64_t subscription = 0) {
    sub->say(1, words.ack, {subscription, 1, static_cast<std::int64_t>(seq)});
  }
  void nack(Seq seq, std::uint32_t attempt) {
    sub->say(1, words.nack, {0, static_cast<std::int64_t>(seq), attempt});
  }
  std::size_t count(const std::string& milestone) { return milestones.seen[milestone].size(); }

  Kernel kernel{1};
  Words words = defineWords(kernel);
  Counter milestones{kernel};
  Probe* publisher = nullptr;
  Broker* broker = nullptr;
  Probe* sub = nullptr;
  Probe* other = nullptr;
};

TEST(Broker, StoresAPublishBeforeAcknowledgingIt) {
  Rig rig({pushTo(2)});
  rig.publish(41);
  rig.run(ms(5));
  ASSERT_EQ(rig.publisher->got.size(), 1u);
  const Message& ack = rig.publisher->got[0];
  EXPECT_EQ(ack.kind, rig.words.publishAck);
  EXPECT_EQ(ack.fields[0], 41);  // publish id
  EXPECT_EQ(ack.fields[2], 1);   // stored as message 1
  EXPECT_EQ(rig.broker->topic(0).retained(), 1u);
  EXPECT_EQ(rig.broker->subscription(0).backlog(), 1u);
}

TEST(Broker, RedeliversWhenTheAckDeadlinePasses) {
  Rig rig({pushTo(2)});
  rig.publish(1);
  rig.run(ms(50));
  ASSERT_EQ(rig.pushes(*rig.sub).size(), 1u);
  rig.run(ms(60));  // past the 100 ms ack deadline
  const auto p = rig.pushes(*rig.sub);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].message, 1u);
  EXPECT_EQ(p[1].attempt, 2u);
  ASSERT_EQ(rig.count("redelivered"), 1u);
  EXPECT_EQ(rig.milestones.seen["redelivered"][0].v[4],
            static_cast<std::int64_t>(RedeliveryReason::AckDeadline));
  rig.ack(1);
  rig.run(ms(500));
  EXPECT_EQ(rig.pushes(*rig.sub).size(), 2u);
  EXPECT_EQ(rig.broker->subscription(0).backlog(), 0u);
  EXPECT_EQ(rig.count("message-acked"), 1u);
}

TEST(Broker, MovesAMessageToTheDeadLetterTopicOnceAfterMaxDeliveryAttempts) {
  SubscriptionConfig c = pushTo(2);
  c.maxDeliveryAttempts = 3;
  c.deadLetterTopic = 1;
  SubscriptionConfig dead;
  dead.name = "dead-letter-sub";
  dead.topic = 1;
  Rig rig({c, dead});
  rig.publish(9, 0, 2);
  for (std::uint32_t attempt = 1; attempt <= 3; ++attempt) {
    rig.run(ms(5));
    ASSERT_EQ(rig.pushes(*rig.sub).size(), attempt);
    rig.nack(1, attempt);  // a nack asks for redelivery at once
  }
  rig.run(ms(1000));
  EXPECT_EQ(rig.pushes(*rig.sub).size(), 3u);
  ASSERT_EQ(rig.count("dead-lettered"), 1u);
  const TraceRecord& d = rig.milestones.seen["dead-lettered"][0];
  EXPECT_EQ(d.v[0], 1);  // message
  EXPECT_EQ(d.v[3], 3);  // attempts
  const Topic& dlt = rig.broker->topic(1);
  ASSERT_EQ(dlt.retained(), 1u);
  EXPECT_EQ(dlt.at(dlt.first()).origin, 1u);
  EXPECT_EQ(dlt.at(dlt.first()).publish, 9u);
  EXPECT_EQ(dlt.at(dlt.first()).attributes.change, 2);
  EXPECT_EQ(rig.broker->subscription(0).backlog(), 0u);
  EXPECT_EQ(rig.broker->subscription(1).backlog(), 1u);
  EXPECT_EQ(rig.broker->subscription(0).counters().deadLettered, 1u);
}

TEST(Broker, DeliversOnlyWhatASubscriptionsFilterMatches) {
  SubscriptionConfig interests = pushTo(2);
  interests.filter = Filter::parse("attributes.change = \"interests\"", "f");
  Rig rig({interests, pushTo(3)});
  rig.publish(1, 0, 2);  // interests
  rig.publish(2, 0, 3);  // avatar
  rig.run(ms(10));
  ASSERT_EQ(rig.pushes(*rig.sub).size(), 1u);
  EXPECT_EQ(rig.pushes(*rig.sub)[0].publish, 1u);
  EXPECT_EQ(rig.pushes(*rig.other).size(), 2u);
  EXPECT_EQ(rig.broker->subscription(0).counters().filtered, 1u);
}

TEST(Broker, DeliversTheNextMessageOfAKeyOnlyAfterTheEarlierIsAcked) {
  SubscriptionConfig c = pushTo(2);
  c.ordering = true;
  Rig rig({c});
  rig.publish(1, 7);
  rig.publish(2, 7);
  rig.publish(3, 8);
  rig.run(ms(10));
  auto p = rig.pushes(*rig.sub);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].message, 1u);
  EXPECT_EQ(p[1].message, 3u);  // user 8 does not wait for user 7
  rig.ack(1);
  rig.run(ms(10));
  p = rig.pushes(*rig.sub);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[2].message, 2u);
}

TEST(Broker, FlowControlCapsOutstandingPushes) {
  SubscriptionConfig c = pushTo(2);
  c.maxOutstanding = 2;
  Rig rig({c});
  for (PublishId i = 1; i <= 5; ++i) rig.publish(i);
  rig.run(ms(10));
  EXPECT_EQ(rig.pushes(*rig.sub).size(), 2u);
  EXPECT_EQ(rig.broker->subscription(0).outstanding(), 2);
  rig.ack(1);
  rig.run(ms(10));
  EXPECT_EQ(rig.pushes(*rig.sub).size(), 3u);
  rig.broker->setMaxOutstanding(0, 4);
  rig.broker->poke();
  rig.run(ms(10));
  EXPECT_EQ(rig.pushes(*rig.sub).size(), 5u);
}

TEST(Broker, APullWaitsForMessagesAndGetsABatchWithinFlowControl) {
  SubscriptionConfig c;
  c.name = "pulled";
  c.subscriber = 2;
  c.maxOutstanding = 3;
  Rig rig({c});
  rig.sub->say(1, rig.words.pull, {0, 1, 10});
  rig.run(ms(50));
  EXPECT_TRUE(rig.sub->got.empty());  // held until there is something
  rig.publish(1);
  rig.run(ms(10));
  ASSERT_EQ(rig.sub->got.size(), 1u);
  EXPECT_EQ(rig.sub->got[0].fields[2], 1);  // count
  for (PublishId i = 2; i <= 5; ++i) rig.publish(i);
  rig.run(ms(10));
  rig.sub->say(1, rig.words.pull, {0, 2, 10});
  rig.run(ms(10));
  ASSERT_EQ(rig.sub->got.size(), 2u);
  const Message& r = rig.sub->got[1];
  EXPECT_EQ(r.fields[1], 2);  // answers pull 2
  EXPECT_EQ(r.fields[2], 2);  // 3 outstanding at most, 1 already out
  EXPECT_EQ(r.fields[5], 2);  // still waiting
  const auto& batch = static_cast<const DeliveryBatch&>(*r.payload).messages;
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].message, 2u);
  EXPECT_EQ(batch[1].message, 3u);
}

TEST(Broker, DiscardsMessagesOlderThanTheRetentionPeriod) {
  SubscriptionConfig c;
  c.name = "nobody pulls";
  c.retention = ms(200);
  Rig rig({c});
  rig.publish(1);
  rig.run(ms(150));
  rig.publish(2);
  rig.run(ms(100));
  EXPECT_EQ(rig.count("message-expired"), 1u);
  EXPECT_EQ(rig.broker->subscription(0).backlog(), 1u);
  EXPECT_EQ(rig.broker->topic(0).retained(), 1u);
  rig.run(ms(200));
  EXPECT_EQ(rig.count("message-expired"), 2u);
  EXPECT_EQ(rig.broker->subscription(0).backlog(), 0u);
}

TEST(Broker, ARestartLosesNoAcknowledgedPublish) {
  Rig rig({pushTo(2)});
  for (PublishId i = 1; i <= 3; ++i) rig.publish(i);
  rig.run(ms(10));
  rig.ack(1);
  rig.run(ms(10));
  rig.kernel.crash(1);
  rig.run(ms(50));
  rig.kernel.restart(1);
  rig.run(ms(10));
  ASSERT_EQ(rig.count("broker-recovered"), 1u);
  EXPECT_EQ(rig.milestones.seen["broker-recovered"][0].v[1], 2);  // backlog
  const auto p = rig.pushes(*rig.sub);
  ASSERT_EQ(p.size(), 5u);  // 1, 2, 3, then 2 and 3 again
  EXPECT_EQ(p[3].message, 2u);
  EXPECT_EQ(p[3].attempt, 2u);
  EXPECT_EQ(p[4].message, 3u);
  EXPECT_EQ(rig.milestones.seen["redelivered"][0].v[4],
            static_cast<std::int64_t>(RedeliveryReason::BrokerRestart));
}

TEST(Broker, WithoutDurableStorageACrashLosesTheBacklog) {
  Rig rig({pushTo(2)}, /*durable=*/false);
  for (PublishId i = 1; i <= 3; ++i) rig.publish(i);
  rig.run(ms(10));
  rig.kernel.crash(1);
  rig.kernel.restart(1);
  rig.run(ms(500));
  EXPECT_EQ(rig.pushes(*rig.sub).size(), 3u);  // never again
  EXPECT_EQ(rig.broker->subscription(0).backlog(), 0u);
  EXPECT_EQ(rig.broker->topic(0).retained(), 0u);
  rig.publish(4);  // ids go on: no message id is given twice
  rig.run(ms(10));
  EXPECT_EQ(rig.pushes(*rig.sub).back().message, 4u);
}

TEST(Broker, PublishRetriesAfterLostAcksAreStoredAgainAndCounted) {
  Kernel kernel{1};
  const Words words = defineWords(kernel);
  PublisherOptions po;
  po.broker = 1;
  po.rate = 0;
  po.timeout = ms(100);
  auto* publisher = new Publisher(words, po, kernel.metrics());
  kernel.addNode(std::unique_ptr<Node>(publisher));
  BrokerOptions bo;
  bo.topics = {"t"};
  bo.subscriptions = {pushTo(2)};
  auto* broker = new Broker(words, bo, kernel.metrics());
  kernel.addNode(std::unique_ptr<Node>(broker));
  SubscriberOptions so;
  so.broker = 1;
  so.delivery = DeliveryMode::Push;
  auto* subscriber = new Subscriber(words, so);
  kernel.addNode(std::unique_ptr<Node>(subscriber));
  kernel.runUntil(SimTime{0});

  kernel.setBlocked(1, 0, true);  // acknowledgments are lost
  publisher->publishNow(1, 7, 0, false);
  kernel.runUntil(ms(250));  // tries at 0 and 100 ms: both acks lost
  kernel.setBlocked(1, 0, false);
  kernel.runUntil(ms(1000));  // backing off, the try at 300 ms is acknowledged
  EXPECT_EQ(publisher->retries(), 2u);
  EXPECT_EQ(publisher->acked(), 1u);
  EXPECT_EQ(publisher->duplicateAcks(), 0u);
  EXPECT_EQ(broker->stored(), 3u);
  EXPECT_EQ(broker->duplicates(), 2u);
  EXPECT_EQ(subscriber->received(), 3u);
  EXPECT_EQ(subscriber->processed(), 1u);
  EXPECT_EQ(subscriber->duplicates(), 2u);
  EXPECT_EQ(broker->subscription(0).backlog(), 0u);
}

TEST(Broker, APullSubscriberAcknowledgesABatchInOneMessage) {
  Kernel kernel{1};
  const Words words = defineWords(kernel);
  auto* publisher = new Probe;
  kernel.addNode(std::unique_ptr<Node>(publisher));
  SubscriptionConfig c;
  c.name = "pulled";
  c.subscriber = 2;
  BrokerOptions bo;
  bo.topics = {"t"};
  bo.subscriptions = {c};
  kernel.addNode(std::make_unique<Broker>(words, bo, kernel.metrics()));
  SubscriberOptions so;
  so.broker = 1;
  so.processing = rpc::ProcessingTime::constant(SimDuration{0});
  auto* subscriber = new Subscriber(words, so);
  kernel.addNode(std::unique_ptr<Node>(subscriber));
  kernel.runUntil(ms(10));  // the pull waits at the broker
  publisher->say(1, words.publish, publishFields(Outgoing{1, 0, {}, 0}, 1));
  kernel.runUntil(ms(20));
  for (PublishId i = 2; i <= 11; ++i)
    publisher->say(1, words.publish, publishFields(Outgoing{i, 0, {}, 0}, 1));
  kernel.runUntil(ms(100));
  EXPECT_EQ(subscriber->processed(), 11u);
  const auto acks = kernel.metrics().find("sent.Ack");
  ASSERT_TRUE(acks);
  EXPECT_LE(kernel.metrics().value(*acks), 3);  // the first alone, then batches
}

}  // namespace
}  // namespace cs::pubsub
