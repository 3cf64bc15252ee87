// A map from event id to global position: one flat array with linear
// probing rather than a node-based hash map, so a lookup is one cache miss,
// not two or three. Ids are only ever added, never removed; id 0 ("no id")
// marks an empty slot. The event store's id index (event_id_index.h) keeps
// two of them: a small one of the latest ids and a large one of the rest.
// Not thread-safe; one owner.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "clusterscope/event_sourcing/event.h"

namespace cs::event_sourcing {

class IdTable {
 public:
  // 12 bytes, not 16: the table is as large as the log has events, and a
  // position fits in 32 bits (as the store keeps it).
  struct [[gnu::packed]] Entry {
    EventId id = 0;
    std::uint32_t position = 0;
  };
  static_assert(sizeof(Entry) == 12);

  std::optional<Position> find(EventId id) const {
    if (slots_.empty()) return std::nullopt;
    for (std::size_t i = home(id);; i = (i + 1) & mask()) {
      if (slots_[i].id == id) return slots_[i].position;
      if (slots_[i].id == 0) return std::nullopt;
    }
  }

  // Keeps id -> position unless the id is there already (the first stays).
  // False when it was. REQUIRES: id != 0.
  bool insert(EventId id, Position position) {
    assert(id != 0);
    if (4 * (size_ + 1) > 3 * slots_.size()) rehash(2 * std::max<std::size_t>(slots_.size(), 8));
    if (!place(id, position)) return false;
    ++size_;
    return true;
  }
  // insert() of each entry. Their slots are far apart in a large table:
  // asking for a few ahead keeps several misses in flight at once rather
  // than waiting for each in turn.
  void insertAll(std::span<const Entry> entries) {
    reserve(size_ + entries.size());
    constexpr std::size_t kAhead = 16;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (i + kAhead < entries.size()) __builtin_prefetch(&slots_[home(entries[i + kAhead].id)]);
      if (place(entries[i].id, entries[i].position)) ++size_;
    }
  }

  // Room for this many ids without growing.
  void reserve(std::size_t ids) {
    std::size_t n = 16;
    while (4 * ids > 3 * n) n *= 2;
    if (n > slots_.size()) rehash(n);
  }
  // Forgets every id and keeps the room.
  void clear() {
    std::fill(slots_.begin(), slots_.end(), Entry{});
    size_ = 0;
  }
  std::size_t size() const { return size_; }
  // Every entry, in slot order.
  template <class F>
  void forEach(F f) const {
    for (const Entry& e : slots_)
      if (e.id != 0) f(e);
  }

 private:
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
    slots_[i] = {id, static_cast<std::uint32_t>(position)};
    return true;
  }
  // REQUIRES: slots is a power of two.
  void rehash(std::size_t slots) {
    std::vector<Entry> old(slots, Entry{});
    old.swap(slots_);
    shift_ = 64;
    for (std::size_t n = slots; n > 1; n /= 2) --shift_;
    for (const Entry& e : old)
      if (e.id != 0) place(e.id, e.position);
  }

  std::vector<Entry> slots_;  // a power of two of them, at most three quarters used
  int shift_ = 64;            // 64 - log2(slots_.size())
  std::size_t size_ = 0;
};

}  // namespace cs::event_sourcing
