// The kernel's pending events, ordered by (time, sequence). Four parts:
//
// - A near timing wheel: 4,096 slots of 16 us each, so about 65 ms ahead of
//   the last event popped, which is where nearly every message and short
//   timer lands. A slot holds up to two events in (time, sequence) order, and
//   a RingBitmap finds the first busy slot in two bit scans, so a push or a
//   pop costs the same however many events are pending. The slots' counts
//   sit apart from their events: a push reads one byte of a 4 KB array, not
//   a cache line of a 230 KB one.
// - A far timing wheel for the next 268 s: 4,096 buckets, each as long as
//   the whole near window, holding its events unsorted. When the run reaches
//   a bucket, its events move to the near wheel. Timeouts live here (an RPC
//   deadline, an operation's timer), and most are cancelled before they come
//   due: a cancelled one is dropped when its bucket is reached, never sorted.
// - An in-order run (a ring buffer, O(1) per push and pop) for events whose
//   slot is full and that come after every event in the run: a broadcast of
//   a thousand messages with one latency lands at one instant, far more than
//   a slot holds, and in order. It is empty nearly always.
// - A 4-ary min-heap for the rest: events beyond the far wheel, any earlier
//   than the near window, and a full slot's events out of order. Four
//   children per node halve the depth of a binary heap.
//
// Any of the near wheel, the run and the heap may hold the overall first
// event, so a pop compares their fronts (the (time, sequence) pair as one
// 128-bit number); a far bucket that starts no later than that front is
// brought in first.
//
// Cancellation: `IsCancelled` says whether an entry's event no longer
// happens (a cancelled timer). It must be a pure function of the entry and
// the owner's state, and an entry once cancelled must stay so. Cancelled
// entries are dropped unseen, when their far bucket is reached or when they
// come to the front, so top(), popDue() and empty() only ever see live ones;
// when they are dropped never changes what a run does.
// Kernel thread only.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "clusterscope/ring_bitmap.h"
#include "clusterscope/rng.h"
#include "clusterscope/time.h"

namespace cs {

// For a queue whose events are never cancelled.
struct NeverCancelled {
  template <class Entry>
  bool operator()(const Entry&) const {
    return false;
  }
};

template <class Payload, class IsCancelled = NeverCancelled>
class EventQueue {
 public:
  struct Entry {
    std::uint64_t time;  // microseconds; never negative
    std::uint64_t seq;   // order of scheduling, breaks ties in time
    Payload payload;
    SimTime at() const { return SimTime{static_cast<std::int64_t>(time)}; }
    Uint128 key() const { return (static_cast<Uint128>(time) << 64) | seq; }
  };

  explicit EventQueue(IsCancelled isCancelled = {})
      : slots_(kSlots), buckets_(kBuckets), isCancelled_(std::move(isCancelled)) {}

  // No live event is pending. Drops cancelled ones at the front to find out.
  bool empty() { return peek() == nullptr; }
  // Entries held, cancelled ones not yet dropped included.
  std::size_t size() const { return wheelSize_ + farSize_ + runSize_ + heap_.size(); }
  // The first live event. REQUIRES: !empty().
  const Entry& top() { return *peek(); }
  // The first live event, or nullptr if there is none.
  const Entry* peek() {
    std::size_t slot = 0;
    const Part part = settle(slot);
    return part == Part::None ? nullptr : &frontOf(part, slot);
  }

  // REQUIRES: at >= 0 (virtual time never precedes the start of the run);
  // seq larger than every seq pushed before.
  void push(SimTime at, std::uint64_t seq, const Payload& payload) {
    place(Entry{static_cast<std::uint64_t>(at.count()), seq, payload});
  }

