// The Sharding pattern's world: building it, its role words, its checkers
// and its gauges. Verbs are in sharding_verbs.cpp, snapshots and the typed
// view in sharding_view.cpp. See sharding_pattern.h. Kernel thread only.
#include "patterns/sharding/sharding_pattern.h"

#include <cassert>

#include "patterns/sharding/config_server.h"
#include "patterns/sharding/router.h"
#include "patterns/sharding/shard_node.h"
#include "patterns/sharding/sharding_checker.h"

namespace cs::sharding {

std::unique_ptr<Pattern> make(const nlohmann::json& options) {
  return std::make_unique<ShardingPattern>(parseShardingOptions(options));
}

const ConfigServer& configOf(const Kernel& kernel) {
  return static_cast<const ConfigServer&>(kernel.node(kConfig));
}
const ShardNode& shardOf(const Kernel& kernel, NodeId node) {
  return static_cast<const ShardNode&>(kernel.node(node));
}
const Router& routerOf(const Kernel& kernel, NodeId node) {
  return static_cast<const Router&>(kernel.node(node));
}

std::string ShardingPattern::nodeName(NodeId node) {
  if (node == kConfig) return "config";
  if (node < kFirstShard) return "router-" + std::to_string(node - kFirstRouter + 1);
  return "shard-" + std::to_string(node - kFirstShard + 1);
}

void ShardingPattern::build(Kernel& kernel) {
  words_ = defineWords(kernel);
  const ShardingOptions& o = options_;
  std::vector<NodeId> members, spares;
  for (int s = 0; s < kMaxShards; ++s)
    (s < o.shards ? members : spares).push_back(kFirstShard + static_cast<NodeId>(s));
  auto config = std::make_unique<ConfigServer>(words_, o, members, spares, regionOf());
  const MapPtr map = config->map();
  [[maybe_unused]] const NodeId c = kernel.addNode(std::move(config));
  assert(c == kConfig);
  for (int r = 0; r < kRouters; ++r)
    kernel.addNode(std::make_unique<Router>(words_, o, kConfig, r, kernel.metrics(), latency_));
  std::vector<ShardNode*> shards;
  for (int s = 0; s < kMaxShards; ++s) {
    auto node = std::make_unique<ShardNode>(words_, o, kConfig);
    shards.push_back(node.get());
    kernel.addNode(std::move(node));
  }
  // The data already there when the run begins, on its owners. Counted
  // first, so each shard's list is written once at its final size: with a
  // million keys, growing them by doubling touched twice the memory.
  auto preloaded = [&](int i) {
    return static_cast<Key>(static_cast<std::int64_t>(i) * o.keySpace / o.preload);
  };
  std::vector<std::size_t> count(shards.size());
  for (int i = 0; i < o.preload; ++i) ++count[map->ownerOfKey(preloaded(i)) - kFirstShard];
  std::vector<std::vector<KeyStore::Entry>> held(shards.size());
  for (std::size_t s = 0; s < shards.size(); ++s) held[s].reserve(count[s]);
  for (int i = 0; i < o.preload; ++i) {
    const Key k = preloaded(i);
    held[map->ownerOfKey(k) - kFirstShard].push_back({{map->position(k), k}, 1});
  }
  for (std::size_t s = 0; s < shards.size(); ++s) shards[s]->preload(std::move(held[s]));
  for (NodeId n = 0; n < kernel.nodeCount(); ++n) kernel.nameNode(n, nodeName(n));
  kernel.network().setDefaultLink(o.link());
  linkRegions(kernel.network());

  Metrics& m = kernel.metrics();
  for (int s = 0; s < kMaxShards; ++s) {
    const std::string name = nodeName(kFirstShard + static_cast<NodeId>(s));
    shardMetrics_.push_back(
        {m.define(MetricInfo::counter("shard." + name + ".ops", "shard", name, "ops")),
         m.define(MetricInfo::gauge("shard." + name + ".keys", "shard", name, "keys")),
         m.define(MetricInfo::gauge("shard." + name + ".queue", "shard", name, "queue")),
         m.define(MetricInfo::gauge("shard." + name + ".latency-1s", "shard", name,
                                    "mean latency over 1 s", MetricUnit::Microseconds)),
         m.define(MetricInfo::gauge("shard." + name + ".p99-1s", "shard", name,
                                    "p99 latency over 1 s", MetricUnit::Microseconds))});
  }
  version_ = m.define(MetricInfo::gauge("shard.map.major", "map", "config", "major"));
  migrations_ =
      m.define(MetricInfo::counter("shard.map.migrations", "map", "config", "migrations"));
  keysMoved_ = m.define(MetricInfo::counter("shard.map.keys-moved", "map", "config", "keys-moved"));
}

// Teaching note: across regions every message pays the long haul; this is
// what pinning data near its users saves. A link between regions is the
// default link (whatever a Network fault made it: loss, jitter, latency)
// with the ocean's distance added.
void ShardingPattern::linkRegions(Network& net) {
  if (options_.regions.empty()) return;
  weather_ = net.defaultLink();
  LinkConfig remote = weather_;
  remote.latency += options_.regionDistance();
  const std::vector<int> region = regionOf();
  for (NodeId a = 0; a < region.size(); ++a)
    for (NodeId b = 0; b < region.size(); ++b)
      if (region[a] != region[b]) net.setLink(a, b, remote);
}

std::vector<int> ShardingPattern::regionOf() const {
  const ShardingOptions& o = options_;
  std::vector<int> r(kFirstShard + kMaxShards, 0);
  if (o.regions.empty()) return r;
  r[kConfig] = o.shardRegion[0];
  for (int i = 0; i < kRouters; ++i)
    r[kFirstRouter + static_cast<NodeId>(i)] = o.routerRegion[static_cast<std::size_t>(i)];
  for (int i = 0; i < kMaxShards; ++i)
    r[kFirstShard + static_cast<NodeId>(i)] = o.shardRegion[static_cast<std::size_t>(i)];
  return r;
}

std::optional<NodeId> ShardingPattern::resolve(const Kernel& kernel, std::string_view role) const {
  const ConfigServer& config = configOf(kernel);
  if (role == "donor" || role == "recipient") {
    for (NodeId n = kFirstShard; n < kernel.nodeCount(); ++n)
      if (const auto& d = shardOf(kernel, n).donation(); d && d->phase != Phase::RangeDeletion)
        return role == "donor" ? n : d->recipient;
    return std::nullopt;
  }
  if (role == "router") return kFirstRouter;
  if (role == "busiest-shard") {
    NodeId best = kNoNode;
    std::size_t most = 0;
    for (NodeId s : config.members())
      if (const std::size_t n = config.map()->chunksOf(s); best == kNoNode || n > most) {
        best = s;
        most = n;
      }
    return best == kNoNode ? std::nullopt : std::optional<NodeId>(best);
  }
  for (NodeId n = 0; n < kernel.nodeCount(); ++n)
    if (role == nodeName(n)) return n;
  return std::nullopt;
}

// "donor" and "recipient" are the shards of the running migration; the
// other nodes go by their names.
std::vector<std::string> ShardingPattern::roleWords() const {
  return {"donor", "recipient", "router", "busiest-shard"};
}

std::vector<std::unique_ptr<Checker>> ShardingPattern::checkers(const Kernel& kernel) const {
  std::vector<std::unique_ptr<Checker>> v;
  v.push_back(std::make_unique<MapChecker>(words_));
  v.push_back(std::make_unique<OwnerChecker>(words_, kernel));
  v.push_back(std::make_unique<AckedWriteChecker>(words_, kernel, options_.keySpace));
  if (!options_.regions.empty()) v.push_back(std::make_unique<ZoneChecker>(words_));
  return v;
}

void ShardingPattern::updateGauges(Kernel& kernel) {
  // A Network fault sets the default link; the links between regions
  // follow it from this sample on (within one sample interval).
  const LinkConfig& now = kernel.network().defaultLink();
  if (!options_.regions.empty() &&
      (now.latency != weather_.latency || now.jitter != weather_.jitter ||
       now.loss != weather_.loss || now.duplicate != weather_.duplicate))
    linkRegions(kernel.network());
  Metrics& m = kernel.metrics();
  const std::int64_t interval = std::max<std::int64_t>(1, m.interval().count());
  latency_.roll();
  for (std::size_t s = 0; s < shardMetrics_.size(); ++s) {
    const ShardNode& shard = shardOf(kernel, kFirstShard + static_cast<NodeId>(s));
    ShardMetrics& sm = shardMetrics_[s];
    const std::uint64_t served = shard.served();
    m.add(sm.ops, static_cast<std::int64_t>(served - std::min(served, sm.lastServed)));
    // Smoothed over about half a second: one sample of 100 ms holds a
    // handful of operations and jumps about.
    const std::int64_t now =
        static_cast<std::int64_t>(served - std::min(served, sm.lastServed)) * 1'000'000 / interval;
    sm.rate = (sm.rate * 3 + now) / 4;
    sm.lastServed = served;
    m.set(sm.keys, static_cast<std::int64_t>(shard.data().size()));
    m.set(sm.queue, static_cast<std::int64_t>(shard.queued()));
    const ShardLatency::Figures& lat = latency_.lastSecond(shard.id());
    m.set(sm.latency, lat.meanUs);
    m.set(sm.p99, lat.p99Us);
  }
  for (int r = 0; r < kRouters; ++r)
    static_cast<Router&>(kernel.node(kFirstRouter + static_cast<NodeId>(r))).takeMeanLatency();
  const ConfigServer& config = configOf(kernel);
  m.set(version_, config.map()->version.major);
  m.set(migrations_, config.committedMigrations());
  m.set(keysMoved_, config.keysMoved());
}

}  // namespace cs::sharding
