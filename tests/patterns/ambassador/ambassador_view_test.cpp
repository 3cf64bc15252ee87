// The Ambassador world's typed view (ambassador_view.h): the sidecars, their
// switches and counts, and a breaker per replica come as numbers and enums.
#include <gtest/gtest.h>

#include "ambassador_test_support.h"
#include "clusterscope/ambassador/ambassador_view.h"

namespace cs::ambassador {
namespace {

using namespace testing;

TEST(AmbassadorView, TellsTheSidecarsTheirSwitchesAndTheReplicasBreakers) {
  auto sim = world(nullptr, 3);
  sim->runUntil(ms(2'000));
  const auto held = sim->view();
  const AmbassadorView& v = viewOf<AmbassadorView>(*held);
  EXPECT_TRUE(v.isSidecar(kAmbassador));
  EXPECT_TRUE(v.isSidecar(kB1Ambassador));
  EXPECT_FALSE(v.isSidecar(kB1));
  EXPECT_TRUE(v.outbound.inUse);
  EXPECT_EQ(v.outbound.requests, outbound(*sim).counters().requests);
  ASSERT_EQ(v.outbound.upstreams.size(), 2u);
  const UpstreamView* b1 = v.outbound.upstream(kB1Ambassador);
  ASSERT_NE(b1, nullptr);
  EXPECT_EQ(b1->breaker.state, outbound(*sim).breaker(0).state());
  const InboundView* in = v.inboundOf(kB1Ambassador);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->service, kB1);
  EXPECT_EQ(in->refused, inbound(*sim, kB1Ambassador).refused());
  ASSERT_NE(v.service(kB2), nullptr);
  EXPECT_GT(v.service(kB2)->processing.slowShare, 0) << "b2 has a heavy tail";
  EXPECT_EQ(v.rogue, kRogue);
  ASSERT_NE(v.client(kRogue), nullptr);

  sim->apply(verb("ambassador", {"off"}));
  sim->apply(verb("hedging", {"off"}));
  sim->apply(verb("sick", {"b1", "300"}));
  sim->runUntil(ms(2'100));
  const auto later = sim->view();
  const AmbassadorView& off = viewOf<AmbassadorView>(*later);
  EXPECT_FALSE(off.outbound.inUse);
  EXPECT_FALSE(off.outbound.hedging);
  EXPECT_EQ(off.service(kB1)->processing.usualMax, ms(300));
}

}  // namespace
}  // namespace cs::ambassador
