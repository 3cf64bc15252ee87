// An event store: an append-only log of events in streams, the unit the
// Event Sourcing pattern (and CQRS on top of it) keeps its truth in.
//
//   - append(stream, expected, events): all of the events or none, at the end
//     of the stream, if the stream is at the expected revision; otherwise
//     WrongExpectedVersion naming the expected and the actual revision. An
//     append whose event ids are already stored, in that stream and order, is
//     answered with their positions and stores nothing (idempotent: a retry
//     after a lost acknowledgment does not duplicate).
//   - Reads: a stream forward from a revision; all streams forward from a
//     global position.
//   - Snapshots: the latest folded state of a stream at a revision, kept
//     beside the log so that loading folds only the tail.
//
// Invariants: a stream's revisions are 0, 1, 2, ... with no gaps; global
// positions are 1, 2, 3, ... in commit order and agree with each stream's
// order; an event id is stored at most once; a stored event never changes
// (verify() recomputes its digest). Nothing here knows the domain or the
// network: a node wraps it (store_node.h) and keeps it as durable state.
// Not thread-safe; one owner.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "clusterscope/event_sourcing/event.h"
#include "patterns/event_sourcing/event_id_index.h"
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
  Position head() const { return log_.size(); }
  std::size_t streamCount() const { return streams_.size(); }
  // REQUIRES: 1 <= position <= head().
  const RecordedEvent& at(Position position) const {
    const Slot& slot = log_[position - 1];
    return streams_[slot.stream].events[slot.revision];
  }
  // REQUIRES: 0 <= revision <= revision(stream).
  const RecordedEvent& at(StreamId stream, Revision revision) const;
  // Events of `stream` from `from` on, at most `max`.
  std::vector<RecordedEvent> readStream(StreamId stream, Revision from,
                                        std::size_t max = SIZE_MAX) const;
  // Events of every stream with positions from `from` (>= 1) on, at most `max`.
  std::vector<RecordedEvent> readAll(Position from, std::size_t max = SIZE_MAX) const;
  // The global positions of the stream's events, in revision order.
  StreamPositions positions(StreamId stream) const;
  // The stream's events, in revision order: one run of memory to fold.
  std::span<const RecordedEvent> events(StreamId stream) const;
  // Where the event with this id is stored, if it is.
  std::optional<Position> find(EventId id) const { return ids_.find(id); }
  // True when the stored event's fields still match its digest.
  bool verify(Position position) const { return eventDigest(at(position)) == at(position).digest; }

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
  void reserve(std::size_t events) {
    log_.reserve(events);
    ids_.reserve(events);
  }

 private:
  // Each stream keeps its own events together, as a store's per-stream
  // index does, so loading an aggregate reads one run of memory; the log of
  // all streams says where each position's event is. The snapshots are
  // kept apart, so that the streams' ends, read by every load and append,
  // sit closer together in memory.
  struct Stream {
    std::vector<RecordedEvent> events;
    Revision snapshotRevision = kNoStreamRevision;  // of snapshots_[stream], if any
  };
  struct Slot {
    StreamId stream;
    std::uint32_t revision;
  };
  const Stream* stream(StreamId id) const { return id < streams_.size() ? &streams_[id] : nullptr; }

  std::vector<Slot> log_;            // position p at index p - 1
  std::vector<Stream> streams_;      // by StreamId
  std::vector<Snapshot> snapshots_;  // by StreamId; only those at snapshotRevision >= 0 hold one
  EventIdIndex ids_;
  std::size_t snapshotCount_ = 0;
};

}  // namespace cs::event_sourcing
