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
constexpr SimDuration kForgetEvery{10'000'000};
// No shopper's query waits this long for its answer (its token wait is at
// most a minute): what is older belongs to queries that were lost.
constexpr SimDuration kForgetAfter{600'000'000};

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
  for (Position p = store.nextHeld(folded_ + 1); p <= store.head(); p = store.nextHeld(p + 1)) {
    const RecordedEvent& e = store.at(p);
    Folds& f = folds_.get(e.stream);
    if (f.rows.empty()) f.base = e.revision;
    f.rows.push_back(referenceStep(f.rows.empty() ? Row{} : f.rows.back(), e));
    f.last = p;
  }
  folded_ = std::max(folded_, store.head());
}

void FoldChecker::afterEvent(const Kernel& kernel) {
  if (!checkNow_ && kernel.now() < nextCheck_) return;
  check(kernel, checkNow_);
}

std::vector<FoldChecker::Holder> FoldChecker::holders(const Kernel& kernel) const {
  std::vector<Holder> v;
  const int projectors = world_.projectors;
  for (int p = 0; p < projectors; ++p) {
    const NodeId id = world_.firstProjector + static_cast<NodeId>(p);
    const auto& projector = static_cast<const Projector&>(kernel.node(id));
    v.push_back(
        {&projector.model(), projector.position(), projector.epoch(), p, -1, projector.clock()});
  }
  for (int i = 0; i < world_.replicas; ++i) {
    const NodeId id = world_.firstReplica + static_cast<NodeId>(i);
    const auto& replica = static_cast<const ReadReplica&>(kernel.node(id));
    if (kernel.status(id) != NodeStatus::Up || !replica.active()) continue;
    for (int p = 0; p < projectors; ++p)
      if (replica.synced(p))
        v.push_back(
            {&replica.model(p), replica.position(p), replica.epoch(p), p, i, replica.clock(p)});
  }
  return v;
}

void FoldChecker::check(const Kernel& kernel, bool everyRow) {
  checkNow_ = false;
  nextCheck_ = kernel.now() + kCheckEvery;
  const auto& store = storeOf(kernel, world_);
  follow(store);
  const int projectors = world_.projectors;
  checked_.resize(static_cast<std::size_t>(projectors * (1 + world_.replicas)));
  std::vector<bool> present(checked_.size(), false);
  for (const Holder& h : holders(kernel)) {
    const auto i = static_cast<std::size_t>((1 + h.replica) * projectors + h.projector);
    present[i] = true;
    checkHolder(store, h, checked_[i], everyRow);
  }
  // Down, inactive or not synced: checked whole when it is back.
  for (std::size_t i = 0; i < checked_.size(); ++i)
    if (!present[i]) checked_[i].seen = false;
  if (kernel.now() >= nextForget_) {
    nextForget_ = kernel.now() + kForgetEvery;
    forget(kernel, store);
  }
}

void FoldChecker::forget(const Kernel& kernel, const event_sourcing::EventStore& store) {
  const std::vector<Holder> hs = holders(kernel);
  auto keptLive = [&](StreamId s) {
    for (const Holder& h : hs)
      if (const Row* r = h.model->row(s); r && r->revision >= 0 && !r->expired) return true;
    return false;
  };
  // An order whose events the store no longer holds cannot come back into
  // any model (a rebuild reads only what is held): once no holder keeps it
  // live, its folds are not needed.
  folds_.forget([&](std::size_t id, const Folds& f) {
    const auto s = static_cast<StreamId>(id);
    if (f.rows.empty()) return true;
    return !world_.streams.isProduct(s) && !store.holds(f.last) && !keptLive(s);
  });
  // Once the store has scavenged, no rebuild starts a product again from
  // revision 0: the revisions below every holder's (and below where a
  // restarted projector replays from) are not needed.
  if (store.horizon() == 0) return;
  Position low = folded_;
  for (const Holder& h : hs) low = std::min(low, h.position);
  for (int p = 0; p < world_.projectors; ++p) {
    const NodeId id = world_.firstProjector + static_cast<NodeId>(p);
    low = std::min(low, static_cast<const Projector&>(kernel.node(id)).checkpoint());
  }
  for (StreamId s = 0; s < static_cast<StreamId>(world_.streams.products); ++s) {
    Folds* f = folds_.find(s);
    if (!f || f->rows.size() < 2) continue;
    const auto positions = store.positions(s);
    const auto below = std::upper_bound(positions.begin(), positions.end(), low);
    Revision keep = store.firstRevision(s) + static_cast<Revision>(below - positions.begin()) - 1;
    for (const Holder& h : hs)
      if (const Row* r = h.model->row(s); r && r->revision >= 0) keep = std::min(keep, r->revision);
    const Revision drop = std::min(keep, f->lastRevision()) - f->base;
    if (drop <= 0) continue;
    f->rows.erase(f->rows.begin(), f->rows.begin() + drop);
    f->base += drop;
  }
}

