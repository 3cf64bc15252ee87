// Deadlines behind one kernel timer: many things that must happen at a time
// unless something else happens first (a call's timeout unless its reply
// comes, a hedge unless the first try answers) share one timer per node
// instead of arming and cancelling one timer each. A cancelled kernel timer
// stays in the event queue until its time comes, so at thousands of calls a
// second the queue would be mostly dead timers, and every event would pay
// for them. Here nothing is cancelled: an entry whose thing already happened
// is simply skipped when its time comes, and the timer is armed for the
// earliest entry still wanted, so with steady traffic it fires about once
// per timeout rather than once per call.
//
// Entries are kept in (time, order added) order. Most owners add them in
// time order (a fixed timeout after now), so adding is O(1); an earlier one
// is placed by a short walk from the back. The owner arms the timer (it owns
// setTimer) with the help of due() and the fields below. A plain value owned
// by one node; kernel thread only.
#pragma once

#include <cstdint>
#include <deque>

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
    auto it = entries_.end();
    while (it != entries_.begin() && std::prev(it)->at > at) --it;
    entries_.insert(it, Entry{at, key});
  }
  bool empty() const { return entries_.empty(); }
  // REQUIRES: !empty().
  const Entry& front() const { return entries_.front(); }
  void popFront() { entries_.pop_front(); }
  std::size_t size() const { return entries_.size(); }
  // Forgets every entry and the timer (a crash: the node's timers are gone).
  void clear() {
    entries_.clear();
    timer = TimerHandle{};
    armedAt = SimTime{-1};
  }

  // Whether the timer must be (re)armed for front(): there is an entry and
  // no timer fires at or before it.
  bool needsTimer() const { return !entries_.empty() && (!timer || front().at < armedAt); }

  // The owner's timer for this queue and when it fires (-1: none armed).
  TimerHandle timer;
  SimTime armedAt{-1};

 private:
  std::deque<Entry> entries_;
};

}  // namespace cs::rpc
