// The network model: latency with jitter, loss and duplication, each drawn
// from the network's own stream.
#include "clusterscope/network.h"

#include <gtest/gtest.h>

namespace cs {
namespace {

TEST(Network, JitterStaysWithinItsRange) {
  Network n(1);
  n.resize(2);
  n.setDefaultLink(LinkConfig{SimDuration{1000}, SimDuration{500}, 0, 0});
  bool varied = false;
  for (int i = 0; i < 1000; ++i) {
    const auto f = n.decide(0, 1);
    ASSERT_GE(f.delay, SimDuration{1000});
    ASSERT_LE(f.delay, SimDuration{1500});
    varied |= f.delay != SimDuration{1000};
  }
  EXPECT_TRUE(varied);
}

TEST(Network, LossAndDuplicationFollowTheirProbabilities) {
  Network n(2);
  n.resize(2);
  n.setDefaultLink(LinkConfig{SimDuration{1000}, SimDuration{0}, 0.2, 0.1});
  int lost = 0, dup = 0;
  for (int i = 0; i < 20'000; ++i) {
    const auto f = n.decide(0, 1);
    lost += f.lost;
    dup += f.duplicated;
    ASSERT_FALSE(f.lost && f.duplicated);
  }
  EXPECT_NEAR(lost, 4000, 300);
  EXPECT_NEAR(dup, 1600, 200);  // 10% of the 80% not lost
}

TEST(Network, PerLinkConfigOverridesTheDefault) {
  Network n(3);
  n.resize(3);
  n.setLink(0, 1, LinkConfig{SimDuration{9000}, SimDuration{0}, 0, 0});
  n.setDefaultLink(LinkConfig{SimDuration{2000}, SimDuration{0}, 0, 0});
  EXPECT_EQ(n.decide(0, 1).delay, SimDuration{9000});
  EXPECT_EQ(n.decide(1, 0).delay, SimDuration{2000});
  n.resize(4);  // growing keeps what was configured
  EXPECT_EQ(n.decide(0, 1).delay, SimDuration{9000});
  EXPECT_EQ(n.decide(3, 0).delay, SimDuration{2000});
}

TEST(Network, BlockingIsDirected) {
  Network n(4);
  n.resize(2);
  EXPECT_TRUE(n.setBlocked(0, 1, true));
  EXPECT_FALSE(n.setBlocked(0, 1, true)) << "no change reported twice";
  EXPECT_FALSE(n.reachable(0, 1));
  EXPECT_TRUE(n.reachable(1, 0));
}

}  // namespace
}  // namespace cs
