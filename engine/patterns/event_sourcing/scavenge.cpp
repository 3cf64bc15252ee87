// Retention in the event store: stream metadata, scavenging, and reads
// across what a scavenge reclaimed. See retention.h and event_store.h. One
// owner; not thread-safe.
#include <algorithm>
#include <cassert>

#include "patterns/event_sourcing/event_store.h"

namespace cs::event_sourcing {

void EventStore::setMetadata(StreamId id, const StreamMetadata& metadata) {
  streams_.get(id).metadata = metadata;
}

Revision EventStore::firstReadable(StreamId id) const {
  const Stream* s = stream(id);
  if (!s) return 0;
  const Revision last = revision(id);
  return std::min(std::max<Revision>(s->first, s->metadata.firstReadable(last)), last + 1);
}

std::vector<EventStore::Survivor>::const_iterator EventStore::survivorFrom(Position p) const {
  return std::lower_bound(survivors_.begin(), survivors_.end(), p,
                          [](const Survivor& s, Position q) { return s.position < q; });
}

const EventStore::Stored& EventStore::survivor(Position p) const {
  const auto it = survivorFrom(p);
  assert(it != survivors_.end() && it->position == p);
  return it->event;
}

bool EventStore::live(const Stored& e) const {
  const Stream* s = stream(e.stream);
  return s && e.revision >= s->first;
}

bool EventStore::holds(Position p) const {
  return nextHeld(p) == p && p >= 1 && p <= head_;
}

Position EventStore::nextHeld(Position p) const {
  p = std::max<Position>(p, 1);
  if (p > horizon_) return std::min(p, head_ + 1);
  const auto it = survivorFrom(p);
  return it != survivors_.end() ? it->position : std::min(horizon_ + 1, head_ + 1);
}

std::optional<Scavenged> EventStore::scavengedAll(Position from) const {
  from = std::max<Position>(from, 1);
  if (from > head_ || holds(from)) return std::nullopt;
  return Scavenged{nextHeld(from), 0};
}

std::optional<Scavenged> EventStore::scavengedStream(StreamId id, Revision from) const {
  if (forgotten(id)) return Scavenged{0, 0};
  const Revision first = firstReadable(id);
  if (from >= first) return std::nullopt;
  return Scavenged{0, first};
}

ScavengeResult EventStore::scavenge(std::int64_t now) {
  ScavengeResult r;
  // Each stream's index forgets the revisions its metadata made unreadable;
  // the stream keeps its revision (`first` counts what went).
  streams_.forEach([&](std::size_t, Stream& s) {
    if (!s.metadata.any() || s.positions.size() == 0) return;
    const Revision last = s.first + static_cast<Revision>(s.positions.size()) - 1;
    Revision keep = std::max<Revision>(s.first, s.metadata.firstReadable(last));
    if (s.metadata.maxAge > 0)
      while (keep <= last &&
             stored(s.positions[static_cast<std::size_t>(keep - s.first)]).recordedAt <
                 now - s.metadata.maxAge)
        ++keep;
    keep = std::min(keep, last + 1);
    if (keep == s.first) return;
    s.positions.dropFront(static_cast<std::size_t>(keep - s.first));
    s.first = static_cast<std::uint32_t>(keep);
  });
  // Pages are rewritten as chunks are, oldest first: a full page with
  // nothing readable left is freed, and one with little left keeps that
  // little apart and is freed too. The first page still mostly readable
  // stops the scavenge, to be looked at again by a later one, so that every
  // position after the horizon is held and the ones before it are kept
  // apart or gone.
  std::vector<Survivor> kept;
  std::erase_if(survivors_, [&](const Survivor& s) {
    const bool gone = !live(s.event);
    r.reclaimed += gone ? 1 : 0;
    return gone;
  });
  const std::size_t fullPages = head_ / kPage;
  std::size_t page = horizon_ / kPage;
  for (; page < fullPages; ++page) {
    std::size_t alive = 0;
    for (std::size_t i = 0; i < kPage; ++i) alive += live(pages_[page][i]) ? 1 : 0;
    if (alive * 4 > kPage) break;
    for (std::size_t i = 0; i < kPage; ++i)
      if (live(pages_[page][i])) kept.push_back({page * kPage + i + 1, pages_[page][i]});
    r.reclaimed += kPage - alive;
    r.kept += alive;
    pages_[page].reset();
    --pagesHeld_;
  }
  if (!kept.empty()) {
    const auto middle = survivors_.insert(survivors_.end(), kept.begin(), kept.end());
    std::inplace_merge(
        survivors_.begin(), middle, survivors_.end(),
        [](const Survivor& a, const Survivor& b) { return a.position < b.position; });
  }
  survivors_.shrink_to_fit();
  horizon_ = page * kPage;
  r.horizon = horizon_;
  // The ids of reclaimed events, and the streams with nothing left.
  if (r.reclaimed > 0) ids_.retain([&](Position p) { return holds(p) && live(stored(p)); });
  r.streamsForgotten = streams_.forget(
      [](std::size_t, const Stream& s) { return s.positions.size() == 0 && s.snapshot < 0; });
  return r;
}

}  // namespace cs::event_sourcing
