// The CQRS pattern's checkers. See cqrs_checker.h. Kernel thread only.
#include "patterns/cqrs/cqrs_checker.h"

#include <algorithm>
#include <string>

#include "clusterscope/kernel.h"
#include "patterns/cqrs/projector.h"
#include "patterns/cqrs/read_replica.h"
#include "patterns/event_sourcing/store_node.h"

namespace cs::cqrs {
namespace {

using event_sourcing::EventType;

constexpr SimDuration kCheckEvery{100'000};

// The checker's own fold of one event into a row, written apart from the
// projector's: what each event type means for the listing and the orders.
Row referenceStep(Row row, const RecordedEvent& recorded) {
  const event_sourcing::EventData e = event_sourcing::upcast(recorded.data);
  const auto type = static_cast<EventType>(e.type);
  row.revision = recorded.revision;
  if (type == EventType::StockReceived || type == EventType::StockCorrected) row.a += e.body[0];
  if (type == EventType::ItemReserved) {
    row.a -= e.body[1];
    row.b += e.body[1];
    row.c += e.body[1];
  }
  if (type == EventType::ReservationReleased) {
    row.a += e.body[1];
    row.b -= e.body[1];
  }
  if (type == EventType::OrderPlaced) row = {row.revision, e.body[0], e.body[1], 1};
  if (type == EventType::OrderPaid) row.c = 2;
  if (type == EventType::OrderShipped) row.c = 3;
  if (type == EventType::OrderCancelled) row.c = 4;
  return row;
}

std::string rowText(const Row& r) {
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "text" + string.
  std::string s = "r";
  s += std::to_string(r.revision);
  s += " (";
  s += std::to_string(r.a);
  s += ", ";
  s += std::to_string(r.b);
  s += ", ";
  s += std::to_string(r.c);
  s += ')';
  return s;
}

const event_sourcing::EventStore& storeOf(const Kernel& kernel, const CheckedWorld& w) {
  return static_cast<const event_sourcing::StoreNode&>(kernel.node(w.store)).store();
}

}  // namespace

// ---- FoldChecker ----

void FoldChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Milestone) return;
  const Words& w = world_.words;
  if (r.label == w.projectorRecovered || r.label == w.rebuildSwitched ||
      r.label == w.rebuildStarted || r.label == w.appliedTwice)
    checkNow_ = true;
}

void FoldChecker::follow(const event_sourcing::EventStore& store) {
  for (Position p = folded_ + 1; p <= store.head(); ++p) {
    const RecordedEvent& e = store.at(p);
    if (e.stream >= foldAt_.size()) foldAt_.resize(e.stream + 1);
    auto& rows = foldAt_[e.stream];
    rows.push_back(referenceStep(rows.empty() ? Row{} : rows.back(), e));
  }
  folded_ = store.head();
}

void FoldChecker::afterEvent(const Kernel& kernel) {
  if (!checkNow_ && kernel.now() < nextCheck_) return;
  checkAll(kernel);
}

void FoldChecker::checkAll(const Kernel& kernel) {
  checkNow_ = false;
  nextCheck_ = kernel.now() + kCheckEvery;
  const auto& store = storeOf(kernel, world_);
  follow(store);
  for (int p = 0; p < world_.projectors; ++p) {
    const NodeId id = world_.firstProjector + static_cast<NodeId>(p);
    const auto& projector = static_cast<const Projector&>(kernel.node(id));
    checkModel(store, projector.model(), projector.position(), filterOf(p, world_.projectors),
               projectorName(p, world_.projectors));
  }
  for (int i = 0; i < world_.replicas; ++i) {
    const NodeId id = world_.firstReplica + static_cast<NodeId>(i);
    const auto& replica = static_cast<const ReadReplica&>(kernel.node(id));
    if (kernel.status(id) != NodeStatus::Up || !replica.active()) continue;
    for (int p = 0; p < world_.projectors; ++p)
      if (replica.synced(p))
        checkModel(store, replica.model(p), replica.position(p), filterOf(p, world_.projectors),
                   "replica-" + std::to_string(i + 1) + "'s copy of " +
                       projectorName(p, world_.projectors) + "'s models,");
  }
}

