// Dense numbers for ordering keys: the first key seen is 1, the next new one
// 2, and so on. The broker looks a key up for every message it stores, so
// small keys (user ids) index a flat table directly, and others go to an
// open-addressing hash table with linear probing in one flat array; a
// node-based std::unordered_map would cost a cache miss or two each time.
// Only looked up, never iterated, so hash order cannot reach a run. A plain
// value; its owner uses it on the kernel thread.
#pragma once

#include <cstdint>
#include <vector>

namespace cs::pubsub {

class KeyIndex {
 public:
  // The number of `key`, giving it the next one if it has none.
  // REQUIRES: key != 0 (0 means "no key").
  std::uint32_t findOrAdd(std::int64_t key) {
    if (key > 0 && key < kDirect) {
      const auto k = static_cast<std::size_t>(key);
      if (k >= direct_.size()) direct_.resize(k + k / 2 + 1, 0);
      if (direct_[k] == 0) direct_[k] = ++count_;
      return direct_[k];
    }
    if (2 * (used_ + 1) > slots_.size()) grow();
    Slot& s = probe(key);
    if (s.key == 0) {
      s.key = key;
      s.index = ++count_;
      ++used_;
    }
    return s.index;
  }
  std::uint32_t size() const { return count_; }

 private:
  static constexpr std::int64_t kDirect = 1 << 20;
  struct Slot {
    std::int64_t key = 0;  // 0: empty
    std::uint32_t index = 0;
  };

  Slot& probe(std::int64_t key) {
    // Fibonacci hashing spreads consecutive user ids over the table.
    std::size_t i = (static_cast<std::uint64_t>(key) * 0x9E3779B97F4A7C15ULL) >> shift_;
    while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & (slots_.size() - 1);
    return slots_[i];
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    shift_ = 64;
    for (std::size_t n = slots_.size(); n > 1; n >>= 1) --shift_;
    for (const Slot& s : old)
      if (s.key != 0) probe(s.key) = s;
  }

  std::vector<std::uint32_t> direct_;  // by key, for 0 < key < kDirect; 0: none yet
  std::vector<Slot> slots_;
  std::uint32_t count_ = 0;  // keys numbered
  std::uint32_t used_ = 0;   // slots taken
  int shift_ = 64;
};

}  // namespace cs::pubsub
