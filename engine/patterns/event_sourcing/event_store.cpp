// The event store's log, streams, idempotency and snapshots. See
// event_store.h. One owner; not thread-safe.
#include "patterns/event_sourcing/event_store.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

namespace cs::event_sourcing {
namespace {

// FNV-1a's step, a 64-bit field at a time rather than a byte at a time: a
// digest is a chain of 11 multiplications, not 80, on every append. Each
// step is a bijection of h, so changing any one field changes the digest.
std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  return (h ^ v) * 0x100000001B3ULL;
}

}  // namespace

std::uint64_t eventDigest(const RecordedEvent& e) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  h = mix(h, e.stream);
  h = mix(h, static_cast<std::uint64_t>(e.revision));
  h = mix(h, e.position);
  h = mix(h, static_cast<std::uint64_t>(e.recordedAt));
  h = mix(h, e.data.id);
  h = mix(h, (std::uint64_t{e.data.type} << 8) | e.data.schema);
  for (std::int64_t v : e.data.body) h = mix(h, static_cast<std::uint64_t>(v));
  // A multiplication carries a change only upwards; splitmix64's finaliser
  // (also a bijection) spreads the high bits back down.
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  return h ^ (h >> 31);
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
  return s ? static_cast<Revision>(s->first + s->positions.size()) - 1 : kNoStreamRevision;
}

StreamPositions EventStore::positions(StreamId id) const {
  const Stream* s = stream(id);
  return s ? StreamPositions(s->positions) : StreamPositions();
}

RecordedEvent EventStore::at(StreamId id, Revision r) const {
  const Stream* s = stream(id);
  if (!s || r < s->first || r > revision(id))
    throw std::out_of_range("no revision " + std::to_string(r) + " in stream " +
                            std::to_string(id));
  return at(s->positions[static_cast<std::size_t>(r - s->first)]);
}

AppendResult EventStore::check(StreamId id, ExpectedRevision expected,
                               std::span<const EventData> events) const {
  AppendResult r;
  r.expected = expected;
  r.actual = revision(id);
  r.nextExpected = r.actual;
  // Idempotency first: a retry of an append that was committed (its
  // acknowledgment lost) finds the stream moved on by its own events.
  const Stream* s = stream(id);
  if (expected.kind == ExpectedRevision::Kind::Any)
    checkAnywhere(id, s, events, r);
  else
    checkAtExpected(s, events, r);
  if (r.outcome != AppendResult::Outcome::Appended) return r;
  if (!expected.matches(r.actual)) {
    r.outcome = AppendResult::Outcome::WrongExpectedVersion;
    return r;
  }
  r.first = head() + 1;
  r.last = head() + events.size();
  r.nextExpected = r.actual + static_cast<Revision>(events.size());
  return r;
}

void EventStore::checkAtExpected(const Stream* s, std::span<const EventData> events,
                                 AppendResult& r) const {
  // The revision the batch's first event took if its first attempt was
  // committed: only there can it be, because every attempt expected the same.
  const Revision at =
      r.expected.kind == ExpectedRevision::Kind::Exact ? r.expected.revision + 1 : 0;
  // Reclaimed by a scavenge: a retry that late is no longer recognised.
  if (!s || at > r.actual || at < s->first) return;
  const auto first = static_cast<std::size_t>(at - s->first);
  std::size_t known = 0;
  for (std::size_t i = 0; i < events.size() && first + i < s->positions.size(); ++i)
    known += stored(s->positions[first + i]).id == events[i].id ? 1 : 0;
  if (known == events.size()) {
    r.outcome = AppendResult::Outcome::AlreadyAppended;
    r.first = s->positions[first];
    r.last = s->positions[first + events.size() - 1];
  } else if (known > 0) {
    r.outcome = AppendResult::Outcome::IdConflict;
  }
}

void EventStore::checkAnywhere(StreamId id, const Stream* s, std::span<const EventData> events,
                               AppendResult& r) const {
  indexIds();
  std::size_t known = 0;
  for (const EventData& e : events) known += ids_.contains(e.id) ? 1 : 0;
  if (known == events.size()) {
    const Position first = *ids_.find(events.front().id);
    const Stored& head = stored(first);
    bool inOrder = head.stream == id && s;
    for (std::size_t i = 0; inOrder && i < events.size(); ++i) {
      const std::size_t k = head.revision - s->first + i;
      inOrder = k < s->positions.size() && stored(s->positions[k]).id == events[i].id;
    }
    if (inOrder) {
      r.outcome = AppendResult::Outcome::AlreadyAppended;
      r.first = first;
      r.last = s->positions[head.revision - s->first + events.size() - 1];
      return;
    }
  }
  if (known > 0) r.outcome = AppendResult::Outcome::IdConflict;
}

