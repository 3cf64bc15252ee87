// Temporal queries: state as of a position, and a diff between two. See
// temporal.h. Any thread.
#include "patterns/event_sourcing/temporal.h"

#include <algorithm>
#include <map>

namespace cs::event_sourcing {

Position positionAt(const EventStore& store, std::int64_t micros) {
  // recordedAt grows with the position: the store commits in time order.
  // Before the scavenge horizon, only the horizon itself can be told.
  Position lo = store.horizon(), hi = store.head();
  while (lo < hi) {
    const Position mid = lo + (hi - lo + 1) / 2;
    if (store.at(mid).recordedAt <= micros)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

Position asOfFrom(const EventStore& store, StreamId stream) {
  const Revision first = store.firstRevision(stream);
  if (first == 0 && !store.forgotten(stream)) return 0;
  const Snapshot* s = store.latestSnapshot(stream);
  return s && s->revision + 1 >= first ? s->position : store.head() + 1;
}

Aggregate stateAsOf(const EventStore& store, const ShopStreams& streams, StreamId stream,
                    Position position) {
  Aggregate a;
  const bool product = streams.isProduct(stream);
  // A stream retention truncated begins at its latest snapshot.
  if (store.firstRevision(stream) > 0)
    if (const Snapshot* s = store.latestSnapshot(stream); s && s->position <= position)
      a = Aggregate::unpack(s->state, product, s->revision);
  for (const RecordedEvent& e : store.events(stream)) {
    if (e.position > position) break;
    if (e.revision > a.revision) apply(a, product, e);
  }
  return a;
}

std::vector<StreamChange> diff(const EventStore& store, const ShopStreams& streams, Position from,
                               Position to) {
  std::vector<StreamChange> out;
  std::map<StreamId, std::size_t> index;  // stream -> its place in out
  to = std::min(to, store.head());
  for (Position p = store.nextHeld(from + 1); p <= to; p = store.nextHeld(p + 1)) {
    const StreamId s = store.at(p).stream;
    auto [it, fresh] = index.emplace(s, out.size());
    if (fresh) {
      StreamChange c;
      c.stream = s;
      c.before = stateAsOf(store, streams, s, from);
      out.push_back(std::move(c));
    }
    out[it->second].events.push_back(p);
  }
  for (StreamChange& c : out) c.after = stateAsOf(store, streams, c.stream, to);
  return out;
}

}  // namespace cs::event_sourcing
