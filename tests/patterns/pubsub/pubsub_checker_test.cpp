// Tests of the Pub/Sub checkers on hand-made trace records, so each rule is
// seen to fire on its own (and not to fire on what is allowed): a lost
// acknowledged publish, a message delivered before an earlier one of its
// key was acknowledged or first delivered out of order, and a message
// dead-lettered twice, too early or redelivered afterwards. Test thread only.
#include <gtest/gtest.h>

#include <memory>

#include "patterns/pubsub/broker.h"
#include "patterns/pubsub/pubsub_checker.h"

namespace cs::pubsub {
namespace {

constexpr NodeId kPublisher = 0, kBrokerNode = 1, kSubscriber = 2;
constexpr std::uint8_t kInterests = 2, kAvatar = 3;

class Idle : public Node {
 public:
  void onMessage(const Message&) override {}
  void onTimer(TimerHandle, std::uint64_t) override {}
  void onCrash() override {}
  void say(NodeId to, Label kind, const MessageFields& f) { send(to, kind, f); }
};

class CheckerTest : public ::testing::Test {
 protected:
  CheckerTest() {
    kernel_.addNode(std::make_unique<Idle>());
    SubscriptionConfig c;
    c.name = "s";
    c.subscriber = kSubscriber;
    BrokerOptions o;
    o.topics = {"t"};
    o.subscriptions = {c};
    kernel_.addNode(std::make_unique<Broker>(words_, o, kernel_.metrics()));
    kernel_.addNode(std::make_unique<Idle>());
  }

  CheckedWorld world(const char* filter = "", bool ordering = true) const {
    CheckedWorld w;
    w.words = words_;
    w.publisher = kPublisher;
    w.broker = kBrokerNode;
    w.subscriptions = {{0, "s", kSubscriber, Filter::parse(filter, "filter"), ordering}};
    return w;
  }

  TraceRecord milestone(Label label, NodeId node, std::array<std::int64_t, 6> v) const {
    TraceRecord r;
    r.kind = TraceKind::Milestone;
    r.label = label;
    r.node = node;
    r.v = v;
    return r;
  }
  TraceRecord published(std::int64_t publish, std::uint8_t change = kInterests) const {
    return milestone(words_.messagePublished, kPublisher, {publish, 7, change, 0, 0});
  }
  TraceRecord publishAck(std::int64_t publish, std::int64_t message) const {
    TraceRecord r;
    r.kind = TraceKind::Delivered;
    r.label = words_.publishAck;
    r.node = kBrokerNode;
    r.peer = kPublisher;
    r.v = {publish, 1, message};
    return r;
  }
  TraceRecord delivered(std::int64_t message, std::int64_t key = 7,
                        std::int64_t publish = 0) const {
    return milestone(words_.delivered, kSubscriber,
                     {message, publish ? publish : message, 0, 1, key});
  }
  TraceRecord acked(std::int64_t message) const {
    return milestone(words_.messageAcked, kBrokerNode, {message, message, 0, 1, 5});
  }
  TraceRecord redelivered(std::int64_t message, std::int64_t attempt) const {
    return milestone(words_.redelivered, kBrokerNode, {message, message, 0, attempt, 1});
  }
  TraceRecord deadLettered(std::int64_t message, std::int64_t attempts, std::int64_t max) const {
    return milestone(words_.deadLettered, kBrokerNode, {message, message, 0, attempts, max, 1});
  }
  TraceRecord brokerRestarted() const {
    TraceRecord r;
    r.kind = TraceKind::Restarted;
    r.node = kBrokerNode;
    return r;
  }

  static std::size_t count(Checker& c) { return c.takeViolations().size(); }

