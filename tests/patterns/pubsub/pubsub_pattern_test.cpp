// Tests of the Pub/Sub pattern's world on whole runs: one update fans out to
// every subscription whose filter matches; a steady load drains; a crashed
// subscriber catches up; a poison message lands in the dead-letter topic
// once; a broker restart loses nothing acknowledged (and, without durable
// storage, the checker catches the loss); options and verbs refuse bad input
// by name; snapshots carry the inspector's rows and metrics the charts'
// series; a seed replays exactly. Test thread only.
#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "pubsub_test_support.h"

namespace cs::pubsub {
namespace {

using namespace testing;

// The InputError message `fn` throws, or "" if it throws none.
template <class Fn>
std::string errorOf(Fn fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

TEST(PubSub, IsRegisteredAndNamesBadOptions) {
  ASSERT_NE(findPattern("pubsub"), nullptr);
  EXPECT_NE(errorOf([] {
              world({{"maxOutstandng", 3}});
            }).find("options.maxOutstandng"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              world({{"maxOutstanding", 0}});
            }).find("options.maxOutstanding: expected an integer from 1 to 10000, got 0"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              world({{"maxDeliveryAttempts", 101}});
            }).find("maxDeliveryAttempts"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              world({{"ackDeadline", "soon"}});
            }).find("options.ackDeadline"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              world({{"push", {"email", "sms"}}});
            }).find("options.push"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              world({{"poisoned", "everyone"}});
            }).find("options.poisoned"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              world({{"analyticsFilter", "attributes.colour = \"red\""}});
            }).find("options.analyticsFilter: expected one of change, region"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              world({{"analyticsFilter", "attributes.change = \"hair\""}});
            }).find("\"hair\""),
            std::string::npos);
  EXPECT_EQ(errorOf([] {
              world({{"analyticsFilter", ""}, {"push", nlohmann::json::array()}});
            }),
            "");
}

TEST(PubSub, VerbsRefuseBadInputNamingWhatIsWrong) {
  auto sim = world({});
  struct Case {
    Command command;
    const char* named;
  };
  const std::vector<Case> cases = {
      {verb("publish", {"0"}), "publish USER"},
      {verb("publish", {"3", "hair"}), "publish CHANGE"},
      {verb("publish", {"3", "name", "x"}), "publish"},
      {verb("poison", {"1.5"}), "poison USER"},
      {verb("burst", {}), "burst"},
      {verb("burst", {"many"}), "burst COUNT"},
      {verb("burst", {"20001"}), "burst COUNT"},
      {verb("publish-rate", {"-1"}), "publish-rate RATE"},
      {verb("ack-deadline", {"0"}), "ack-deadline MS"},
      {verb("ack-deadline", {"100", "sms"}), "ack-deadline SUBSCRIBER"},
      {verb("max-attempts", {"2.5"}), "max-attempts N"},
      {verb("max-outstanding", {"0", "email"}), "max-outstanding N"},
      {verb("retention", {"forever"}), "retention MS"},
      {verb("slow-consumer", {"broker", "100"}), "slow-consumer SUBSCRIBER"},
      {verb("slow-consumer", {"email"}), "slow-consumer"},
      {verb("recover-consumer", {"7"}), "recover-consumer SUBSCRIBER"},
      {verb("heal", {}), "verb: expected one of publish, poison, burst"},
  };
  for (const Case& c : cases) {
    const std::string e = errorOf([&] { sim->apply(c.command); });
    EXPECT_NE(e.find(c.named), std::string::npos) << describe(c.command) << ": " << e;
  }
  EXPECT_TRUE(sim->commandLog().empty());
  // Subscribers by name or node number.
  sim->apply(verb("slow-consumer", {"3", "200"}));
  sim->apply(verb("recover-consumer", {"search-index"}));
  sim->apply(verb("max-outstanding", {"4", "analytics"}));
  EXPECT_EQ(broker(*sim).subscription(3).config().maxOutstanding, 4);
  EXPECT_EQ(broker(*sim).subscription(0).config().maxOutstanding, 10);
}

