// A command handler: takes the shop's commands one at a time and, for each
// stream the command touches, loads the aggregate by folding its events
// (from the latest snapshot plus the tail, when snapshots are on), decides,
// and appends the resulting events with the expected revision it loaded.
//
//   - WrongExpectedVersion (another handler appended first): reload and
//     decide again, at most maxConflicts times, then give up.
//   - No acknowledgment in time (lost, or the store crashed mid-append):
//     send the same append again. With eventIds on, it carries the same
//     event ids and the store recognises a committed one; with them off the
//     retry gets fresh ids, and an append whose acknowledgment was lost is
//     stored twice (under "any") or conflicts and is decided again.
//   - After an append takes its stream past a multiple of snapshotEvery,
//     the handler sends the folded state to be kept as a snapshot.
//
// Durable: nothing but its counters (a handler is stateless; the store
// holds the truth). Volatile: the queue of commands, the one in hand.
// Kernel thread only.
#pragma once

#include <deque>
#include <optional>

#include "clusterscope/kernel.h"
#include "patterns/event_sourcing/es_words.h"
#include "patterns/event_sourcing/shop_domain.h"

namespace cs::event_sourcing {

struct HandlerOptions {
  NodeId store = kNoNode;
  ShopStreams streams;
  SimDuration timeout{300'000};  // for a Loaded or an AppendAck
  int maxAttempts = 6;           // sends of one load or append
  int maxConflicts = 5;          // reloads after WrongExpectedVersion
  std::size_t queueLimit = 200;  // commands waiting; more are refused as gave up
  bool expectExact = true;       // false: append with expected revision any
  bool eventIds = true;          // false: a retried append gets fresh ids
  int snapshotEvery = 0;         // 0: no snapshots
  int schema = 2;                // the ItemReserved version it writes
};

class CommandHandler : public Node {
 public:
  CommandHandler(const Words& words, HandlerOptions options, Metrics& metrics, int index);

  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  HandlerOptions& options() { return options_; }
  const HandlerOptions& options() const { return options_; }

  // What it holds now: the stream it loaded last and how.
  struct Holding {
    bool any = false;
    StreamId stream = 0;
    Aggregate state;
    Revision snapshotRevision = kNoStreamRevision;
    std::size_t folded = 0;
  };
  const Holding& holding() const { return holding_; }
  std::size_t queued() const { return queue_.size() + (busy_ ? 1 : 0); }
  std::uint64_t done() const { return done_; }
  std::uint64_t refused() const { return refused_; }
  std::uint64_t gaveUp() const { return gaveUp_; }
  std::uint64_t conflicts() const { return conflicts_; }
  std::uint64_t retries() const { return retries_; }
  std::uint64_t loads() const { return loads_; }
  std::uint64_t folded() const { return foldedTotal_; }

 private:
  struct Work {
    ShopCommand command;
    NodeId client = kNoNode;
    std::int64_t id = 0;  // the client's command id
    RequestId request = 0;
    MessageId cause = 0;
    int step = 0;
    int conflicts = 0;
    int attempts = 0;  // sends of the current load or append
    Aggregate firstStep;
    std::optional<StreamId> stream;
    Aggregate state;
    std::vector<EventData> events;  // the append in flight
    ExpectedRevision expected;
    bool appending = false;
    std::int64_t op = 0;    // the load or append id awaited
    Position position = 0;  // the global position of its last event stored; 0: none
  };

  void startNext();
  void beginStep();
  void sendLoad();
  void onLoaded(const Message& m);
  void sendAppend(bool retry);
  void onAppendAck(const Message& m);
  void stepDone();
  void finish(CommandOutcome outcome, Refusal refusal = Refusal::None);
  void maybeSnapshot(Position lastPosition);
  void freshIds();

  const Words words_;
  HandlerOptions options_;
  Metrics* metrics_;
  MetricId foldedMetric_ = 0, loadsMetric_ = 0, retriesMetric_ = 0, conflictsMetric_ = 0,
           doneMetric_ = 0;

  // ---- Durable (counters only) ----
  std::uint64_t done_ = 0, refused_ = 0, gaveUp_ = 0, conflicts_ = 0, retries_ = 0, loads_ = 0,
                foldedTotal_ = 0;
  std::int64_t nextOp_ = 1;

  // ---- Volatile ----
  std::deque<Work> queue_;
  std::optional<Work> busy_;
  TimerHandle timer_;
  Holding holding_;
};

}  // namespace cs::event_sourcing
