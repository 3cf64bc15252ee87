// The latency histogram: bucket bounds, percentiles within the bucket error
// bound on known inputs, windows that reset per interval.
#include "rpc/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <cstdint>
#include <vector>
#include "clusterscope/rng.h"

namespace cs::rpc {
namespace {

TEST(Histogram, BucketsTileTheRangeWithoutGaps) {
  for (std::size_t b = 0; b + 1 < Histogram::kBuckets; ++b) {
    EXPECT_LE(Histogram::bucketLow(b), Histogram::bucketHigh(b));
    EXPECT_EQ(Histogram::bucketHigh(b) + 1, Histogram::bucketLow(b + 1)) << b;
  }
  EXPECT_EQ(Histogram::bucketHigh(Histogram::kBuckets - 1), Histogram::kMaxValue);
  for (std::int64_t v :
       std::vector<std::int64_t>{0, 1, 63, 64, 65, 1000, 123456789, Histogram::kMaxValue}) {
    const std::size_t b = Histogram::bucketOf(v);
    EXPECT_LE(Histogram::bucketLow(b), v);
    EXPECT_GE(Histogram::bucketHigh(b), v);
  }
}

TEST(Histogram, EmptyReportsZero) {
  Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.p50(), 0);
  EXPECT_EQ(h.p99(), 0);
}

TEST(Histogram, EqualValuesAreReportedExactly) {
  Histogram h;
  for (int i = 0; i < 100; ++i) h.record(10'000);
  EXPECT_EQ(h.p50(), 10'000);
  EXPECT_EQ(h.p99(), 10'000);
  EXPECT_EQ(h.min(), 10'000);
  EXPECT_EQ(h.max(), 10'000);
}

// 1..100000 us: the exact p-quantile is p * 100000; the reported value is the
// top of its bucket, at most 1/32 above it.
TEST(Histogram, PercentilesWithinBucketErrorOnUniformValues) {
  Histogram h;
  for (std::int64_t v = 1; v <= 100'000; ++v) h.record(v);
  for (std::int64_t p : std::vector<std::int64_t>{1000, 5000, 9000, 9900, 9990, 10000}) {
    const std::int64_t exact = p * 100'000 / 10'000;
    const std::int64_t got = h.valueAt(p);
    EXPECT_GE(got, exact) << p;
    EXPECT_LE(got, exact + exact / Histogram::kSubCount) << p;
  }
  EXPECT_EQ(h.valueAt(10000), 100'000);  // clamped to the max recorded
}

// Whether a reported value is `exact` to within one bucket (at most 1/32 above).
::testing::AssertionResult nearly(std::int64_t got, std::int64_t exact) {
  if (got >= exact && got <= exact + exact / Histogram::kSubCount)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << got << " is not within one bucket above " << exact;
}

TEST(Histogram, TailOfAMixtureIsTheSlowMode) {
  Histogram h;
  for (int i = 0; i < 980; ++i) h.record(5'000);
  for (int i = 0; i < 20; ++i) h.record(400'000);
  EXPECT_TRUE(nearly(h.p50(), 5'000));
  EXPECT_TRUE(nearly(h.valueAt(9800), 5'000));
  EXPECT_EQ(h.p99(), 400'000);
}

TEST(Histogram, MergeEqualsRecordingBoth) {
  Histogram a, b, both;
  for (std::int64_t v = 0; v < 5000; v += 7) {
    a.record(v);
    both.record(v);
  }
  for (std::int64_t v = 100; v < 900'000; v += 1301) {
    b.record(v);
    both.record(v);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), both.count());
  for (std::int64_t p = 0; p <= 10000; p += 500) EXPECT_EQ(a.valueAt(p), both.valueAt(p));
}

TEST(Histogram, OutOfRangeValuesAreClamped) {
  Histogram h;
  h.record(-5);
  h.record(Histogram::kMaxValue * 4);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), Histogram::kMaxValue);
}

TEST(WindowedHistogram, RollStartsANewWindowAndKeepsTheTotal) {
  WindowedHistogram h;
  for (int i = 0; i < 100; ++i) h.record(1'000);
  EXPECT_EQ(h.window.p99(), 1'000);
  h.roll();
  EXPECT_EQ(h.window.count(), 0u);
  for (int i = 0; i < 100; ++i) h.record(50'000);
  EXPECT_EQ(h.window.p50(), 50'000);  // only this interval's values
  EXPECT_EQ(h.total.count(), 200u);
  EXPECT_TRUE(nearly(h.total.valueAt(5000), 1'000));
  EXPECT_EQ(h.total.p99(), 50'000);
}

// valueAt walks only the buckets between min and max, from the nearer end,
// and clear() zeroes only those: both must agree with the definition (the
// bucket of the rank-th smallest value) for every rank, window after window.
TEST(Histogram, EveryPercentileIsTheBucketOfTheRankthValue) {
  Rng rng(99);
  Histogram h;
  for (int round = 0; round < 40; ++round) {
    std::vector<std::int64_t> values;
    const auto n = 1 + rng.below(300);
    const auto lo = static_cast<std::int64_t>(rng.below(100'000));
    const auto spread = 1 + static_cast<std::int64_t>(rng.below(round % 2 ? 1'000 : 5'000'000));
    for (std::uint64_t i = 0; i < n; ++i) {
      values.push_back(lo +
                       static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(spread))));
      h.record(values.back());
    }
    std::sort(values.begin(), values.end());
    for (std::int64_t p = 0; p <= 10000; p += 7) {
      const std::uint64_t rank =
          std::max<std::uint64_t>(1, (n * static_cast<std::uint64_t>(p) + 9999) / 10000);
      const std::int64_t v = values[rank - 1];
      const std::int64_t want =
          std::clamp(Histogram::bucketHigh(Histogram::bucketOf(v)), values.front(), values.back());
      ASSERT_EQ(h.valueAt(p), want) << "round " << round << ", p" << p << "/10000 of " << n;
    }
    h.clear();
    ASSERT_EQ(h.valueAt(5000), 0);
  }
}

}  // namespace
}  // namespace cs::rpc
