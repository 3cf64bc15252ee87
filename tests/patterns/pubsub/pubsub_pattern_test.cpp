// Tests of the Pub/Sub pattern's world on whole runs: one update fans out to
// every subscription whose filter matches; a steady load drains; a crashed
// subscriber catches up; a poison message lands in the dead-letter topic
// once; a broker restart loses nothing acknowledged (and, without durable
// storage, the checker catches the loss); options and verbs refuse bad input
// by name; snapshots and metrics carry the rows the UI reads; a seed
// replays exactly. Test thread only.
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

}  // namespace
}  // namespace cs::pubsub
