// Per-shard latency over the last second. See shard_latency.h. Kernel
// thread only.
#include "patterns/sharding/shard_latency.h"

#include <cassert>

namespace cs::sharding {

ShardLatency::ShardLatency(NodeId first, std::size_t count) : first_(first), rings_(count) {}

ShardLatency::Ring& ShardLatency::ring(NodeId shard) {
  assert(shard >= first_ && shard - first_ < rings_.size());
  return rings_[shard - first_];
}

const ShardLatency::Figures& ShardLatency::lastSecond(NodeId shard) const {
  assert(shard >= first_ && shard - first_ < rings_.size());
  return rings_[shard - first_].figures;
}

void ShardLatency::record(NodeId shard, std::int64_t us) {
  Slot& s = ring(shard).slots[ring(shard).current];
  s.values.record(us);
  s.sum += us;
}

void ShardLatency::roll() {
  for (Ring& r : rings_) {
    rpc::Histogram all;
    std::int64_t sum = 0;
    for (const Slot& s : r.slots) {
      if (s.values.count() == 0) continue;
      all.merge(s.values);
      sum += s.sum;
    }
    r.figures.count = all.count();
    r.figures.meanUs = all.count() ? sum / static_cast<std::int64_t>(all.count()) : 0;
    r.figures.p99Us = all.count() ? all.p99() : 0;
    // The oldest slot makes room for the next sample's operations.
    r.current = (r.current + 1) % kSlots;
    r.slots[r.current].values.clear();
    r.slots[r.current].sum = 0;
  }
}

}  // namespace cs::sharding