std::string FoldChecker::nameOf(const Holder& h) const {
  const std::string projector = projectorName(h.projector, world_.projectors);
  if (h.replica < 0) return projector;
  return "replica-" + std::to_string(h.replica + 1) + "'s copy of " + projector + "'s models,";
}

// A row changes only when an event of its stream is applied, and every
// event at or below the holder's last checked position was applied by then
// (with the high-water-mark rule, one below it may still wait in a
// partition, but it is lost only through a restart, which checks every
// row). So the streams with events after that position are the only rows
// that can have changed since: checking those keeps a long run's checks in
// proportion to the lag, not to every order ever placed.
void FoldChecker::checkHolder(const event_sourcing::EventStore& store, const Holder& h,
                              Checked& last, bool everyRow) {
  if (hasViolations()) return;  // one report per check is enough to read
  const StreamFilter filter = filterOf(h.projector, world_.projectors);
  const bool full = everyRow || !last.seen || h.position < last.position || h.epoch != last.epoch;
  const Position from = full ? 0 : last.position;
  last = {h.position, h.epoch, true};
  if (full) {
    const std::size_t streams = std::max(h.model->size(), folds_.size());
    constexpr std::size_t kPage = RowTable::kPage;
    for (std::size_t s = 0; s < streams; ++s) {
      // A page neither side keeps any more: nothing there to compare.
      if (s % kPage == 0 && !folds_.find(s) && (s >= h.model->size() || h.model->expired(s)) &&
          !h.model->row(s)) {
        s += kPage - 1;
        continue;
      }
      if (filter.folds(world_.streams, static_cast<StreamId>(s)) &&
          !checkStream(store, h, static_cast<StreamId>(s)))
        return;
    }
    return;
  }
  touched_.clear();
  for (Position p = store.nextHeld(from + 1); p <= store.head(); p = store.nextHeld(p + 1)) {
    const StreamId s = store.at(p).stream;
    if (filter.folds(world_.streams, s)) touched_.push_back(s);
  }
  std::sort(touched_.begin(), touched_.end());
  touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
  for (StreamId s : touched_)
    if (!checkStream(store, h, s)) return;
}

bool FoldChecker::checkExpired(const event_sourcing::EventStore& store, const Holder& h,
                               StreamId s) {
  const auto positions = store.positions(s);
  const auto covered = std::upper_bound(positions.begin(), positions.end(), h.position);
  if (covered == positions.begin()) return true;  // none of its events is left to compare
  const std::int64_t at = store.at(*(covered - 1)).recordedAt;
  if (at + world_.orderTtl.count() <= h.clock) return true;
  violate(nameOf(h) + " says " + world_.streams.name(s) + " expired at its clock " +
          std::to_string(h.clock) + " µs, but its last event was recorded at " +
          std::to_string(at) + " µs, within the TTL of " + std::to_string(world_.orderTtl.count()) +
          " µs");
  return false;
}

