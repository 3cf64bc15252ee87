// The event store's log, streams, idempotency and snapshots. See
// event_store.h. One owner; not thread-safe.
#include "patterns/event_sourcing/event_store.h"

#include <algorithm>
#include <cassert>

namespace cs::event_sourcing {
namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    h ^= (v >> (8 * i)) & 0xFF;
    h *= 0x100000001B3ULL;
  }
  return h;
}

}  // namespace

std::uint64_t eventDigest(const RecordedEvent& e) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  h = mix(h, e.stream);
  h = mix(h, static_cast<std::uint64_t>(e.revision));
  h = mix(h, e.position);
  h = mix(h, static_cast<std::uint64_t>(e.recordedAt));
  h = mix(h, e.data.id);
  h = mix(h, e.data.type);
  h = mix(h, e.data.schema);
  for (std::int64_t v : e.data.body) h = mix(h, static_cast<std::uint64_t>(v));
  return h;
}

const char* outcomeName(AppendResult::Outcome outcome) {
  switch (outcome) {
    case AppendResult::Outcome::Appended:
      return "appended";
    case AppendResult::Outcome::AlreadyAppended:
      return "already appended";
    case AppendResult::Outcome::WrongExpectedVersion:
      return "wrong expected version";
    case AppendResult::Outcome::IdConflict:
      return "id conflict";
  }
  return "?";
}

Revision EventStore::revision(StreamId id) const {
  const Stream* s = stream(id);
  return s ? static_cast<Revision>(s->events.size()) - 1 : kNoStreamRevision;
}

StreamPositions EventStore::positions(StreamId id) const {
  return StreamPositions(events(id));
}

std::span<const RecordedEvent> EventStore::events(StreamId id) const {
  const Stream* s = stream(id);
  return s ? std::span<const RecordedEvent>(s->events) : std::span<const RecordedEvent>();
}

const RecordedEvent& EventStore::at(StreamId id, Revision r) const {
  return streams_.at(id).events.at(static_cast<std::size_t>(r));
}

AppendResult EventStore::check(StreamId id, ExpectedRevision expected,
                               std::span<const EventData> events) const {
  AppendResult r;
  r.expected = expected;
  r.actual = revision(id);
  r.nextExpected = r.actual;
  // Idempotency first: a retry of an append that was committed (its
  // acknowledgment lost) finds the stream moved on by its own events.
  std::size_t known = 0;
  for (const EventData& e : events) known += ids_.contains(e.id) ? 1 : 0;
  if (known == events.size()) {
    const Position first = *find(events.front().id);
    const RecordedEvent& head = at(first);
    bool inOrder = head.stream == id;
    for (std::size_t i = 0; inOrder && i < events.size(); ++i) {
      const auto k = static_cast<std::size_t>(head.revision) + i;
      inOrder = k < streams_[id].events.size() && streams_[id].events[k].data.id == events[i].id;
    }
    if (inOrder) {
      r.outcome = AppendResult::Outcome::AlreadyAppended;
      r.first = first;
      r.last =
          streams_[id].events[static_cast<std::size_t>(head.revision) + events.size() - 1].position;
      return r;
    }
  }
  if (known > 0) {
    r.outcome = AppendResult::Outcome::IdConflict;
    return r;
  }
  if (!expected.matches(r.actual)) {
    r.outcome = AppendResult::Outcome::WrongExpectedVersion;
    return r;
  }
  r.outcome = AppendResult::Outcome::Appended;
  r.first = head() + 1;
  r.last = head() + events.size();
  r.nextExpected = r.actual + static_cast<Revision>(events.size());
  return r;
}

AppendResult EventStore::append(StreamId id, ExpectedRevision expected,
                                std::span<const EventData> events, std::int64_t recordedAt) {
  assert(!events.empty());
  // The id slots and the stream's ends are far apart in memory: ask for all
  // of them at once rather than wait for each in turn.
  for (const EventData& e : events) ids_.prefetch(e.id);
  if (const Stream* s = stream(id)) __builtin_prefetch(s->events.data() + s->events.size());
  AppendResult r = check(id, expected, events);
  if (r.outcome != AppendResult::Outcome::Appended) return r;
  if (id >= streams_.size()) streams_.resize(id + 1);
  Stream& s = streams_[id];
  for (const EventData& e : events) {
    assert(e.id != 0);
    RecordedEvent rec;
    rec.stream = id;
    rec.revision = static_cast<Revision>(s.events.size());
    rec.position = head() + 1;
    rec.recordedAt = recordedAt;
    rec.data = e;
    rec.digest = eventDigest(rec);
    log_.push_back({id, static_cast<std::uint32_t>(rec.revision)});
    s.events.push_back(rec);
    ids_.insert(e.id, rec.position);
  }
  return r;
}

std::vector<RecordedEvent> EventStore::readStream(StreamId id, Revision from,
                                                  std::size_t max) const {
  const Stream* s = stream(id);
  if (!s) return {};
  const auto first =
      std::min(static_cast<std::size_t>(std::max<Revision>(from, 0)), s->events.size());
  const auto last = first + std::min(max, s->events.size() - first);
  return std::vector<RecordedEvent>(s->events.begin() + static_cast<std::ptrdiff_t>(first),
                                    s->events.begin() + static_cast<std::ptrdiff_t>(last));
}

std::vector<RecordedEvent> EventStore::readAll(Position from, std::size_t max) const {
  std::vector<RecordedEvent> out;
  for (Position p = std::max<Position>(from, 1); p <= head() && out.size() < max; ++p)
    out.push_back(at(p));
  return out;
}

void EventStore::saveSnapshot(StreamId id, const Snapshot& snapshot) {
  assert(snapshot.revision <= revision(id));
  Stream& s = streams_.at(id);
  if (s.snapshotRevision != kNoStreamRevision && s.snapshotRevision >= snapshot.revision) return;
  if (id >= snapshots_.size()) snapshots_.resize(streams_.size());
  s.snapshotRevision = snapshot.revision;
  snapshots_[id] = snapshot;
  ++snapshotCount_;
}

const Snapshot* EventStore::latestSnapshot(StreamId id) const {
  const Stream* s = stream(id);
  return s && s->snapshotRevision != kNoStreamRevision ? &snapshots_[id] : nullptr;
}

}  // namespace cs::event_sourcing
