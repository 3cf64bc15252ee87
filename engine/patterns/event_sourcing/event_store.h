// An event store: an append-only log of events in streams, the unit the
// Event Sourcing pattern (and CQRS on top of it) keeps its truth in.
//
//   - append(stream, expected, events): all of the events or none, at the end
//     of the stream, if the stream is at the expected revision; otherwise
//     WrongExpectedVersion naming the expected and the actual revision. An
//     append whose event ids are already stored, in that stream and order, is
//     answered with their positions and stores nothing (idempotent: a retry
//     after a lost acknowledgment does not duplicate). As EventStoreDB does
//     it, a retry with an exact expected revision (or no-stream) is checked
//     against the stream's events just after that revision, where its first
//     attempt would have gone; a retry under "any", which may have landed
//     anywhere in the stream, is looked up in an index of every event id,
//     built from the log when first needed. Writers choose ids that are
//     unique (random 64-bit, as UUIDs are): a fresh append at the expected
//     revision is not searched for its ids anywhere else.
//   - Reads: a stream forward from a revision; all streams forward from a
//     global position.
//   - Snapshots: the latest folded state of a stream at a revision, kept
//     beside the log so that loading folds only the tail.
//   - Retention (retention.h): each stream's metadata ($maxAge, $maxCount,
//     $tb) says which of its events stay readable, and scavenge() reclaims
//     the rest (scavenge.cpp). Reads skip what was reclaimed; a reader that
//     asks for it gets a Scavenged answer.
//
// Invariants: a stream's revisions are 0, 1, 2, ... with no gaps; global
// positions are 1, 2, 3, ... in commit order and agree with each stream's
// order; a retried batch is stored at most once; a stored event never
// changes (verify() recomputes its digest). Nothing here knows the domain or the
// network: a node wraps it (store_node.h) and keeps it as durable state.
// Not thread-safe; one owner.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "clusterscope/event_sourcing/event.h"
#include "patterns/event_sourcing/event_id_index.h"
#include "patterns/event_sourcing/paged_table.h"
#include "patterns/event_sourcing/retention.h"
#include "patterns/event_sourcing/stream_positions.h"

namespace cs::event_sourcing {

struct AppendResult {
  enum class Outcome : std::uint8_t {
    Appended,              // the events are stored at [first, last]
    AlreadyAppended,       // every event id was stored already, at [first, last]: nothing written
    WrongExpectedVersion,  // the stream is at `actual`, not where the writer expected
    IdConflict,            // some of the ids are stored and some are not, or elsewhere
  };
  Outcome outcome = Outcome::Appended;
  ExpectedRevision expected;
  Revision actual = kNoStreamRevision;        // the stream's revision before the append
  Position first = 0, last = 0;               // the events' global positions
  Revision nextExpected = kNoStreamRevision;  // the stream's revision after it
  bool ok() const { return outcome == Outcome::Appended || outcome == Outcome::AlreadyAppended; }
};
// "appended", "already appended", "wrong expected version", "id conflict".
const char* outcomeName(AppendResult::Outcome outcome);

// A stream's folded state at a revision, opaque to the store.
struct Snapshot {
  Revision revision = kNoStreamRevision;
  Position position = 0;
  std::array<std::int64_t, 6> state{};
  // The release of the code that folded it: a handler of another release
  // does not trust it (a fixed fold must not start from a buggy one's state).
  std::int64_t release = 0;
};

class EventStore {
 public:
  // What append() would answer, without storing anything.
  AppendResult check(StreamId stream, ExpectedRevision expected,
                     std::span<const EventData> events) const;
  // REQUIRES: !events.empty(); every event id is nonzero.
  AppendResult append(StreamId stream, ExpectedRevision expected, std::span<const EventData> events,
                      std::int64_t recordedAt);