  Kernel kernel_{1};
  Words words_ = defineWords(kernel_);
};

// ---- No loss ----

TEST_F(CheckerTest, AnAcknowledgedPublishIsOwedUntilDelivered) {
  NoLossChecker c(world());
  c.onRecord(published(1));
  c.onRecord(publishAck(1, 1));
  EXPECT_EQ(c.undelivered(), 1u);
  EXPECT_EQ(c.firstUndelivered(), "s never got publish 1 (message 1)");
  c.onRecord(delivered(1));
  EXPECT_EQ(c.undelivered(), 0u);
  // Delivered before the publisher heard its ack: nothing is owed either.
  c.onRecord(published(2));
  c.onRecord(delivered(2));
  c.onRecord(publishAck(2, 2));
  EXPECT_EQ(c.undelivered(), 0u);
  EXPECT_EQ(count(c), 0u);
}

TEST_F(CheckerTest, NothingIsOwedToASubscriptionWhoseFilterDoesNotMatch) {
  NoLossChecker c(world("attributes.change = \"interests\""));
  c.onRecord(published(1, kAvatar));
  c.onRecord(publishAck(1, 1));
  EXPECT_EQ(c.undelivered(), 0u);
}

TEST_F(CheckerTest, DeadLetteredOrExpiredPublishesAreNoLongerOwed) {
  NoLossChecker c(world());
  c.onRecord(published(1));
  c.onRecord(published(2));
  c.onRecord(publishAck(1, 1));
  c.onRecord(publishAck(2, 2));
  c.onRecord(deadLettered(1, 5, 5));
  c.onRecord(milestone(words_.messageExpired, kBrokerNode, {2, 2, 0}));
  EXPECT_EQ(c.undelivered(), 0u);
}

TEST_F(CheckerTest, ARestartedBrokerThatLostAnOwedPublishIsALoss) {
  NoLossChecker c(world());
  c.onRecord(published(1));
  c.onRecord(publishAck(1, 1));
  c.onRecord(brokerRestarted());
  c.afterEvent(kernel_);  // the broker holds nothing
  const auto v = c.takeViolations();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_NE(v[0].find("publish 1 was acknowledged to the publisher as message 1, but s never "
                      "delivered it and the broker no longer retains it: lost"),
            std::string::npos)
      << v[0];
}

TEST_F(CheckerTest, ARestartedBrokerThatRetainsOwedPublishesIsFine) {
  kernel_.runUntil(SimTime{0});
  static_cast<Idle&>(kernel_.node(kPublisher))
      .say(kBrokerNode, words_.publish, publishFields(Outgoing{1, 7, {kInterests, 0}, 0}, 1));
  kernel_.runUntil(SimTime{10'000});
  NoLossChecker c(world());
  c.onRecord(published(1));
  c.onRecord(publishAck(1, 1));
  c.onRecord(brokerRestarted());
  c.afterEvent(kernel_);
  EXPECT_EQ(count(c), 0u);
}

// ---- Ordering ----

TEST_F(CheckerTest, DeliveringBeforeTheEarlierMessageOfTheKeyIsAckedFires) {
  OrderingChecker c(world());
  c.onRecord(delivered(1));
  c.onRecord(delivered(2));
  EXPECT_EQ(count(c), 1u);
}

TEST_F(CheckerTest, DeliveringAfterTheAckIsInOrder) {
  OrderingChecker c(world());
  c.onRecord(delivered(1));
  c.onRecord(delivered(1));  // a redelivery of the same message
  c.onRecord(acked(1));
  c.onRecord(delivered(2));
  c.onRecord(delivered(3, 8));  // another key
  c.onRecord(delivered(1));     // a late copy of an acknowledged message
  EXPECT_EQ(count(c), 0u);
}

TEST_F(CheckerTest, AFirstDeliveryAfterALaterMessageOfTheKeyFires) {
  OrderingChecker c(world());
  c.onRecord(delivered(2));
  c.onRecord(acked(2));
  c.onRecord(delivered(1));
  const auto v = c.takeViolations();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_NE(v[0].find("for the first time after the later message 2"), std::string::npos) << v[0];
}

TEST_F(CheckerTest, OrderIsNotCheckedWithoutOrderingOrWithoutAKey) {
  OrderingChecker unordered(world("", false));
  unordered.onRecord(delivered(1));
  unordered.onRecord(delivered(2));
  EXPECT_EQ(count(unordered), 0u);
  OrderingChecker keyless(world());
  keyless.onRecord(delivered(1, 0));
  keyless.onRecord(delivered(2, 0));
  EXPECT_EQ(count(keyless), 0u);
}

// A subscription whose filter skips every other message never sees those
// messages delivered or acknowledged; they still count as settled, so what
// the checker keeps does not grow with the run.
TEST_F(CheckerTest, MessagesAFilterSkipsLeaveNothingBehindInTheOrderingChecker) {
  OrderingChecker c(world("attributes.change = \"interests\""));
  std::size_t early = 0;
  for (std::int64_t m = 1; m <= 20'000; ++m) {
    const bool wanted = m % 2 == 0;
    c.onRecord(published(m, wanted ? kInterests : kAvatar));
    c.onRecord(publishAck(m, m));
    if (wanted) {
      c.onRecord(delivered(m, 7));
      c.onRecord(acked(m));
    }
    if (m == 1'000) early = c.kept();
  }
  EXPECT_EQ(count(c), 0u);
  EXPECT_LE(c.kept(), early + 2) << "grew from " << early;
}

// ---- Dead letters ----

TEST_F(CheckerTest, DeadLetteringAfterMaxAttemptsOnceIsFine) {
  DeadLetterChecker c(world());
  for (int a = 2; a <= 3; ++a) c.onRecord(redelivered(1, a));
  c.onRecord(deadLettered(1, 3, 3));
  EXPECT_EQ(count(c), 0u);
}

TEST_F(CheckerTest, DeadLetteringTwiceFires) {
  DeadLetterChecker c(world());
  c.onRecord(redelivered(1, 2));
  c.onRecord(deadLettered(1, 2, 2));
  c.onRecord(deadLettered(1, 2, 2));
  EXPECT_EQ(count(c), 1u);
}

TEST_F(CheckerTest, DeadLetteringBeforeMaxAttemptsFires) {
  DeadLetterChecker c(world());
  c.onRecord(redelivered(1, 2));
  c.onRecord(deadLettered(1, 2, 5));
  EXPECT_EQ(count(c), 1u);
}

TEST_F(CheckerTest, AnAcknowledgedOrExpiredMessagesAttemptsAreForgotten) {
  DeadLetterChecker c(world());
  c.onRecord(redelivered(1, 2));
  c.onRecord(redelivered(2, 2));
  c.onRecord(redelivered(3, 2));
  c.onRecord(deadLettered(3, 2, 2));
  c.onRecord(acked(1));
  c.onRecord(milestone(words_.messageExpired, kBrokerNode, {2, 2, 0}));
  EXPECT_EQ(c.kept(), 1u);  // only the dead-lettered one, which must never move again
  c.onRecord(deadLettered(3, 2, 2));
  EXPECT_EQ(count(c), 1u);
}

TEST_F(CheckerTest, RedeliveringADeadLetteredMessageFires) {
  DeadLetterChecker c(world());
  c.onRecord(redelivered(1, 2));
  c.onRecord(deadLettered(1, 2, 2));
  c.onRecord(redelivered(1, 3));
  EXPECT_EQ(count(c), 1u);
}

}  // namespace
}  // namespace cs::pubsub
