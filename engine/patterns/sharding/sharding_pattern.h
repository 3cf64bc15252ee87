// The Sharding pattern: a sharded key-value store in MongoDB's shape. A
// config server holds the shard map; two routers route each operation by
// its shard key; shards store their chunks' keys and migrate chunks when
// the balancer asks, by MongoDB's protocol. The partitioning mode is ranged,
// hashed, a consistent-hash ring (Cassandra's) or naive hash mod N.
//
// Node ids, in build order: config 0, router-1 1, router-2 2, shard-1 3 ...
// shard-8 10 (those past `shards` are spares, joined by add-shard).
// Kernel thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/pattern.h"
#include "patterns/sharding/shard_latency.h"
#include "patterns/sharding/sharding_options.h"
#include "patterns/sharding/sharding_words.h"

namespace cs::sharding {

inline constexpr NodeId kConfig = 0;
inline constexpr NodeId kFirstRouter = 1;
inline constexpr int kRouters = 2;
inline constexpr NodeId kFirstShard = kFirstRouter + kRouters;

// Throws InputError naming an unknown option or a value out of range.
std::unique_ptr<Pattern> make(const nlohmann::json& options);

class ConfigServer;
class Router;
class ShardNode;

class ShardingPattern : public Pattern {
 public:
  explicit ShardingPattern(ShardingOptions options)
      : options_(std::move(options)), latency_(kFirstShard, kMaxShards) {}

  void build(Kernel& kernel) override;
  void validate(const Kernel& kernel, const Command& command) const override;
  void apply(Kernel& kernel, const Command& command) override;
  std::vector<std::pair<std::string, std::string>> verbs() const override;
  NodeSnapshot snapshot(const Kernel& kernel, NodeId node) const override;
  std::shared_ptr<const PatternView> view(const Kernel& kernel) const override;
  std::optional<NodeId> resolve(const Kernel& kernel, std::string_view role) const override;
  std::vector<std::string> roleWords() const override;
  std::vector<std::unique_ptr<Checker>> checkers(const Kernel& kernel) const override;
  void updateGauges(Kernel& kernel) override;

  const ShardingOptions& options() const { return options_; }
  const Words& words() const { return words_; }
  const ShardLatency& shardLatency() const { return latency_; }
  static std::string nodeName(NodeId node);
  // Each node's region index, by NodeId (all 0 without regions).
  std::vector<int> regionOf() const;
  // The zone range a zone-range command names. Throws InputError.
  ZoneRange zoneRangeArg(const Command& c) const;

 private:
  // Sets every link between two regions to the default link plus the
  // ocean's distance; remembers the default it followed.
  void linkRegions(Network& net);

  ShardingOptions options_;
  Words words_;
  LinkConfig weather_;  // the default link the links between regions last followed
  // Each shard's answers, timed by the routers.
  ShardLatency latency_;
  struct ShardMetrics {
    MetricId ops, keys, queue, latency, p99;
    std::uint64_t lastServed = 0;
    std::int64_t rate = 0;
  };
  std::vector<ShardMetrics> shardMetrics_;
  MetricId version_ = 0, migrations_ = 0, keysMoved_ = 0;
};

// The typed parts a checker or test reads, by node id.
const ConfigServer& configOf(const Kernel& kernel);
const ShardNode& shardOf(const Kernel& kernel, NodeId node);
const Router& routerOf(const Kernel& kernel, NodeId node);

}  // namespace cs::sharding
