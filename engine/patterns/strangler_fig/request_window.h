// What a checker remembers of the client's recent requests, by request id.
// The client numbers its requests 1, 2, 3, ... so the ids only grow and have
// no gaps but those the owner skips (a checker of writes keeps only the
// writes): the ids from the oldest kept to the newest sit in a power-of-two
// ring indexed by id & (size - 1) — a lookup is a mask and a compare, adding
// a store, and an erased entry is only marked until it is the oldest — with
// no allocation per entry, for a checker sees every request of the run. The
// ring doubles when the ids kept outgrow it. A plain value owned by one
// checker; kernel thread only.
#pragma once

#include <cassert>
#include <cstdint>
#include <utility>
#include <vector>

namespace cs::strangler_fig {

template <class T>
class RequestWindow {
 public:
  // nullptr if `id` was never added, was erased, or has been dropped.
  T* find(std::uint64_t id) {
    if (id < first_ || id - first_ >= span_) return nullptr;
    Slot& s = slot(id);
    return s.live ? &s.value : nullptr;
  }
  // REQUIRES: `id` is greater than every id added before, and close to the
  // last (the ids between are kept as empty slots).
  T& add(std::uint64_t id, T value) {
    if (span_ == 0) first_ = id;
    assert(id >= first_ + span_);
    while (id - first_ >= ring_.size()) grow();
    for (std::uint64_t skipped = first_ + span_; skipped < id; ++skipped)
      slot(skipped).live = false;
    span_ = id - first_ + 1;
    Slot& s = slot(id);
    s.live = true;
    s.value = std::move(value);
    ++live_;
    return s.value;
  }
  // Forgets `id`, if present.
  void erase(std::uint64_t id) {
    if (!find(id)) return;
    slot(id).live = false;
    --live_;
    popOldest([](const T&) { return false; });
  }
  // Forgets entries from the oldest on while `old(value)` says so.
  template <class Old>
  void dropOldest(Old old) {
    popOldest(old);
  }
  std::size_t size() const { return live_; }

 private:
  struct Slot {
    bool live = false;
    T value{};
  };
  Slot& slot(std::uint64_t id) { return ring_[static_cast<std::size_t>(id) & (ring_.size() - 1)]; }
  template <class Old>
  void popOldest(Old old) {
    while (span_ > 0 && (!slot(first_).live || old(slot(first_).value))) {
      if (slot(first_).live) --live_;
      slot(first_).live = false;
      ++first_;
      --span_;
    }
  }
  void grow() {
    std::vector<Slot> bigger(ring_.size() * 2);
    for (std::uint64_t id = first_; id < first_ + span_; ++id)
      bigger[static_cast<std::size_t>(id) & (bigger.size() - 1)] = std::move(slot(id));
    ring_.swap(bigger);
  }

  std::vector<Slot> ring_ = std::vector<Slot>(64);
  std::uint64_t first_ = 0;  // the oldest id kept
  std::uint64_t span_ = 0;   // ids kept, from first_ on
  std::size_t live_ = 0;
};

}  // namespace cs::strangler_fig
