// The kernel's pending events, ordered by (time, sequence). Three parts,
// merged on pop:
//
// - A timing wheel for the near future: 4,096 slots of 16 us each, so about
//   65 ms ahead of the last event popped, which is where nearly every message
//   and short timer lands. A slot holds up to two events in (time, sequence)
//   order, and a two-level bitmap finds the first busy slot in two bit scans,
//   so a push or a pop costs the same however many events are pending.
// - An in-order run (a ring buffer, O(1) per push and pop) for events whose
//   slot is full and that come after every event in the run: a broadcast of
//   a thousand messages with one latency lands at one instant, far more than
//   a slot holds, and in order. It is empty nearly always.
// - A 4-ary min-heap for the rest: events beyond the window (long timers),
//   any earlier than it, and a full slot's events out of order. Four
//   children per node halve the depth of a binary heap.
//
// Any part may hold the overall first event, so a pop compares their fronts;
// the (time, sequence) pair is compared as one 128-bit number.
// Kernel thread only.
#pragma once

#include <array>
#include <bit>
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

  EventQueue() : slots_(kSlots) {}

  bool empty() const { return wheelSize_ == 0 && runSize_ == 0 && heap_.empty(); }
  std::size_t size() const { return wheelSize_ + runSize_ + heap_.size(); }
  // REQUIRES: !empty().
  const Entry& top() const {
    std::size_t slot = 0;
    switch (front(slot)) {
      case Part::Wheel:
        return slots_[slot].entries[0];
      case Part::Run:
        return runFront();
      default:
        return heap_.front();
    }
  }

  // REQUIRES: at >= 0 (virtual time never precedes the start of the run);
  // seq larger than every seq pushed before.
  void push(SimTime at, std::uint64_t seq, const Payload& payload) {
    const Entry e{static_cast<std::uint64_t>(at.count()), seq, payload};
    const std::uint64_t slot = e.time >> kSlotBits;
    // Unsigned: a slot before the window's start wraps to a huge distance.
    const bool inWindow = slot - base_ < kSlots;
    if (inWindow && slots_[slot & kSlotMask].count < kPerSlot) {
      wheelInsert(slot & kSlotMask, e);
    } else if (inWindow && (runSize_ == 0 || runBack().key() <= e.key())) {
      runPush(e);  // a full slot: a burst at one instant, in order
    } else {
      heap_.push_back(e);
      siftUp(heap_.size() - 1, e);
    }
  }

  // REQUIRES: !empty().
  void pop() { (void)popTop(); }
  // Removes and returns top(). REQUIRES: !empty().
  Entry popTop() {
    Entry e{};
    popDue(SimTime{kNever}, e);
    return e;
  }
  // Removes top() into `out` if it is due at or before `limit`; false (and
  // nothing removed) if it is later or the queue is empty. A run that peeks
  // and then pops would look for the first event twice.
  bool popDue(SimTime limit, Entry& out) {
    const auto last = static_cast<std::uint64_t>(limit.count());
    std::size_t slot = 0;
    switch (front(slot)) {
      case Part::None:
        return false;
      case Part::Wheel:
        if (slots_[slot].entries[0].time > last) return false;
        out = wheelPop(slot);
        break;
      case Part::Run:
        if (runFront().time > last) return false;
        out = runPop();
        break;
      case Part::Heap:
        if (heap_.front().time > last) return false;
        out = heap_.front();
        popHeap();
        break;
    }
    // Nothing left is earlier than this event, so the window may start at
    // its slot: pushes near the new now land in the wheel.
    if ((out.time >> kSlotBits) > base_) base_ = out.time >> kSlotBits;
    return true;
  }

 private:
  static constexpr std::int64_t kNever = INT64_MAX;
  static constexpr unsigned kSlotBits = 4;  // 16 us per slot
  static constexpr std::size_t kSlots = 4096;
  static constexpr std::size_t kSlotMask = kSlots - 1;
  static constexpr std::size_t kPerSlot = 2;
  static constexpr std::size_t kWords = kSlots / 64;
  static_assert(kWords == 64, "the summary word has one bit per bitmap word");

  enum class Part : std::uint8_t { None, Wheel, Run, Heap };

  // Which part holds the first event (and, for the wheel, in which slot).
  Part front(std::size_t& slot) const {
    Part part = Part::None;
    const Entry* first = nullptr;
    if (wheelSize_ != 0) {
      slot = frontSlot();
      first = &slots_[slot].entries[0];
      part = Part::Wheel;
    }
    if (runSize_ != 0 && (!first || runFront().key() < first->key())) {
      first = &runFront();
      part = Part::Run;
    }
    if (!heap_.empty() && (!first || heap_.front().key() < first->key())) part = Part::Heap;
    return part;
  }

  struct Slot {
    std::array<Entry, kPerSlot> entries{};  // [0, count) in (time, seq) order
    std::uint8_t count = 0;
  };

  // The busy slot holding the wheel's first event: the first set bit at or
  // after the window's start, going round. Every wheel event lies in
  // [base_, base_ + kSlots), so no slot is visited out of order.
  // REQUIRES: wheelSize_ != 0.
  std::size_t frontSlot() const {
    const std::size_t p = base_ & kSlotMask;
    const std::size_t w = p >> 6;
    const std::uint64_t here = busy_[w] & (~std::uint64_t{0} << (p & 63));
    if (here != 0) return (w << 6) | static_cast<std::size_t>(std::countr_zero(here));
    const std::uint64_t later = w == kWords - 1 ? 0 : summary_ & (~std::uint64_t{0} << (w + 1));
    const std::size_t v = static_cast<std::size_t>(std::countr_zero(later != 0 ? later : summary_));
    return (v << 6) | static_cast<std::size_t>(std::countr_zero(busy_[v]));
  }

  void wheelInsert(std::size_t i, const Entry& e) {
    Slot& s = slots_[i];
    std::size_t at = s.count;
    for (; at > 0 && e.key() < s.entries[at - 1].key(); --at) s.entries[at] = s.entries[at - 1];
    s.entries[at] = e;
    if (s.count++ == 0) {
      busy_[i >> 6] |= std::uint64_t{1} << (i & 63);
      summary_ |= std::uint64_t{1} << (i >> 6);
    }
    ++wheelSize_;
  }

  Entry wheelPop(std::size_t i) {
    Slot& s = slots_[i];
    Entry e = s.entries[0];
    for (std::size_t k = 1; k < s.count; ++k) s.entries[k - 1] = s.entries[k];
    if (--s.count == 0) {
      busy_[i >> 6] &= ~(std::uint64_t{1} << (i & 63));
      if (busy_[i >> 6] == 0) summary_ &= ~(std::uint64_t{1} << (i >> 6));
    }
    --wheelSize_;
    return e;
  }

  const Entry& runFront() const { return run_[runHead_]; }
  const Entry& runBack() const { return run_[(runHead_ + runSize_ - 1) & (run_.size() - 1)]; }
  Entry runPop() {
    const Entry e = runFront();
    runHead_ = (runHead_ + 1) & (run_.size() - 1);
    --runSize_;
    return e;
  }
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

  std::vector<Slot> slots_;
  std::array<std::uint64_t, kWords> busy_{};  // bit i: slot i holds events
  std::uint64_t summary_ = 0;                 // bit w: busy_[w] != 0
  std::uint64_t base_ = 0;                    // the window's first slot (absolute)
  std::size_t wheelSize_ = 0;
  std::vector<Entry> run_;  // ring buffer; size is 0 or a power of two
  std::size_t runHead_ = 0;
  std::size_t runSize_ = 0;
  std::vector<Entry> heap_;
};

}  // namespace cs
