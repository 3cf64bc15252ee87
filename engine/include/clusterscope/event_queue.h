// The kernel's pending events, ordered by (time, sequence). Two parts, merged
// on pop:
//
// - A timing wheel for the near future: 4,096 slots of 16 us each, so about
//   65 ms ahead of the last event popped, which is where nearly every message
//   and short timer lands. A slot holds up to two events in (time, sequence)
//   order, and a two-level bitmap finds the first busy slot in two bit scans,
//   so a push or a pop costs the same however many events are pending.
// - A 4-ary min-heap for the rest: events further ahead (long timers), events
//   for a slot that is full (many at one instant), and any earlier than the
//   wheel's window. Four children per node halve the depth of a binary heap.
//
// Either part may hold the overall first event, so a pop compares the fronts
// of both; the (time, sequence) pair is compared as one 128-bit number.
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

  bool empty() const { return wheelSize_ == 0 && heap_.empty(); }
  std::size_t size() const { return wheelSize_ + heap_.size(); }
  // REQUIRES: !empty().
  const Entry& top() const {
    if (wheelSize_ != 0) {
      const Entry& w = slots_[frontSlot()].entries[0];
      if (heap_.empty() || w.key() < heap_.front().key()) return w;
    }
    return heap_.front();
  }

  // REQUIRES: at >= 0 (virtual time never precedes the start of the run);
  // seq larger than every seq pushed before.
  void push(SimTime at, std::uint64_t seq, const Payload& payload) {
    const Entry e{static_cast<std::uint64_t>(at.count()), seq, payload};
    const std::uint64_t slot = e.time >> kSlotBits;
    // Unsigned: a slot before the window's start wraps to a huge distance.
    if (slot - base_ < kSlots && slots_[slot & kSlotMask].count < kPerSlot) {
      wheelInsert(slot & kSlotMask, e);
      return;
    }
    heap_.push_back(e);
    siftUp(heap_.size() - 1, e);
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
    if (wheelSize_ != 0) {
      const std::size_t i = frontSlot();
      const Entry& w = slots_[i].entries[0];
      if (heap_.empty() || w.key() < heap_.front().key()) {
        if (w.time > last) return false;
        out = wheelPop(i);
        base_ = out.time >> kSlotBits;
        return true;
      }
    }
    if (heap_.empty() || heap_.front().time > last) return false;
    out = heap_.front();
    popHeap();
    // Nothing in the wheel is earlier than this event, so the window may
    // start at its slot: pushes near the new now land in the wheel.
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
  std::vector<Entry> heap_;
};

}  // namespace cs
