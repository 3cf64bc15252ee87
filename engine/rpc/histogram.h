// A latency histogram in integer microseconds, HdrHistogram-style: values
// below 64 get a bucket each; above, every power of two is split into 32
// equal sub-buckets, so a reported percentile is within 1/32 (about 3%) of
// the true value and recording is a few integer operations with no
// allocation. Only integer arithmetic (no libm), so percentiles are the same
// on every machine. A plain value; whoever owns it uses it from one thread
// (the kernel thread).
#pragma once

#include <array>
#include <cstdint>

namespace cs::rpc {

class Histogram {
 public:
  // Sub-buckets per power of two: 2^kSubBits. The relative error of a
  // reported value is at most 2^-kSubBits.
  static constexpr int kSubBits = 5;
  static constexpr std::int64_t kSubCount = std::int64_t{1} << kSubBits;
  // Values above kMaxValue (about 12.7 days) are recorded as kMaxValue.
  static constexpr std::int64_t kMaxValue = (std::int64_t{1} << 40) - 1;
  static constexpr std::size_t kBuckets = (40 - kSubBits) * kSubCount + kSubCount;

  // Negative values count as 0.
  void record(std::int64_t value) {
    value = clampValue(value);
    add(bucketOf(value), value);
  }
  void clear();
  // Adds every value recorded in `other`.
  void merge(const Histogram& other);

  std::uint64_t count() const { return count_; }
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return count_ ? max_ : 0; }

  // The smallest recorded value v (to bucket precision) such that at least
  // perTenThousand/10000 of the values are <= v; 0 when empty. The value
  // reported is the top of v's bucket, clamped to [min(), max()], so a
  // histogram of equal values reports them exactly.
  // REQUIRES: 0 <= perTenThousand <= 10000.
  std::int64_t valueAt(std::int64_t perTenThousand) const;
  std::int64_t p50() const { return valueAt(5000); }
  std::int64_t p90() const { return valueAt(9000); }
  std::int64_t p99() const { return valueAt(9900); }

  // The bucket holding `value`, and the range of values a bucket holds.
  static std::size_t bucketOf(std::int64_t value);
  static std::int64_t bucketLow(std::size_t bucket);
  static std::int64_t bucketHigh(std::size_t bucket);

 private:
  friend struct WindowedHistogram;
  static std::int64_t clampValue(std::int64_t v) {
    return v < 0 ? 0 : v > kMaxValue ? kMaxValue : v;
  }
  // Counts `value` (already clamped) in `bucket` (its bucket).
  void add(std::size_t bucket, std::int64_t value) {
    ++counts_[bucket];
    if (count_ == 0 || value < min_) min_ = value;
    if (count_ == 0 || value > max_) max_ = value;
    ++count_;
  }

  std::array<std::uint32_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

// A histogram of the whole run plus one of the current window (the values
// since the last roll()), so a chart can plot the p99 of each sample interval.
struct WindowedHistogram {
  Histogram total;
  Histogram window;

  // Finds the value's bucket once for both.
  void record(std::int64_t value) {
    value = Histogram::clampValue(value);
    const std::size_t bucket = Histogram::bucketOf(value);
    total.add(bucket, value);
    window.add(bucket, value);
  }
  // Starts a new window.
  void roll() { window.clear(); }
};

}  // namespace cs::rpc
