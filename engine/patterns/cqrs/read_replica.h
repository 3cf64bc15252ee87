// A read replica: a copy of every projector's read models that serves
// queries with a pool of workers and a bounded queue, each copy kept up to
// date by its own projector's ModelDeltas. A copy's position is the position
// its projector's last delta (or full copy) carried: every event at or below
// it is in its rows. Copies move on apart, as their projectors do.
//
// Read-your-writes: a query may carry a position (the one its command
// returned, or the highest its session has seen). Until the position of the
// copy that answers it (the read model it asks about) reaches it, the query
// waits, holding no worker; when it does, the query is served; if
// `tokenWait` passes first, it is answered and marked stale — never answered
// as if it were current. A query that finds the queue full is rejected.
//
// A missed delta (numbers not consecutive) or a new epoch makes it ask that
// projector for a full copy. Volatile: it is an in-memory copy; a restart
// starts empty and asks every projector for a copy. Kernel thread only.
#pragma once

#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/cqrs/cqrs_words.h"
#include "patterns/cqrs/worker_pool.h"

namespace cs::cqrs {

struct ReplicaOptions {
  std::vector<NodeId> projectors;  // by index, as in the projection plan
  ShopStreams streams;
  int sessions = 8;
  int workers = 4;
  int queue = 64;
  SimDuration queryCost{1'000};
  SimDuration tokenWait{300'000};
  SimDuration resyncAfter{200'000};  // asks for a copy again if none came
  SimDuration orderTtl{0};           // as the projectors' (it frees what they expired)
};

// The answer a read model gives to one query: value and found, by kind.
struct QueryAnswer {
  std::int64_t value = 0;
  bool found = false;
  bool expired = false;  // not found because the order expired, not because it is not there yet
};
QueryAnswer answerFrom(const ReadModel& model, const ShopStreams& streams, QueryKind kind,
                       std::int64_t key, std::int64_t order);

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

  int copies() const { return static_cast<int>(copies_.size()); }
  // Projector i's read models as this replica holds them.
  const ReadModel& model(int i) const { return copy(i).model; }
  Position position(int i) const { return copy(i).position; }
  // The clock of projector i's models as its last delta or copy carried (see projector.h).
  std::int64_t clock(int i) const { return copy(i).clock; }
  std::int64_t epoch(int i) const { return copy(i).epoch; }
  bool synced(int i) const { return copy(i).synced; }
  std::int64_t seq(int i) const { return copy(i).seq; }  // the last ModelDelta applied
  // The lowest of its copies' positions: every event at or below it is in all of them.
  Position position() const;
  bool synced() const;  // every copy
  // The copy that answers queries of this kind.
  const ReadModel& modelFor(QueryKind kind) const;
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

  // One projector's read models, as far as its deltas have brought them.
  struct Copy {
    ReadModel model;
    std::int64_t epoch = 0;  // 0: no copy yet
    std::int64_t seq = 0;
    Position position = 0;
    std::int64_t clock = 0;
    bool synced = false;
    bool gapped = false;                          // a delta went missing: waiting for a copy
    std::int64_t newestEpoch = 0, newestSeq = 0;  // the newest delta it has heard of
    SimTime askedAt{-1};
  };

  const Copy& copy(int i) const { return copies_[static_cast<std::size_t>(i)]; }
  Copy emptyCopy() const {
    return Copy{ReadModel(options_.streams, options_.sessions, options_.orderTtl)};
  }
  // The copy a query reads, by its kind (fields[0]).
  Copy& copyFor(const Message& query);
  int indexOf(NodeId projector) const;
  void forget();
  void askForCopy(std::size_t i);
  void onDelta(Copy& c, const Message& m);
  void onCopy(Copy& c, const Message& m);
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
  std::vector<Copy> copies_;  // by projector
  WorkerPool<Job> pool_;
  std::vector<Waiting> waiting_;  // in arrival order
  TimerHandle tick_;
};

}  // namespace cs::cqrs
