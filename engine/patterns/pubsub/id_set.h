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
// are not. Membership is exact either way.
//
// An owner that needs ids only for a while may forget every id below a
// floor (forgetBelow): words under it are dropped, and an id under it is no
// member unless inserted again afterwards (kept then as a word of its own
// until the floor passes it again). A plain value; its owner uses it on the
// kernel thread.
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
    // A word not kept is full above the floor and forgotten below it.
    return it == below_.end() ? w >= floor_ : (it->second & bit) != 0;
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

  // Forgets every id in the words wholly below `id`'s (ids under the floor
  // inserted since the floor last rose included). A floor lower than the
  // one set before changes nothing.
  void forgetBelow(std::uint64_t id) {
    const std::uint64_t w = id >> 6;
    if (w <= floor_) return;
    floor_ = w;
    below_.erase(below_.begin(), lowerBound(w));
    if (w > base_) {
      const auto drop =
          static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(w - base_, window_.size()));
      window_.erase(window_.begin(), window_.begin() + drop);
      base_ = w;
    }
  }

  void clear() { *this = IdSet{windowLimit_}; }

  // ---- Observations (for tests of the bound) ----
  std::size_t windowWords() const { return window_.size(); }
  std::size_t wordsWithGaps() const { return below_.size(); }

 private:
  static constexpr std::uint64_t kFull = ~std::uint64_t{0};
  using Word = std::pair<std::uint64_t, std::uint64_t>;  // (word index, bits)

  std::vector<Word>::const_iterator lowerBound(std::uint64_t w) const {
    return std::lower_bound(below_.begin(), below_.end(), Word{w, 0},
                            [](const Word& a, const Word& b) { return a.first < b.first; });
  }
  std::vector<Word>::const_iterator findBelow(std::uint64_t w) const {
    const auto it = lowerBound(w);
    return it != below_.end() && it->first == w ? it : below_.end();
  }

  bool insertBelow(std::uint64_t w, std::uint64_t bit) {
    const auto at = lowerBound(w);
    if (at == below_.end() || at->first != w) {
      if (w >= floor_) return false;    // a full word
      below_.insert(at, Word{w, bit});  // forgotten until now: kept by itself
      return true;
    }
    auto it = below_.begin() + (at - below_.cbegin());
    if (it->second & bit) return false;
    it->second |= bit;
    // Full above the floor needs no word; below it, absence means forgotten.
    if (it->second == kFull && w >= floor_) below_.erase(it);
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
  std::uint64_t base_ = 0;   // the word index of window_.front()
  std::uint64_t floor_ = 0;  // words below it are forgotten unless kept in below_
  // Bit 0 (id 0, never a member) is set so that the first word can fill.
  std::deque<std::uint64_t> window_ = std::deque<std::uint64_t>(1, 1);
  std::vector<Word> below_;  // words under the window with a gap (or under the floor), by index
};

}  // namespace cs::pubsub