  // The stream's last revision; kNoStreamRevision if it has no events.
  Revision revision(StreamId stream) const;
  // The last global position; 0 for an empty store.
  Position head() const { return head_; }
  // Streams ever written (forgotten ones included).
  std::size_t streamCount() const { return streams_.size(); }
  // REQUIRES: holds(position).
  RecordedEvent at(Position position) const { return recorded(stored(position), position); }
  // REQUIRES: firstRevision(stream) <= revision <= revision(stream).
  RecordedEvent at(StreamId stream, Revision revision) const;
  // Starts bringing the event at `position` into the cache: a reader of a
  // stream's events, which lie far apart in the log, asks for a few ahead.
  // REQUIRES: holds(position).
  void prefetch(Position position) const { __builtin_prefetch(&stored(position)); }
  // Events of `stream` from `from` on (from its first readable revision, if
  // that is later), at most `max`.
  std::vector<RecordedEvent> readStream(StreamId stream, Revision from,
                                        std::size_t max = SIZE_MAX) const;
  // The same, added to the end of `out` (whose room a reader may reuse).
  void readStream(StreamId stream, Revision from, std::vector<RecordedEvent>& out,
                  std::size_t max = SIZE_MAX) const;
  // Events of every stream with positions from `from` (>= 1) on, at most
  // `max`, skipping what scavenges reclaimed.
  std::vector<RecordedEvent> readAll(Position from, std::size_t max = SIZE_MAX) const;
  // The global positions of the stream's events from firstRevision(stream)
  // on, in revision order.
  StreamPositions positions(StreamId stream) const;
  // The stream's events, in revision order.
  StreamEvents events(StreamId stream) const { return {this, positions(stream)}; }
  // Where the event with this id is stored, if it is. The first call (and
  // the first after appends) takes the ids logged since into the index.
  std::optional<Position> find(EventId id) const {
    indexIds();
    return ids_.find(id);
  }
  // True when the stored event's fields still match its digest.
  bool verify(Position position) const {
    const RecordedEvent e = at(position);
    return eventDigest(e) == e.digest;
  }

  // ---- Retention (retention.h, scavenge.cpp) ----
  void setMetadata(StreamId stream, const StreamMetadata& metadata);
  StreamMetadata metadata(StreamId stream) const {
    const Stream* s = this->stream(stream);
    return s ? s->metadata : StreamMetadata{};
  }
  // The stream's first revision still stored; 0 until a scavenge truncates it.
  Revision firstRevision(StreamId stream) const {
    const Stream* s = this->stream(stream);
    return s ? s->first : 0;
  }
  // The first revision a reader of the stream gets: its metadata's $tb and
  // $maxCount apply at once, $maxAge at the next scavenge.
  Revision firstReadable(StreamId stream) const;
  // True when a scavenge forgot the stream: every event reclaimed.
  bool forgotten(StreamId stream) const { return streams_.forgotten(stream); }
  // Physically removes every event its stream's metadata makes unreadable
  // at simulated time `now` (microseconds), the ids of those events, and
  // the streams left with nothing. Committed events that stay readable are
  // never touched: a crash during a scavenge keeps all of them.
  ScavengeResult scavenge(std::int64_t now);
  // Every position up to here was scavenged, except the few events kept
  // apart because they were still readable; every position after it is
  // held. 0 before any scavenge; a multiple of the page size.
  Position horizon() const { return horizon_; }
  bool holds(Position position) const;
  // The first position at or after `position` the store holds; head() + 1 if none.
  Position nextHeld(Position position) const;
  // The typed answer for a reader asking for what a scavenge reclaimed:
  // $all from `from`, or a stream from revision `from`. nullopt: all there.
  std::optional<Scavenged> scavengedAll(Position from) const;
  std::optional<Scavenged> scavengedStream(StreamId stream, Revision from) const;
  // What the store holds, for tests that memory stays bounded.
  std::size_t eventsHeld() const { return pagesHeld_ * kPage + survivors_.size(); }
  std::size_t idsHeld() const { return ids_.size(); }
  std::size_t streamsHeld() const { return streams_.entriesHeld(); }

