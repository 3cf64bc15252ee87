// The kernel's pending events: a 4-ary min-heap ordered by (time, sequence).
// Four children per node halve the depth of a binary heap and keep siblings
// close together, and the (time, sequence) pair is compared as one 128-bit
// number, without branches. Kernel thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "clusterscope/rng.h"
#include "clusterscope/time.h"

namespace cs {

template <class Payload>
class EventQueue {
 public:
  struct Entry {
    std::uint64_t time;  // microseconds; never negative
    std::uint64_t seq;   // order of scheduling, breaks ties in time
    Payload payload;
    SimTime at() const { return SimTime{static_cast<std::int64_t>(time)}; }
    Uint128 key() const { return (static_cast<Uint128>(time) << 64) | seq; }
  };

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // REQUIRES: !empty().
  const Entry& top() const { return heap_.front(); }

  // REQUIRES: at >= 0 (virtual time never precedes the start of the run).
  void push(SimTime at, std::uint64_t seq, const Payload& payload) {
    const Entry e{static_cast<std::uint64_t>(at.count()), seq, payload};
    heap_.push_back(e);
    siftUp(heap_.size() - 1, e);
  }

  // REQUIRES: !empty().
  void pop() {
    const Entry last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return;
    // Floyd's bottom-up deletion: the element taken from the end almost
    // always belongs near the bottom, so walk the hole down along the
    // smallest children without comparing against it, then sift it up.
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      Uint128 bestKey = heap_[first].key();
      const std::size_t end = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < end; ++c) {
        const Uint128 k = heap_[c].key();
        if (k < bestKey) {
          best = c;
          bestKey = k;
        }
      }
      heap_[i] = heap_[best];
      i = best;
    }
    siftUp(i, last);
  }

 private:
  void siftUp(std::size_t i, const Entry& e) {
    const Uint128 key = e.key();
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (heap_[parent].key() <= key) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }

  std::vector<Entry> heap_;
};

}  // namespace cs
