// The latency of the operations each shard served, as the routers saw them:
// from an operation's arrival at its router to the shard's answer, retries
// and both crossings of the network included. Kept per shard as a ring of
// histograms, one per metric sample (100 ms), so the view and the gauges
// quote a mean and a p99 over the last second that follow a change (a zone
// pinned, a shard gone hot) within a second. Recording is one histogram
// update; rolling merges the ring once and keeps the figures. Integers
// only, so the figures are the same on every machine. A plain value owned
// by the pattern; kernel thread only.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "clusterscope/ids.h"
#include "rpc/histogram.h"

namespace cs::sharding {

class ShardLatency {
 public:
  // Samples per "last second": the figures cover the last kSlots rolls.
  static constexpr std::size_t kSlots = 10;

  struct Figures {
    std::int64_t meanUs = 0;  // 0 with nothing answered in the last second
    std::int64_t p99Us = 0;
    std::uint64_t count = 0;
  };

  // Shards are the nodes first .. first + count - 1.
  ShardLatency(NodeId first, std::size_t count);

  // An operation `shard` answered, `us` after its router took it.
  // REQUIRES: shard is one of the shards.
  void record(NodeId shard, std::int64_t us);
  // Closes the current slot and works out each shard's last-second figures.
  void roll();
  // As of the last roll(). REQUIRES: shard is one of the shards.
  const Figures& lastSecond(NodeId shard) const;

 private:
  struct Slot {
    rpc::Histogram values;
    std::int64_t sum = 0;
  };
  struct Ring {
    std::array<Slot, kSlots> slots;
    std::size_t current = 0;
    Figures figures;
  };
  Ring& ring(NodeId shard);

  NodeId first_;
  std::vector<Ring> rings_;
};

}  // namespace cs::sharding
