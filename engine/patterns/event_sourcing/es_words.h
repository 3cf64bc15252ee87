// The Event Sourcing pattern's words: the messages clients, command
// handlers, the event store and the analytics subscriber exchange (their
// integer fields in the order the Vocabulary names them, and the payloads
// that carry events), and the milestones. The names are a contract with the
// scenario files and the window. Kernel thread only; payloads are immutable
// once sent and may be read by any thread.
#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/event_sourcing/event_store.h"
#include "patterns/event_sourcing/shop_domain.h"

namespace cs::event_sourcing {

// Command: kind, product, order, quantity, corrects, command (the client's id).
MessageFields commandFields(const ShopCommand& c, std::int64_t id);
ShopCommand commandFrom(const MessageFields& f);

// How a command ended, as its CommandResult says.
enum class CommandOutcome : std::int64_t {
  Done = 0,     // its events are stored (or were already)
  Refused = 1,  // the domain said no (out of stock, ...); nothing stored
  GaveUp = 2,   // the handler ran out of retries or the store was unreachable
};

// Append's payload: the events of one atomic batch.
class AppendBatch final : public Payload {
 public:
  explicit AppendBatch(std::vector<EventData> events) : events(std::move(events)) {}
  std::string describe() const override;  // "[ItemReserved v2 (order 4, 1)]"
  // Not const only so that its writer can refill a batch that no message
  // holds any more (CommandHandler::batchOf); a batch sent is never changed.
  std::vector<EventData> events;
};

// Loaded's and ReadAllReply's payload: events read from the store, and for
// a Loaded the snapshot it began from.
class EventsRead final : public Payload {
 public:
  std::string describe() const override;  // "snapshot at 199 + [...]"
  std::optional<Snapshot> snapshot;
  std::vector<RecordedEvent> events;  // filled before sending, never after
};

// SaveSnapshot's payload.
class SnapshotBody final : public Payload {
 public:
  explicit SnapshotBody(Snapshot s) : snapshot(s) {}
  std::string describe() const override;
  const Snapshot snapshot;
};

// The message's payload if it is a T, else nullptr. The payload classes
// above are final, so "is a T" is one comparison of type identities rather
// than dynamic_cast's walk of the class hierarchy, on every load and append.
template <class T>
const T* payloadAs(const Message& m) {
  static_assert(std::is_final_v<T>);
  const Payload* p = m.payload.get();
  return p && typeid(*p) == typeid(T) ? static_cast<const T*>(p) : nullptr;
}

struct Words {
  // Messages
  Label command = kNoLabel;  // client -> handler (and a copy to the CRUD twin)
  Label commandResult =
      kNoLabel;  // handler -> client: command, outcome, refusal, conflicts, position
  // handler -> store: stream, load, useSnapshot, after (the revision it holds; -1: none),
  // release (of the handler's code: only its own snapshots are used)
  Label load = kNoLabel;
  // store -> handler: stream, load, revision, snapshotRevision, count, from (first revision sent)
  Label loaded = kNoLabel;
  Label append = kNoLabel;     // handler -> store: stream, append, expected, count, firstId
  Label appendAck = kNoLabel;  // store -> handler: append, outcome, expected, actual, first, next
  Label saveSnapshot = kNoLabel;  // handler -> store: stream, revision, position
  Label readAll = kNoLabel;       // subscriber -> store: from, max, read
  // store -> subscriber: from, count, head, read, scavengedBefore (the first
  // position held, when `from` was reclaimed by a scavenge; 0 otherwise)
  Label readAllReply = kNoLabel;
  Label subscribe = kNoLabel;      // subscriber -> store: from (live from here on)
  Label eventAppeared = kNoLabel;  // store -> subscriber: position, stream, revision, type
  // Milestones (fields in brackets)
  Label appendCommitted =
      kNoLabel;  // store [stream, expected, firstRevision, count, firstPosition, writer]
  Label eventAppended = kNoLabel;         // store [stream, revision, position, type, schema, id]
  Label wrongExpectedVersion = kNoLabel;  // store [stream, expected, actual, writer, append]
  Label alreadyAppended = kNoLabel;       // store [stream, firstPosition, count, writer]
  Label ackLost = kNoLabel;               // store [append, writer]
  Label snapshotSaved = kNoLabel;         // store [stream, revision, position]
  Label storeRecovered = kNoLabel;        // store [events, streams, lostAppends]
  // handler [stream, revision, snapshotRevision, folded, state, cachedRevision]
  Label aggregateLoaded = kNoLabel;
  Label commandRetried = kNoLabel;          // handler [stream, expected, actual, conflicts]
  Label appendRetried = kNoLabel;           // handler [stream, append, attempt, sameIds]
  Label commandRefused = kNoLabel;          // handler [kind, stream, refusal, stock, quantity]
  Label commandDone = kNoLabel;             // handler [kind, stream, conflicts, command]
  Label commandGaveUp = kNoLabel;           // handler [kind, stream, conflicts, command]
  Label subscriptionCaughtUp = kNoLabel;    // analytics [checkpoint]
  Label subscriptionFellBehind = kNoLabel;  // analytics [checkpoint, position]
  Label oversold = kNoLabel;                // analytics [product, stock, position]
  Label schemaDeployed = kNoLabel;          // pattern [schema]
  Label eventCorrected = kNoLabel;          // pattern [position, product, delta]
  Label temporalQuery =
      kNoLabel;  // pattern [product, position, stock, reservations, lastOrder, crudStock]
  Label bugDeployed = kNoLabel;  // pattern [release]
  // pattern [product, position, scavengedBefore]: an "as of" query the
  // retained log cannot answer
  Label temporalQueryScavenged = kNoLabel;
  Label raceSettled = kNoLabel;  // shoppers [product, done, refused, conflicts, gaveUp]
  // pattern [release, events, repaired, crudWrong, stock, crudStock]: the
  // fixed fold's replay, and product-1 after it
  Label logReplayed = kNoLabel;
  // store [reclaimed, kept, horizon, streamsForgotten, eventsHeld]: a
  // scavenge by the retention policy (retention_policy.h)
  Label scavenged = kNoLabel;
};

Words defineWords(Kernel& kernel);

}  // namespace cs::event_sourcing
