// A read replica: a copy of the read model that serves queries with a pool
// of workers and a bounded queue, kept up to date by the projector's
// ModelDeltas. Its position is the projector's position the last delta (or
// full copy) it applied carried: every event at or below it is in its rows.
//
// Read-your-writes: a query may carry a position (the one its command
// returned, or the highest its session has seen). Until the replica's
// position reaches it the query waits, holding no worker; when it does, the
// query is served; if `tokenWait` passes first, it is answered and marked
// stale — never answered as if it were current. A query that finds the
// queue full is rejected.
//
// A missed delta (numbers not consecutive) or a new epoch makes it ask the
// projector for a full copy. Volatile: it is an in-memory copy; a restart
// starts empty and asks for a copy. Kernel thread only.
#pragma once

#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/cqrs/cqrs_words.h"
#include "patterns/cqrs/worker_pool.h"

namespace cs::cqrs {

struct ReplicaOptions {
  NodeId projector = kNoNode;
  ShopStreams streams;
  int sessions = 8;
  int workers = 4;
  int queue = 64;
  SimDuration queryCost{1'000};
  SimDuration tokenWait{300'000};
  SimDuration resyncAfter{200'000};  // asks for a copy again if none came
};

// The answer a read model gives to one query: value and found, by kind.
struct QueryAnswer {
  std::int64_t value = 0;
  bool found = false;
};
QueryAnswer answerFrom(const ReadModel& model, const ShopStreams& streams, int sessions,
                       QueryKind kind, std::int64_t key, std::int64_t order);

class ReadReplica : public Node {
 public:
  ReadReplica(const Words& words, ReplicaOptions options);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // An inactive replica (removed, or not yet added) ignores everything.
  void setActive(bool active);
  bool active() const { return active_; }

  const ReadModel& model() const { return model_; }
  Position position() const { return position_; }
  std::int64_t epoch() const { return epoch_; }
  bool synced() const { return synced_; }
  std::int64_t seq() const { return seq_; }  // the last ModelDelta applied
  int busy() const { return pool_.busy(); }
  int workers() const { return pool_.workers(); }
  std::size_t queued() const { return pool_.queued(); }
  std::size_t queueCapacity() const { return pool_.capacity(); }
  std::size_t waiting() const { return waiting_.size(); }
  std::uint64_t served() const { return served_; }
  std::uint64_t rejected() const { return rejected_; }
  std::uint64_t stale() const { return stale_; }

 private:
  struct Job {
    Message query;
  };
  struct Waiting {
    Message query;
    SimTime until{};
  };

  void askForCopy();
  void onDelta(const Message& m);
  void onCopy(const Message& m);
  void onQuery(const Message& m);
  void admit(const Message& m);
  void answer(const Message& query, QueryOutcome outcome);
  void releaseWaiting();

  const Words words_;
  ReplicaOptions options_;

  // ---- Durable: counters and the configuration ----
  std::uint64_t served_ = 0, rejected_ = 0, stale_ = 0;
  bool active_ = true;

  // ---- Volatile ----
  ReadModel model_;
  std::int64_t epoch_ = 0;  // 0: no copy yet
  std::int64_t seq_ = 0;
  Position position_ = 0;
  bool synced_ = false;
  bool gapped_ = false;                           // a delta went missing: waiting for a full copy
  std::int64_t newestEpoch_ = 0, newestSeq_ = 0;  // the newest delta it has heard of
  SimTime askedAt_{-1};
  WorkerPool<Job> pool_;
  std::vector<Waiting> waiting_;  // in arrival order
  TimerHandle tick_;
};

}  // namespace cs::cqrs
