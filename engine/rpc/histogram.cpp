// Log-linear bucketing and percentile lookup. See histogram.h.
#include "rpc/histogram.h"

#include <algorithm>
#include <bit>
#include <cassert>

namespace cs::rpc {

// Values below 2 * kSubCount map to themselves. Above, a value whose top bit
// is bit m lands in octave e = m - kSubBits, where its top kSubBits + 1 bits
// (kSubCount .. 2 * kSubCount - 1) pick the sub-bucket:
// index = e * kSubCount + (value >> e), contiguous with the linear range.
std::size_t Histogram::bucketOf(std::int64_t value) {
  const auto v = static_cast<std::uint64_t>(std::clamp<std::int64_t>(value, 0, kMaxValue));
  if (v < static_cast<std::uint64_t>(2 * kSubCount)) return static_cast<std::size_t>(v);
  const int e = std::bit_width(v) - 1 - kSubBits;
  return static_cast<std::size_t>(e) * kSubCount + static_cast<std::size_t>(v >> e);
}

std::int64_t Histogram::bucketLow(std::size_t bucket) {
  const auto b = static_cast<std::int64_t>(bucket);
  if (b < 2 * kSubCount) return b;
  const std::int64_t e = b / kSubCount - 1;
  const std::int64_t m = b % kSubCount + kSubCount;
  return m << e;
}

std::int64_t Histogram::bucketHigh(std::size_t bucket) {
  const auto b = static_cast<std::int64_t>(bucket);
  if (b < 2 * kSubCount) return b;
  const std::int64_t e = b / kSubCount - 1;
  const std::int64_t m = b % kSubCount + kSubCount;
  return ((m + 1) << e) - 1;
}

void Histogram::record(std::int64_t value) {
  value = std::clamp<std::int64_t>(value, 0, kMaxValue);
  ++counts_[bucketOf(value)];
  if (count_ == 0 || value < min_) min_ = value;
  if (count_ == 0 || value > max_) max_ = value;
  ++count_;
}

void Histogram::clear() {
  if (count_ == 0) return;
  counts_.fill(0);
  count_ = 0;
  min_ = max_ = 0;
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  min_ = count_ ? std::min(min_, other.min_) : other.min_;
  max_ = count_ ? std::max(max_, other.max_) : other.max_;
  count_ += other.count_;
}

std::int64_t Histogram::valueAt(std::int64_t perTenThousand) const {
  assert(perTenThousand >= 0 && perTenThousand <= 10000);
  if (count_ == 0) return 0;
  // The rank of the wanted value, 1-based, rounded up: p50 of 4 values is
  // the 2nd, p99 of 10 values the 10th.
  const std::uint64_t rank = std::max<std::uint64_t>(
      1, (count_ * static_cast<std::uint64_t>(perTenThousand) + 9999) / 10000);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::clamp(bucketHigh(i), min_, max_);
  }
  return max_;
}

}  // namespace cs::rpc
