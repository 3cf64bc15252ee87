// Retention in the event store, as EventStoreDB (KurrentDB) does it: each
// stream's metadata says which of its events readers may still see, and a
// scavenge physically reclaims the events that metadata made unreadable.
//
//   $maxAge   an event older than this is no longer readable
//   $maxCount only the stream's last this-many events are readable
//   $tb       truncate before: events before this revision are not readable
//             (a stream truncated before its latest snapshot keeps
//             snapshot + tail, all a load needs)
//
// The stream keeps its revision: its next event still gets the next
// revision, whatever was reclaimed before it. A stream whose every event
// is reclaimed and whose metadata would hide anything it could still be
// written (an expired order) is forgotten by a scavenge: it reads as a
// stream that was scavenged, never as a fresh one.
//
// What retention gives up is audit and time travel before the horizon:
// the log no longer holds every event ever committed, so "the state as of
// then" and "replay everything with the fixed fold" work only from what is
// left. Plain values; any thread.
#pragma once

#include <algorithm>
#include <cstdint>

#include "clusterscope/event_sourcing/event.h"

namespace cs::event_sourcing {

struct StreamMetadata {
  std::int64_t maxAge = 0;           // $maxAge in simulated microseconds; 0: no limit
  std::uint32_t maxCount = 0;        // $maxCount; 0: no limit
  std::uint32_t truncateBefore = 0;  // $tb: the first revision still readable

  bool any() const { return maxAge > 0 || maxCount > 0 || truncateBefore > 0; }
  // The first revision readable of a stream whose last revision is `last`
  // (kNoStreamRevision: none), ignoring $maxAge (which needs the events' ages).
  Revision firstReadable(Revision last) const {
    Revision first = truncateBefore;
    if (maxCount > 0) first = std::max<Revision>(first, last + 1 - maxCount);
    return first;
  }
};

// What one scavenge did.
struct ScavengeResult {
  std::uint64_t reclaimed = 0;         // events physically removed
  std::uint64_t kept = 0;              // events still live in the pages it rewrote
  std::uint64_t streamsForgotten = 0;  // streams with nothing left, forgotten
  Position horizon = 0;                // every position up to here is scavenged or kept apart
};

// A read that asked for what a scavenge has reclaimed: the typed answer
// "scavenged before `firstHeld`" rather than wrong data.
struct Scavenged {
  Position firstHeld = 0;      // $all: the first position still held at or after the one asked for
  Revision firstReadable = 0;  // a stream: the first revision still readable
};

}  // namespace cs::event_sourcing
