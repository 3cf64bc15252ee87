// A subscription's bookkeeping on its own, without a network: the backlog
// and filtered messages, leases, acks and nacks, delivery attempts and the
// dead-letter decision, ordering keys held back and released, flow control,
// retention, and what a broker crash forgets. Test thread only.
#include <gtest/gtest.h>

#include "patterns/pubsub/subscription.h"

namespace cs::pubsub {
namespace {

constexpr SimDuration kDeadline{10'000'000};

class SubscriptionTest : public ::testing::Test {
 protected:
  SubscriptionTest() : sub_(config(), 1) {}

  static SubscriptionConfig config() {
    SubscriptionConfig c;
    c.name = "s";
    c.ordering = true;
    c.ackDeadline = kDeadline;
    c.maxDeliveryAttempts = 3;
    c.maxOutstanding = 100;
    return c;
  }

  // Publishes a message with this key (0: none) at time `at`.
  Seq publish(std::int64_t key, bool matches = true, SimTime at = SimTime{0}) {
    TopicMessage m;
    m.publish = topic_.end();
    m.key = key;
    m.publishTime = at;
    const Seq seq = topic_.append(m);
    sub_.append(seq, matches);
    return seq;
  }

  // Takes and leases every message that may go now.
  std::vector<Seq> deliverAll(SimTime now = SimTime{0}) {
    std::vector<Seq> out;
    while (sub_.hasRoom()) {
      const auto n = sub_.next(topic_);
      if (!n) break;
      sub_.lease(n->seq, now);
      out.push_back(n->seq);
    }
    return out;
  }

