// Unit tests of the ambassador's backoff delays and retry budget, as plain
// logic on hand-picked times. Test thread only.
#include <gtest/gtest.h>

#include "patterns/ambassador/retry_policy.h"

namespace cs::ambassador {
namespace {

constexpr SimDuration ms(std::int64_t n) {
  return SimDuration{n * 1000};
}

TEST(Backoff, DoublesUpToTheCap) {
  EXPECT_EQ(exponentialDelay(1, ms(10), ms(100)), ms(10));
  EXPECT_EQ(exponentialDelay(2, ms(10), ms(100)), ms(20));
  EXPECT_EQ(exponentialDelay(4, ms(10), ms(100)), ms(80));
  EXPECT_EQ(exponentialDelay(5, ms(10), ms(100)), ms(100));
  EXPECT_EQ(exponentialDelay(60, ms(10), ms(100)), ms(100));
}

TEST(Backoff, JitterStaysInItsRange) {
  Rng rng(7);
  for (int retry = 1; retry <= 6; ++retry) {
    const SimDuration e = exponentialDelay(retry, ms(10), ms(100));
    for (int i = 0; i < 200; ++i) {
      const SimDuration eq = backoffDelay(retry, ms(10), ms(100), Jitter::Equal, rng);
      EXPECT_GE(eq, e / 2);
      EXPECT_LE(eq, e);
      const SimDuration full = backoffDelay(retry, ms(10), ms(100), Jitter::Full, rng);
      EXPECT_GE(full.count(), 0);
      EXPECT_LE(full, e);
    }
    EXPECT_EQ(backoffDelay(retry, ms(10), ms(100), Jitter::None, rng), e);
    EXPECT_EQ(minimumBackoff(retry, ms(10), ms(100), Jitter::Equal), SimDuration{e.count() / 2});
  }
}

TEST(RetryBudget, AllowsPercentOfRequestsPlusTheMinimum) {
  RetryBudget b({20, 1, ms(10'000), 10});  // 20% + 1/s * 10 s = 10 more
  for (int i = 0; i < 100; ++i) b.deposit(ms(i * 10));
  int allowed = 0;
  while (allowed < 1000 && b.tryWithdraw(ms(1000))) ++allowed;
  EXPECT_EQ(allowed, 20 + 10);
  EXPECT_EQ(b.extraTries(ms(1000)), 30);
}

TEST(RetryBudget, ForgetsWhatLeftTheWindow) {
  RetryBudget b({20, 0, ms(1000), 10});
  for (int i = 0; i < 50; ++i) b.deposit(ms(0));
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(b.tryWithdraw(ms(50)));
  EXPECT_FALSE(b.tryWithdraw(ms(50)));
  // 1.1 s later the bucket of 0..100 ms has left the window: no requests, no allowance.
  EXPECT_EQ(b.requests(ms(1100)), 0);
  EXPECT_FALSE(b.tryWithdraw(ms(1100)));
  for (int i = 0; i < 5; ++i) b.deposit(ms(1100));
  EXPECT_TRUE(b.tryWithdraw(ms(1100)));
  EXPECT_FALSE(b.tryWithdraw(ms(1100)));
}

}  // namespace
}  // namespace cs::ambassador
