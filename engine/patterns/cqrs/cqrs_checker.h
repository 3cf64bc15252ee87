// The CQRS pattern's invariants, checked outside the code under test: from
// the trace, and from the store's log and the read models read through the
// kernel's public interface, with a fold of their own.
//
//   FoldChecker — every row of each projector's read models and of each
//     synced copy of them on a replica equals the checker's own fold of its
//     stream up to the row's revision (no event applied twice, none out of
//     order), and no row of a stream the projector folds is behind the
//     holder's position (no event at or below it skipped). An order row the
//     holder says has expired must be past its TTL by the holder's own
//     clock: its last event at or below the holder's position was recorded
//     at least orderTtl before it. The checker forgets an order's folds once
//     the store has reclaimed its events and no holder keeps its row live
//     (nothing can bring it back: no event of it is left to read), and,
//     once the store has scavenged (rebuilds are refused from then on),
//     keeps of a product's folds only the revisions a holder can still be
//     at. Checked every
//     100 ms of simulated time, each holder only on the streams with events
//     after the position it had at its last check (a row changes only when
//     one of those is applied); every row of every holder whenever a
//     projector restarts, rebuilds or applies an event twice, and for one
//     holder whose position went back, whose epoch changed or that was not
//     checked last time (down, inactive or not yet synced).
//   CheckpointChecker — each projector's saved checkpoint only moves
//     forward, except when a rebuild in place starts it again from 0.
//   ReadYourWritesChecker — a "my orders" answer not marked stale is at or
//     after the position its query carried, and when that position covers
//     the order just placed, the order is in it.
//   MonotonicReadsChecker — within a session, an answer not marked stale is
//     never older than an answer the session had before asking.
//   WriteModelDecidesChecker — no product's stock in the store ever goes
//     below zero: the Event Sourcing pattern's stock check, read here as
//     "commands decide on the write model" (only an order decided on the
//     lagging listing oversells).
//
// Kernel thread only.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "clusterscope/checker.h"
#include "patterns/cqrs/cqrs_words.h"
#include "patterns/cqrs/projection_plan.h"
#include "patterns/event_sourcing/es_checker.h"
#include "patterns/event_sourcing/paged_table.h"

namespace cs::event_sourcing {
class EventStore;
}

namespace cs::cqrs {

struct CheckedWorld {
  Words words;
  ShopStreams streams;
  int sessions = 8;
  NodeId store = kNoNode;
  NodeId firstProjector = kNoNode;
  int projectors = 1;
  NodeId firstReplica = kNoNode;
  int replicas = 0;
  SimDuration orderTtl{0};
};

class FoldChecker : public Checker {
 public:
  explicit FoldChecker(CheckedWorld world) : world_(std::move(world)) {}
  std::string_view name() const override { return "a read model is the fold of its events"; }
  std::string_view meaning() const override {
    return "none applied twice, none skipped: a projector that counts an event twice, or passes "
           "one over, shows a wrong stock forever";
  }
  void onRecord(const TraceRecord& record) override;
  void afterEvent(const Kernel& kernel) override;
  // Checks every row of every holder now (tests call it at the end of a run).
  void checkAll(const Kernel& kernel) { check(kernel, true); }
  // Streams whose folds it keeps room for, for tests that memory stays bounded.
  std::size_t foldsHeld() const { return folds_.entriesHeld(); }