TEST(PubSub, OneUpdateReachesEverySubscriptionWhoseFilterMatches) {
  auto sim = world({{"publishRate", 0}});
  Milestones delivered(*sim, "delivered");
  sim->apply(verb("publish", {"7", "interests"}));
  sim->runUntil(ms(1000));
  for (NodeId n : {kEmail, kSearchIndex, kRecommendation, kAnalytics}) {
    EXPECT_EQ(subscriber(*sim, n).processed(), 1u) << kNodeNames[n];
    EXPECT_EQ(subscriptionOf(*sim, n).backlog(), 0u) << kNodeNames[n];
    EXPECT_EQ(delivered.at(n), 1u);
  }
  // The analytics filter wants interests only: an avatar change skips it.
  sim->apply(verb("publish", {"7", "avatar"}));
  sim->runUntil(ms(2000));
  EXPECT_EQ(subscriber(*sim, kEmail).processed(), 2u);
  EXPECT_EQ(subscriber(*sim, kAnalytics).processed(), 1u);
  EXPECT_EQ(subscriptionOf(*sim, kAnalytics).counters().filtered, 1u);
  EXPECT_EQ(publisher(*sim).acked(), 2u);
  EXPECT_TRUE(sim->violations().empty());
}

// 50 updates a second is more than search-index handles (30 ms each on
// average): its backlog grows, and drains once publishing stops.
TEST(PubSub, ASteadyLoadIsDeliveredEverywhereAndDrains) {
  auto sim = world({{"publishRate", 50}});
  Milestones growing(*sim, "backlog-growing"), drained(*sim, "backlog-drained");
  sim->runUntil(ms(20'000));
  EXPECT_GT(subscriptionOf(*sim, kSearchIndex).backlog(), 100u);
  sim->apply(verb("publish-rate", {"0"}));
  sim->runUntil(ms(40'000));
  ASSERT_EQ(growing.seen.size(), 1u);
  EXPECT_EQ(growing.seen[0].peer, kSearchIndex);
  ASSERT_EQ(drained.seen.size(), 1u);
  EXPECT_GT(drained.seen[0].v[1], 100);
  EXPECT_GT(publisher(*sim).acked(), 900u);
  for (const auto& v : sim->violations()) ADD_FAILURE() << v.checker << ": " << v.text;
  EXPECT_EQ(checker<NoLossChecker>(*sim).undelivered(), 0u)
      << checker<NoLossChecker>(*sim).firstUndelivered();
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(broker(*sim).subscription(i).backlog(), 0u);
  EXPECT_EQ(subscriber(*sim, kEmail).processed(), publisher(*sim).acked());
  EXPECT_GT(subscriber(*sim, kAnalytics).processed(), 0u);
  EXPECT_LT(subscriber(*sim, kAnalytics).processed(), publisher(*sim).acked() / 2);
}

// The no-loss checker keeps a publish's attributes only until its ack and
// its id sets compact as deliveries settle, so what it keeps does not grow
// with the length of the run (it grew by bytes per publish before).
TEST(PubSub, TheNoLossCheckerKeepsNoMoreAfterEightMinutesThanAfterTwo) {
  auto sim = world({{"publishRate", 20}});
  sim->runUntil(ms(120'000));
  const std::size_t early = checker<NoLossChecker>(*sim).kept();
  sim->runUntil(ms(480'000));
  const std::size_t late = checker<NoLossChecker>(*sim).kept();
  EXPECT_GT(publisher(*sim).acked(), 9'000u);
  EXPECT_LE(late, early + 16) << "early " << early << ", late " << late;
  EXPECT_LT(late, 64u);
  for (const auto& v : sim->violations()) ADD_FAILURE() << v.checker << ": " << v.text;
}

TEST(PubSub, ACrashedSubscriberCatchesUpAfterItsRestart) {
  auto sim = world({{"publishRate", 20}});
  Milestones caughtUp(*sim, "subscriber-caught-up"), redelivered(*sim, "redelivered");
  sim->runUntil(ms(3000));
  sim->apply(verb("slow-consumer", {"search-index", "200"}));  // it holds messages when it dies
  sim->runUntil(ms(4000));
  sim->apply(fault(CommandKind::Crash, kSearchIndex));
  sim->runUntil(ms(9000));
  EXPECT_GT(subscriptionOf(*sim, kSearchIndex).backlog(), 80u);
  EXPECT_LT(subscriptionOf(*sim, kEmail).backlog(), 5u);  // the others do not wait for it
  sim->apply(verb("recover-consumer", {"search-index"}));
  sim->apply(fault(CommandKind::Restart, kSearchIndex));
  sim->runUntil(ms(30'000));
  EXPECT_EQ(caughtUp.at(kSearchIndex), 1u);
  // What it held when it crashed came back after the ack deadline (10 s).
  std::size_t toIt = 0;
  for (const auto& r : redelivered.seen) toIt += r.peer == kSearchIndex;
  EXPECT_GT(toIt, 0u);
  EXPECT_LT(subscriptionOf(*sim, kSearchIndex).backlog(), 10u);
  for (const auto& v : sim->violations()) ADD_FAILURE() << v.checker << ": " << v.text;
}

TEST(PubSub, APoisonMessageLandsInTheDeadLetterTopicOnceForTheSubscriberItBreaks) {
  auto sim = world({{"publishRate", 5}});
  Milestones dead(*sim, "dead-lettered"), failed(*sim, "handler-failed");
  sim->runUntil(ms(1000));
  sim->apply(verb("poison", {"3"}));
  const PublishId poison = publisher(*sim).published();
  sim->runUntil(ms(6000));
  ASSERT_EQ(dead.seen.size(), 1u);
  EXPECT_EQ(dead.seen[0].v[1], static_cast<std::int64_t>(poison));
  EXPECT_EQ(dead.seen[0].v[2], 2);  // recommendation-sub
  EXPECT_EQ(dead.seen[0].v[3], 5);  // maxDeliveryAttempts
  EXPECT_EQ(failed.at(kRecommendation), 5u);
  const Topic& dlt = broker(*sim).topic(1);
  ASSERT_EQ(dlt.retained(), 1u);
  EXPECT_EQ(dlt.at(dlt.first()).publish, poison);
  EXPECT_EQ(broker(*sim).subscription(kDeadLetterSub).backlog(), 1u);
  // The other services handle the same message without trouble.
  EXPECT_TRUE(subscriber(*sim, kEmail).hasProcessed(poison));
  EXPECT_TRUE(subscriber(*sim, kSearchIndex).hasProcessed(poison));
  EXPECT_FALSE(subscriber(*sim, kRecommendation).hasProcessed(poison));
  for (const auto& v : sim->violations()) ADD_FAILURE() << v.checker << ": " << v.text;
}

TEST(PubSub, ABrokerRestartLosesNothingAcknowledged) {
  auto sim = world({{"publishRate", 20}});
  Milestones recovered(*sim, "broker-recovered"), retried(*sim, "publish-retried");
  sim->runUntil(ms(3000));
  sim->apply(fault(CommandKind::Crash, kBroker));
  sim->runUntil(ms(6000));
  sim->apply(fault(CommandKind::Restart, kBroker));
  sim->runUntil(ms(8000));
  sim->apply(verb("publish-rate", {"0"}));
  sim->runUntil(ms(30'000));
  EXPECT_EQ(recovered.seen.size(), 1u);
  EXPECT_GT(retried.seen.size(), 0u);
  EXPECT_EQ(publisher(*sim).unacknowledged(), 0u);
  for (const auto& v : sim->violations()) ADD_FAILURE() << v.checker << ": " << v.text;
  EXPECT_EQ(checker<NoLossChecker>(*sim).undelivered(), 0u)
      << checker<NoLossChecker>(*sim).firstUndelivered();
}

// The checker can fail: a broker that keeps messages in memory only loses
// what it acknowledged when it crashes, and the no-loss checker says so.
TEST(PubSub, WithoutDurableStorageTheCheckerCatchesTheLoss) {
  auto sim = world({{"publishRate", 20}, {"durable", false}, {"searchIndexTime", 200}});
  sim->runUntil(ms(3000));
  sim->apply(fault(CommandKind::Crash, kBroker));
  sim->apply(fault(CommandKind::Restart, kBroker));
  ASSERT_FALSE(sim->violations().empty());
  EXPECT_NE(sim->violations()[0].text.find("no longer retains it: lost"), std::string::npos)
      << sim->violations()[0].text;
}

TEST(PubSub, SnapshotsNameRolesAndRows) {
  auto sim = world({});
  sim->runUntil(ms(2000));
  const char* roles[] = {"publisher",  "broker",     "subscriber",
                         "subscriber", "subscriber", "subscriber"};
  for (NodeId n = 0; n < 6; ++n) {
    EXPECT_EQ(sim->snapshot(n).name, kNodeNames[n]);
    EXPECT_EQ(sim->snapshot(n).role, roles[n]);
    EXPECT_EQ(sim->resolve(kNodeNames[n]), n);
  }
  EXPECT_EQ(sim->resolve("publisher"), NodeId{kProfile});
  EXPECT_FALSE(sim->resolve("leader"));
  const NodeSnapshot b = sim->snapshot(kBroker);
  EXPECT_EQ(row(b, "topics"), "profile-updated, profile-updated-dead-letter");
  EXPECT_EQ(row(b, "subscriptions"),
            "email-sub, search-index-sub, recommendation-sub, analytics-sub, dead-letter-sub");
  EXPECT_EQ(row(b, "storage"), "durable");
  for (const char* field :
       {"backlog", "outstanding", "acked", "redelivered", "dead-lettered", "expired", "delivery",
        "filter", "ordering", "ack deadline", "max delivery attempts", "max outstanding"})
    EXPECT_NE(row(b, std::string("search-index-sub ") + field), "") << field;
  EXPECT_EQ(row(b, "email-sub delivery"), "push to email");
  EXPECT_EQ(row(b, "analytics-sub filter"), "attributes.change = \"interests\"");
  EXPECT_EQ(row(b, "email-sub ack deadline"), "10000 ms");
  EXPECT_NE(std::stoi(row(b, "email-sub acked")), 0);
  const NodeSnapshot s = sim->snapshot(kRecommendation);
  EXPECT_EQ(row(s, "subscription"), "recommendation-sub");
  EXPECT_EQ(row(s, "fails on poison"), "yes");
  EXPECT_EQ(row(s, "delivery"), "pull");
  EXPECT_NE(row(s, "processed"), "0");
  EXPECT_NE(row(sim->snapshot(kProfile), "acknowledged"), "0");
}

TEST(PubSub, MetricsCarryRatesBacklogsRedeliveriesAndLatency) {
  auto sim = world({{"publishRate", 20}});
  sim->apply(verb("slow-consumer", {"analytics", "1000"}));
  sim->runUntil(ms(5000));
  const Metrics& m = sim->kernel().metrics();
  auto last = [&](const char* name) {
    const auto id = m.find(name);
    EXPECT_TRUE(id) << name;
    return id ? m.samples().back().values.at(*id) : -1;
  };
  EXPECT_GT(last("pubsub.publish_rate"), 0);
  EXPECT_GT(last("pubsub.delivery_rate"), 0);
  EXPECT_GT(last("pubsub.email-sub.p99_us"), 0);
  EXPECT_GT(last("pubsub.email-sub.acked"), 50);
  EXPECT_GE(last("pubsub.analytics-sub.outstanding"), 1);
  for (const char* name :
       {"pubsub.search-index-sub.backlog", "pubsub.recommendation-sub.redelivered",
        "pubsub.analytics-sub.dead_lettered", "pubsub.stored", "pubsub.duplicates",
        "pubsub.published", "pubsub.publish_acked", "pubsub.publish_retries", "pubsub.retained",
        "pubsub.dead-letter-sub.backlog"})
    EXPECT_GE(last(name), 0) << name;
}

TEST(PubSub, TheSameSeedReplaysExactlyAndAnotherDiffers) {
  auto run = [](std::uint64_t seed) {
    auto sim = world({{"publishRate", 30}}, seed);
    sim->runUntil(ms(2000));
    sim->apply(fault(CommandKind::Crash, kAnalytics));
    sim->apply(verb("poison", {}));
    sim->runUntil(ms(4000));
    sim->apply(fault(CommandKind::Restart, kAnalytics));
    sim->runUntil(ms(6000));
    return sim->kernel().trace().hash();
  };
  EXPECT_EQ(run(3), run(3));
  EXPECT_NE(run(3), run(4));
}

}  // namespace
}  // namespace cs::pubsub
