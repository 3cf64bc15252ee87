// The Event Sourcing pattern's invariant checkers. See es_checker.h.
// Kernel thread only.
#include "patterns/event_sourcing/es_checker.h"

#include <algorithm>

#include "clusterscope/kernel.h"
#include "patterns/event_sourcing/store_node.h"

namespace cs::event_sourcing {
namespace {

std::string num(std::int64_t v) {
  return std::to_string(v);
}

bool sameEvent(const RecordedEvent& a, const RecordedEvent& b) {
  return a.stream == b.stream && a.revision == b.revision && a.position == b.position &&
         a.recordedAt == b.recordedAt && a.data.id == b.data.id && a.data.type == b.data.type &&
         a.data.schema == b.data.schema && a.data.body == b.data.body && a.digest == b.digest;
}

// A product's stock change for one stored event, read by the checker itself:
// ItemReserved v1 reserved one item and had no quantity field.
std::int64_t stockDelta(const RecordedEvent& e) {
  const auto& b = e.data.body;
  switch (e.data.type) {
    case 2:  // StockReceived
    case 5:  // StockCorrected
      return b[0];
    case 3:  // ItemReserved
      return e.data.schema == 1 ? -1 : -b[1];
    case 4:  // ReservationReleased
      return b[1];
    default:
      return 0;
  }
}

}  // namespace

const EventStore& storeOf(const Kernel& kernel, const CheckedWorld& world) {
  return static_cast<const StoreNode&>(kernel.node(world.store)).store();
}

namespace {

// One event folded into the value before it.
std::int64_t foldStep(const ShopStreams& streams, StreamId stream, std::int64_t v,
                      const RecordedEvent& e) {
  if (streams.isProduct(stream)) return v + stockDelta(e);
  // OrderPlaced, OrderPaid, OrderShipped, OrderCancelled: statuses 1..4.
  return e.data.type >= 6 && e.data.type <= 9 ? e.data.type - 5 : v;
}

}  // namespace

std::int64_t referenceFold(const EventStore& store, const ShopStreams& streams, StreamId stream,
                           Revision revision) {
  std::int64_t v = 0;
  const auto positions = store.positions(stream);
  for (Revision r = 0; r <= revision && r < static_cast<Revision>(positions.size()); ++r)
    v = foldStep(streams, stream, v, store.at(positions[static_cast<std::size_t>(r)]));
  return v;
}

void LogChecker::onRecord(const TraceRecord& r) {
  if (r.kind == TraceKind::Restarted && r.node == world_.store) storeRestarted_ = true;
  if (r.kind != TraceKind::Milestone || r.node != world_.store) return;
  const Words& w = world_.words;
  if (r.label == w.appendCommitted) {
    if (batchLeft_ > 0)
      violate("a batch to stream " + world_.streams.name(batchStream_) +
              " was interrupted by another, " + num(batchLeft_) + " event(s) short");
    batchLeft_ = r.v[3];
    batchStream_ = static_cast<StreamId>(r.v[0]);
    return;
  }
  if (r.label != w.eventAppended) return;
  const auto stream = static_cast<StreamId>(r.v[0]);
  const Revision revision = r.v[1];
  const auto position = static_cast<Position>(r.v[2]);
  const auto id = static_cast<EventId>(r.v[5]);
  const std::string name = world_.streams.name(stream);
  if (batchLeft_ <= 0 || stream != batchStream_)
    violate("event " + num(static_cast<std::int64_t>(position)) + " was stored outside its batch");
  --batchLeft_;
  if (position != lastPosition_ + 1)
    violate("global position " + num(static_cast<std::int64_t>(position)) + " follows " +
            num(static_cast<std::int64_t>(lastPosition_)));
  lastPosition_ = position;
  auto [it, fresh] = lastRevision_.emplace(stream, kNoStreamRevision);
  if (revision != it->second + 1)
    violate(name + ": revision " + num(revision) + " follows " + num(it->second) +
            " (a gap or a second event at one revision)");
  it->second = revision;
  if (!ids_.insert(id).second)
    violate("event id " + num(static_cast<std::int64_t>(id)) + " is stored twice (again at " +
            num(static_cast<std::int64_t>(position)) + ")");
}

void LogChecker::afterEvent(const Kernel& kernel) {
  const EventStore& store = storeOf(kernel, world_);
  if (store.head() < copy_.size()) {
    violate("the store lost committed events: it holds " +
            num(static_cast<std::int64_t>(store.head())) + ", " +
            num(static_cast<std::int64_t>(copy_.size())) + " were committed");
    copy_.resize(store.head());
  }
  for (Position p = copy_.size() + 1; p <= store.head(); ++p) copy_.push_back(store.at(p));
  if (storeRestarted_) {
    storeRestarted_ = false;
    compareAll(store);
  }
}

void LogChecker::compareAll(const EventStore& store) {
  for (const RecordedEvent& e : copy_)
    if (!sameEvent(e, store.at(e.position)) || !store.verify(e.position))
      violate("stored event " + num(static_cast<std::int64_t>(e.position)) + " changed");
}

void ExpectedRevisionChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Milestone || r.node != world_.store) return;
  const auto stream = static_cast<StreamId>(r.v[0]);
  if (r.label == world_.words.eventAppended) {
    revision_[stream] = r.v[1];
    return;
  }
  if (r.label != world_.words.appendCommitted) return;
  const ExpectedRevision expected = ExpectedRevision::fromCode(r.v[1]);
  const auto it = revision_.find(stream);
  const Revision actual = it == revision_.end() ? kNoStreamRevision : it->second;
  if (!expected.matches(actual))
    violate("an append to " + world_.streams.name(stream) + " expecting " + num(r.v[1]) +
            " was accepted with the stream at " + num(actual));
}