bool FoldChecker::checkStream(const event_sourcing::EventStore& store, const Holder& h,
                              StreamId s) {
  if (h.model->expired(s)) return checkExpired(store, h, s);
  const Row* row = h.model->row(s);
  const Revision revision = row ? row->revision : event_sourcing::kNoStreamRevision;
  const Folds* f = folds_.find(s);
  const Revision lastFolded = f && !f->rows.empty() ? f->lastRevision() : -1;
  // Built only to report.
  auto name = [&] { return world_.streams.name(s); };
  if (revision > lastFolded) {
    violate(nameOf(h) + " holds " + name() + " at revision " + std::to_string(revision) +
            ", beyond the log");
    return false;
  }
  if (row && revision >= 0 && revision >= f->base) {
    const Row& folded = f->rows[static_cast<std::size_t>(revision - f->base)];
    if (!row->sameFold(folded)) {
      violate(nameOf(h) + "'s " + name() + " is " + rowText(*row) + " but its events fold to " +
              rowText(folded) + ": an event applied twice, or one skipped");
      return false;
    }
  }
  // Every event of the stream at or below the holder's position is in the row.
  const auto positions = store.positions(s);
  const auto covered = std::upper_bound(positions.begin(), positions.end(), h.position);
  const Revision needed =
      covered == positions.begin()
          ? event_sourcing::kNoStreamRevision
          : store.firstRevision(s) + static_cast<Revision>(covered - positions.begin()) - 1;
  if (revision < needed) {
    violate(nameOf(h) + " is at position " + std::to_string(h.position) + " but its " + name() +
            " is at revision " + std::to_string(revision) + " of " + std::to_string(needed) +
            ": an event skipped");
    return false;
  }
  return true;
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

void ReadYourWritesChecker::forgetOld(SimTime now) {
  if (now < nextForget_) return;
  nextForget_ = now + kForgetEvery;
  std::erase_if(placedAt_, [&](const auto& e) { return now - e.second.second > kForgetAfter; });
  std::erase_if(carried_, [&](const auto& e) { return now - e.second.second > kForgetAfter; });
}

void ReadYourWritesChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Milestone) return;
  forgetOld(r.at);
  const Words& w = world_.words;
  if (r.label == w.es.eventAppended) {
    const auto stream = static_cast<StreamId>(r.v[0]);
    if (!world_.streams.isProduct(stream) &&
        r.v[3] == static_cast<std::int64_t>(EventType::OrderPlaced))
      placedAt_[world_.streams.number(stream)] = {static_cast<Position>(r.v[2]), r.at};
    return;
  }
  if (r.label == w.myOrdersAsked) {
    carried_[r.v[1]] = {static_cast<Position>(r.v[2]), r.at};
    return;
  }
  if (r.label != w.myOrdersAnswered) return;
  const auto it = carried_.find(r.v[1]);
  if (it == carried_.end()) return;
  const Position carried = it->second.first;
  carried_.erase(it);
  if (static_cast<QueryOutcome>(r.v[3]) != QueryOutcome::Ok) return;
  const auto position = static_cast<Position>(r.v[2]);
  const std::int64_t order = r.v[5];
  if (position < carried) {
    violate("session " + std::to_string(r.v[0]) + " asked for position " + std::to_string(carried) +
            " and got " + std::to_string(position) + ", not marked stale");
    return;
  }
  // An order answered "expired" was there and has gone by its TTL (the
  // fold checker holds the model to that): not a stale read.
  const auto placed = placedAt_.find(order);
  if (placed != placedAt_.end() && placed->second.first <= carried && r.v[4] == 0)
    violate("session " + std::to_string(r.v[0]) + "'s orders came back without order " +
            std::to_string(order) + " (stored at " + std::to_string(placed->second.first) +
            ") though the query carried " + std::to_string(carried) + ": silently stale");
}

// ---- MonotonicReadsChecker ----

void MonotonicReadsChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Milestone) return;
  const Words& w = world_.words;
  if (r.at >= nextForget_) {
    nextForget_ = r.at + kForgetEvery;
    std::erase_if(floor_, [&](const auto& e) { return r.at - e.second.second > kForgetAfter; });
  }
  if (r.label == w.myOrdersAsked) {
    floor_[r.v[1]] = {seen_[r.v[0]], r.at};
    return;
  }
  if (r.label != w.myOrdersAnswered) return;
  const auto it = floor_.find(r.v[1]);
  if (it == floor_.end()) return;
  const Position floor = it->second.first;
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
