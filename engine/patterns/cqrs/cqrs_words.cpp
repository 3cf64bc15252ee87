// The CQRS pattern's words. See cqrs_words.h. Kernel thread only.
#include "patterns/cqrs/cqrs_words.h"

#include "clusterscope/cqrs/cqrs_phrases.h"
#include "clusterscope/event_sourcing/es_phrases.h"

namespace cs::cqrs {

std::string RowsPayload::describe() const {
  std::string s = std::to_string(rows.size());
  s += " rows";
  for (std::size_t i = 0; i < rows.size() && i < 4; ++i) {
    s += i ? ", " : ": ";
    s += "stream ";
    s += std::to_string(rows[i].first);
    s += " r";
    s += std::to_string(rows[i].second.revision);
  }
  if (rows.size() > 4) s += ", ...";
  return s;
}

Words defineWords(Kernel& k) {
  Words w;
  w.es = event_sourcing::defineWords(k);
  w.query = k.defineMessage("Query", {"kind", "key", "minPosition", "session", "query", "order"},
                            Exchange::Request, "query");
  w.queryResult =
      k.defineMessage("QueryResult", {"query", "outcome", "position", "value", "found", "kind"},
                      Exchange::Reply, "query", {"outcome", {"ok", "stale", "rejected"}});
  w.modelDelta = k.defineMessage(
      "ModelDelta", {"epoch", "seq", "position", "rows", "heartbeat", "clock"}, Exchange::OneWay);
  w.syncRequest = k.defineMessage("SyncRequest", {"epoch", "seq"}, Exchange::OneWay);
  w.modelCopy =
      k.defineMessage("ModelCopy", {"epoch", "seq", "position", "rows", "clock"}, Exchange::OneWay);

  w.caughtUp = k.defineMilestone("projection-caught-up", {"position", "head"},
                                 "{node} caught up: its checkpoint reached the head, {position}");
  w.projectorRecovered =
      k.defineMilestone("projector-recovered", {"checkpoint", "highest"},
                        "{node} restarted from its checkpoint {checkpoint} (its rows had "
                        "reached {highest})");
  w.appliedTwice =
      k.defineMilestone("applied-twice", {"stream", "revision", "position"},
                        "{node} applied event {position} a second time (stream {stream} "
                        "revision {revision}): double counting");
  w.heldAtGap = k.defineMilestone("held-at-gap", {"position", "next"},
                                  "{node} holds at position {position}: it is still being "
                                  "written, and {next} committed first");
  w.gapFilled = k.defineMilestone("gap-filled", {"position", "held", "reached", "holes"},
                                  "{node} stops holding: {holes} {holes:hole|holes} from "
                                  "{position} on filled, {held} µs spent waiting "
                                  "at them, and it has read on in order to {reached}");
  w.passedOver = k.defineMilestone("passed-over", {"position", "next"},
                                   "{node} read on to {next} past position {position}, still "
                                   "being written: it will never read it");
  w.rebuildStarted = k.defineMilestone("rebuild-started", {"blueGreen", "epoch"},
                                       "{node} rebuilds its read model (version {epoch})");
  w.rebuildSwitched =
      k.defineMilestone("rebuild-switched", {"epoch", "position"},
                        "{node} switched queries to read model version {epoch} at {position}");
  w.rebuildRefused = k.defineMilestone(
      "rebuild-refused", {"horizon"},
      "{node} keeps its read model: the store has scavenged the events before position "
      "{horizon} (expired orders, products before their snapshots), and a replay of what is "
      "left would not be the fold of every event");
  w.replicaSynced =
      k.defineMilestone("replica-synced", {"epoch", "position", "projector"},
                        "{node} took a full copy of projector {projector}'s read models at "
                        "{position}");
  w.myOrdersAsked =
      k.defineMilestone("my-orders-asked", {"session", "query", "minPosition", "order"},
                        "session {session} asks for its orders (order {order}), "
                        "at position {minPosition} or later");
  w.myOrdersAnswered = k.defineMilestone(
      "my-orders-answered", {"session", "query", "position", "outcome", "found", "order"},
      "session {session} got its orders as of position {position}");
  w.staleRead = k.defineMilestone(
      "stale-read", {"session", "order", "position", "orderPosition", "replica"},
      "session {session}'s orders came back without order {order}: the replica was at "
      "{position}, the order at {orderPosition}");
  w.markedStale = k.defineMilestone(
      "read-marked-stale", {"session", "order", "position", "orderPosition", "replica"},
      "session {session}'s read was marked stale: the replica reached only "
      "{position} of the order's {orderPosition}");
  w.flashSale = k.defineMilestone("flash-sale", {"seconds", "factor"},
                                  "a flash sale: {factor} times the traffic for {seconds} s");
  w.replicaAdded = k.defineMilestone("replica-added", {"replica", "count"},
                                     "replica {replica} joins: {count} replicas serve queries");
  w.replicaRemoved = k.defineMilestone("replica-removed", {"replica", "count"},
                                       "replica {replica} leaves: {count} replicas serve queries");
  w.decidedOnReadModel = k.defineMilestone(
      "decided-on-read-model", {"product", "shown", "quantity", "order", "position", "accepted"},
      "{node} decided order {order} on the listing: product {product} showed {shown} in stock "
      "as of position {position} (unsafe)");
  return w;
}

std::vector<MessagePhrase> cqrsPhrases() {
  // The write side's messages are event sourcing's.
  std::vector<MessagePhrase> phrases = event_sourcing::esPhrases();
  const std::vector<MessagePhrase> mine = {
      {"Query",
       "Query: {kind} (key {key}), as of position {minPosition} or later",
       "kind",
       {"", "a product's listing", "an order's status", "a session's orders", "the dashboard"}},
      {"QueryResult", "QueryResult: {outcome}; answer {value} as of position {position}"},
      {"ModelDelta", "ModelDelta {seq}: {rows} changed {rows:row|rows}, up to position {position}"},
      {"SyncRequest", "SyncRequest: a full copy, please; the last delta I have is {seq}"},
      {"ModelCopy", "ModelCopy: all {rows} {rows:row|rows}, as of position {position}"},
  };
  phrases.insert(phrases.end(), mine.begin(), mine.end());
  return phrases;
}

}  // namespace cs::cqrs
