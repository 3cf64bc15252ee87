// The event store's index from event id to global position, which makes an
// append repeated after a lost acknowledgment idempotent: every append looks
// up each of its ids. One flat array with linear probing rather than a
// node-based hash map, so a lookup in a log of a million events is one cache
// miss, not two or three. Ids are only ever added, never removed; id 0 ("no
// id") marks an empty slot. Not thread-safe; one owner.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <optional>
#include <vector>

#include "clusterscope/event_sourcing/event.h"

namespace cs::event_sourcing {

class EventIdIndex {
 public:
  // Where the event with this id is stored, if it is.
  std::optional<Position> find(EventId id) const {
    if (slots_.empty()) return std::nullopt;
    for (std::size_t i = home(id);; i = (i + 1) & mask()) {
      if (slots_[i].id == id) return slots_[i].position;
      if (slots_[i].id == 0) return std::nullopt;
    }
  }
  bool contains(EventId id) const { return find(id).has_value(); }
  // Starts bringing the id's slot into the cache for a find() soon after.
  void prefetch(EventId id) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home(id)]);
  }

  // Keeps id -> position unless the id is stored already (the first stays).
  // REQUIRES: id != 0.
  void insert(EventId id, Position position) {
    assert(id != 0);
    if (4 * (size_ + 1) > 3 * slots_.size()) rehash(2 * std::max<std::size_t>(slots_.size(), 8));
    if (place(id, position)) ++size_;
  }

  // Room for this many ids without growing.
  void reserve(std::size_t ids) {
    std::size_t n = 16;
    while (4 * ids > 3 * n) n *= 2;
    if (n > slots_.size()) rehash(n);
  }
  std::size_t size() const { return size_; }

 private:
  struct Slot {
    EventId id = 0;
    Position position = 0;
  };
  std::size_t mask() const { return slots_.size() - 1; }
  // Fibonacci hashing: ids may be sequential or random, and the top bits of
  // the product spread both evenly.
  std::size_t home(EventId id) const {
    return static_cast<std::size_t>((id * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  // False when the id was there already.
  bool place(EventId id, Position position) {
    std::size_t i = home(id);
    for (; slots_[i].id != 0; i = (i + 1) & mask())
      if (slots_[i].id == id) return false;
    slots_[i] = {id, position};
    return true;
  }
  // REQUIRES: slots is a power of two.
  void rehash(std::size_t slots) {
    std::vector<Slot> old(slots, Slot{});
    old.swap(slots_);
    shift_ = 64;
    for (std::size_t n = slots; n > 1; n /= 2) --shift_;
    for (const Slot& s : old)
      if (s.id != 0) place(s.id, s.position);
  }

  std::vector<Slot> slots_;  // a power of two of them, at most three quarters used
  int shift_ = 64;           // 64 - log2(slots_.size())
  std::size_t size_ = 0;
};

}  // namespace cs::event_sourcing
