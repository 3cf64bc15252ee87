// The Sharding pattern's verbs: adding and removing shards, the balancer,
// the load and its key distribution, single operations, the unsafe switch
// and crashing a running migration's donor. See sharding_pattern.h.
// Kernel thread only.
#include <cstdlib>

#include "clusterscope/errors.h"
#include "patterns/option_checks.h"
#include "patterns/sharding/config_server.h"
#include "patterns/sharding/router.h"
#include "patterns/sharding/shard_node.h"
#include "patterns/sharding/sharding_pattern.h"

namespace cs::sharding {
namespace {

using option_checks::numberArg;
using option_checks::onOffArg;
using option_checks::requireArgs;
using option_checks::wholeArg;

constexpr const char* kAddShard = "add-shard";
constexpr const char* kRemoveShard = "remove-shard";
constexpr const char* kBalancer = "balancer";
constexpr const char* kRate = "rate";
constexpr const char* kDistribution = "distribution";
constexpr const char* kWrite = "write";
constexpr const char* kRead = "read";
constexpr const char* kScan = "scan";
constexpr const char* kVersioned = "versioned";
constexpr const char* kCrashDonor = "crash-donor";
constexpr const char* kZoneRange = "zone-range";
constexpr const char* kZones = "zones";

std::int64_t integer(const std::string& s) {
  return std::strtoll(s.c_str(), nullptr, 10);
}

Distribution distributionArg(const std::string& s) {
  if (s == "uniform") return Distribution::Uniform;
  if (s == "hot-key") return Distribution::HotKey;
  if (s == "increasing") return Distribution::Increasing;
  throw InputError("distribution DIST", "uniform, hot-key or increasing", s);
}

ConfigServer& config(Kernel& k) {
  return static_cast<ConfigServer&>(k.node(kConfig));
}

template <class Fn>
void everyRouter(Kernel& k, Fn fn) {
  for (int r = 0; r < kRouters; ++r)
    fn(static_cast<Router&>(k.node(kFirstRouter + static_cast<NodeId>(r))));
}

}  // namespace

// "zone-range eu 0 50000": keys [0, 50000) pinned to the shards in "eu".
ZoneRange ShardingPattern::zoneRangeArg(const Command& c) const {
  const auto& a = c.args;
  if (options_.mode != Partitioning::Ranged)
    throw InputError("zone-range", "mode \"ranged\" (a zone pins a range of keys)",
                     std::string(partitioningName(options_.mode)));
  const int region = regionIndex(options_, a[0]);
  if (region < 0) {
    std::string list;
    for (const std::string& n : options_.regions) list += (list.empty() ? "" : ", ") + n;
    throw InputError("zone-range ZONE",
                     list.empty() ? "a region, but the options name none (shardRegions)"
                                  : "one of the regions " + list,
                     "\"" + a[0] + "\"");
  }
  const double keys = static_cast<double>(options_.keySpace);
  const Range r{wholeArg("zone-range LO", a[1], 0, keys - 1),
                wholeArg("zone-range HI", a[2], 1, keys)};
  if (r.hi <= r.lo) throw InputError("zone-range HI", "a key above LO", "\"" + a[2] + "\"");
  return {r, region};
}

std::vector<std::pair<std::string, std::string>> ShardingPattern::verbs() const {
  return {{kAddShard, ""},   {kRemoveShard, "SHARD"},    {kBalancer, "SWITCH"},
          {kRate, "RATE"},   {kDistribution, "DIST"},    {kWrite, "KEY"},
          {kRead, "KEY"},    {kScan, "LO HI"},           {kVersioned, "SWITCH"},
          {kCrashDonor, ""}, {kZoneRange, "ZONE LO HI"}, {kZones, "SWITCH"}};
}

void ShardingPattern::validate(const Kernel&, const Command& c) const {
  const auto& a = c.args;
  const double keys = static_cast<double>(kMaxKey - 1);
  if (c.verb == kAddShard || c.verb == kCrashDonor) {
    requireArgs(c, 0, 0, "");
  } else if (c.verb == kRemoveShard) {
    requireArgs(c, 1, 1, "SHARD");
    wholeArg("remove-shard SHARD", a[0], 1, kMaxShards);
  } else if (c.verb == kBalancer || c.verb == kVersioned) {
    requireArgs(c, 1, 1, "SWITCH");
    onOffArg(c.verb, a[0]);
  } else if (c.verb == kRate) {
    requireArgs(c, 1, 1, "RATE");
    numberArg("rate RATE", a[0], 0, 1'000'000);
  } else if (c.verb == kDistribution) {
    requireArgs(c, 1, 1, "DIST");
    distributionArg(a[0]);
  } else if (c.verb == kWrite || c.verb == kRead) {
    requireArgs(c, 1, 1, "KEY");
    wholeArg(c.verb + " KEY", a[0], 0, keys);
  } else if (c.verb == kScan) {
    requireArgs(c, 2, 2, "LO HI");
    wholeArg("scan LO", a[0], 0, keys);
    wholeArg("scan HI", a[1], 1, keys);
  } else if (c.verb == kZoneRange) {
    requireArgs(c, 3, 3, "ZONE LO HI");
    zoneRangeArg(c);
  } else if (c.verb == kZones) {
    requireArgs(c, 1, 1, "SWITCH");
    onOffArg(c.verb, a[0]);
    if (a[0] == "on" && (options_.regions.empty() || options_.clientKeys.empty() ||
                         options_.mode != Partitioning::Ranged))
      throw InputError("zones on",
                       "mode \"ranged\" with shardRegions and clientKeys (whose keys to pin where)",
                       std::string(partitioningName(options_.mode)) +
                           (options_.regions.empty() ? ", no shardRegions" : "") +
                           (options_.clientKeys.empty() ? ", no clientKeys" : ""));
  } else {
    option_checks::unknownVerb(c.verb, verbs());
  }
}

void ShardingPattern::apply(Kernel& kernel, const Command& c) {
  const auto& a = c.args;
  if (c.verb == kAddShard) {
    config(kernel).addShard();
  } else if (c.verb == kRemoveShard) {
    config(kernel).removeShard(kFirstShard + static_cast<NodeId>(integer(a[0]) - 1));
  } else if (c.verb == kBalancer) {
    config(kernel).setBalancer(a[0] == "on");
  } else if (c.verb == kRate) {
    const double rate = std::strtod(a[0].c_str(), nullptr);
    everyRouter(kernel, [&](Router& r) { r.setRate(rate); });
  } else if (c.verb == kDistribution) {
    const Distribution d = distributionArg(a[0]);
    everyRouter(kernel, [&](Router& r) { r.setDistribution(d); });
  } else if (c.verb == kWrite) {
    static_cast<Router&>(kernel.node(kFirstRouter)).write(integer(a[0]));
  } else if (c.verb == kRead) {
    static_cast<Router&>(kernel.node(kFirstRouter)).read(integer(a[0]));
  } else if (c.verb == kScan) {
    static_cast<Router&>(kernel.node(kFirstRouter)).scanRange(integer(a[0]), integer(a[1]));
  } else if (c.verb == kVersioned) {
    const bool on = a[0] == "on";
    everyRouter(kernel, [&](Router& r) { r.setVersioned(on); });
    for (int s = 0; s < kMaxShards; ++s)
      static_cast<ShardNode&>(kernel.node(kFirstShard + static_cast<NodeId>(s))).setVersioned(on);
  } else if (c.verb == kCrashDonor) {
    if (const auto donor = resolve(kernel, "donor")) kernel.crash(*donor);
  } else if (c.verb == kZoneRange) {
    // Refused (and left out) if it overlaps a zone range already there or
    // its region has no live shard left.
    config(kernel).addZoneRange(zoneRangeArg(c));
  } else if (c.verb == kZones) {
    // On: each router's clients' keys pinned to the router's region (EU
    // customers' keys to the eu shards), as zone-range would one by one.
    if (a[0] == "off") {
      config(kernel).removeZoneRanges();
      return;
    }
    for (std::size_t r = 0; r < options_.clientKeys.size(); ++r)
      config(kernel).addZoneRange({options_.clientKeys[r], options_.routerRegion[r]});
  }
}

}  // namespace cs::sharding