 private:
  // What a holder (a projector, or a replica's copy of one) was at its last check.
  struct Checked {
    Position position = 0;
    std::int64_t epoch = 0;
    bool seen = false;  // checked in the last pass
  };
  struct Holder {
    const ReadModel* model;
    Position position;
    std::int64_t epoch;
    int projector;
    int replica;  // -1: the projector's own models
    std::int64_t clock;
  };
  // The checker's folds of one stream: rows[i] is the row after revision base + i.
  struct Folds {
    Revision base = 0;
    Position last = 0;  // of its last event
    std::vector<Row> rows;
    Revision lastRevision() const { return base + static_cast<Revision>(rows.size()) - 1; }
  };
  void check(const Kernel& kernel, bool everyRow);
  void follow(const event_sourcing::EventStore& store);
  // The holders up now: the projectors, and every synced copy of an active replica.
  std::vector<Holder> holders(const Kernel& kernel) const;
  // Forgets what no holder can need any more (see the top of this file).
  void forget(const Kernel& kernel, const event_sourcing::EventStore& store);
  bool checkExpired(const event_sourcing::EventStore& store, const Holder& holder, StreamId s);
  void checkHolder(const event_sourcing::EventStore& store, const Holder& holder, Checked& last,
                   bool everyRow);
  // False once it has reported.
  bool checkStream(const event_sourcing::EventStore& store, const Holder& holder, StreamId s);
  std::string nameOf(const Holder& holder) const;
  CheckedWorld world_;
  Position folded_ = 0;
  event_sourcing::PagedTable<Folds, RowTable::kPage> folds_;  // by stream
  SimTime nextForget_{0};
  std::vector<Checked> checked_;   // projectors, then each replica's copies
  std::vector<StreamId> touched_;  // scratch: the streams one holder's check covers
  SimTime nextCheck_{0};
  bool checkNow_ = false;
};

class CheckpointChecker : public Checker {
 public:
  explicit CheckpointChecker(CheckedWorld world) : world_(std::move(world)) {}
  std::string_view name() const override { return "a checkpoint only moves forward"; }
  std::string_view meaning() const override {
    return "a checkpoint that went back would replay events the read model already holds";
  }
  void onRecord(const TraceRecord& record) override;
  void afterEvent(const Kernel& kernel) override;

 private:
  CheckedWorld world_;
  std::vector<Position> last_;  // by projector
  std::vector<bool> reset_;     // by projector: a rebuild in place began
};

class ReadYourWritesChecker : public Checker {
 public:
  explicit ReadYourWritesChecker(CheckedWorld world) : world_(std::move(world)) {}
  std::string_view name() const override { return "a token read sees its write or says stale"; }
  std::string_view meaning() const override {
    return "a query carrying position p sees p or later, or says it is stale: a shopper who "
           "placed an order must find it in \"my orders\", or be told the answer is stale — "
           "never silently stale";
  }
  void onRecord(const TraceRecord& record) override;

 private:
  // Forgets what is older than kForgetAfter: no query of a shopper waits that long.
  void forgetOld(SimTime now);
  CheckedWorld world_;
  // order -> position of its OrderPlaced, and when it was stored
  std::map<std::int64_t, std::pair<Position, SimTime>> placedAt_;
  // query -> the position it carried, and when it was asked
  std::map<std::int64_t, std::pair<Position, SimTime>> carried_;
  SimTime nextForget_{0};
};

class MonotonicReadsChecker : public Checker {
 public:
  explicit MonotonicReadsChecker(CheckedWorld world) : world_(std::move(world)) {}
  std::string_view name() const override { return "a session's reads never go back in time"; }
  std::string_view meaning() const override {
    return "an order seen once must not vanish on the next read from a replica further behind";
  }
  void onRecord(const TraceRecord& record) override;

 private:
  CheckedWorld world_;
  std::map<std::int64_t, Position> seen_;  // session -> the newest answer it has had
  // query -> what its session had seen when it asked, and when it asked
  std::map<std::int64_t, std::pair<Position, SimTime>> floor_;
  SimTime nextForget_{0};
};

class WriteModelDecidesChecker : public event_sourcing::StockChecker {
 public:
  using StockChecker::StockChecker;
  std::string_view name() const override { return "commands decide on the write model"; }
  std::string_view meaning() const override {
    return "no product's stock ever goes below zero: an order checked against the listing, "
           "which lags behind the store, sells items that are already gone";
  }
};

}  // namespace cs::cqrs
