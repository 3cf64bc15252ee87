// The event store's index from event id to global position, which makes an
// append under "any" repeated after a lost acknowledgment idempotent (its
// first attempt may be anywhere in the stream) and answers find(). The
// store builds it from the log when first asked and brings it up to date
// on each later ask: a run whose appends all carry exact expected revisions
// never needs it. Almost every id an append looks up is fresh.
//
// Shaped as an event store's index is (EventStoreDB's is a memtable over
// sorted tables, each with a Bloom filter): the latest ids sit in a small
// table that stays in the cache; when it fills, its ids move into the large
// table all together, several misses in flight at once; and a Bloom filter
// over every id answers "not stored" for a fresh id without a look at the
// large table, whose random slots would cost a cache miss per append.
// Ids are added one by one and removed only by a scavenge (retain()). Not thread-safe; one owner.
#pragma once

#include <algorithm>
#include <optional>
#include <vector>

#include "patterns/event_sourcing/id_filter.h"
#include "patterns/event_sourcing/id_table.h"

namespace cs::event_sourcing {

class EventIdIndex {
 public:
  // Where the event with this id is stored, if it is.
  std::optional<Position> find(EventId id) const {
    if (!filter_.mayContain(id)) return std::nullopt;
    if (auto p = latest_.find(id)) return p;
    return settled_.find(id);
  }
  bool contains(EventId id) const { return find(id).has_value(); }
  // Starts bringing what find(id) reads first into the cache.
  void prefetch(EventId id) const { filter_.prefetch(id); }

  // Keeps id -> position unless the id is stored already (the first stays).
  // REQUIRES: id != 0.
  void insert(EventId id, Position position) {
    if (contains(id)) return;
    if (filter_.added() >= filter_.capacity()) growFilter(size() + 1);
    filter_.add(id);
    latest_.insert(id, position);
    pending_.push_back({id, static_cast<std::uint32_t>(position)});
    if (pending_.size() >= kLatest) settle();
  }

  // Forgets every id whose position `keep(position)` answers false (a
  // scavenge reclaimed its event) and rebuilds the tables and the filter
  // for the ids left, so that the index shrinks with the log. A retry of an
  // append whose events were reclaimed is not recognised any more.
  template <class F>
  void retain(F keep) {
    std::vector<IdTable::Entry> kept;
    settled_.forEach([&](const IdTable::Entry& e) {
      if (keep(Position{e.position})) kept.push_back(e);
    });
    for (const IdTable::Entry& e : pending_)
      if (keep(Position{e.position})) kept.push_back(e);
    // In position order, so that the rebuilt tables do not depend on the old slots' order.
    std::sort(kept.begin(), kept.end(), [](const IdTable::Entry& a, const IdTable::Entry& b) {
      return a.position < b.position;
    });
    *this = EventIdIndex{};
    for (const IdTable::Entry& e : kept) insert(e.id, e.position);
  }

  // Room for this many ids without growing.
  void reserve(std::size_t ids) {
    settled_.reserve(ids);
    if (ids > filter_.capacity()) growFilter(ids);
  }
  std::size_t size() const { return settled_.size() + pending_.size(); }

 private:
  static constexpr std::size_t kLatest = 4096;

  // The latest ids move into the large table.
  void settle() {
    settled_.insertAll(pending_);
    pending_.clear();
    latest_.clear();
  }
  // A filter for at least `ids` ids, holding every id stored.
  void growFilter(std::size_t ids) {
    filter_.resize(std::max<std::size_t>(2 * filter_.capacity(), std::max<std::size_t>(ids, 1024)));
    settled_.forEach([this](const IdTable::Entry& e) { filter_.add(e.id); });
    for (const IdTable::Entry& e : pending_) filter_.add(e.id);
  }

  IdFilter filter_;
  IdTable latest_;                       // the ids of pending_, to look them up
  std::vector<IdTable::Entry> pending_;  // in the order stored; fewer than kLatest
  IdTable settled_;
};

}  // namespace cs::event_sourcing
