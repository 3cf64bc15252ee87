// What the window draws of the Sharding world: the config server's shard
// map (chunks, owners, versions, jumbo marks), each shard with its keys,
// queue and cached map version, each router with its map version and
// StaleConfig retries, and the migrations running with their phase and
// progress; with regions, where each node sits and the zone ranges that
// pin keys to a region's shards; and each shard's latency as its routers
// see it. A snapshot of one instant, built by ShardingPattern::view on the
// kernel thread; immutable afterwards, so any thread may read it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/ids.h"
#include "clusterscope/pattern_view.h"
#include "clusterscope/sharding/shard_map.h"

namespace cs::sharding {

enum class NodeKind : std::uint8_t {
  Config,  // holds the authoritative shard map; runs the balancer
  Router,  // caches the map, routes each operation by its shard key
  Shard,   // stores its chunks' keys; donor or recipient of migrations
};

// A migration's phase as drawn; the same values as the engine's Phase.
enum class MigrationPhase : std::uint8_t {
  Idle,
  Clone,
  CatchUp,
  CriticalSection,
  Commit,
  RangeDeletion,
};

struct ShardView {
  NodeId id = kNoNode;
  std::string name;       // "shard-2"
  bool member = false;    // false: a spare, not in the cluster
  bool draining = false;  // being removed: its chunks move off first
  bool crashed = false;
  std::size_t keys = 0;         // stored, orphans included
  std::size_t ownedChunks = 0;  // per the config server's map
  std::size_t queued = 0;
  std::int64_t opsPerSecond = 0;
  // The operations it answered over the last second, as their routers timed
  // them (network both ways included): 0 before any answer.
  std::int64_t lastSecondLatencyUs = 0;  // mean
  std::int64_t lastSecondP99Us = 0;
  bool knowsMap = false;  // false after a restart, until refreshed
  Version mapVersion;     // its cached metadata
  int region = -1;        // index into ShardingView::regions; -1 without regions
};

struct RouterView {
  NodeId id = kNoNode;
  std::string name;
  bool crashed = false;
  bool knowsMap = false;
  Version mapVersion;
  bool stale = false;  // older than the config server's
  std::uint64_t staleRetries = 0;
  int lastFanout = 0;
  std::int64_t lastSecondLatencyUs = 0;  // mean over the last second; 0 before any answer
  int region = -1;                       // index into ShardingView::regions; -1 without regions
};

struct MigrationView {
  std::int64_t id = 0;
  NodeId donor = kNoNode;
  NodeId recipient = kNoNode;
  MigrationPhase phase = MigrationPhase::Idle;
  std::vector<Range> ranges;
  std::size_t keys = 0;
  std::size_t cloned = 0;
};

struct ShardingView : PatternView {
  Partitioning mode = Partitioning::Ranged;
  NodeId config = 0;
  bool configCrashed = false;
  bool balancerOn = true;
  bool versioned = true;
  Version version;
  std::vector<Chunk> chunks;  // the config server's map
  Position space = 0;
  Position keySpace = 0;  // keys in use (ranged: the left of the bar that holds keys)
  std::vector<ShardView> shards;
  std::vector<RouterView> routers;
  std::vector<MigrationView> migrations;
  std::int64_t committedMigrations = 0;
  std::int64_t abortedMigrations = 0;
  // Data locality: the regions' names ("eu", "us"; empty: one region, no
  // zones), the config server's region, and the zone ranges (ranged mode:
  // positions are keys), sorted and disjoint.
  std::vector<std::string> regions;
  int configRegion = -1;
  std::int64_t regionLatencyUs = 0;  // one way, between regions; 0 without regions
  std::vector<ZoneRange> zones;
  // The keys each router's clients use, by router; empty: the whole key
  // space for both. With regions, `zones on` pins each to its router's region.
  std::vector<Range> clientKeys;

  NodeKind kind(NodeId node) const;
  const ShardView* shard(NodeId node) const;
  const RouterView* router(NodeId node) const;
};

}  // namespace cs::sharding
