// A router (MongoDB's mongos): caches the shard map with its version, sends
// each operation to the shard that owns its key with that version attached,
// and on StaleConfig refreshes its map from the config server and retries.
// A range query goes to the shards whose chunks it touches (with ranged
// chunks, a few; with hashed ones, all of them: scatter-gather). Its load is
// open loop: operations arrive at a rate whether or not earlier ones ended.
//
// Volatile: the cached map and every operation in flight. The write stamp
// counter survives a restart, so stamps stay unique. Kernel thread only.
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "clusterscope/metrics.h"
#include "clusterscope/node.h"
#include "patterns/sharding/shard_latency.h"
#include "patterns/sharding/sharding_options.h"
#include "patterns/sharding/sharding_words.h"
#include "rpc/deadline_queue.h"
#include "rpc/id_ring.h"

namespace cs::sharding {

class Router : public Node {
 public:
  // `latency` collects the latency of each shard's answers; it outlives
  // the router.
  Router(const Words& words, const ShardingOptions& options, NodeId config, int index,
         Metrics& metrics, ShardLatency& latency);

  void onStart() override;
  void onMessage(const Message& m) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // One operation now, for verbs and tests.
  void read(Key key);
  void write(Key key);
  void scanRange(Key lo, Key hi);

  void setRate(double rate);
  void setDistribution(Distribution d) { distribution_ = d; }
  void setVersioned(bool on) { versioned_ = on; }
  bool versioned() const { return versioned_; }
  const MapPtr& map() const { return map_; }
  std::uint64_t staleRetries() const { return stale_; }
  std::uint64_t inFlight() const { return ops_.size(); }
  // When the oldest operation still in flight began, or nullopt if none
  // is: no operation answered from now on began earlier.
  std::optional<SimTime> oldestStart() const {
    if (oldest_ >= nextOp_) return std::nullopt;
    return oldestStarted_;
  }
  // The last scatter-gather's fan-out (0: none yet).
  int lastFanout() const { return lastFanout_; }
  // Mean latency of the operations answered over the last second, in µs.
  std::int64_t lastSecondLatencyUs() const { return lastSecondLatencyUs_; }

 private:
  // The shards an attempt waits on: at most every shard, so they fit in
  // place and an operation allocates nothing.
  struct Awaited {
    std::array<NodeId, kMaxShards> shards{};
    std::size_t count = 0;
    bool empty() const { return count == 0; }
    void clear() { count = 0; }
    void add(NodeId shard) {  // unless already there
      if (std::find(shards.begin(), shards.begin() + count, shard) == shards.begin() + count)
        shards[count++] = shard;
    }
    bool remove(NodeId shard);  // false if not awaited
  };
  struct Op {
    OpKind kind = OpKind::Read;
    Key key = 0;
    Key hi = 0;  // a scan's end
    std::int64_t value = 0;
    SimTime started{};
    int attempts = 0;
    Awaited waiting;         // shards yet to answer this attempt; empty between attempts
    std::int64_t found = 0;  // a scan's keys so far
    int fanout = 0;
    TimerHandle retry;  // the pause before a retry
  };

  void arrive();
  Key pickKey(bool forWrite);
  Key clientKey();
  std::int64_t begin(OpKind kind, Key key, Key hi);
  void dispatch(std::int64_t id);
  // Drops a finished or abandoned operation.
  void forget(std::int64_t id);
  // Cancels the pause before op's retry, if one is set: most operations
  // never pause, and then cost no call into the kernel.
  void stopRetry(Op& op) {
    if (op.retry) cancelTimer(op.retry);
  }
  void retryLater(std::int64_t id, SimDuration after);
  // The operation whose attempt `token` (id * kAttemptSpan + attempt) is
  // still waiting for answers, or nullptr.
  Op* awaiting(std::uint64_t token);
  void expireAttempts();
  void armTimeouts();
  // `shard` gave the last answer.
  void finish(std::int64_t id, std::int64_t value, NodeId shard);
  void refresh();
  void metricsFor(NodeId shard, SimDuration latency);

  const Words& words_;
  const ShardingOptions& options_;
  NodeId config_;
  int index_;
  Metrics& metrics_;
  ShardLatency& shardLatency_;
  double rate_;
  Distribution distribution_;
  bool versioned_;
  // Survives restarts: write stamps must never repeat.
  std::int64_t stampSeq_ = 0;
  std::int64_t nextOrderId_ = 0;
  std::int64_t nextOp_ = 1;
  // Volatile.
  MapPtr map_;
  bool refreshing_ = false;
  std::int64_t refreshAsk_ = 0;
  rpc::IdRing<Op> ops_;
  // The smallest id in ops_ (nextOp_ if none) and when it began: ids grow
  // with time, so that is the oldest operation in flight.
  std::int64_t oldest_ = 1;
  SimTime oldestStarted_{};
  // Every attempt's timeout, behind one timer: an answered attempt's entry
  // is skipped when its time comes, so an operation arms no timer of its own.
  rpc::DeadlineQueue timeouts_;
  std::vector<std::int64_t> parked_;  // waiting for a map
  std::uint64_t stale_ = 0;
  int lastFanout_ = 0;
  std::int64_t lastSecondLatencyUs_ = 0;
  MetricId staleMetric_, okMetric_, failMetric_, latencyMetric_, latencySecondMetric_,
      fanoutMetric_;
  std::int64_t latencySum_ = 0, latencyCount_ = 0;
  // The last kLatencyWindow calls' sums and counts, oldest first, for a
  // mean steady enough to quote.
  static constexpr std::size_t kLatencyWindow = 10;
  std::vector<std::pair<std::int64_t, std::int64_t>> latencyWindow_;

 public:
  // Mean latency since the last call, in microseconds (0 if none ended);
  // also sets the mean over the last ten calls (a second of samples).
  std::int64_t takeMeanLatency();
};

}  // namespace cs::sharding
