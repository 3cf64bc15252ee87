// The options of the Sharding pattern's world (see sharding_pattern.h),
// parsed from the JSON object a scenario or the command line gives. Every
// key is optional; an unknown key or a value out of range is an InputError
// naming the key and what was expected. Durations are in milliseconds.
// Plain values; any thread.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

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
  // What moving one key costs the donor: reading it and shipping it to the
  // recipient (a document's size over the link's bandwidth). A chunk's
  // clone takes its keys times this, so a migration lasts long enough to
  // watch its phases; 0: as fast as the messages fly.
  SimDuration cloneKeyTime{0};
  SimDuration latency{1'000};
  SimDuration jitter{500};

  // Regions and zones (data locality). Without `regions` the whole world
  // is one region and the fields below are empty.
  std::vector<std::string> regions;   // region names, in order of first mention: "eu", "us"
  std::vector<int> shardRegion;       // by shard index (shard-1 is 0), all kMaxShards of them
  std::vector<int> routerRegion;      // by router index; the config server sits in shard-1's
  SimDuration regionLatency{40'000};  // one way, between nodes of different regions
  std::vector<ZoneRange> zones;       // sorted by range.lo, disjoint
  // Where each router's uniform keys come from (its clients' customers), by
  // router index; empty: the whole key space for both.
  std::vector<Range> clientKeys;

  LinkConfig link() const;
  // What a link between two regions adds to the default link's latency,
  // so that without faults a message between regions takes regionLatency
  // (nothing if regionLatency is below latency).
  SimDuration regionDistance() const;
  int regionOfShard(std::size_t index) const {
    return shardRegion.empty() ? 0 : shardRegion[index];
  }
};

// Throws InputError ("options.shards: expected an integer from 1 to 8, got 9").
ShardingOptions parseShardingOptions(const nlohmann::json& options);
// The region and zone options (zone_options.cpp), read into `o` after the
// rest. Throws InputError ("options.zones[1].zone: expected one of the
// shardRegions ...").
void parseZoneOptions(const nlohmann::json& options, ShardingOptions& o);
// The region index of `name`, or -1.
int regionIndex(const ShardingOptions& o, const std::string& name);

}  // namespace cs::sharding
