// Which of a ring of 4,096 slots are busy: one bit per slot and one summary
// bit per 64-bit word, so the first busy slot at or after a position, going
// round, takes two bit scans however many slots are busy. The event queue's
// two timing wheels each keep one. A plain value; kernel thread only.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace cs {

class RingBitmap {
 public:
  static constexpr std::size_t kSlots = 4096;

  void set(std::size_t i) {
    busy_[i >> 6] |= std::uint64_t{1} << (i & 63);
    summary_ |= std::uint64_t{1} << (i >> 6);
  }
  void clear(std::size_t i) {
    busy_[i >> 6] &= ~(std::uint64_t{1} << (i & 63));
    if (busy_[i >> 6] == 0) summary_ &= ~(std::uint64_t{1} << (i >> 6));
  }
  bool any() const { return summary_ != 0; }

  // The first busy slot at or after `p`, going round past the last slot to
  // the first. REQUIRES: any(), p < kSlots.
  std::size_t firstFrom(std::size_t p) const {
    const std::size_t w = p >> 6;
    const std::uint64_t here = busy_[w] & (~std::uint64_t{0} << (p & 63));
    if (here != 0) return (w << 6) | static_cast<std::size_t>(std::countr_zero(here));
    const std::uint64_t later = w == kWords - 1 ? 0 : summary_ & (~std::uint64_t{0} << (w + 1));
    const std::size_t v = static_cast<std::size_t>(std::countr_zero(later != 0 ? later : summary_));
    return (v << 6) | static_cast<std::size_t>(std::countr_zero(busy_[v]));
  }

 private:
  static constexpr std::size_t kWords = kSlots / 64;
  static_assert(kWords == 64, "the summary word has one bit per bitmap word");

  std::array<std::uint64_t, kWords> busy_{};  // bit i: slot i is busy
  std::uint64_t summary_ = 0;                 // bit w: busy_[w] != 0
};

}  // namespace cs
