// The Event Sourcing pattern's invariant checkers. See es_checker.h.
// Kernel thread only.
#include "patterns/event_sourcing/es_checker.h"

#include <algorithm>
#include <utility>

#include "clusterscope/kernel.h"
#include "patterns/event_sourcing/store_node.h"

namespace cs::event_sourcing {
namespace {

std::string num(std::int64_t v) {
  return std::to_string(v);
}

// The checker's own hash of an event, every field: not the store's digest
// (code under test), so a changed event and a digest changed to match it
// are still caught.
std::uint64_t step(std::uint64_t h, std::uint64_t v) {
  h = (h ^ v) * 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 29);
}
std::uint64_t hashOnto(std::uint64_t h, const RecordedEvent& e) {
  h = step(h, e.stream);
  h = step(h, static_cast<std::uint64_t>(e.revision));
  h = step(h, e.position);
  h = step(h, static_cast<std::uint64_t>(e.recordedAt));
  h = step(h, e.data.id);
  h = step(h, (std::uint64_t{e.data.type} << 8) | e.data.schema);
  for (std::int64_t v : e.data.body) h = step(h, static_cast<std::uint64_t>(v));
  return step(h, e.digest);
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

void forgetStreams(CountedRevisions& table, const EventStore& store) {
  table.forget([&](std::size_t id, const CountedRevision&) {
    return store.forgotten(static_cast<StreamId>(id));
  });
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
              " was interrupted by another, " + num(batchLeft_) +
              (batchLeft_ == 1 ? " event short" : " events short"));
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
  Revision& last = lastRevision_.get(stream).last;
  if (revision != last + 1)
    violate(name + ": revision " + num(revision) + " follows " + num(last) +
            " (a gap or a second event at one revision)");
  last = revision;
  if (olderIds_.contains(id) || !ids_.insert(id))
    violate("event id " + num(static_cast<std::int64_t>(id)) + " is stored twice (again at " +
            num(static_cast<std::int64_t>(position)) + ")");
}

void LogChecker::afterEvent(const Kernel& kernel) {
  const EventStore& store = storeOf(kernel, world_);
  if (store.head() < hashed_) {
    violate("the store lost committed events: it holds " +
            num(static_cast<std::int64_t>(store.head())) + ", " +
            num(static_cast<std::int64_t>(hashed_)) + " were committed");
    // Go on from what it holds now.
    hashed_ = store.horizon();
    blockHashes_.clear();
    firstBlock_ = hashed_ / kBlock;
    openHash_ = 0;
  }
  if (store.horizon() != horizon_) forgetBelow(store);
  for (Position p = hashed_ + 1; p <= store.head(); ++p) {
    openHash_ = hashOnto(openHash_, store.at(p));
    if (p % kBlock == 0) blockHashes_.push_back(std::exchange(openHash_, 0));
  }
  hashed_ = store.head();
  if (storeRestarted_) {
    storeRestarted_ = false;
    compareAll(store);
  }
}

// The store's horizon moved: what is below it is gone, and so are the
// checker's hashes, ids and streams of it.
void LogChecker::forgetBelow(const EventStore& store) {
  horizon_ = store.horizon();
  while (!blockHashes_.empty() && (firstBlock_ + 1) * kBlock <= horizon_) {
    blockHashes_.pop_front();
    ++firstBlock_;
  }
  if (horizon_ >= idsFrom_) {
    olderIds_ = std::move(ids_);
    ids_ = SeenIds{};
    idsFrom_ = lastPosition_;
  }
  forgetStreams(lastRevision_, store);
}

void LogChecker::compareAll(const EventStore& store) {
  std::uint64_t h = 0;
  for (Position p = firstBlock_ * kBlock + 1; p <= hashed_; ++p) {
    h = hashOnto(h, store.at(p));
    const bool blockEnd = p % kBlock == 0;
    if (!blockEnd && p != hashed_) continue;
    const std::uint64_t kept = blockEnd ? blockHashes_[p / kBlock - 1 - firstBlock_] : openHash_;
    if (h != kept) {
      // The store's own digests say which event, unless they changed too.
      const Position first = blockEnd ? p - kBlock + 1 : p - p % kBlock + 1;
      Position named = 0;
      for (Position q = first; q <= p && named == 0; ++q) named = store.verify(q) ? 0 : q;
      violate(named ? "stored event " + num(static_cast<std::int64_t>(named)) + " changed"
                    : "a stored event between positions " + num(static_cast<std::int64_t>(first)) +
                          " and " + num(static_cast<std::int64_t>(p)) + " changed");
    }
    h = 0;
  }
}

void ExpectedRevisionChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Milestone || r.node != world_.store) return;
  const auto stream = static_cast<StreamId>(r.v[0]);
  if (r.label == world_.words.eventAppended) {
    revision_.get(stream).last = r.v[1];
    return;
  }
  if (r.label != world_.words.appendCommitted) return;
  const ExpectedRevision expected = ExpectedRevision::fromCode(r.v[1]);
  const CountedRevision* counted = revision_.find(stream);
  const Revision actual = counted ? counted->last : kNoStreamRevision;
  if (!expected.matches(actual))
    violate("an append to " + world_.streams.name(stream) + " expecting " + num(r.v[1]) +
            " was accepted with the stream at " + num(actual));
}