void EventStore::indexIds() const {
  while (idsUpTo_ < head_) {
    ++idsUpTo_;
    // What scavenges reclaimed has no id to find.
    if (holds(idsUpTo_) && live(stored(idsUpTo_))) ids_.insert(stored(idsUpTo_).id, idsUpTo_);
  }
}

AppendResult EventStore::append(StreamId id, ExpectedRevision expected,
                                std::span<const EventData> events, std::int64_t recordedAt) {
  assert(!events.empty());
  // The stream's index is far from the log's end in memory: ask for its
  // tail while the check runs.
  if (const Stream* s = stream(id)) __builtin_prefetch(s->positions.data() + s->positions.size());
  AppendResult r = check(id, expected, events);
  if (r.outcome != AppendResult::Outcome::Appended) return r;
  assert(head_ + events.size() <= std::numeric_limits<StoredPosition>::max());
  Stream& s = streams_.get(id);
  for (const EventData& e : events) {
    assert(e.id != 0);
    const Position p = ++head_;
    if ((p - 1) % kPage == 0) {
      pages_.push_back(std::make_unique_for_overwrite<Stored[]>(kPage));
      ++pagesHeld_;
    }
    RecordedEvent rec;
    rec.stream = id;
    rec.revision = static_cast<Revision>(s.first + s.positions.size());
    rec.position = p;
    rec.recordedAt = recordedAt;
    rec.data = e;
    rec.digest = eventDigest(rec);
    pages_.back()[(p - 1) % kPage] = {e.id,       e.body,  recordedAt,
                                      rec.digest, id,      static_cast<std::uint32_t>(rec.revision),
                                      e.type,     e.schema};
    s.positions.push_back(static_cast<StoredPosition>(p));
  }
  return r;
}

std::vector<RecordedEvent> EventStore::readStream(StreamId id, Revision from,
                                                  std::size_t max) const {
  std::vector<RecordedEvent> out;
  readStream(id, from, out, max);
  return out;
}

void EventStore::readStream(StreamId id, Revision from, std::vector<RecordedEvent>& out,
                            std::size_t max) const {
  const Stream* s = stream(id);
  if (!s) return;
  const auto first =
      std::min(static_cast<std::size_t>(std::max<Revision>(from, firstReadable(id)) - s->first),
               s->positions.size());
  const auto last = first + std::min(max, s->positions.size() - first);
  out.reserve(out.size() + last - first);
  // The newest event's position is in the stream's header: a reader that
  // is one event behind, the usual load, does not touch the rest.
  for (std::size_t k = first; k < last; ++k)
    out.push_back(at(k + 1 == s->positions.size() ? s->positions.back() : s->positions[k]));
}

std::vector<RecordedEvent> EventStore::readAll(Position from, std::size_t max) const {
  std::vector<RecordedEvent> out;
  for (Position p = nextHeld(std::max<Position>(from, 1)); p <= head() && out.size() < max;
       p = nextHeld(p + 1))
    out.push_back(at(p));
  return out;
}

void EventStore::saveSnapshot(StreamId id, const Snapshot& snapshot) {
  assert(snapshot.revision <= revision(id));
  Stream& s = streams_.get(id);
  if (s.snapshot >= 0 && s.snapshotRevision >= snapshot.revision) return;
  if (s.snapshot < 0) {
    s.snapshot = static_cast<std::int32_t>(snapshots_.size());
    snapshots_.emplace_back();
  }
  s.snapshotRevision = static_cast<std::int32_t>(snapshot.revision);
  snapshots_[static_cast<std::size_t>(s.snapshot)] = snapshot;
  ++snapshotCount_;
}

const Snapshot* EventStore::latestSnapshot(StreamId id) const {
  const Stream* s = stream(id);
  return s && s->snapshot >= 0 ? &snapshots_[static_cast<std::size_t>(s->snapshot)] : nullptr;
}

}  // namespace cs::event_sourcing
