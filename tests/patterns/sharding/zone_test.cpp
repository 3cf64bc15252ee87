// Zones (data locality): shards in two regions with a slow link between
// them, zone ranges that pin keys to one region's shards, the balancer that
// splits chunks at a zone's edges and moves them into the zone, and the
// latency a client near its data saves. Bad region and zone options are
// refused with the option's name.
#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "clusterscope/sharding/shard_view.h"
#include "shard_test_support.h"

namespace cs::sharding::testing {
namespace {

std::int64_t metric(const Simulation& sim, const std::string& name) {
  const Metrics& m = sim.kernel().metrics();
  return m.value(*m.find(name));
}

std::string errorOf(const nlohmann::json& options) {
  try {
    parseShardingOptions(options);
  } catch (const InputError& e) {
    return e.what();
  }
  return {};
}

TEST(ZoneOptions, NonsenseIsRefusedNamingTheOption) {
  auto with = [](const char* key, nlohmann::json v) {
    nlohmann::json o = regions();
    o[key] = std::move(v);
    return o;
  };
  EXPECT_NE(errorOf(with("shardRegions", nlohmann::json::array())).find("options.shardRegions"),
            std::string::npos);
  EXPECT_NE(errorOf(with("shardRegions", {"EU!"})).find("options.shardRegions[0]"),
            std::string::npos);
  EXPECT_NE(errorOf(with("routerRegions", {"asia"})).find("options.routerRegions[0]"),
            std::string::npos);
  nlohmann::json zone = {{"zone", "mars"}, {"lo", 0}, {"hi", 10}};
  EXPECT_NE(errorOf(with("zones", {zone})).find("options.zones[0].zone"), std::string::npos);
  zone = {{"zone", "eu"}, {"lo", 10}, {"hi", 5}};
  EXPECT_NE(errorOf(with("zones", {zone})).find("options.zones[0].hi"), std::string::npos);
  zone = {{"zone", "eu"}, {"lo", 0}, {"hi", 200'000}};
  EXPECT_NE(errorOf(with("zones", {zone})).find("options.zones[0].hi"), std::string::npos);
  const nlohmann::json a = {{"zone", "eu"}, {"lo", 0}, {"hi", 100}};
  const nlohmann::json b = {{"zone", "us"}, {"lo", 50}, {"hi", 200}};
  EXPECT_NE(errorOf(with("zones", {a, b})).find("do not overlap"), std::string::npos);
  nlohmann::json hashed = with("zones", {a});
  hashed["mode"] = "hashed";
  EXPECT_NE(errorOf(hashed).find("mode \"ranged\""), std::string::npos);
  nlohmann::json lonely = with("zones", {b});
  lonely["shards"] = 1;  // only shard-1, in eu: no us shard for the us zone
  EXPECT_NE(errorOf(lonely).find("options.zones[0].zone"), std::string::npos);
  EXPECT_NE(errorOf({{"zones", {a}}}).find("shardRegions as well"), std::string::npos);
  EXPECT_NE(errorOf(with("clientKeys", {{0, 200'000}})).find("options.clientKeys[0].hi"),
            std::string::npos);
  EXPECT_EQ(errorOf(with("zones", {a, {{"zone", "us"}, {"lo", 100}, {"hi", 200}}})), "");
}

TEST(ZoneVerb, NonsenseIsRefusedNamingTheArgument) {
  auto sim = world(regions());
  auto error = [&](std::vector<std::string> args) -> std::string {
    try {
      sim->apply(verb("zone-range", std::move(args)));
    } catch (const InputError& e) {
      return e.what();
    }
    return {};
  };
  EXPECT_NE(error({"mars", "0", "10"}).find("zone-range ZONE"), std::string::npos);
  EXPECT_NE(error({"eu", "10", "5"}).find("zone-range HI"), std::string::npos);
  EXPECT_NE(error({"eu", "0"}).find("zone-range"), std::string::npos);
}

TEST(ZoneRules, AChunkAcrossAZoneEdgeIsInNoZoneUntilSplit) {
  ZoneRules z;
  z.ranges = {{{0, 100}, 0}};
  z.regionOf = {0, 0, 0, 0, 1};  // node 3 in region 0, node 4 in region 1
  EXPECT_EQ(z.zoneOf({0, 50}), 0);
  EXPECT_EQ(z.zoneOf({50, 150}), -1);
  EXPECT_TRUE(z.fits({0, 50}, 3));
  EXPECT_FALSE(z.fits({0, 50}, 4));
  EXPECT_TRUE(z.fits({100, 150}, 4));
  ShardMap m = initialMap(Partitioning::Ranged, {3, 4}, 1, 8, 1000);  // cut at 500
  EXPECT_EQ(zoneCuts(m, z.ranges), std::vector<Position>{100});
}

TEST(ZonePlacement, AChunkOutsideItsZoneMovesIntoItFirstAndBalancingKeepsItThere) {
  ZoneRules z;
  z.ranges = {{{0, 400}, 0}};
  z.regionOf = {0, 0, 0, 0, 1, 0, 1};  // nodes 3 and 5 in region 0; 4 and 6 in region 1
  // Chunks of 100 keys: [0,400) zoned, two of them on node 4 (wrong region).
  ShardMap m = initialMap(Partitioning::Ranged, {3, 4, 5, 6}, 2, 8, 800);
  ASSERT_EQ(m.chunks[2].owner, 4u);
  const auto moves = planMoves(m, {3, 4, 5, 6}, {}, {}, 8, 2, z);
  ASSERT_FALSE(moves.empty());
  EXPECT_EQ(moves.front().donor, 4u);
  EXPECT_EQ(z.region(moves.front().recipient), 0);
  EXPECT_EQ(moves.front().ranges.front(), m.chunks[2].range);
  // Pile every chunk on node 4: balancing may spread the zoned ones only
  // to region 0's shards.
  for (Chunk& c : m.chunks) c.owner = 4;
  for (const Move& mv : planMoves(m, {3, 4, 5, 6}, {}, {}, 8, 2, z))
    for (const Range& r : mv.ranges) EXPECT_TRUE(z.fits(r, mv.recipient));
}

TEST(Zones, TheBalancerSplitsAtTheZoneEdgeMovesTheZoneHomeAndThenGoesIdle) {
  nlohmann::json o = regions();
  o["zones"] = {{{"zone", "eu"}, {"lo", 0}, {"hi", 30'000}}};
  auto sim = world(o, 3);
  sim->runUntil(ms(12'000));
  EXPECT_EQ(firstViolation(*sim), "");
  EXPECT_EQ(misplaced(*sim), "");
  EXPECT_EQ(unsettled(*sim), "");
  // 30,000 is no edge of the first map (chunks of 12,500): it was split there.
  const ShardMap& m = *config(*sim).map();
  EXPECT_EQ(m.chunks[m.chunkAt(30'000)].range.lo, 30'000);
  EXPECT_GE(config(*sim).committedMigrations(), 1);
  EXPECT_TRUE(checker<AckedWriteChecker>(*sim).checkStored(sim->kernel()).empty());
  EXPECT_FALSE(checker<AckedWriteChecker>(*sim).acknowledged().empty());
}

// The EU router's mean latency over the last second, in microseconds, after
// `seconds` of the run, with or without the EU keys pinned to EU shards.
std::int64_t euLatency(bool pinned, std::uint64_t seed) {
  auto sim = world(regions(), seed);
  sim->runUntil(ms(2'000));
  if (pinned) sim->apply(verb("zone-range", {"eu", "0", "50000"}));
  sim->runUntil(ms(14'000));
  EXPECT_EQ(firstViolation(*sim), "");
  if (pinned) {
    EXPECT_EQ(misplaced(*sim), "");
  }
  // The router draws the figure the scenario's narration quotes from this metric.
  const auto view = std::dynamic_pointer_cast<const ShardingView>(sim->view());
  EXPECT_EQ(view->routers.at(0).lastSecondLatencyUs, metric(*sim, "shard.router-1.latency-1s"));
  return metric(*sim, "shard.router-1.latency-1s");
}

TEST(Zones, PinningTheEuKeysToEuShardsCutsTheEuClientsLatency) {
  for (std::uint64_t seed : {1, 2, 3}) {
    SCOPED_TRACE(seed);
    const std::int64_t before = euLatency(false, seed);
    const std::int64_t after = euLatency(true, seed);
    // Half the EU keys cross the ocean (80 ms there and back) before; none after.
    EXPECT_GT(before, 30'000);
    EXPECT_LT(after, 10'000);
  }
}

TEST(Zones, AZoneRangeOverlappingOneAlreadyThereIsLeftOut) {
  auto sim = world(regions());
  sim->apply(verb("zone-range", {"eu", "0", "50000"}));
  sim->apply(verb("zone-range", {"us", "40000", "60000"}));
  ASSERT_EQ(config(*sim).zones().ranges.size(), 1u);
  EXPECT_EQ(config(*sim).zones().ranges.front().region, 0);
}

TEST(Zones, AZonesLastShardCannotBeRemoved) {
  nlohmann::json o = regions();
  o["zones"] = {{{"zone", "eu"}, {"lo", 0}, {"hi", 50'000}}};
  auto sim = world(o);
  sim->runUntil(ms(200));
  sim->apply(verb("remove-shard", {"1"}));  // eu: shard-3 is left
  sim->apply(verb("remove-shard", {"3"}));  // the zone's last shard: refused
  EXPECT_EQ(config(*sim).draining(), std::vector<NodeId>{kFirstShard});
  sim->runUntil(ms(15'000));
  EXPECT_EQ(firstViolation(*sim), "");
  EXPECT_EQ(misplaced(*sim), "");
  EXPECT_EQ(config(*sim).map()->chunksOf(kFirstShard), 0u);
}

// Counts the messages lost to link loss between two regions.
class CrossRegionLosses : public TraceListener {
 public:
  explicit CrossRegionLosses(std::vector<int> regionOf) : regionOf_(std::move(regionOf)) {}
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Dropped && r.reason == DropReason::Loss &&
        regionOf_.at(r.node) != regionOf_.at(r.peer))
      ++lost;
  }
  std::uint64_t lost = 0;

 private:
  std::vector<int> regionOf_;
};

TEST(Zones, ANetworkFaultsLossReachesTheLinksBetweenRegionsToo) {
  auto sim = world(regions());
  const auto& pattern = static_cast<const ShardingPattern&>(sim->pattern());
  CrossRegionLosses losses(pattern.regionOf());
  sim->kernel().trace().addListener(&losses);
  sim->runUntil(ms(1'000));
  EXPECT_EQ(losses.lost, 0u);
  const NodeId eu = kFirstShard, us = kFirstShard + 1;  // shard-1 and shard-2
  Command flaky;
  flaky.kind = CommandKind::Network;
  flaky.link = sim->kernel().network().defaultLink();
  flaky.link.loss = 0.3;
  flaky.link.jitter = ms(5);
  sim->apply(flaky);
  // The links between regions follow the new default from the next metric
  // sample, within 100 ms.
  sim->runUntil(sim->now() + ms(100));
  const LinkConfig ocean = sim->kernel().network().link(kFirstRouter, us);
  EXPECT_DOUBLE_EQ(ocean.loss, 0.3);
  EXPECT_EQ(ocean.jitter, ms(5));
  // The ocean is still there: 40 ms one way, against 1 ms within a region.
  EXPECT_EQ(ocean.latency, ms(40));
  EXPECT_EQ(sim->kernel().network().link(kFirstRouter, eu).latency, ms(1));
  sim->runUntil(ms(3'000));
  EXPECT_GT(losses.lost, 20u);
  // Healed, the ocean is only far again.
  flaky.link.loss = 0;
  flaky.link.jitter = ms(0);
  sim->apply(flaky);
  // A sample to follow the heal, and the ocean's crossing for what was
  // already lost on the way.
  sim->runUntil(sim->now() + ms(200));
  const std::uint64_t lostBefore = losses.lost;
  sim->runUntil(sim->now() + ms(1'000));
  EXPECT_EQ(losses.lost, lostBefore);
  EXPECT_EQ(sim->kernel().network().link(kFirstRouter, us).latency, ms(40));
  sim->kernel().trace().removeListener(&losses);
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(ZoneChecker, AnIdleBalancerWithAZonedChunkOutsideItsZoneIsAViolation) {
  // The balancer is off, so the EU keys on shard-2 (in us) stay there.
  nlohmann::json o = regions();
  o["balancer"] = false;
  o["zones"] = {{{"zone", "eu"}, {"lo", 0}, {"hi", 50'000}}};
  auto sim = world(o);
  sim->runUntil(ms(500));
  ASSERT_NE(misplaced(*sim), "");
  const auto& words = static_cast<const ShardingPattern&>(sim->pattern()).words();
  ZoneChecker zc(words);
  zc.afterEvent(sim->kernel());
  EXPECT_FALSE(zc.hasViolations()) << "no idle report yet: nothing to hold the balancer to";
  TraceRecord idle;
  idle.kind = TraceKind::Milestone;
  idle.label = words.balancerIdle;
  zc.onRecord(idle);
  zc.afterEvent(sim->kernel());
  const auto found = zc.takeViolations();
  // Both EU chunks on shard-2, keys 25,000 to 49,999.
  ASSERT_EQ(found.size(), 2u);
  EXPECT_NE(found.front().find("outside the zone"), std::string::npos) << found.front();
}

}  // namespace
}  // namespace cs::sharding::testing