void ExpectedRevisionChecker::afterEvent(const Kernel& kernel) {
  const EventStore& store = storeOf(kernel, world_);
  if (store.horizon() == horizon_) return;
  horizon_ = store.horizon();
  forgetStreams(revision_, store);
}

void FoldChecker::onRecord(const TraceRecord& r) {
  // A restart is where stored events could have changed (the LogChecker
  // says whether they did): fold again from the store, unless a scavenge
  // took the beginning of the log (then the folds go on from what was
  // folded as committed).
  if (r.kind == TraceKind::Restarted && r.node == world_.store && horizon_ == 0) {
    folds_ = {};
    marks_.clear();
    folded_ = 0;
  }
  if (r.kind != TraceKind::Milestone) return;
  const Words& w = world_.words;
  if (r.label == w.aggregateLoaded)
    claims_.push_back({r.node, static_cast<StreamId>(r.v[0]), r.v[1], r.v[4], false});
  if (r.label == w.snapshotSaved)
    claims_.push_back({r.node, static_cast<StreamId>(r.v[0]), r.v[1], 0, true});
}

void FoldChecker::afterEvent(const Kernel& kernel) {
  const EventStore& store = storeOf(kernel, world_);
  foldNew(store);
  if (store.horizon() != horizon_) {
    horizon_ = store.horizon();
    folds_.forget(
        [&](std::size_t id, const Folded&) { return store.forgotten(static_cast<StreamId>(id)); });
    for (auto it = marks_.begin(); it != marks_.end();) {
      Marks& m = it->second;
      const auto first = static_cast<std::size_t>(store.firstRevision(it->first));
      while (!m.marks.empty() && (m.first + 1) * kEvery < first) {
        m.marks.pop_front();
        ++m.first;
      }
      it = store.forgotten(it->first) ? marks_.erase(it) : std::next(it);
    }
  }
  for (const Claim& c : claims_) {
    const std::optional<std::int64_t> folded = foldAt(store, c.stream, c.revision);
    if (!folded) continue;  // reclaimed before the claim could be checked
    const std::int64_t truth = *folded;
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

// Folds every event committed since the last call into its stream's fold.
void FoldChecker::foldNew(const EventStore& store) {
  for (Position p = std::max(folded_, store.horizon()) + 1; p <= store.head(); ++p) {
    const RecordedEvent e = store.at(p);
    Folded& f = folds_.get(e.stream);
    if (static_cast<Revision>(f.events) != e.revision) continue;  // the LogChecker's to report
    f.value = foldStep(world_.streams, e.stream, f.value, e);
    if (++f.events % kEvery == 0) marks_[e.stream].marks.push_back(f.value);
  }
  folded_ = store.head();
}

std::optional<std::int64_t> FoldChecker::foldAt(const EventStore& store, StreamId stream,
                                                Revision revision) {
  const Folded* tip = folds_.find(stream);
  if (!tip) return std::nullopt;
  const auto want = static_cast<std::size_t>(std::max<Revision>(revision, -1) + 1);
  if (want >= tip->events) return tip->value;
  // Behind the end: from the last mark at or before it, if its events are still there.
  const std::size_t k = want / kEvery;
  Folded f;
  if (k > 0) {
    const auto it = marks_.find(stream);
    if (it == marks_.end() || k - 1 < it->second.first) return std::nullopt;
    f = {k * kEvery, it->second.marks[k - 1 - it->second.first]};
  }
  const auto first = static_cast<std::size_t>(store.firstRevision(stream));
  if (f.events < first) return std::nullopt;
  const auto positions = store.positions(stream);
  for (; f.events < want; ++f.events)
    f.value = foldStep(world_.streams, stream, f.value, store.at(positions[f.events - first]));
  return f.value;
}

void StockChecker::afterEvent(const Kernel& kernel) {
  const EventStore& store = storeOf(kernel, world_);
  for (Position p = std::max(seen_, store.horizon()) + 1; p <= store.head(); ++p) {
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
