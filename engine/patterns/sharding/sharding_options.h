// The options of the Sharding pattern's world (see sharding_pattern.h),
// parsed from the JSON object a scenario or the command line gives. Every
// key is optional; an unknown key or a value out of range is an InputError
// naming the key and what was expected. Durations are in milliseconds.
// Plain values; any thread.
#pragma once

#include <nlohmann/json.hpp>

#include "clusterscope/network.h"
#include "clusterscope/sharding/shard_map.h"
#include "clusterscope/time.h"

namespace cs::sharding {

inline constexpr int kMaxShards = 8;

// Where the routers' keys come from.
enum class Distribution : std::uint8_t {
  Uniform,     // any key in [0, keySpace) as likely as any other
  HotKey,      // hotShare of the operations go to one key
  Increasing,  // writes take the next order id: always the largest key so far
};

struct ShardingOptions {
  Partitioning mode = Partitioning::Ranged;
  int shards = 4;          // shards at the start; spares up to kMaxShards join with add-shard
  int chunksPerShard = 2;  // chunks each shard starts with (ranged, hashed)
  int vnodes = 8;          // ring mode: tokens per shard
  std::int64_t keySpace = 100'000;
  int preload = 2'000;  // keys stored before the run starts
  double rate = 100;    // operations per second per router, open loop
  double readShare = 0.5;
  double scanShare = 0.02;  // range queries: targeted when ranged, scatter-gather otherwise
  Distribution distribution = Distribution::Uniform;
  double hotShare = 0.6;
  int workers = 2;
  int queueLimit = 64;
  SimDuration serviceTime{1'000};
  int maxChunkKeys = 600;  // a chunk with more keys is split
  double splitOps = 150;   // a chunk serving more operations per second is split
  bool balancer = true;
  int balanceThreshold = 2;  // chunks between most and least loaded before a move
  bool versioned = true;     // false: the unsafe switch, routing without versions
  SimDuration rangeDeleteDelay{1'000'000};
  SimDuration opTimeout{250'000};
  SimDuration migrationTimeout{600'000};
  SimDuration balancerInterval{300'000};
  SimDuration latency{1'000};
  SimDuration jitter{500};

  LinkConfig link() const;
};

// Throws InputError ("options.shards: expected an integer from 1 to 8, got 9").
ShardingOptions parseShardingOptions(const nlohmann::json& options);

}  // namespace cs::sharding
