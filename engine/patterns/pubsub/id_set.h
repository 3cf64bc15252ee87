// A set of small dense ids (publish ids count up from 1) as a bitset that
// grows on demand: one bit per id, no allocation per member once grown, and
// no hashing, so membership costs the same every time. A plain value; its
// owner uses it on the kernel thread.
#pragma once

#include <cstdint>
#include <vector>

namespace cs::pubsub {

class IdSet {
 public:
  bool contains(std::uint64_t id) const {
    const std::uint64_t w = id >> 6;
    return w < words_.size() && ((words_[w] >> (id & 63)) & 1u);
  }
  // Adds id; returns false if it was already there.
  bool insert(std::uint64_t id) {
    const std::uint64_t w = id >> 6;
    if (w >= words_.size()) words_.resize(w + w / 2 + 1, 0);
    const std::uint64_t bit = std::uint64_t{1} << (id & 63);
    if (words_[w] & bit) return false;
    words_[w] |= bit;
    return true;
  }
  void clear() { words_.clear(); }

 private:
  std::vector<std::uint64_t> words_;
};

}  // namespace cs::pubsub
