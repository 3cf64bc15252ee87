// The Sharding pattern's snapshots (inspector rows) and its typed view for
// the window. See sharding_pattern.h and shard_view.h. Kernel thread only.
#include <algorithm>

#include "clusterscope/sharding/shard_view.h"
#include "patterns/sharding/config_server.h"
#include "patterns/sharding/router.h"
#include "patterns/sharding/shard_node.h"
#include "patterns/sharding/sharding_pattern.h"

namespace cs::sharding {
NodeKind ShardingView::kind(NodeId node) const {
  if (node == config) return NodeKind::Config;
  return router(node) ? NodeKind::Router : NodeKind::Shard;
}

const ShardView* ShardingView::shard(NodeId node) const {
  for (const ShardView& s : shards)
    if (s.id == node) return &s;
  return nullptr;
}

const RouterView* ShardingView::router(NodeId node) const {
  for (const RouterView& r : routers)
    if (r.id == node) return &r;
  return nullptr;
}

std::shared_ptr<const PatternView> ShardingPattern::view(const Kernel& kernel) const {
  auto v = std::make_shared<ShardingView>();
  const ConfigServer& config = configOf(kernel);
  const ShardMap& map = *config.map();
  v->mode = map.mode;
  v->config = kConfig;
  v->configCrashed = kernel.status(kConfig) == NodeStatus::Crashed;
  v->balancerOn = config.balancerOn();
  v->versioned = routerOf(kernel, kFirstRouter).versioned();
  v->version = map.version;
  v->chunks = map.chunks;
  v->space = map.space();
  v->keySpace = options_.keySpace;
  v->committedMigrations = config.committedMigrations();
  v->abortedMigrations = config.abortedMigrations();
  const auto& members = config.members();
  const auto& draining = config.draining();
  const bool regions = !options_.regions.empty();
  const std::vector<int> region = regionOf();
  auto regionIn = [&](NodeId n) { return regions ? region[n] : -1; };
  v->regions = options_.regions;
  v->configRegion = regionIn(kConfig);
  v->clientKeys = options_.clientKeys;
  v->regionLatencyUs = regions ? options_.regionLatency.count() : 0;
  v->zones = config.zones().ranges;
  for (int r = 0; r < kRouters; ++r) {
    const NodeId id = kFirstRouter + static_cast<NodeId>(r);
    const Router& router = routerOf(kernel, id);
    RouterView rv;
    rv.id = id;
    rv.name = nodeName(id);
    rv.crashed = kernel.status(id) == NodeStatus::Crashed;
    rv.knowsMap = router.map() != nullptr;
    if (rv.knowsMap) rv.mapVersion = router.map()->version;
    rv.stale = rv.knowsMap && rv.mapVersion < map.version;
    rv.staleRetries = router.staleRetries();
    rv.lastFanout = router.lastFanout();
    rv.lastSecondLatencyUs = router.lastSecondLatencyUs();
    rv.region = regionIn(id);
    v->routers.push_back(rv);
  }
  for (int s = 0; s < kMaxShards; ++s) {
    const NodeId id = kFirstShard + static_cast<NodeId>(s);
    const ShardNode& shard = shardOf(kernel, id);
    ShardView sv;
    sv.id = id;
    sv.name = nodeName(id);
    sv.member = std::find(members.begin(), members.end(), id) != members.end();
    sv.draining = std::find(draining.begin(), draining.end(), id) != draining.end();
    sv.crashed = kernel.status(id) == NodeStatus::Crashed;
    sv.keys = shard.data().size();
    sv.ownedChunks = map.chunksOf(id);
    sv.queued = shard.queued();
    sv.opsPerSecond = shardMetrics_.empty() ? 0 : shardMetrics_[static_cast<std::size_t>(s)].rate;
    const ShardLatency::Figures& lat = latency_.lastSecond(id);
    sv.lastSecondLatencyUs = lat.meanUs;
    sv.lastSecondP99Us = lat.p99Us;
    sv.knowsMap = shard.metadata() != nullptr;
    if (sv.knowsMap) sv.mapVersion = shard.metadata()->version;
    sv.region = regionIn(id);
    v->shards.push_back(sv);
    if (const auto& d = shard.donation()) {
      MigrationView mv;
      mv.id = d->id;
      mv.donor = id;
      mv.recipient = d->recipient;
      mv.phase = static_cast<MigrationPhase>(d->phase);
      mv.ranges = d->ranges;
      mv.keys = d->keys;
      mv.cloned = d->cloned;
      v->migrations.push_back(mv);
    }
  }
  return v;
}

NodeSnapshot ShardingPattern::snapshot(const Kernel& kernel, NodeId node) const {
  NodeSnapshot s;
  s.id = node;
  s.name = nodeName(node);
  s.status = kernel.status(node);
  s.slowBy = kernel.slowness(node);
  const ConfigServer& config = configOf(kernel);
  const ShardMap& map = *config.map();
  const auto regionRow = [&] {
    if (!options_.regions.empty())
      s.fields.push_back({"region", options_.regions[static_cast<std::size_t>(regionOf()[node])]});
  };
  if (node == kConfig) {
    s.role = "config server";
    s.fields = {{"map version", versionText(map.version)},
                {"chunks", std::to_string(map.chunks.size())},
                {"partitioning", std::string(partitioningName(map.mode))},
                {"balancer", config.balancerOn() ? "on" : "off"},
                {"migrations committed", std::to_string(config.committedMigrations())},
                {"migrations aborted", std::to_string(config.abortedMigrations())}};
    for (const ZoneRange& z : config.zones().ranges)
      s.fields.push_back(
          {"zone " + options_.regions[static_cast<std::size_t>(z.region)],
           "keys " + std::to_string(z.range.lo) + " to " + std::to_string(z.range.hi - 1)});
  } else if (node < kFirstShard) {
    const Router& r = routerOf(kernel, node);
    s.role = "router";
    s.fields = {{"map version", r.map() ? versionText(r.map()->version) : "unknown"},
                {"StaleConfig retries", std::to_string(r.staleRetries())},
                {"operations in flight", std::to_string(r.inFlight())},
                {"last scatter-gather fan-out", std::to_string(r.lastFanout())}};
  } else {
    const ShardNode& sh = shardOf(kernel, node);
    const auto& members = config.members();
    s.member = std::find(members.begin(), members.end(), node) != members.end();
    s.role = s.member ? "shard" : "spare shard";
    s.fields = {{"keys stored", std::to_string(sh.data().size())},
                {"chunks owned", std::to_string(map.chunksOf(node))},
                {"metadata version",
                 sh.metadata() ? versionText(sh.metadata()->version) : "unknown (refreshing)"},
                {"queue", std::to_string(sh.queued())},
                {"served", std::to_string(sh.served())},
                {"refused (queue full)", std::to_string(sh.refused())}};
    if (const ShardLatency::Figures& lat = latency_.lastSecond(node); lat.count > 0)
      s.fields.push_back({"latency, last second", "mean " + std::to_string(lat.meanUs / 1000) +
                                                      " ms, p99 " +
                                                      std::to_string(lat.p99Us / 1000) + " ms"});
    if (const auto& d = sh.donation())
      s.fields.push_back({"donating", "migration " + std::to_string(d->id) + " to " +
                                          nodeName(d->recipient) + ", " + phaseName(d->phase)});
    if (sh.receiving()) s.fields.push_back({"receiving", "a migration"});
  }
  regionRow();
  return s;
}

}  // namespace cs::sharding
