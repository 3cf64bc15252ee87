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

void Histogram::clear() {
  if (count_ == 0) return;
  // Only the buckets from min to max can hold anything: a window of a few
  // milliseconds' latencies clears a few dozen counters, not all of them.
  const auto first = counts_.begin() + static_cast<std::ptrdiff_t>(bucketOf(min_));
  const auto last = counts_.begin() + static_cast<std::ptrdiff_t>(bucketOf(max_)) + 1;
  std::fill(first, last, 0u);
  count_ = 0;
  min_ = max_ = 0;
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  // Only the other's buckets from its min to its max can hold anything: a
  // service's latencies span a few dozen buckets of the thousand.
  const std::size_t last = bucketOf(other.max_);
  for (std::size_t i = bucketOf(other.min_); i <= last; ++i) counts_[i] += other.counts_[i];
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
  // The answer is the lowest bucket i whose values and those below number at
  // least `rank`. Every bucket outside [min, max] is empty, so walk from
  // whichever end is nearer the rank: up from min for the lower half, down
  // from max for the upper (p99 is then a few steps from the top).
  const std::size_t lo = bucketOf(min_);
  std::size_t i = bucketOf(max_);
  if (rank <= count_ / 2) {
    std::uint64_t seen = 0;
    for (i = lo;; ++i) {
      seen += counts_[i];
      if (seen >= rank) break;
    }
  } else {
    // above: the values in buckets above i. Step down while bucket i - 1
    // would still have at least `rank` values at or below it.
    std::uint64_t above = 0;
    while (i > lo && above + counts_[i] <= count_ - rank) above += counts_[i--];
  }
  return std::clamp(bucketHigh(i), min_, max_);
}

}  // namespace cs::rpc
