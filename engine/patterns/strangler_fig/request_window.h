// What a checker remembers of the client's recent requests, by request id.
// The client numbers its requests 1, 2, 3, ... so the ids only grow and have
// no gaps but those the owner skips (a checker of writes keeps only the
// writes): the entries are a deque indexed by id minus the oldest id kept —
// a lookup is a subtraction, adding a push at the back, and an erased entry
// is only marked until it reaches the front — with no allocation per entry,
// for a checker sees every request of the run. A plain value owned by one
// checker; kernel thread only.
#pragma once

#include <cassert>
#include <cstdint>
#include <deque>
#include <utility>

namespace cs::strangler_fig {

template <class T>
class RequestWindow {
 public:
  // nullptr if `id` was never added, was erased, or has been dropped.
  T* find(std::uint64_t id) {
    if (id < first_ || id - first_ >= slots_.size()) return nullptr;
    Slot& s = slots_[static_cast<std::size_t>(id - first_)];
    return s.live ? &s.value : nullptr;
  }
  // REQUIRES: `id` is greater than every id added before, and close to the
  // last (the ids between are kept as empty slots).
  T& add(std::uint64_t id, T value) {
    if (slots_.empty()) first_ = id;
    assert(id >= first_ + slots_.size());
    slots_.resize(static_cast<std::size_t>(id - first_));
    slots_.push_back({true, std::move(value)});
    ++live_;
    return slots_.back().value;
  }
  // Forgets `id`, if present.
  void erase(std::uint64_t id) {
    if (!find(id)) return;
    slots_[static_cast<std::size_t>(id - first_)].live = false;
    --live_;
    popFront([](const T&) { return false; });
  }
  // Forgets entries from the oldest on while `old(value)` says so.
  template <class Old>
  void dropOldest(Old old) {
    popFront(old);
  }
  std::size_t size() const { return live_; }

 private:
  struct Slot {
    bool live = false;
    T value{};
  };
  template <class Old>
  void popFront(Old old) {
    while (!slots_.empty() && (!slots_.front().live || old(slots_.front().value))) {
      if (slots_.front().live) --live_;
      slots_.pop_front();
      ++first_;
    }
  }

  std::deque<Slot> slots_;
  std::uint64_t first_ = 0;  // the id of slots_.front()
  std::size_t live_ = 0;
};

}  // namespace cs::strangler_fig
