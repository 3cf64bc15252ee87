// The Event Sourcing pattern's invariants, checked outside the code under
// test: from the trace, and from the store's log read through the kernel's
// public interface, with folds of their own.
//
//   LogChecker — per-stream revisions are contiguous; global positions
//     increase by one and agree with each stream's order; no two events
//     share (stream, revision); an event id is stored at most once; a
//     batch's events are stored together, none between them; a stored
//     event never changes and a crash keeps every committed one (the
//     checker keeps its own hash of each block of events as committed and
//     compares the store's log with them, in full whenever the store
//     restarts: a few bytes per thousand events rather than a copy of the
//     log).
//   ExpectedRevisionChecker — every accepted append matched its expected
//     revision, by the checker's own count of the stream's events, unless
//     it asked for "any".
//   FoldChecker — a handler's loaded aggregate equals a full fold of the
//     stream's events up to its revision (so snapshot + tail equals the full
//     fold), and every snapshot kept equals the full fold at its revision.
//   StockChecker — no product's stock is ever below zero (breaks only with
//     expected revision "any").
//
// With retention on, the store's scavenge horizon is where the checkers'
// memory begins: they forget the ids, block hashes, streams and folds of
// what a scavenge reclaimed (each compares only what the store still holds),
// so that they stay as small as the store, and go on checking everything
// committed after it.
//
// Kernel thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "clusterscope/checker.h"
#include "patterns/event_sourcing/es_words.h"
#include "patterns/event_sourcing/paged_table.h"
#include "patterns/event_sourcing/seen_ids.h"

namespace cs::event_sourcing {

class EventStore;

struct CheckedWorld {
  Words words;
  NodeId store = kNoNode;
  ShopStreams streams;
};

// The store's log as the checkers read it. REQUIRES: world.store is a StoreNode.
const EventStore& storeOf(const Kernel& kernel, const CheckedWorld& world);

// A stream's last revision as a checker counted it, by stream id.
struct CountedRevision {
  Revision last = kNoStreamRevision;
};
using CountedRevisions = PagedTable<CountedRevision>;
// Forgets the streams the store forgot.
void forgetStreams(CountedRevisions& table, const EventStore& store);

class LogChecker : public Checker {
 public:
  explicit LogChecker(CheckedWorld world) : world_(std::move(world)) {
    listenTo({TraceKind::Restarted, TraceKind::Milestone});
  }
  std::string_view name() const override {
    return "the log is append-only: contiguous revisions, increasing positions, each event id "
           "once, atomic batches, no event lost or changed";
  }
  void onRecord(const TraceRecord& record) override;
  void afterEvent(const Kernel& kernel) override;
  // The events hashed as committed.
  Position hashed() const { return hashed_; }
  // What it holds, for tests that it stays bounded.
  std::size_t idsHeld() const { return ids_.size() + olderIds_.size(); }
  std::size_t blocksHeld() const { return blockHashes_.size(); }
  std::size_t streamsHeld() const { return lastRevision_.entriesHeld(); }

  // Events per block hash.
  static constexpr Position kBlock = 1024;

 private:
  void compareAll(const EventStore& store);
  void forgetBelow(const EventStore& store);
  CheckedWorld world_;
  Position lastPosition_ = 0;
  CountedRevisions lastRevision_;  // by stream
  // The ids of events after `idsFrom_`, and of the ones before it down to
  // where the store's horizon was when `ids_` began: once the horizon
  // passes `idsFrom_`, the older ones go.
  SeenIds ids_, olderIds_;
  Position idsFrom_ = 0;
  std::int64_t batchLeft_ = 0;  // events of the committed batch still to come
  StreamId batchStream_ = 0;
  // Every event the store committed after its horizon, as committed: the
  // hash of each full block of kBlock events from block `firstBlock_` on,
  // and of the events after the last one.
  Position hashed_ = 0;
  std::deque<std::uint64_t> blockHashes_;
  Position firstBlock_ = 0;
  Position horizon_ = 0;  // the store's, when last looked at
  std::uint64_t openHash_ = 0;
  bool storeRestarted_ = false;
};

class ExpectedRevisionChecker : public Checker {
 public:
  explicit ExpectedRevisionChecker(CheckedWorld world) : world_(std::move(world)) {
    listenTo({TraceKind::Milestone});
  }
  std::string_view name() const override {
    return "every accepted append matched its expected revision unless it asked for any";
  }
  void onRecord(const TraceRecord& record) override;
  void afterEvent(const Kernel& kernel) override;

 private:
  CheckedWorld world_;
  CountedRevisions revision_;  // by stream, by the checker's own count
  Position horizon_ = 0;       // the store's, when last looked at
};

class FoldChecker : public Checker {
 public:
  explicit FoldChecker(CheckedWorld world) : world_(std::move(world)) {
    listenTo({TraceKind::Restarted, TraceKind::Milestone});
  }
  std::string_view name() const override {
    return "folding a stream's events reproduces the aggregate; snapshot + tail equals a full fold";
  }
  void onRecord(const TraceRecord& record) override;
  void afterEvent(const Kernel& kernel) override;
  std::size_t streamsHeld() const { return folds_.entriesHeld(); }

 private:
  struct Claim {
    NodeId node = kNoNode;
    StreamId stream = 0;
    Revision revision = 0;
    std::int64_t state = 0;  // a product's stock, an order's status
    bool snapshot = false;   // a snapshot kept, not an aggregate loaded
  };
  // The fold of a stream up to a revision. Each stream's fold is kept at
  // its last event (every committed event is folded as it appears, so a
  // scavenge never takes an event the checker has not folded), and at
  // every kEvery-th revision before it, so a claim behind the end costs at
  // most kEvery events; the checker keeps a few bytes per stream, not one
  // number per event. nullopt: the events the claim needs were reclaimed.
  std::optional<std::int64_t> foldAt(const EventStore& store, StreamId stream, Revision revision);
  void foldNew(const EventStore& store);
  static constexpr std::size_t kEvery = 256;

  struct Folded {
    std::size_t events = 0;  // how many of the stream's events are folded into `value`
    std::int64_t value = 0;
  };
  // marks[i]: the fold of the first (first + i + 1) * kEvery events.
  struct Marks {
    std::size_t first = 0;
    std::deque<std::int64_t> marks;
  };
  CheckedWorld world_;
  std::vector<Claim> claims_;
  Position folded_ = 0;              // every event up to here is folded into folds_
  PagedTable<Folded> folds_;         // by stream
  std::map<StreamId, Marks> marks_;  // only long streams have any
  Position horizon_ = 0;             // the store's, when last looked at
};

class StockChecker : public Checker {
 public:
  explicit StockChecker(CheckedWorld world) : world_(std::move(world)) { listenTo({}); }
  std::string_view name() const override { return "a product's stock never goes below zero"; }
  void afterEvent(const Kernel& kernel) override;

 private:
  CheckedWorld world_;
  Position seen_ = 0;
  std::map<StreamId, std::int64_t> stock_;  // products only
};

// The checkers' own fold, independent of the domain code: a product's stock
// or an order's status (as a number) after the stream's events up to
// `revision`. REQUIRES: nothing of the stream was scavenged.
std::int64_t referenceFold(const EventStore& store, const ShopStreams& streams, StreamId stream,
                           Revision revision);

}  // namespace cs::event_sourcing
