// Registering the Event Sourcing pattern's words and describing its
// payloads. See es_words.h. Kernel thread only.
#include "patterns/event_sourcing/es_words.h"

#include "clusterscope/event_sourcing/es_phrases.h"

namespace cs::event_sourcing {
namespace {

std::string eventText(const EventData& e) {
  std::string s = std::string(eventTypeName(e.type)) + " v" + std::to_string(e.schema) + " (";
  // Appended piece by piece: GCC 12 warns, wrongly, of an overflow in
  // "literal" + std::string (its -Wrestrict false positive).
  for (std::size_t i = 0; i < e.body.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(e.body[i]);
  }
  return s + ")";
}

template <class Range, class Fn>
std::string listed(const Range& r, Fn text) {
  std::string s = "[";
  std::size_t n = 0;
  for (const auto& x : r) {
    if (n == 6) return s + ", ...]";
    if (n++) s += ", ";
    s += text(x);
  }
  return s + "]";
}

}  // namespace

MessageFields commandFields(const ShopCommand& c, std::int64_t id) {
  return {static_cast<std::int64_t>(c.kind),     c.product, c.order, c.quantity,
          static_cast<std::int64_t>(c.corrects), id};
}

ShopCommand commandFrom(const MessageFields& f) {
  ShopCommand c;
  c.kind = static_cast<CommandType>(f[0]);
  c.product = f[1];
  c.order = f[2];
  c.quantity = f[3];
  c.corrects = static_cast<Position>(f[4]);
  return c;
}

std::string AppendBatch::describe() const {
  return listed(events, eventText);
}

std::string EventsRead::describe() const {
  std::string s;
  if (snapshot) {
    s = "snapshot at ";
    s += std::to_string(snapshot->revision);
    s += " + ";
  }
  return s + listed(events, [](const RecordedEvent& e) {
           std::string text = "@";
           text += std::to_string(e.position);
           text += ' ';
           return text + eventText(e.data);
         });
}

std::string SnapshotBody::describe() const {
  return "snapshot at revision " + std::to_string(snapshot.revision);
}

Words defineWords(Kernel& k) {
  Words w;
  w.command =
      k.defineMessage("Command", {"kind", "product", "order", "quantity", "corrects", "command"},
                      Exchange::Request, "command");
  w.commandResult =
      k.defineMessage("CommandResult", {"command", "outcome", "refusal", "conflicts", "position"},
                      Exchange::Reply, "command", {"outcome", {"done", "refused", "gave up"}});
  w.load = k.defineMessage("Load", {"stream", "load", "useSnapshot", "after", "release"},
                           Exchange::Request, "load");
  w.loaded =
      k.defineMessage("Loaded", {"stream", "load", "revision", "snapshotRevision", "count", "from"},
                      Exchange::Reply, "load");
  w.append = k.defineMessage("Append", {"stream", "append", "expected", "count", "firstId"},
                             Exchange::Request, "append");
  w.appendAck = k.defineMessage(
      "AppendAck", {"append", "outcome", "expected", "actual", "first", "next"}, Exchange::Reply,
      "append",
      {"outcome", {"appended", "already appended", "wrong expected version", "id conflict"}});
  w.saveSnapshot =
      k.defineMessage("SaveSnapshot", {"stream", "revision", "position"}, Exchange::OneWay);
  w.readAll = k.defineMessage("ReadAll", {"from", "max", "read"}, Exchange::Request, "read");
  w.readAllReply = k.defineMessage("ReadAllReply",
                                   {"from", "count", "head", "read", "scavengedBefore", "horizon"},
                                   Exchange::Reply, "read");
  w.subscribe = k.defineMessage("Subscribe", {"from"}, Exchange::OneWay);
  w.eventAppeared = k.defineMessage("EventAppeared", {"position", "stream", "revision", "type"},
                                    Exchange::OneWay);

  w.appendCommitted =
      k.defineMilestone("append-committed",
                        {"stream", "expected", "firstRevision", "count", "firstPosition", "writer"},
                        "{node} committed {count} {count:event|events} to stream {stream} at "
                        "revision {firstRevision} "
                        "(expected {expected}), position {firstPosition}");
  w.eventAppended = k.defineMilestone(
      "event-appended", {"stream", "revision", "position", "type", "schema", "id"},
      "{node} stored event {position}: stream {stream} revision {revision}");
  w.wrongExpectedVersion = k.defineMilestone(
      "wrong-expected-version", {"stream", "expected", "actual", "writer", "append"},
      "{node} rejected an append to stream {stream}: expected {expected}, stream is at {actual}");
  w.alreadyAppended =
      k.defineMilestone("already-appended", {"stream", "firstPosition", "count", "writer"},
                        "{node} recognised a retried append to stream {stream}: already stored "
                        "at {firstPosition}, nothing written");
  w.ackLost = k.defineMilestone("ack-lost", {"append", "writer"},
                                "{node} committed append {append} but its AppendAck was lost");
  w.snapshotSaved =
      k.defineMilestone("snapshot-saved", {"stream", "revision", "position"},
                        "{node} keeps a snapshot of stream {stream} at revision {revision}");
  w.storeRecovered = k.defineMilestone(
      "store-recovered", {"events", "streams", "lostAppends"},
      "{node} restarted with {events} events in {streams} streams; "
      "{lostAppends} {lostAppends:append|appends} in progress {lostAppends:was|were} lost whole");
  w.aggregateLoaded = k.defineMilestone(
      "aggregate-loaded",
      {"stream", "revision", "snapshotRevision", "folded", "state", "cachedRevision"},
      "{node} loaded stream {stream} at revision {revision} (snapshot {snapshotRevision}, "
      "cached {cachedRevision}, + {folded} events)");
  w.commandRetried = k.defineMilestone(
      "command-retried", {"stream", "expected", "actual", "conflicts"},
      "{node} reloads stream {stream} and decides again (expected {expected}, was {actual})");
  w.appendRetried = k.defineMilestone("append-retried", {"stream", "append", "attempt", "sameIds"},
                                      "{node} sends append {append} again (attempt {attempt})");
  w.commandRefused =
      k.defineMilestone("command-refused", {"kind", "stream", "refusal", "stock", "quantity"},
                        "{node} refused a command on stream {stream}");
  w.commandDone = k.defineMilestone("command-done", {"kind", "stream", "conflicts", "command"},
                                    "{node} finished command {command}");
  w.commandGaveUp = k.defineMilestone("command-gave-up", {"kind", "stream", "conflicts", "command"},
                                      "{node} gave up command {command}");
  w.subscriptionCaughtUp =
      k.defineMilestone("subscription-caught-up", {"checkpoint"},
                        "{node} caught up at position {checkpoint} and now receives events live");
  w.subscriptionFellBehind =
      k.defineMilestone("subscription-fell-behind", {"checkpoint", "position"},
                        "{node} fell behind at {checkpoint} and reads history again");
  w.oversold = k.defineMilestone("oversold", {"product", "stock", "position"},
                                 "{node} sees product {product} oversold: stock {stock}");
  w.schemaDeployed = k.defineMilestone("schema-deployed", {"schema"},
                                       "{node} writes ItemReserved v{schema} from now on");
  w.eventCorrected =
      k.defineMilestone("event-corrected", {"position", "product", "delta"},
                        "{node} asked to correct event {position} with a compensating event");
  w.temporalQuery = k.defineMilestone(
      "temporal-query", {"product", "position", "stock", "reservations", "lastOrder", "crudStock"},
      "{node}: product {product} as of position {position} had stock {stock}");
  w.raceSettled = k.defineMilestone(
      "race-settled", {"product", "done", "refused", "conflicts", "gaveUp"},
      "{node}: the race for product {product} is over: {done} served, {refused} refused, "
      "{conflicts} {conflicts:conflict|conflicts} on the way");
  w.bugDeployed = k.defineMilestone(
      "bug-deployed", {"release"},
      "{node}: release {release} is out, with a bug: an order takes its items off twice");
  w.logReplayed = k.defineMilestone(
      "log-replayed", {"release", "events", "repaired", "crudWrong", "stock", "crudStock"},
      "{node}: release {release} fixes the fold; replaying {events} events repaired {repaired} "
      "{repaired:product|products}, product 1 at stock {stock}; {crudWrong} CRUD {crudWrong:row "
      "stays|rows stay} wrong");
  w.scavenged = k.defineMilestone(
      "scavenged", {"reclaimed", "kept", "horizon", "streamsForgotten", "eventsHeld"},
      "{node} scavenged: {reclaimed} {reclaimed:event|events} reclaimed, {kept} kept apart; the "
      "log is "
      "scavenged up to position {horizon}");
  w.temporalQueryScavenged = k.defineMilestone(
      "temporal-query-scavenged", {"product", "position", "scavengedBefore"},
      "{node}: product {product} as of position {position} has no answer: the log is "
      "scavenged before position {scavengedBefore}");
  return w;
}

namespace {

// A stream's revision after `some`; -1, a stream with no events yet, as `none`.
FieldText revisionText(std::string some, std::string none) {
  return
      [some = std::move(some), none = std::move(none)](std::int64_t revision, const PhraseFields&) {
        return revision < 0 ? none : some + std::to_string(revision);
      };
}

}  // namespace

std::vector<MessagePhrase> esPhrases() {
  return {
      {"Command",
       "Command #{command}: {kind} (product {product}, order {order}, quantity {quantity})",
       "kind",
       {"", "add a product", "receive stock", "place an order", "pay an order", "ship an order",
        "cancel an order", "correct the stock"}},
      {"CommandResult",
       "CommandResult #{command}: {outcome}{refusal}, after {conflicts} "
       "{conflicts:conflict|conflicts}",
       "refusal",
       {"", " (out of stock)", " (no such product)", " (it already exists)",
        " (the order's status forbids it)", " (no such order)"}},
      {"Load", "Load #{load}: read stream {stream}"},
      MessagePhrase("Loaded",
                    "Loaded #{load}: stream {stream} {revision}; {count} {count:event|events} sent")
          .with("revision", revisionText("is at revision ", "does not exist yet")),
      {"Append", "Append #{append}: {count} {count:event|events} to stream {stream}"},
      MessagePhrase("AppendAck", "AppendAck #{append}: {outcome}; the store found {actual}")
          .with("actual", revisionText("the stream at revision ", "no stream yet")),
      {"SaveSnapshot", "SaveSnapshot: stream {stream} at revision {revision}"},
      {"ReadAll", "ReadAll #{read}: up to {max} events from position {from}"},
      {"ReadAllReply",
       "ReadAllReply #{read}: {count} {count:event|events} from position {from}; the log ends at "
       "{head}"},
      {"Subscribe", "Subscribe: send me every new event from position {from}"},
      {"EventAppeared", "EventAppeared: event {position}, stream {stream} revision {revision}"},
  };
}

}  // namespace cs::event_sourcing
