// A set of dense ids (publish ids and message ids count up from 1; 0 is
// never a member) that stays small however long the run. Its owners insert
// nearly every id sooner or later, so the set is kept as bits with the full
// stretches compacted away:
//
//   - the recent ids are bits in a window of 64-bit words that grows at the
//     top on demand;
//   - a word at the bottom of the window whose 64 ids are all members is
//     dropped and counts as full from then on (acknowledged ids become one
//     range below the window);
//   - once the window is longer than its limit (kWindowWords unless the
//     constructor is given another), its bottom word moves
//     below it even with ids missing, and is kept there, sorted, only
//     because of its gaps (until they fill).
//
// So memory is the window (at most its limit in words) plus one word per 64
// ids that still has a gap below it: flat while ids are settled in the
// order they come, and never more than twice the plain bitset when they
// are not. Membership is exact either way. A plain value; its owner uses it
// on the kernel thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

namespace cs::pubsub {

class IdSet {
 public:
  // 4 Mi ids: a window that never spills in practice when ids settle within
  // hours of each other at the rates the scenarios allow.
  static constexpr std::size_t kWindowWords = std::size_t{1} << 16;

  explicit IdSet(std::size_t windowWords = kWindowWords) : windowLimit_(windowWords) {}

  bool contains(std::uint64_t id) const {
    if (id == 0) return false;
    const std::uint64_t w = id >> 6;
    const std::uint64_t bit = std::uint64_t{1} << (id & 63);
    if (w >= base_) {
      const std::uint64_t i = w - base_;
      return i < window_.size() && (window_[i] & bit);
    }
    const auto it = findBelow(w);
    return it == below_.end() || (it->second & bit);
  }

  // Adds id; returns false if it was already there (or is 0).
  bool insert(std::uint64_t id) {
    if (id == 0) return false;
    const std::uint64_t w = id >> 6;
    const std::uint64_t bit = std::uint64_t{1} << (id & 63);
    if (w < base_) return insertBelow(w, bit);
    const std::uint64_t i = w - base_;
    if (i >= window_.size()) window_.resize(i + 1, 0);
    if (window_[i] & bit) return false;
    window_[i] |= bit;
    compact();
    return true;
  }

  void clear() { *this = IdSet{windowLimit_}; }

  // ---- Observations (for tests of the bound) ----
  std::size_t windowWords() const { return window_.size(); }
  std::size_t wordsWithGaps() const { return below_.size(); }

 private:
  static constexpr std::uint64_t kFull = ~std::uint64_t{0};
  using Word = std::pair<std::uint64_t, std::uint64_t>;  // (word index, bits)

  std::vector<Word>::const_iterator findBelow(std::uint64_t w) const {
    const auto it =
        std::lower_bound(below_.begin(), below_.end(), Word{w, 0},
                         [](const Word& a, const Word& b) { return a.first < b.first; });
    return it != below_.end() && it->first == w ? it : below_.end();
  }

  bool insertBelow(std::uint64_t w, std::uint64_t bit) {
    const auto found = findBelow(w);
    if (found == below_.end()) return false;  // a full word
    auto it = below_.begin() + (found - below_.cbegin());
    if (it->second & bit) return false;
    it->second |= bit;
    if (it->second == kFull) below_.erase(it);
    return true;
  }

  void compact() {
    while (!window_.empty() && (window_.front() == kFull || window_.size() > windowLimit_)) {
      if (window_.front() != kFull) below_.emplace_back(base_, window_.front());
      window_.pop_front();
      ++base_;
    }
  }

  std::size_t windowLimit_;
  std::uint64_t base_ = 0;  // the word index of window_.front()
  // Bit 0 (id 0, never a member) is set so that the first word can fill.
  std::deque<std::uint64_t> window_ = std::deque<std::uint64_t>(1, 1);
  std::vector<Word> below_;  // words under the window with a gap, by index
};

}  // namespace cs::pubsub