void FoldChecker::onRecord(const TraceRecord& r) {
  // A restart is where stored events could have changed (the LogChecker
  // says whether they did): fold again from the store.
  if (r.kind == TraceKind::Restarted && r.node == world_.store) folds_.clear();
  if (r.kind != TraceKind::Milestone) return;
  const Words& w = world_.words;
  if (r.label == w.aggregateLoaded)
    claims_.push_back({r.node, static_cast<StreamId>(r.v[0]), r.v[1], r.v[4], false});
  if (r.label == w.snapshotSaved)
    claims_.push_back({r.node, static_cast<StreamId>(r.v[0]), r.v[1], 0, true});
}

void FoldChecker::afterEvent(const Kernel& kernel) {
  if (claims_.empty()) return;
  const EventStore& store = storeOf(kernel, world_);
  for (const Claim& c : claims_) {
    const std::int64_t truth = foldAt(store, c.stream, c.revision);
    std::int64_t claimed = c.state;
    if (c.snapshot) {
      const Snapshot* s = store.latestSnapshot(c.stream);
      if (!s || s->revision != c.revision) continue;
      claimed = s->state[1];  // a product's stock, an order's status
    }
    if (claimed != truth)
      violate(std::string(c.snapshot ? "the snapshot of " : "the aggregate loaded of ") +
              world_.streams.name(c.stream) + " at revision " + num(c.revision) + " says " +
              num(claimed) + "; folding its events gives " + num(truth));
  }
  claims_.clear();
}

std::int64_t FoldChecker::foldAt(const EventStore& store, StreamId stream, Revision revision) {
  std::vector<std::int64_t>& folds = folds_[stream];
  const auto positions = store.positions(stream);
  const auto last =
      std::min(static_cast<std::size_t>(std::max<Revision>(revision, -1) + 1), positions.size());
  for (std::size_t r = folds.size(); r < last; ++r)
    folds.push_back(
        foldStep(world_.streams, stream, folds.empty() ? 0 : folds.back(), store.at(positions[r])));
  if (last == 0) return 0;
  return folds[last - 1];
}

void StockChecker::afterEvent(const Kernel& kernel) {
  const EventStore& store = storeOf(kernel, world_);
  for (Position p = seen_ + 1; p <= store.head(); ++p) {
    const RecordedEvent& e = store.at(p);
    if (!world_.streams.isProduct(e.stream)) continue;
    std::int64_t& stock = stock_[e.stream];
    const std::int64_t before = stock;
    stock += stockDelta(e);
    if (stock < 0 && before >= 0)
      violate(world_.streams.name(e.stream) + "'s stock fell to " + num(stock) + " at position " +
              num(static_cast<std::int64_t>(p)) + " (oversold)");
  }
  seen_ = store.head();
}

}  // namespace cs::event_sourcing