  // REQUIRES: !empty().
  void pop() { (void)popTop(); }
  // Removes and returns top(). REQUIRES: !empty().
  Entry popTop() {
    Entry e{};
    popDue(SimTime{kNever}, e);
    return e;
  }
  // Removes the first live event into `out` if it is due at or before
  // `limit`; false (and nothing live removed) if it is later or there is
  // none. A run that peeks and then pops would look for it twice.
  bool popDue(SimTime limit, Entry& out) {
    std::size_t slot = 0;
    const Part part = settle(slot);
    if (part == Part::None || frontOf(part, slot).time > static_cast<std::uint64_t>(limit.count()))
      return false;
    out = frontOf(part, slot);
    removeFront(part, slot);
    // Nothing left is earlier than this event, so the window may start at
    // its slot: pushes near the new now land in the near wheel.
    if ((out.time >> kSlotBits) > base_) base_ = out.time >> kSlotBits;
    return true;
  }

 private:
  static constexpr std::int64_t kNever = INT64_MAX;
  static constexpr unsigned kSlotBits = 4;  // 16 us per slot
  static constexpr std::size_t kSlots = RingBitmap::kSlots;
  static constexpr std::size_t kSlotMask = kSlots - 1;
  static constexpr std::size_t kPerSlot = 2;
  // A far bucket spans exactly one near window, so a bucket brought in fits
  // in the near wheel once the window starts at the bucket's first slot.
  static constexpr unsigned kWindowBits = 12;
  static_assert(kSlots == std::size_t{1} << kWindowBits);
  static constexpr unsigned kBucketBits = kSlotBits + kWindowBits;  // 65,536 us per bucket
  static constexpr std::size_t kBuckets = RingBitmap::kSlots;
  static constexpr std::size_t kBucketMask = kBuckets - 1;

  enum class Part : std::uint8_t { None, Wheel, Run, Heap };

  void place(const Entry& e) {
    const std::uint64_t slot = e.time >> kSlotBits;
    // Unsigned: a slot before the window's start wraps to a huge distance.
    const bool inWindow = slot - base_ < kSlots;
    if (inWindow && counts_[slot & kSlotMask] < kPerSlot) {
      wheelInsert(slot & kSlotMask, e);
    } else if (inWindow && (runSize_ == 0 || runBack().key() <= e.key())) {
      runPush(e);  // a full slot: a burst at one instant, in order
    } else if (!inWindow && slot > base_ &&
               (e.time >> kBucketBits) - (base_ >> kWindowBits) < kBuckets) {
      farPush(e);  // beyond the window, so in a bucket after the window's first
    } else {
      heap_.push_back(e);
      siftUp(heap_.size() - 1, e);
    }
  }

  // Which part holds the first live event (and, for the wheel, in which
  // slot), after bringing in any far bucket that could hold an earlier one
  // and dropping cancelled events from the front.
  Part settle(std::size_t& slot) {
    for (;;) {
      const Part part = front(slot);
      if (farSize_ != 0) {
        const std::uint64_t bucket = firstBucket();
        if (part == Part::None || bucket <= (frontOf(part, slot).time >> kBucketBits)) {
          bringIn(bucket);
          continue;
        }
      }
      if (part == Part::None || !isCancelled_(frontOf(part, slot))) return part;
      removeFront(part, slot);
    }
  }

  // Which of the near wheel, the run and the heap holds the first entry.
  Part front(std::size_t& slot) const {
    Part part = Part::None;
    const Entry* first = nullptr;
    if (wheelSize_ != 0) {
      slot = nearBusy_.firstFrom(base_ & kSlotMask);
      first = &slots_[slot][0];
      part = Part::Wheel;
    }
    if (runSize_ != 0 && (!first || runFront().key() < first->key())) {
      first = &runFront();
      part = Part::Run;
    }
    if (!heap_.empty() && (!first || heap_.front().key() < first->key())) part = Part::Heap;
    return part;
  }
  // REQUIRES: part != Part::None (and, for the wheel, slot from front()).
  const Entry& frontOf(Part part, std::size_t slot) const {
    switch (part) {
      case Part::Wheel:
        return slots_[slot][0];
      case Part::Run:
        return runFront();
      default:
        return heap_.front();
    }
  }
  void removeFront(Part part, std::size_t slot) {
    switch (part) {
      case Part::Wheel:
        wheelPop(slot);
        break;
      case Part::Run:
        runPop();
        break;
      default:
        popHeap();
        break;
    }
  }

