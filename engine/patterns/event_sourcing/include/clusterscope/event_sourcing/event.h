// The vocabulary of an event store, as EventStoreDB (KurrentDB) names it: an
// event's stream, its revision in that stream, its global position in the
// log of all streams, its type, schema version, event id and a small body;
// and the expected revision an append carries. Plain values shared by the
// store, the patterns built on it and the window; any thread.
#pragma once

#include <array>
#include <cstdint>

namespace cs::event_sourcing {

// The index of a stream in the store ("product-7" is a name the domain gives it).
using StreamId = std::uint32_t;
// An event's number within its stream: 0, 1, 2, ... with no gaps.
using Revision = std::int64_t;
// An event's place in the log of all streams: 1, 2, 3, ... strictly
// increasing in the order the store committed them. 0: before the first.
using Position = std::uint64_t;
// Chosen by the writer, kept across its retries, so that an append repeated
// after a lost acknowledgment is recognised rather than stored twice. 0: none.
using EventId = std::uint64_t;

// The revision a stream without events is at.
inline constexpr Revision kNoStreamRevision = -1;

// What the writer believes the stream's current revision to be.
struct ExpectedRevision {
  enum class Kind : std::uint8_t {
    Exact,     // the stream's last event has this revision
    NoStream,  // the stream has no events yet
    Any,       // no check at all: the unsafe one (concurrent writers overwrite decisions)
  };
  Kind kind = Kind::Any;
  Revision revision = kNoStreamRevision;  // Exact only

  static ExpectedRevision exact(Revision r) { return {Kind::Exact, r}; }
  static ExpectedRevision noStream() { return {Kind::NoStream, kNoStreamRevision}; }
  static ExpectedRevision any() { return {Kind::Any, kNoStreamRevision}; }
  // One integer for trace records: the revision, -1 no-stream, -2 any.
  std::int64_t code() const {
    return kind == Kind::Exact ? revision : kind == Kind::NoStream ? -1 : -2;
  }
  static ExpectedRevision fromCode(std::int64_t c) {
    return c >= 0 ? exact(c) : c == -1 ? noStream() : any();
  }
  // True when a stream at `current` satisfies this expectation.
  bool matches(Revision current) const {
    return kind == Kind::Any || (kind == Kind::NoStream && current == kNoStreamRevision) ||
           (kind == Kind::Exact && current == revision);
  }
};

using EventBody = std::array<std::int64_t, 3>;

// An event as the writer proposes it.
struct EventData {
  EventId id = 0;
  std::uint16_t type = 0;   // the domain's event type
  std::uint8_t schema = 1;  // the version of the type's body layout
  EventBody body{};
};

// An event as the store holds it. Never changes once committed.
struct RecordedEvent {
  StreamId stream = 0;
  Revision revision = 0;
  Position position = 0;
  std::int64_t recordedAt = 0;  // simulated microseconds when it was committed
  EventData data;
  std::uint64_t digest = 0;  // over every field above; see eventDigest()
};

// FNV-1a, a 64-bit word per field, over every field of the event except the
// digest itself: a stored event whose fields changed no longer matches the
// digest taken when it was committed.
std::uint64_t eventDigest(const RecordedEvent& e);

}  // namespace cs::event_sourcing
