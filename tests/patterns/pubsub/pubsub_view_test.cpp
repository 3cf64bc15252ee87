// Tests of the Pub/Sub pattern's typed view (clusterscope/pubsub/pubsub_view.h),
// the state the window draws: its numbers are the broker's, the publisher's
// and the subscribers' own; a crashed subscriber's backlog grows in it; the
// slow-consumer verb shows as a typed processing time; and building views
// changes nothing in the run. Test thread only.
#include <gtest/gtest.h>

#include "clusterscope/pubsub/pubsub_view.h"
#include "pubsub_test_support.h"

namespace cs::pubsub {
namespace {

using namespace testing;

std::shared_ptr<const PubSubView> viewOfWorld(const Simulation& sim) {
  auto view = std::dynamic_pointer_cast<const PubSubView>(sim.view());
  EXPECT_NE(view, nullptr) << "the pattern's view is a PubSubView";
  return view;
}

TEST(PubSubView, SaysWhatKindEachNodeIs) {
  auto sim = world({});
  const auto view = viewOfWorld(*sim);
  ASSERT_NE(view, nullptr);
  EXPECT_EQ(view->kind(kProfile), NodeKind::Publisher);
  EXPECT_EQ(view->kind(kBroker), NodeKind::Broker);
  ASSERT_EQ(view->subscribers.size(), 4u);
  for (NodeId n = kEmail; n <= kAnalytics; ++n) {
    EXPECT_EQ(view->kind(n), NodeKind::Subscriber);
    ASSERT_NE(view->subscriber(n), nullptr);
    EXPECT_EQ(view->subscriptionOf(*view->subscriber(n)).subscriber, n);
  }
  EXPECT_EQ(view->subscriber(kBroker), nullptr);
}

// A subscriber handling its only message has one in its queue, not two: the
// message in hand stays at the queue's front until it is handled (issue 13,
// fan-out's search-index read "queue 2" with one message).
TEST(PubSubView, TheMessageInHandIsCountedOnce) {
  auto sim = world({{"publishRate", 20}});
  int busyWithOne = 0;
  for (SimDuration t = ms(1); t <= ms(3000); t += ms(1)) {
    sim->runUntil(t);
    const Subscriber& s = subscriber(*sim, kSearchIndex);
    if (!s.busy()) continue;
    const auto view = viewOfWorld(*sim);
    ASSERT_NE(view, nullptr);
    EXPECT_EQ(view->subscriber(kSearchIndex)->queued, s.queued());
    busyWithOne += s.queued() == 1 ? 1 : 0;
  }
  EXPECT_GT(busyWithOne, 0);
}

TEST(PubSubView, ItsNumbersAreTheBrokersAndTheNodesOwn) {
  auto sim = world({{"publishRate", 20}});
  sim->runUntil(ms(3000));
  sim->apply(verb("poison", {}));
  sim->runUntil(ms(6000));
  const auto view = viewOfWorld(*sim);
  ASSERT_NE(view, nullptr);

  const Publisher& p = publisher(*sim);
  EXPECT_EQ(view->publisher.rate, 20);
  EXPECT_EQ(view->publisher.published, p.published());
  EXPECT_EQ(view->publisher.acked, p.acked());
  EXPECT_EQ(view->publisher.pending, p.unacknowledged());
  EXPECT_EQ(view->publisher.retries, p.retries());
  EXPECT_GT(view->publisher.acked, 50u);

  const Broker& b = broker(*sim);
  const BrokerView& bv = view->broker;
  EXPECT_TRUE(bv.durable);
  EXPECT_EQ(bv.stored, b.stored());
  ASSERT_EQ(bv.topics.size(), b.topicCount());
  EXPECT_EQ(bv.topics[0].name, "profile-updated");
  EXPECT_EQ(bv.topics[0].retained, b.topic(0).retained());
  ASSERT_EQ(bv.subscriptions.size(), b.subscriptionCount());
  for (std::size_t i = 0; i < b.subscriptionCount(); ++i) {
    const Subscription& s = b.subscription(i);
    const SubscriptionView& v = bv.subscriptions[i];
    EXPECT_EQ(v.name, s.config().name);
    EXPECT_EQ(v.backlog, s.backlog()) << v.name;
    EXPECT_EQ(v.outstanding, s.outstanding()) << v.name;
    EXPECT_EQ(v.delivered, s.counters().delivered) << v.name;
    EXPECT_EQ(v.acked, s.counters().acked) << v.name;
    EXPECT_EQ(v.redelivered, s.counters().redelivered) << v.name;
    EXPECT_EQ(v.deadLettered, s.counters().deadLettered) << v.name;
    EXPECT_EQ(v.ackDeadline, s.config().ackDeadline) << v.name;
    EXPECT_EQ(v.maxDeliveryAttempts, s.config().maxDeliveryAttempts) << v.name;
    EXPECT_EQ(v.maxOutstanding, s.config().maxOutstanding) << v.name;
    EXPECT_EQ(v.delivery, s.config().delivery) << v.name;
  }
  EXPECT_EQ(bv.subscriptions[0].delivery, DeliveryMode::Push);
  EXPECT_EQ(bv.subscriptions[1].delivery, DeliveryMode::Pull);
  EXPECT_EQ(bv.subscriptions[3].filter, "attributes.change = \"interests\"");
  EXPECT_EQ(bv.subscriptions[0].filter, "");
  ASSERT_EQ(bv.deadLetterSubscription, static_cast<int>(kDeadLetterSub));
  EXPECT_EQ(bv.subscriptions[kDeadLetterSub].subscriber, kNoNode);
  // The poison message broke recommendation: its handler failures and the
  // dead letter show, as numbers.
  const SubscriberView* rec = view->subscriber(kRecommendation);
  ASSERT_NE(rec, nullptr);
  EXPECT_TRUE(rec->failsOnPoison);
  EXPECT_EQ(rec->failures, subscriber(*sim, kRecommendation).failures());
  EXPECT_GT(rec->failures, 0u);
  EXPECT_EQ(rec->processed, subscriber(*sim, kRecommendation).processed());
}

TEST(PubSubView, ACrashedSubscribersBacklogGrowsInTheView) {
  auto sim = world({{"publishRate", 20}});
  sim->runUntil(ms(2000));
  sim->apply(fault(CommandKind::Crash, kSearchIndex));
  sim->runUntil(ms(3000));
  const auto before = viewOfWorld(*sim);
  sim->runUntil(ms(6000));
  const auto after = viewOfWorld(*sim);
  ASSERT_NE(before, nullptr);
  ASSERT_NE(after, nullptr);
  const auto backlog = [](const PubSubView& v, NodeId n) {
    return v.subscriptionOf(*v.subscriber(n)).backlog;
  };
  EXPECT_TRUE(after->subscriber(kSearchIndex)->crashed);
  EXPECT_GT(backlog(*after, kSearchIndex), backlog(*before, kSearchIndex) + 40);
  EXPECT_EQ(backlog(*after, kSearchIndex), subscriptionOf(*sim, kSearchIndex).backlog());
  EXPECT_LT(backlog(*after, kEmail), 5u) << "the others do not wait for it";
  // A view is a snapshot: the one taken earlier did not change.
  EXPECT_LT(backlog(*before, kSearchIndex), backlog(*after, kSearchIndex));
}

TEST(PubSubView, ASlowedConsumerShowsItsProcessingTime) {
  auto sim = world({});
  // Each view is held while its subscriber is read: the view owns it.
  const auto normalView = viewOfWorld(*sim);
  const auto normal = normalView->subscriber(kSearchIndex);
  EXPECT_EQ(normal->processingMean, ms(30));
  EXPECT_EQ(normal->processingSlowest, ms(45));
  EXPECT_FALSE(normal->slowed);
  sim->apply(verb("slow-consumer", {"search-index", "500"}));
  const auto slow = viewOfWorld(*sim);
  EXPECT_EQ(slow->subscriber(kSearchIndex)->processingSlowest, ms(500));
  EXPECT_EQ(slow->subscriber(kSearchIndex)->processingMean, ms(500));
  EXPECT_TRUE(slow->subscriber(kSearchIndex)->slowed);
  EXPECT_FALSE(slow->subscriber(kEmail)->slowed);
  sim->apply(verb("recover-consumer", {"search-index"}));
  const auto backView = viewOfWorld(*sim);
  const auto back = backView->subscriber(kSearchIndex);
  EXPECT_EQ(back->processingSlowest, ms(45));
  EXPECT_FALSE(back->slowed);
}

// Views are observations: taking one at every step leaves the run as it was.
TEST(PubSubView, BuildingViewsChangesNothing) {
  auto run = [](bool look) {
    auto sim = world({{"publishRate", 30}}, 7);
    for (int t = 100; t <= 4000; t += 100) {
      sim->runUntil(ms(t));
      if (look) {
        EXPECT_NE(sim->view(), nullptr);
      }
      if (t == 1500) sim->apply(fault(CommandKind::Crash, kAnalytics));
      if (t == 2500) sim->apply(fault(CommandKind::Restart, kAnalytics));
    }
    return sim->kernel().trace().hash();
  };
  EXPECT_EQ(run(true), run(false));
}

}  // namespace
}  // namespace cs::pubsub
