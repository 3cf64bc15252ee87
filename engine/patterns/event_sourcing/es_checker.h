// The Event Sourcing pattern's invariants, checked outside the code under
// test: from the trace, and from the store's log read through the kernel's
// public interface, with folds of their own.
//
//   LogChecker — per-stream revisions are contiguous; global positions
//     increase by one and agree with each stream's order; no two events
//     share (stream, revision); an event id is stored at most once; a
//     batch's events are stored together, none between them; a stored
//     event never changes and a crash keeps every committed one (the
//     checker keeps its own copy of each event and compares the store's
//     log with it, in full whenever the store restarts).
//   ExpectedRevisionChecker — every accepted append matched its expected
//     revision, by the checker's own count of the stream's events, unless
//     it asked for "any".
//   FoldChecker — a handler's loaded aggregate equals a full fold of the
//     stream's events up to its revision (so snapshot + tail equals the full
//     fold), and every snapshot kept equals the full fold at its revision.
//   StockChecker — no product's stock is ever below zero (breaks only with
//     expected revision "any").
//
// Kernel thread only.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <unordered_set>
#include <vector>

#include "clusterscope/checker.h"
#include "patterns/event_sourcing/es_words.h"

namespace cs::event_sourcing {

class EventStore;

struct CheckedWorld {
  Words words;
  NodeId store = kNoNode;
  ShopStreams streams;
};

// The store's log as the checkers read it. REQUIRES: world.store is a StoreNode.
const EventStore& storeOf(const Kernel& kernel, const CheckedWorld& world);

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
  std::size_t copied() const { return copy_.size(); }

 private:
  void compareAll(const EventStore& store);
  CheckedWorld world_;
  Position lastPosition_ = 0;
  std::map<StreamId, Revision> lastRevision_;
  std::unordered_set<EventId> ids_;  // looked up, never iterated
  std::int64_t batchLeft_ = 0;       // events of the committed batch still to come
  StreamId batchStream_ = 0;
  std::vector<RecordedEvent> copy_;  // every event the store ever committed, as committed
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

 private:
  CheckedWorld world_;
  std::map<StreamId, Revision> revision_;  // by the checker's own count
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

 private:
  struct Claim {
    NodeId node = kNoNode;
    StreamId stream = 0;
    Revision revision = 0;
    std::int64_t state = 0;  // a product's stock, an order's status
    bool snapshot = false;   // a snapshot kept, not an aggregate loaded
  };
  // The fold after each revision of a stream, as far as claims have asked:
  // a claim costs the events since the last one, not the whole stream.
  std::int64_t foldAt(const EventStore& store, StreamId stream, Revision revision);

  CheckedWorld world_;
  std::vector<Claim> claims_;
  std::map<StreamId, std::vector<std::int64_t>> folds_;  // [r]: after revision r
};

class StockChecker : public Checker {
 public:
  explicit StockChecker(CheckedWorld world) : world_(std::move(world)) { listenTo({}); }
  std::string_view name() const override { return "a product's stock never goes below zero"; }
  void afterEvent(const Kernel& kernel) override;

 private:
  CheckedWorld world_;
  Position seen_ = 0;
  std::map<StreamId, std::int64_t> stock_;
};

// The checkers' own fold, independent of the domain code: a product's stock
// or an order's status (as a number) after the stream's events up to
// `revision`.
std::int64_t referenceFold(const EventStore& store, const ShopStreams& streams, StreamId stream,
                           Revision revision);

}  // namespace cs::event_sourcing