  Topic topic_{"t"};
  Subscription sub_;
};

TEST_F(SubscriptionTest, FilteredMessagesAreAckedAtOnceAndNeverDelivered) {
  publish(0, false);
  const Seq kept = publish(0, true);
  publish(0, false);
  EXPECT_EQ(sub_.backlog(), 1u);
  EXPECT_EQ(sub_.counters().filtered, 2u);
  EXPECT_EQ(sub_.floor(), kept);  // the filtered front is gone
  EXPECT_EQ(deliverAll(), std::vector<Seq>{kept});
}

TEST_F(SubscriptionTest, AnAckRemovesTheMessageOnceAndLaterAcksAreDuplicates) {
  const Seq a = publish(0), b = publish(0);
  EXPECT_EQ(deliverAll(), (std::vector<Seq>{a, b}));
  EXPECT_EQ(sub_.outstanding(), 2);
  EXPECT_TRUE(sub_.ack(b, topic_));
  EXPECT_FALSE(sub_.ack(b, topic_));
  EXPECT_EQ(sub_.counters().duplicateAcks, 1u);
  EXPECT_EQ(sub_.backlog(), 1u);
  EXPECT_EQ(sub_.floor(), a);  // a is still unacknowledged
  EXPECT_TRUE(sub_.ack(a, topic_));
  EXPECT_EQ(sub_.floor(), topic_.end());
  EXPECT_EQ(sub_.outstanding(), 0);
}

TEST_F(SubscriptionTest, AnExpiredLeaseIsRedeliveredThenDeadLetteredAfterMaxAttempts) {
  const Seq a = publish(0);
  for (std::uint32_t attempt = 1; attempt <= 3; ++attempt) {
    const SimTime t{static_cast<std::int64_t>(attempt) * 20'000'000};
    ASSERT_EQ(deliverAll(t), std::vector<Seq>{a});
    EXPECT_EQ(sub_.attempts(a), attempt);
    EXPECT_FALSE(sub_.popExpiredLease(t + kDeadline - SimDuration{1}));
    const auto lease = sub_.popExpiredLease(t + kDeadline);
    ASSERT_TRUE(lease);
    EXPECT_EQ(lease->attempt, attempt);
    EXPECT_EQ(sub_.release(a, attempt, RedeliveryReason::AckDeadline),
              attempt < 3 ? Subscription::Release::Redeliver : Subscription::Release::DeadLetter);
  }
  sub_.deadLetter(a, topic_);
  EXPECT_EQ(sub_.backlog(), 0u);
  EXPECT_EQ(sub_.counters().deadLettered, 1u);
  EXPECT_EQ(sub_.counters().redelivered, 2u);
  EXPECT_TRUE(deliverAll().empty());
}

TEST_F(SubscriptionTest, ANackForAnOlderDeliveryIsStale) {
  const Seq a = publish(0);
  deliverAll();
  ASSERT_EQ(sub_.release(a, 1, RedeliveryReason::Nacked), Subscription::Release::Redeliver);
  const auto again = sub_.next(topic_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->reason, RedeliveryReason::Nacked);
  sub_.lease(a, SimTime{0});
  EXPECT_EQ(sub_.release(a, 1, RedeliveryReason::Nacked), Subscription::Release::Stale);
  EXPECT_TRUE(sub_.leased(a));
}

TEST_F(SubscriptionTest, OrderingKeysHoldLaterMessagesUntilTheEarlierIsAcked) {
  const Seq a1 = publish(7), b1 = publish(8), a2 = publish(7), a3 = publish(7), none = publish(0);
  EXPECT_EQ(deliverAll(), (std::vector<Seq>{a1, b1, none}));
  // A nacked message keeps its key: a2 still waits.
  ASSERT_EQ(sub_.release(a1, 1, RedeliveryReason::Nacked), Subscription::Release::Redeliver);
  EXPECT_EQ(deliverAll(), std::vector<Seq>{a1});
  EXPECT_TRUE(sub_.ack(a1, topic_));
  EXPECT_EQ(deliverAll(), std::vector<Seq>{a2});
  EXPECT_TRUE(sub_.ack(a2, topic_));
  EXPECT_EQ(deliverAll(), std::vector<Seq>{a3});
}

TEST_F(SubscriptionTest, ADeadLetteredMessageReleasesItsKey) {
  const Seq a1 = publish(7), a2 = publish(7);
  deliverAll();
  sub_.release(a1, 1, RedeliveryReason::Nacked);
  sub_.deadLetter(a1, topic_);
  EXPECT_EQ(deliverAll(), std::vector<Seq>{a2});
}

TEST_F(SubscriptionTest, WithoutOrderingEveryKeyGoesAtOnce) {
  sub_.config().ordering = false;
  const Seq a1 = publish(7), a2 = publish(7);
  EXPECT_EQ(deliverAll(), (std::vector<Seq>{a1, a2}));
}

TEST_F(SubscriptionTest, FlowControlCapsTheLeasedMessages) {
  sub_.config().maxOutstanding = 2;
  for (int i = 0; i < 5; ++i) publish(0);
  EXPECT_EQ(deliverAll().size(), 2u);
  EXPECT_EQ(sub_.waiting(), 3u);
  sub_.ack(1, topic_);
  EXPECT_EQ(deliverAll(), std::vector<Seq>{3});
}

TEST_F(SubscriptionTest, RetentionDiscardsOldMessagesAckedOrNot) {
  const Seq old = publish(7, true, SimTime{1'000'000});
  const Seq young = publish(7, true, SimTime{5'000'000});
  deliverAll();  // old is leased; young waits for key 7
  std::vector<Seq> expired;
  sub_.expireUntil(SimTime{2'000'000}, topic_, [&](Seq s) { expired.push_back(s); });
  EXPECT_EQ(expired, std::vector<Seq>{old});
  EXPECT_EQ(sub_.outstanding(), 0);
  EXPECT_EQ(sub_.oldestPending(topic_), SimTime{5'000'000});
  // The expired message released its key.
  EXPECT_EQ(deliverAll(), std::vector<Seq>{young});
}

TEST_F(SubscriptionTest, ACrashForgetsLeasesButNotAcksOrAttempts) {
  const Seq a = publish(7), b = publish(8), c = publish(7);
  deliverAll();
  sub_.ack(b, topic_);
  sub_.forgetVolatile();
  EXPECT_EQ(sub_.outstanding(), 0);
  EXPECT_EQ(sub_.backlog(), 2u);
  // From the oldest unacknowledged message, in order, as redeliveries.
  const auto first = sub_.next(topic_);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->seq, a);
  EXPECT_EQ(first->reason, RedeliveryReason::BrokerRestart);
  sub_.lease(a, SimTime{0});
  EXPECT_EQ(sub_.attempts(a), 2u);
  EXPECT_FALSE(sub_.next(topic_));  // c waits for a: same key
  sub_.ack(a, topic_);
  EXPECT_EQ(deliverAll(), std::vector<Seq>{c});
}

TEST_F(SubscriptionTest, WipeLosesTheBacklog) {
  publish(0);
  publish(0);
  sub_.wipe(topic_.end());
  EXPECT_EQ(sub_.backlog(), 0u);
  EXPECT_FALSE(sub_.retains(1));
  EXPECT_TRUE(deliverAll().empty());
}

TEST_F(SubscriptionTest, BacklogAlarmFiresOnceUpAndOnceDrained) {
  using Change = Subscription::BacklogChange;
  std::vector<Change> changes;
  for (int i = 0; i < 4; ++i) {
    publish(0);
    changes.push_back(sub_.checkBacklog(3));
  }
  const auto seqs = deliverAll();
  for (Seq s : seqs) {
    sub_.ack(s, topic_);
    changes.push_back(sub_.checkBacklog(3));
  }
  EXPECT_EQ(changes,
            (std::vector<Change>{Change::None, Change::None, Change::Growing, Change::None,
                                 Change::None, Change::None, Change::None, Change::Drained}));
  EXPECT_EQ(sub_.backlogPeak(), 4u);
}

}  // namespace
}  // namespace cs::pubsub
