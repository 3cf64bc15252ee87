// The one-model twin: the same shop served by a single database node whose
// one pool of workers takes both the product listing's reads and the
// orders, first come first served. Its state is current state only (stock
// and order rows, updated in place); its answers are always up to date,
// and under a flood of reads an order waits in the queue behind them — the
// compare view's "before". Orders arrive as the write side's Command
// (PlaceOrder) and are answered with a CommandResult; queries as Query.
//
// Durable: the rows and the count of writes (its "position"). Volatile: the
// pool and its queue. Kernel thread only.
#pragma once

#include "clusterscope/kernel.h"
#include "patterns/cqrs/cqrs_words.h"
#include "patterns/cqrs/worker_pool.h"

namespace cs::cqrs {

struct DbOptions {
  ShopStreams streams;
  int sessions = 8;
  int initialStock = 100'000;
  int workers = 4;
  int queue = 256;
  SimDuration readCost{1'000};
  SimDuration writeCost{3'000};
};

class OneModelDb : public Node {
 public:
  OneModelDb(const Words& words, DbOptions options);

  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  const ReadModel& model() const { return model_; }
  Position writes() const { return writes_; }
  int busy() const { return pool_.busy(); }
  int workers() const { return pool_.workers(); }
  std::size_t queued() const { return pool_.queued(); }
  std::size_t queueCapacity() const { return pool_.capacity(); }
  std::uint64_t rejected() const { return rejected_; }

 private:
  struct Job {
    Message request;
  };
  SimDuration costOf(const Message& m) const;
  void serve(const Message& m);
  void placeOrder(const Message& m);

  const Words words_;
  DbOptions options_;

  // ---- Durable ----
  ReadModel model_;
  Position writes_ = 0;
  std::uint64_t rejected_ = 0;

  // ---- Volatile ----
  WorkerPool<Job> pool_;
};

}  // namespace cs::cqrs
