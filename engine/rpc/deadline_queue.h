// Deadlines behind one kernel timer: many things that must happen at a time
// unless something else happens first (a call's timeout unless its reply
// comes, a hedge unless the first try answers) share one timer per node
// instead of arming and cancelling one timer each. A cancelled kernel timer
// costs little (the queue drops it unseen when the run nears its time), but
// at thousands of calls a second arming and cancelling one per call is still
// a queued event and a timer slot each. Here nothing is cancelled: an entry
// whose thing already happened is simply skipped when its time comes, and
// the timer is armed for the earliest entry still wanted, so with steady
// traffic it fires about once per timeout rather than once per call.
//
// Entries are kept in (time, order added) order. Most owners add them in
// time order (a fixed timeout after now), so adding is O(1); an earlier one
// is placed by a short walk from the back. The owner arms the timer (it owns
// setTimer) with the help of due() and the fields below. A plain value owned
// by one node; kernel thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "clusterscope/node.h"
#include "clusterscope/time.h"

namespace cs::rpc {

class DeadlineQueue {
 public:
  struct Entry {
    SimTime at{};
    std::uint64_t key = 0;  // the owner's name for the thing (a call id, an exchange id)
  };

  void add(SimTime at, std::uint64_t key) {
    if (size_ == ring_.size()) grow();
    std::size_t i = size_;
    for (; i > 0 && entry(i - 1).at > at; --i) entry(i) = entry(i - 1);
    entry(i) = Entry{at, key};
    ++size_;
  }
  bool empty() const { return size_ == 0; }
  // REQUIRES: !empty().
  const Entry& front() const { return ring_[head_]; }
  void popFront() {
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
  }
  std::size_t size() const { return size_; }
  // Forgets every entry and the timer (a crash: the node's timers are gone).
  void clear() {
    head_ = 0;
    size_ = 0;
    timer = TimerHandle{};
    armedAt = SimTime{-1};
  }

  // Whether the timer must be (re)armed for front(): there is an entry and
  // no timer fires at or before it.
  bool needsTimer() const { return size_ != 0 && (!timer || front().at < armedAt); }

  // The owner's timer for this queue and when it fires (-1: none armed).
  TimerHandle timer;
  SimTime armedAt{-1};

 private:
  // The i-th entry in order. REQUIRES: i <= size_ < ring_.size().
  Entry& entry(std::size_t i) { return ring_[(head_ + i) & (ring_.size() - 1)]; }
  // Doubles the ring, unrolling it so it starts at 0.
  void grow() {
    std::vector<Entry> bigger(ring_.empty() ? 16 : 2 * ring_.size());
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = entry(i);
    ring_.swap(bigger);
    head_ = 0;
  }

  // A ring buffer, its size 0 or a power of two: entries live at
  // [head_, head_ + size_) modulo the size.
  std::vector<Entry> ring_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace cs::rpc
