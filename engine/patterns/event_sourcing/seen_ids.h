// The set of event ids a checker has seen, kept apart from the store's own
// index (event_id_index.h) so that the check does not trust the code it
// checks: a flat array of ids with linear probing, 8 bytes a slot and at
// most three quarters full, rather than a node per id (a hash set of
// nodes costs five times as much per id, and the set grows with the log).
// Ids are only added. Not thread-safe; one owner.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "clusterscope/event_sourcing/event.h"

namespace cs::event_sourcing {

class SeenIds {
 public:
  // False when the id was seen already.
  bool insert(EventId id) {
    // Id 0 ("no id") marks an empty slot, so it is counted apart.
    if (id == 0) return !std::exchange(seenZero_, true);
    if (4 * (size_ + 1) > 3 * slots_.size()) grow();
    if (!place(id)) return false;
    ++size_;
    return true;
  }
  std::size_t size() const { return size_ + (seenZero_ ? 1 : 0); }
  bool contains(EventId id) const {
    if (id == 0) return seenZero_;
    if (slots_.empty()) return false;
    for (std::size_t i = home(id); slots_[i] != 0; i = (i + 1) & (slots_.size() - 1))
      if (slots_[i] == id) return true;
    return false;
  }

 private:
  // splitmix64's finaliser: sequential ids spread as well as random ones.
  std::size_t home(EventId id) const {
    id ^= id >> 30;
    id *= 0xBF58476D1CE4E5B9ULL;
    id ^= id >> 27;
    return static_cast<std::size_t>(id) & (slots_.size() - 1);
  }
  bool place(EventId id) {
    std::size_t i = home(id);
    for (; slots_[i] != 0; i = (i + 1) & (slots_.size() - 1))
      if (slots_[i] == id) return false;
    slots_[i] = id;
    return true;
  }
  void grow() {
    std::vector<EventId> old(slots_.empty() ? 64 : 2 * slots_.size(), 0);
    old.swap(slots_);
    for (EventId id : old)
      if (id != 0) place(id);
  }

  std::vector<EventId> slots_;  // a power of two of them
  std::size_t size_ = 0;        // nonzero ids held
  bool seenZero_ = false;
};

}  // namespace cs::event_sourcing
