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
//   - With cacheAggregates on, it keeps every aggregate it loaded or
//     appended to (its state and revision), as Axon's caching repository
//     and Marten's live aggregates do, and asks the store only for the
//     events after the revision it holds. A held state is always the fold
//     of a prefix of its stream (it came from the store, or from our own
//     append acknowledged at the revision it expected; committed events
//     are never lost or changed), so after WrongExpectedVersion it stays:
//     the reload brings it up to date with the other writer's events
//     alone. (Axon drops the entry instead because its cache is used
//     without asking the store.) A reply that does not start where the
//     cache is drops the entry and loads the stream whole.
//
// Durable: nothing but its counters (a handler is stateless; the store
// holds the truth). Volatile: the queue of commands, the one in hand, the
// cache.
// Kernel thread only.
#pragma once

#include <optional>

#include "clusterscope/kernel.h"
#include "clusterscope/ring.h"
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
  bool cacheAggregates = false;  // keep loaded aggregates; load only the events after them
  Fold fold = Fold::Correct;     // the fold of the release it runs
  std::int64_t release = 0;      // which release: snapshots are kept and used per release
};

class CommandHandler : public Node {
 public:
  CommandHandler(const Words& words, HandlerOptions options, Metrics& metrics, int index);

  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  HandlerOptions& options() { return options_; }
  // Runs another release of the code: `fold`, and none of the state the
  // old one derived (its cache; its snapshots, by their release).
  void deploy(Fold fold);
  // Turns the aggregate cache on or off; off forgets what it held.
  void setCaching(bool on);
  const HandlerOptions& options() const { return options_; }

  // What it holds now: the stream it loaded last and how: a snapshot, or
  // the state it held in its cache, or nothing, plus `folded` events.
  struct Holding {
    bool any = false;
    StreamId stream = 0;
    Aggregate state;
    Revision snapshotRevision = kNoStreamRevision;  // -1: not from a snapshot
    Revision cachedRevision = kNoStreamRevision;    // -1: not from the cache
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
  // Loads that began from the cache.
  std::uint64_t cacheHits() const { return cacheHits_; }

 private:
  // A command waiting for the handler, as it arrived: small, so that
  // queueing and taking one copies a few words, not a Work.
  struct Queued {
    ShopCommand command;
    NodeId client = kNoNode;
    std::int64_t id = 0;  // the client's command id
    RequestId request = 0;
    MessageId cause = 0;
  };
  // The command in hand: what it arrived with, and how far it has got.
  struct Work : Queued {
    int step = 0;
    int conflicts = 0;
    int attempts = 0;  // sends of the current load or append
    Aggregate firstStep;
    std::optional<StreamId> stream;
    Aggregate state;
    // The append in flight, sent as it is again on a retry with the same
    // ids: the payload is shared, not copied per send.
    std::shared_ptr<const AppendBatch> batch;
    const std::vector<EventData>& events() const { return batch->events; }
    ExpectedRevision expected;
    bool appending = false;
    std::int64_t op = 0;    // the load or append id awaited
    Position position = 0;  // the global position of its last event stored; 0: none
  };

  // The load or append just sent times out after options_.timeout. One
  // timer at a time serves every deadline: an answer clears the deadline
  // rather than cancelling the timer, and a timer that fires before the
  // current deadline is set again for the rest, so the kernel does not
  // carry a cancelled timer for every message answered in time.
  void armTimeout();
  void startNext();
  // Takes `q` in hand and begins its first step. REQUIRES: !busy_.
  void take(const Queued& q);
  void beginStep();
  void sendLoad();
  void onLoaded(const Message& m);
  void sendAppend(bool retry);
  void onAppendAck(const Message& m);
  void stepDone();
  void finish(CommandOutcome outcome, Refusal refusal = Refusal::None);
  void maybeSnapshot(Position lastPosition);
  void freshIds(std::vector<EventData>& events);
  // A batch holding a copy of `events`: one kept from an earlier append that
  // no message holds any more, refilled, or a new one.
  std::shared_ptr<const AppendBatch> batchOf(const std::vector<EventData>& events);
  // Starts bringing what loading `command`'s first stream reads into the
  // cache: a queued command's, so that they are there when it is taken.
  void prefetchFor(const ShopCommand& command) const;
  // Starts bringing the cached state of `stream` into the cache.
  // REQUIRES: stream < cache_.size().
  void prefetchState(StreamId stream) const {
    const auto* state = reinterpret_cast<const char*>(&cache_[stream]);
    __builtin_prefetch(state);
    __builtin_prefetch(state + sizeof(Aggregate) - 1);
  }
  // The revision of the cached state of `stream`; kNoStreamRevision when
  // none is held.
  Revision cachedRevision(StreamId stream) const {
    return stream < cachedRevisions_.size() ? cachedRevisions_[stream] : kNoStreamRevision;
  }
  // The cached state of `stream`; nullptr when none is held.
  const Aggregate* cached(StreamId stream) const {
    return cachedRevision(stream) != kNoStreamRevision ? &cache_[stream] : nullptr;
  }
  void cache(StreamId stream, const Aggregate& state);
  void uncache(StreamId stream);
  void forgetCache();

  const Words words_;
  HandlerOptions options_;
  Metrics* metrics_;
  MetricId foldedMetric_ = 0, loadsMetric_ = 0, retriesMetric_ = 0, conflictsMetric_ = 0,
           doneMetric_ = 0;

  // ---- Durable (counters only) ----
  std::uint64_t done_ = 0, refused_ = 0, gaveUp_ = 0, conflicts_ = 0, retries_ = 0, loads_ = 0,
                foldedTotal_ = 0, cacheHits_ = 0;
  std::int64_t nextOp_ = 1;

  // ---- Volatile ----
  Ring<Queued> queue_;
  std::optional<Work> busy_;
  TimerHandle timer_;
  SimTime timerAt_{};                // when timer_ fires
  std::optional<SimTime> deadline_;  // of the load or append awaited; none: answered
  Holding holding_;
  // By stream: streams are numbered densely, so vectors, not maps. A
  // revision of kNoStreamRevision holds nothing (a stream with no events is
  // loaded whole anyway). The revisions are kept apart from the states, 8
  // bytes a stream, so that a Load names the revision held without waiting
  // for the state's cache lines: those are asked for as the Load leaves and
  // are there when its events come back to be folded onto them.
  // cachedRevisions_[s] == cache_[s].revision whenever it holds something.
  std::vector<Revision> cachedRevisions_;
  std::vector<Aggregate> cache_;
  // What the command in hand decides, kept so that deciding reuses its
  // events' room; and the batches sent before, for batchOf() to refill.
  Decision decision_;
  std::vector<std::shared_ptr<AppendBatch>> batches_;
};

}  // namespace cs::event_sourcing
