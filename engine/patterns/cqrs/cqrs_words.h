// The CQRS pattern's words, on top of the Event Sourcing pattern's (whose
// store and command handlers are the write side): queries and their
// answers, what a projector sends the replicas, and the milestones. The
// names are a contract with the scenario files and the window. Kernel
// thread only; payloads are immutable once sent and may be read by any
// thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/cqrs/read_model.h"
#include "patterns/event_sourcing/es_words.h"

namespace cs::cqrs {

// What a query asks for.
enum class QueryKind : std::int64_t {
  Listing = 1,      // key: product; value: its stock
  OrderDetail = 2,  // key: order; value: its status
  MyOrders = 3,     // key: session; value: how many orders it has; found: has `order`
  Dashboard = 4,    // value: orders placed
};

// How a query ended, as its QueryResult says.
enum class QueryOutcome : std::int64_t {
  Ok = 0,
  Stale = 1,     // the replica did not reach the position the query carried in time
  Rejected = 2,  // the replica's queue was full
};

// A QueryResult's "found" field: 1 found, 0 not (yet) there, and this: the
// order was there and has expired (read_model.h).
inline constexpr std::int64_t kFoundExpired = 2;

// ModelDelta's and ModelCopy's payload: rows as the projector holds them.
class RowsPayload : public Payload {
 public:
  // A full copy's totals and freed pages, which its rows do not show.
  struct Copy {
    ReadModel::Totals totals;
    std::vector<std::uint32_t> freedPages;
  };
  std::string describe() const override;       // "3 rows: product-2 r7, ..."
  std::vector<std::pair<StreamId, Row>> rows;  // filled before sending, never after
  std::optional<Copy> copy;                    // a ModelCopy's; none in a ModelDelta
};

struct Words {
  event_sourcing::Words es;  // the write side's words
  // Messages
  Label query = kNoLabel;  // client -> replica: kind, key, minPosition, session, query, order
  // replica -> client: query, outcome, position, value, found (or kFoundExpired), kind
  Label queryResult = kNoLabel;
  Label modelDelta =
      kNoLabel;  // projector -> replica: epoch, seq, position, rows, heartbeat, clock
  Label syncRequest = kNoLabel;  // replica -> projector: epoch, seq
  Label modelCopy = kNoLabel;    // projector -> replica: epoch, seq, position, rows, clock
  // Milestones (fields in brackets)
  Label caughtUp = kNoLabel;            // projector [position, head]
  Label projectorRecovered = kNoLabel;  // projector [checkpoint, highest]
  Label appliedTwice = kNoLabel;        // projector [stream, revision, position]
  Label heldAtGap = kNoLabel;        // projector [position, next]: begins to wait for a late commit
  Label gapFilled = kNoLabel;        // projector [position, waited, reached]: a hold is over
  Label passedOver = kNoLabel;       // projector [position, next]: read on past a late commit
  Label rebuildStarted = kNoLabel;   // projector [blueGreen, epoch]
  Label rebuildSwitched = kNoLabel;  // projector [epoch, position]
  Label rebuildRefused = kNoLabel;   // projector [horizon]: the log was scavenged before it
  Label replicaSynced = kNoLabel;    // replica [epoch, position, projector (index)]
  Label myOrdersAsked = kNoLabel;    // shoppers [session, query, minPosition, order]
  Label myOrdersAnswered = kNoLabel;  // shoppers [session, query, position, outcome, found, order]
  Label staleRead = kNoLabel;         // shoppers [session, order, position, orderPosition, replica]
  Label markedStale = kNoLabel;       // shoppers [session, order, position, orderPosition, replica]
  Label flashSale = kNoLabel;         // pattern [seconds, factor]
  Label replicaAdded = kNoLabel;      // pattern [replica, count]
  Label replicaRemoved = kNoLabel;    // pattern [replica, count]
  // handler [product, shown, quantity, order, position, accepted]: the unsafe switch's decision
  Label decidedOnReadModel = kNoLabel;
};

Words defineWords(Kernel& kernel);

// The end-user request a client's n-th order or query serves, so that it
// can be followed end to end: the client's node id above, n below (as the
// RPC layer's load generator numbers its requests).
inline RequestId requestOf(NodeId client, std::int64_t n) {
  return (static_cast<RequestId>(client) << 40) | static_cast<RequestId>(n);
}

}  // namespace cs::cqrs
