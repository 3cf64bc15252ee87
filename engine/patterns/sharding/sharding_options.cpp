// Parsing and range-checking of the Sharding pattern's options. See
// sharding_options.h. Any thread.
#include "patterns/sharding/sharding_options.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "clusterscope/errors.h"
#include "patterns/option_checks.h"

namespace cs::sharding {
namespace {

using option_checks::field;
using option_checks::flag;
using option_checks::integerIn;
using option_checks::millisIn;
using option_checks::numberIn;

constexpr std::array<std::string_view, 32> kKeys = {"mode",
                                                    "shards",
                                                    "chunksPerShard",
                                                    "vnodes",
                                                    "keySpace",
                                                    "preload",
                                                    "rate",
                                                    "readShare",
                                                    "scanShare",
                                                    "distribution",
                                                    "hotShare",
                                                    "workers",
                                                    "queueLimit",
                                                    "serviceTime",
                                                    "maxChunkKeys",
                                                    "splitOps",
                                                    "balancer",
                                                    "balanceThreshold",
                                                    "versioned",
                                                    "rangeDeleteDelay",
                                                    "opTimeout",
                                                    "migrationTimeout",
                                                    "balancerInterval",
                                                    "cloneKeyTime",
                                                    "latency",
                                                    "jitter",
                                                    "shardRegions",
                                                    "routerRegions",
                                                    "regionLatency",
                                                    "zones",
                                                    "clientKeys"};

Partitioning modeOf(const nlohmann::json& v) {
  for (auto p :
       {Partitioning::Ranged, Partitioning::Hashed, Partitioning::Ring, Partitioning::ModN})
    if (v.is_string() && v.get<std::string>() == partitioningName(p)) return p;
  throw InputError(field("mode"), "\"ranged\", \"hashed\", \"ring\" or \"mod-n\"", v.dump());
}

Distribution distributionOf(const nlohmann::json& v) {
  if (v == "uniform") return Distribution::Uniform;
  if (v == "hot-key") return Distribution::HotKey;
  if (v == "increasing") return Distribution::Increasing;
  throw InputError(field("distribution"), "\"uniform\", \"hot-key\" or \"increasing\"", v.dump());
}

}  // namespace

LinkConfig ShardingOptions::link() const {
  LinkConfig c;
  c.latency = latency;
  c.jitter = jitter;
  return c;
}

SimDuration ShardingOptions::regionDistance() const {
  return std::max(SimDuration{0}, regionLatency - latency);
}

ShardingOptions parseShardingOptions(const nlohmann::json& options) {
  ShardingOptions o;
  if (!option_checks::requireKnownKeys(options, kKeys)) return o;
  auto has = [&](const char* key) { return options.contains(key); };
  if (has("mode")) o.mode = modeOf(options["mode"]);
  if (has("shards")) o.shards = integerIn(options["shards"], "shards", 1, kMaxShards);
  if (has("chunksPerShard"))
    o.chunksPerShard = integerIn(options["chunksPerShard"], "chunksPerShard", 1, 64);
  if (has("vnodes")) o.vnodes = integerIn(options["vnodes"], "vnodes", 1, 256);
  if (has("keySpace")) o.keySpace = integerIn(options["keySpace"], "keySpace", 100, 100'000'000);
  if (has("preload")) o.preload = integerIn(options["preload"], "preload", 0, 2'000'000);
  if (has("rate"))
    o.rate = numberIn(options["rate"], "rate", 0, 1'000'000, "operations per second");
  if (has("readShare")) o.readShare = numberIn(options["readShare"], "readShare", 0, 1, "a share");
  if (has("scanShare")) o.scanShare = numberIn(options["scanShare"], "scanShare", 0, 1, "a share");
  if (has("distribution")) o.distribution = distributionOf(options["distribution"]);
  if (has("hotShare")) o.hotShare = numberIn(options["hotShare"], "hotShare", 0, 1, "a share");
  if (has("workers")) o.workers = integerIn(options["workers"], "workers", 1, 64);
  if (has("queueLimit")) o.queueLimit = integerIn(options["queueLimit"], "queueLimit", 1, 100'000);
  if (has("serviceTime"))
    o.serviceTime = millisIn(options["serviceTime"], "serviceTime", 0, 10'000);
  if (has("maxChunkKeys"))
    o.maxChunkKeys = integerIn(options["maxChunkKeys"], "maxChunkKeys", 2, 10'000'000);
  if (has("splitOps"))
    o.splitOps = numberIn(options["splitOps"], "splitOps", 1, 1'000'000, "operations per second");
  if (has("balancer")) o.balancer = flag(options["balancer"], "balancer");
  if (has("balanceThreshold"))
    o.balanceThreshold = integerIn(options["balanceThreshold"], "balanceThreshold", 1, 1000);
  if (has("versioned")) o.versioned = flag(options["versioned"], "versioned");
  if (has("rangeDeleteDelay"))
    o.rangeDeleteDelay = millisIn(options["rangeDeleteDelay"], "rangeDeleteDelay", 0, 600'000);
  if (has("opTimeout")) o.opTimeout = millisIn(options["opTimeout"], "opTimeout", 1, 60'000);
  if (has("migrationTimeout"))
    o.migrationTimeout = millisIn(options["migrationTimeout"], "migrationTimeout", 10, 600'000);
  if (has("balancerInterval"))
    o.balancerInterval = millisIn(options["balancerInterval"], "balancerInterval", 10, 600'000);
  if (has("cloneKeyTime"))
    o.cloneKeyTime = millisIn(options["cloneKeyTime"], "cloneKeyTime", 0, 1'000);
  if (has("latency")) o.latency = millisIn(options["latency"], "latency", 0, 10'000);
  if (has("jitter")) o.jitter = millisIn(options["jitter"], "jitter", 0, 10'000);
  parseZoneOptions(options, o);
  return o;
}

}  // namespace cs::sharding