  // ---- The near wheel ----
  // Every near-wheel event lies in [base_, base_ + kSlots), so going round
  // from the window's start visits the busy slots in time order.

  void wheelInsert(std::size_t i, const Entry& e) {
    Slot& s = slots_[i];
    std::size_t at = counts_[i];
    for (; at > 0 && e.key() < s[at - 1].key(); --at) s[at] = s[at - 1];
    s[at] = e;
    if (counts_[i]++ == 0) nearBusy_.set(i);
    ++wheelSize_;
  }

  void wheelPop(std::size_t i) {
    Slot& s = slots_[i];
    for (std::size_t k = 1; k < counts_[i]; ++k) s[k - 1] = s[k];
    if (--counts_[i] == 0) nearBusy_.clear(i);
    --wheelSize_;
  }

  // ---- The far wheel ----
  // Every far bucket that holds events has an absolute index in
  // (base_ >> kWindowBits, (base_ >> kWindowBits) + kBuckets): later than
  // the window's first bucket (a bucket is brought in before any event in
  // it or after it is popped) and within the ring.

  void farPush(const Entry& e) {
    const std::size_t i = (e.time >> kBucketBits) & kBucketMask;
    std::vector<Entry>& bucket = buckets_[i];
    if (bucket.empty()) {
      farBusy_.set(i);
      // Reuse an emptied bucket's storage, so only as many buckets hold
      // memory as have held events at once.
      if (bucket.capacity() == 0 && !spare_.empty()) {
        bucket.swap(spare_.back());
        spare_.pop_back();
      }
    }
    bucket.push_back(e);
    ++farSize_;
  }

  // The absolute index of the first far bucket holding events.
  // REQUIRES: farSize_ != 0.
  std::uint64_t firstBucket() const {
    const std::uint64_t from = (base_ >> kWindowBits) + 1;
    const std::size_t i = farBusy_.firstFrom(from & kBucketMask);
    return from + ((i - from) & kBucketMask);
  }

  // Moves a far bucket's live events into the near wheel.
  // REQUIRES: nothing else pending is earlier than the bucket's start.
  void bringIn(std::uint64_t bucket) {
    std::vector<Entry> events;
    events.swap(buckets_[bucket & kBucketMask]);
    farBusy_.clear(bucket & kBucketMask);
    farSize_ -= events.size();
    base_ = bucket << kWindowBits;  // the window now covers the whole bucket
    std::erase_if(events, [this](const Entry& e) { return isCancelled_(e); });
    // In order, so that a slot's overflow can go to the run, not the heap.
    std::sort(events.begin(), events.end(),
              [](const Entry& a, const Entry& b) { return a.key() < b.key(); });
    for (const Entry& e : events) place(e);
    events.clear();
    spare_.push_back(std::move(events));
  }

  // ---- The run ----

  const Entry& runFront() const { return run_[runHead_]; }
  const Entry& runBack() const { return run_[(runHead_ + runSize_ - 1) & (run_.size() - 1)]; }
  void runPop() {
    runHead_ = (runHead_ + 1) & (run_.size() - 1);
    --runSize_;
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

  // ---- The heap ----

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

  using Slot = std::array<Entry, kPerSlot>;  // [0, count) in (time, seq) order

  std::vector<Slot> slots_;
  std::array<std::uint8_t, kSlots> counts_{};  // events in each slot
  RingBitmap nearBusy_;                        // slot i holds events
  std::uint64_t base_ = 0;                     // the window's first slot (absolute)
  std::size_t wheelSize_ = 0;
  std::vector<std::vector<Entry>> buckets_;  // far buckets, by absolute index & kBucketMask
  std::vector<std::vector<Entry>> spare_;    // emptied buckets' storage
  RingBitmap farBusy_;                       // bucket i holds events
  std::size_t farSize_ = 0;
  std::vector<Entry> run_;  // ring buffer; size is 0 or a power of two
  std::size_t runHead_ = 0;
  std::size_t runSize_ = 0;
  std::vector<Entry> heap_;
  IsCancelled isCancelled_;
};

}  // namespace cs
