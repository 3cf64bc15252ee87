// The kernel's pending events, ordered by (time, sequence). Two parts, merged
// on pop: a run of events pushed in order (most are: with a fixed link
// latency every send lands after the one before), kept in a ring buffer at
// O(1) per push and pop; and a 4-ary min-heap for the rest. Four children per
// node halve the depth of a binary heap and keep siblings close together, and
// the (time, sequence) pair is compared as one 128-bit number, without
// branches. Kernel thread only.
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

  bool empty() const { return heap_.empty() && runSize_ == 0; }
  std::size_t size() const { return heap_.size() + runSize_; }
  // REQUIRES: !empty().
  const Entry& top() const { return runIsFirst() ? runFront() : heap_.front(); }

  // REQUIRES: at >= 0 (virtual time never precedes the start of the run);
  // seq larger than every seq pushed before.
  void push(SimTime at, std::uint64_t seq, const Payload& payload) {
    const Entry e{static_cast<std::uint64_t>(at.count()), seq, payload};
    if (runSize_ == 0 || runBack().key() <= e.key()) {
      runPush(e);
      return;
    }
    heap_.push_back(e);
    siftUp(heap_.size() - 1, e);
  }

  // REQUIRES: !empty().
  void pop() { (void)popTop(); }
  // Removes and returns top(), deciding only once which part holds it: the
  // kernel's step needs both, and the choice is half the cost of a run pop.
  // REQUIRES: !empty().
  Entry popTop() {
    if (runIsFirst()) {
      const Entry e = runFront();
      runHead_ = (runHead_ + 1) & (run_.size() - 1);
      --runSize_;
      return e;
    }
    const Entry e = heap_.front();
    popHeap();
    return e;
  }

 private:
  bool runIsFirst() const {
    return runSize_ != 0 && (heap_.empty() || runFront().key() < heap_.front().key());
  }
  const Entry& runFront() const { return run_[runHead_]; }
  const Entry& runBack() const { return run_[(runHead_ + runSize_ - 1) & (run_.size() - 1)]; }
  void runPush(const Entry& e) {
    if (runSize_ == run_.size()) {
      // Grow to twice the size, unrolling the ring so it starts at 0.
      std::vector<Entry> grown(run_.empty() ? 64 : 2 * run_.size());
      for (std::size_t i = 0; i < runSize_; ++i)
        grown[i] = run_[(runHead_ + i) & (run_.size() - 1)];
      run_ = std::move(grown);
      runHead_ = 0;
    }
    run_[(runHead_ + runSize_) & (run_.size() - 1)] = e;
    ++runSize_;
  }

  void popHeap() {
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
  std::vector<Entry> run_;  // ring buffer; size is 0 or a power of two
  std::size_t runHead_ = 0;
  std::size_t runSize_ = 0;
};

}  // namespace cs