  // Keeps `snapshot` as the stream's latest unless a later one is kept.
  // REQUIRES: snapshot.revision <= revision(stream).
  void saveSnapshot(StreamId stream, const Snapshot& snapshot);
  const Snapshot* latestSnapshot(StreamId stream) const;
  // The revision of the stream's latest snapshot; kNoStreamRevision if none.
  Revision snapshotRevision(StreamId stream) const {
    const Stream* s = this->stream(stream);
    return s ? s->snapshotRevision : kNoStreamRevision;
  }
  std::size_t snapshotCount() const { return snapshotCount_; }

  // Reserves room for this many events (benchmarks).
  void reserve(std::size_t events) { pages_.reserve(events / kPage + 1); }

 private:
  // An event as the store keeps it: 64 bytes, one cache line, aligned to
  // it (a page from plain new starts 16 bytes into a line, and then every
  // event straddled two: a read of one missed the cache twice). Its position
  // is where it is in the log; the rest of a RecordedEvent is here.
  struct alignas(64) Stored {
    EventId id;
    EventBody body;
    std::int64_t recordedAt;
    std::uint64_t digest;
    StreamId stream;
    std::uint32_t revision;
    std::uint16_t type;
    std::uint8_t schema;
  };
  static_assert(sizeof(Stored) == 64);
  // The log of all streams, in position order, in pages of kPage events that
  // never move: appending never copies the log, and an event costs its 64
  // bytes with nothing beside it but the last page's unused room.
  static constexpr std::size_t kPage = 4096;
  using Page = std::unique_ptr<Stored[]>;
  // Each stream's index: its events' positions in revision order, so
  // loading an aggregate reads its tail directly. Its latest snapshot, if
  // any, is kept apart (few streams have one).
  struct Stream {
    PositionList positions;                             // of revisions first, first + 1, ...
    std::int32_t snapshot = -1;                         // in snapshots_; -1: none
    std::int32_t snapshotRevision = kNoStreamRevision;  // of that snapshot
    std::uint32_t first = 0;                            // revisions before it are reclaimed
    StreamMetadata metadata;
  };
  // An event a scavenge kept from a page it freed, still readable.
  struct Survivor {
    Position position;
    Stored event;
  };

  const Stream* stream(StreamId id) const { return streams_.find(id); }
  const Stored& stored(Position p) const {
    const Page& page = pages_[(p - 1) / kPage];
    return page ? page[(p - 1) % kPage] : survivor(p);
  }
  const Stored& survivor(Position p) const;  // REQUIRES: it is one
  // The first survivor at or after `p`.
  std::vector<Survivor>::const_iterator survivorFrom(Position p) const;
  bool live(const Stored& s) const;  // still readable by its stream
  // check() for an exact or no-stream expected revision: the stream's
  // events after it, if it has moved on, are this batch's first attempt or
  // another writer's.
  void checkAtExpected(const Stream* s, std::span<const EventData> events, AppendResult& r) const;
  // check() under "any": the batch's ids anywhere in the log.
  void checkAnywhere(StreamId id, const Stream* s, std::span<const EventData> events,
                     AppendResult& r) const;
  // Takes the ids of the events logged since the last call into ids_.
  void indexIds() const;
  static RecordedEvent recorded(const Stored& s, Position p) {
    RecordedEvent e;
    e.stream = s.stream;
    e.revision = s.revision;
    e.position = p;
    e.recordedAt = s.recordedAt;
    e.data = {s.id, s.type, s.schema, s.body};
    e.digest = s.digest;
    return e;
  }

  Position head_ = 0;
  std::vector<Page> pages_;  // a scavenged page is null
  std::size_t pagesHeld_ = 0;
  std::vector<Survivor> survivors_;  // in position order
  Position horizon_ = 0;
  PagedTable<Stream> streams_;       // by StreamId
  std::vector<Snapshot> snapshots_;  // each stream's latest, in the order first kept
  // Every id of the events at positions up to idsUpTo_; kept up to date
  // only when asked (appends under "any", find()), so a store written with
  // exact expected revisions never builds it.
  mutable EventIdIndex ids_;
  mutable Position idsUpTo_ = 0;
  std::size_t snapshotCount_ = 0;
};

inline RecordedEvent StreamEvents::Iterator::operator*() const {
  return store_->at(*at_);
}

}  // namespace cs::event_sourcing