void FoldChecker::checkModel(const event_sourcing::EventStore& store, const ReadModel& model,
                             Position position, StreamFilter filter, const std::string& holder) {
  if (hasViolations()) return;  // one report per check is enough to read
  const std::size_t streams = std::max(model.rows().size(), foldAt_.size());
  for (StreamId s = 0; s < streams; ++s) {
    if (!filter.folds(world_.streams, s)) continue;
    const Row* row = model.row(s);
    const Revision revision = row ? row->revision : event_sourcing::kNoStreamRevision;
    static const std::vector<Row> kNone;
    const std::vector<Row>& folds = s < foldAt_.size() ? foldAt_[s] : kNone;
    // Built only to report: the check runs over every row many times a second.
    auto name = [&] { return world_.streams.name(s); };
    if (revision >= static_cast<Revision>(folds.size())) {
      violate(holder + " holds " + name() + " at revision " + std::to_string(revision) +
              ", beyond the log");
      return;
    }
    if (row && revision >= 0 && !(*row == folds[static_cast<std::size_t>(revision)])) {
      violate(holder + "'s " + name() + " is " + rowText(*row) + " but its events fold to " +
              rowText(folds[static_cast<std::size_t>(revision)]) +
              ": an event applied twice, or one skipped");
      return;
    }
    // Every event of the stream at or below the holder's position is in the row.
    const auto positions = store.positions(s);
    const auto covered = std::upper_bound(positions.begin(), positions.end(), position);
    const Revision needed = static_cast<Revision>(covered - positions.begin()) - 1;
    if (revision < needed) {
      violate(holder + " is at position " + std::to_string(position) + " but its " + name() +
              " is at revision " + std::to_string(revision) + " of " + std::to_string(needed) +
              ": an event skipped");
      return;
    }
  }
}

// ---- CheckpointChecker ----

void CheckpointChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Milestone || r.label != world_.words.rebuildStarted || r.v[0] != 0)
    return;
  reset_.resize(static_cast<std::size_t>(world_.projectors));
  const auto p = static_cast<std::size_t>(r.node - world_.firstProjector);
  if (p < reset_.size()) reset_[p] = true;
}

void CheckpointChecker::afterEvent(const Kernel& kernel) {
  const auto n = static_cast<std::size_t>(world_.projectors);
  last_.resize(n);
  reset_.resize(n);
  for (std::size_t p = 0; p < n; ++p) {
    const NodeId id = world_.firstProjector + static_cast<NodeId>(p);
    const Position now = static_cast<const Projector&>(kernel.node(id)).checkpoint();
    if (reset_[p]) {
      reset_[p] = false;
    } else if (now < last_[p]) {
      violate(projectorName(static_cast<int>(p), world_.projectors) +
              "'s checkpoint went back from " + std::to_string(last_[p]) + " to " +
              std::to_string(now));
    }
    last_[p] = now;
  }
}

// ---- ReadYourWritesChecker ----

void ReadYourWritesChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Milestone) return;
  const Words& w = world_.words;
  if (r.label == w.es.eventAppended) {
    const auto stream = static_cast<StreamId>(r.v[0]);
    if (!world_.streams.isProduct(stream) &&
        r.v[3] == static_cast<std::int64_t>(EventType::OrderPlaced))
      placedAt_[world_.streams.number(stream)] = static_cast<Position>(r.v[2]);
    return;
  }
  if (r.label == w.myOrdersAsked) {
    carried_[r.v[1]] = static_cast<Position>(r.v[2]);
    return;
  }
  if (r.label != w.myOrdersAnswered) return;
  const auto it = carried_.find(r.v[1]);
  if (it == carried_.end()) return;
  const Position carried = it->second;
  carried_.erase(it);
  if (static_cast<QueryOutcome>(r.v[3]) != QueryOutcome::Ok) return;
  const auto position = static_cast<Position>(r.v[2]);
  const std::int64_t order = r.v[5];
  if (position < carried) {
    violate("session " + std::to_string(r.v[0]) + " asked for position " + std::to_string(carried) +
            " and got " + std::to_string(position) + ", not marked stale");
    return;
  }
  const auto placed = placedAt_.find(order);
  if (placed != placedAt_.end() && placed->second <= carried && r.v[4] == 0)
    violate("session " + std::to_string(r.v[0]) + "'s orders came back without order " +
            std::to_string(order) + " (stored at " + std::to_string(placed->second) +
            ") though the query carried " + std::to_string(carried) + ": silently stale");
}

// ---- MonotonicReadsChecker ----

void MonotonicReadsChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Milestone) return;
  const Words& w = world_.words;
  if (r.label == w.myOrdersAsked) {
    floor_[r.v[1]] = seen_[r.v[0]];
    return;
  }
  if (r.label != w.myOrdersAnswered) return;
  const auto it = floor_.find(r.v[1]);
  if (it == floor_.end()) return;
  const Position floor = it->second;
  floor_.erase(it);
  if (static_cast<QueryOutcome>(r.v[3]) != QueryOutcome::Ok) return;
  const auto position = static_cast<Position>(r.v[2]);
  if (position < floor)
    violate("session " + std::to_string(r.v[0]) + " read at position " + std::to_string(position) +
            " after it had read at " + std::to_string(floor));
  Position& seen = seen_[r.v[0]];
  seen = std::max(seen, position);
}

}  // namespace cs::cqrs
