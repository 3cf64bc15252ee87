// Reading the Sharding pattern's region and zone options: which region each
// shard and router sits in, the latency between regions, the zone ranges
// that pin keys to a region's shards, and the keys each router's clients
// use. See sharding_options.h. Any thread.
#include <algorithm>
#include <string>

#include "clusterscope/errors.h"
#include "patterns/option_checks.h"
#include "patterns/sharding/sharding_options.h"

namespace cs::sharding {
namespace {

using option_checks::field;
using option_checks::integerIn;
using option_checks::millisIn;

constexpr std::size_t kMaxRegionName = 16;

std::string at(const char* key, std::size_t i) {
  return std::string(key) + "[" + std::to_string(i) + "]";
}

const nlohmann::json& arrayOf(const nlohmann::json& v, const char* key, std::size_t lo,
                              std::size_t hi, const char* what) {
  const std::string expected =
      "an array of " + std::to_string(lo) + " to " + std::to_string(hi) + " " + what;
  if (!v.is_array() || v.size() < lo || v.size() > hi)
    throw InputError(field(key), expected, v.dump());
  return v;
}

// A region's name: a short word of lower-case letters, digits and '-'.
std::string regionName(const nlohmann::json& v, const std::string& where) {
  const char* expected = "a region name of 1 to 16 lower-case letters, digits or '-'";
  if (!v.is_string()) throw InputError(field(where), expected, v.dump());
  const std::string s = v.get<std::string>();
  const bool ok =
      !s.empty() && s.size() <= kMaxRegionName && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      });
  if (!ok) throw InputError(field(where), expected, v.dump());
  return s;
}

int knownRegion(const ShardingOptions& o, const nlohmann::json& v, const std::string& where) {
  const int r = regionIndex(o, regionName(v, where));
  if (r < 0) {
    std::string list;
    for (const std::string& n : o.regions) list += (list.empty() ? "\"" : ", \"") + n + "\"";
    throw InputError(field(where), "one of the shardRegions (" + list + ")", v.dump());
  }
  return r;
}

void readShardRegions(const nlohmann::json& v, ShardingOptions& o) {
  arrayOf(v, "shardRegions", 1, kMaxShards, "region names, repeated over shard-1 to shard-8");
  std::vector<int> listed;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string name = regionName(v[i], at("shardRegions", i));
    int r = regionIndex(o, name);
    if (r < 0) {
      r = static_cast<int>(o.regions.size());
      o.regions.push_back(name);
    }
    listed.push_back(r);
  }
  for (std::size_t s = 0; s < kMaxShards; ++s) o.shardRegion.push_back(listed[s % listed.size()]);
}

void readRouterRegions(const nlohmann::json* v, ShardingOptions& o) {
  constexpr std::size_t kRouterCount = 2;
  std::vector<int> listed;
  if (v) {
    arrayOf(*v, "routerRegions", 1, kRouterCount, "region names, one per router");
    for (std::size_t i = 0; i < v->size(); ++i)
      listed.push_back(knownRegion(o, (*v)[i], at("routerRegions", i)));
  } else {
    // One router in each region, in the order the regions were named.
    for (std::size_t i = 0; i < o.regions.size(); ++i) listed.push_back(static_cast<int>(i));
  }
  for (std::size_t r = 0; r < kRouterCount; ++r)
    o.routerRegion.push_back(listed[r % listed.size()]);
}

// A key range [lo, hi) with 0 <= lo < hi <= hiMax.
Range keyRange(const nlohmann::json& lo, const nlohmann::json& hi, const std::string& where,
               std::int64_t hiMax) {
  const int max = static_cast<int>(hiMax);
  const Range r{integerIn(lo, where + ".lo", 0, max - 1), integerIn(hi, where + ".hi", 1, max)};
  if (r.hi <= r.lo)
    throw InputError(field(where + ".hi"), "a key above lo (" + std::to_string(r.lo) + ")",
                     hi.dump());
  return r;
}

void readZones(const nlohmann::json& v, ShardingOptions& o) {
  arrayOf(v, "zones", 0, 16, "zone ranges { \"zone\": REGION, \"lo\": KEY, \"hi\": KEY }");
  if (o.mode != Partitioning::Ranged)
    throw InputError(field("zones"), "mode \"ranged\" (a zone pins a range of keys)",
                     "mode \"" + std::string(partitioningName(o.mode)) + "\"");
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string where = at("zones", i);
    const nlohmann::json& z = v[i];
    if (!z.is_object() || !z.contains("zone") || !z.contains("lo") || !z.contains("hi") ||
        z.size() != 3)
      throw InputError(field(where), "an object with exactly \"zone\", \"lo\" and \"hi\"",
                       z.dump());
    const int region = knownRegion(o, z["zone"], where + ".zone");
    bool hasShard = false;
    for (int s = 0; s < o.shards; ++s) hasShard = hasShard || o.regionOfShard(s) == region;
    if (!hasShard)
      throw InputError(
          field(where + ".zone"),
          "a region with one of the first " + std::to_string(o.shards) + " shards in it",
          z["zone"].dump());
    o.zones.push_back({keyRange(z["lo"], z["hi"], where, o.keySpace), region});
  }
  std::sort(o.zones.begin(), o.zones.end());
  for (std::size_t i = 1; i < o.zones.size(); ++i)
    if (o.zones[i].range.lo < o.zones[i - 1].range.hi)
      throw InputError(field("zones"), "zone ranges that do not overlap",
                       "[" + std::to_string(o.zones[i - 1].range.lo) + ", " +
                           std::to_string(o.zones[i - 1].range.hi) + ") and [" +
                           std::to_string(o.zones[i].range.lo) + ", " +
                           std::to_string(o.zones[i].range.hi) + ")");
}

void readClientKeys(const nlohmann::json& v, ShardingOptions& o) {
  arrayOf(v, "clientKeys", 1, 2, "key ranges [LO, HI], one per router");
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string where = at("clientKeys", i);
    if (!v[i].is_array() || v[i].size() != 2)
      throw InputError(field(where), "a key range [LO, HI]", v[i].dump());
    o.clientKeys.push_back(keyRange(v[i][0], v[i][1], where, o.keySpace));
  }
  if (o.clientKeys.size() == 1) o.clientKeys.push_back(o.clientKeys.front());
}

}  // namespace

int regionIndex(const ShardingOptions& o, const std::string& name) {
  for (std::size_t i = 0; i < o.regions.size(); ++i)
    if (o.regions[i] == name) return static_cast<int>(i);
  return -1;
}

void parseZoneOptions(const nlohmann::json& options, ShardingOptions& o) {
  if (!options.is_object()) return;
  auto has = [&](const char* key) { return options.contains(key); };
  if (has("shardRegions")) readShardRegions(options["shardRegions"], o);
  for (const char* needs : {"routerRegions", "regionLatency", "zones"})
    if (has(needs) && o.regions.empty())
      throw InputError(field(needs), "shardRegions as well (the regions the shards sit in)",
                       "no shardRegions");
  if (!o.regions.empty())
    readRouterRegions(has("routerRegions") ? &options["routerRegions"] : nullptr, o);
  if (has("regionLatency"))
    o.regionLatency = millisIn(options["regionLatency"], "regionLatency", 0, 10'000);
  if (has("zones")) readZones(options["zones"], o);
  if (has("clientKeys")) readClientKeys(options["clientKeys"], o);
}

}  // namespace cs::sharding
