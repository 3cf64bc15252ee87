// What makes the Sharding pattern's lessons visible: a migration that costs
// the donor time per key, so its phases last long enough to watch without
// losing a write; each shard's latency as its routers see it; and the
// `zones` switch that pins each router's clients' keys to its region.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "clusterscope/errors.h"
#include "clusterscope/sharding/shard_view.h"
#include "patterns/sharding/shard_latency.h"
#include "shard_test_support.h"

namespace cs::sharding::testing {
namespace {

nlohmann::json small() {
  return {{"shards", 3},       {"preload", 600},         {"rate", 40},
          {"balancer", false}, {"maxChunkKeys", 100000}, {"splitOps", 100000}};
}

std::shared_ptr<const ShardingView> viewOf(const Simulation& sim) {
  return std::dynamic_pointer_cast<const ShardingView>(sim.view());
}

// How long each phase of the first migration of a drain lasted, by phase.
struct Timing {
  std::map<Phase, SimDuration> phases;
  std::size_t keys = 0;
};

Timing drainTiming(nlohmann::json options) {
  auto sim = world(std::move(options));
  sim->runUntil(ms(300));
  sim->apply(verb("remove-shard", {"1"}));
  Timing t;
  Phase last = Phase::Idle;
  SimTime since = sim->now();
  std::int64_t id = 0;
  while (sim->now() < ms(30'000)) {
    sim->runUntil(sim->now() + ms(1));
    const NodeId d = donorNow(*sim);
    const Phase p = d == kNoNode ? Phase::Idle : shard(*sim, d).donation()->phase;
    if (d != kNoNode && id == 0) {
      id = shard(*sim, d).donation()->id;
      t.keys = shard(*sim, d).donation()->keys;
    }
    if (p != last) {
      if (last != Phase::Idle) t.phases[last] += sim->now() - since;
      last = p;
      since = sim->now();
      if (p == Phase::Idle && id != 0) break;  // the first migration is over
    }
  }
  EXPECT_EQ(firstViolation(*sim), "");
  EXPECT_TRUE(checker<AckedWriteChecker>(*sim).checkStored(sim->kernel()).empty());
  return t;
}

TEST(SlowMigration, CloningCostsTheDonorTimePerKeySoThePhasesCanBeWatched) {
  Timing quick = drainTiming(small());
  nlohmann::json o = small();
  o["cloneKeyTime"] = 5;
  Timing slow = drainTiming(o);
  ASSERT_GT(slow.keys, 50u);
  // The clone alone takes its keys times 5 ms; without the cost it is a
  // matter of a few round trips.
  const SimDuration clone = slow.phases[Phase::Clone];
  EXPECT_GE(clone, ms(5) * static_cast<std::int64_t>(slow.keys));
  EXPECT_LT(quick.phases[Phase::Clone], ms(50));
  EXPECT_GT(clone, quick.phases[Phase::Clone] * 20);
  for (Phase p : {Phase::CatchUp, Phase::CriticalSection, Phase::Commit})
    EXPECT_GT(slow.phases.count(p), 0u) << phaseName(p);
}

TEST(SlowMigration, TheProgressBarMovesInSmallSteps) {
  nlohmann::json o = small();
  o["cloneKeyTime"] = 5;
  auto sim = world(o);
  sim->runUntil(ms(300));
  sim->apply(verb("remove-shard", {"1"}));
  std::set<std::size_t> cloned;
  while (sim->now() < ms(10'000)) {
    sim->runUntil(sim->now() + ms(10));
    const auto v = viewOf(*sim);
    if (v->migrations.empty()) continue;
    if (v->migrations.front().phase != MigrationPhase::Clone) {
      if (!cloned.empty()) break;
      continue;
    }
    cloned.insert(v->migrations.front().cloned);
  }
  // 100 ms of keys a batch: 20 keys at 5 ms each, many steps along the bar.
  EXPECT_GE(cloned.size(), 5u);
}

TEST(SlowMigration, ADonorCrashMidCloneAbortsAndNoAcknowledgedWriteIsLost) {
  nlohmann::json o = small();
  o["cloneKeyTime"] = 5;
  auto sim = world(o, 3);
  sim->runUntil(ms(300));
  sim->apply(verb("remove-shard", {"1"}));
  sim->runUntil(ms(700));  // well into a clone of a few hundred keys
  const NodeId d = donorNow(*sim);
  ASSERT_NE(d, kNoNode);
  ASSERT_EQ(shard(*sim, d).donation()->phase, Phase::Clone);
  sim->apply(fault(CommandKind::Crash, d));
  sim->runUntil(ms(3'000));
  EXPECT_GE(config(*sim).abortedMigrations(), 1);
  EXPECT_EQ(config(*sim).committedMigrations(), 0);
  sim->apply(fault(CommandKind::Restart, d));
  sim->runUntil(ms(30'000));
  EXPECT_EQ(firstViolation(*sim), "");
  EXPECT_EQ(config(*sim).map()->chunksOf(kFirstShard), 0u);
  EXPECT_TRUE(checker<AckedWriteChecker>(*sim).checkStored(sim->kernel()).empty());
}

TEST(SlowMigration, NonsenseCloneKeyTimeIsRefusedNamingTheOption) {
  nlohmann::json o = small();
  o["cloneKeyTime"] = -1;
  try {
    parseShardingOptions(o);
    FAIL() << "accepted a negative cloneKeyTime";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("options.cloneKeyTime"), std::string::npos) << e.what();
  }
}

TEST(ShardLatency, MeanAndP99CoverTheLastTenSamples) {
  ShardLatency l(3, 2);
  for (int i = 1; i <= 100; ++i) l.record(3, i * 1000);  // 1 ms .. 100 ms
  l.roll();
  EXPECT_EQ(l.lastSecond(3).count, 100u);
  EXPECT_EQ(l.lastSecond(3).meanUs, 50'500);
  EXPECT_NEAR(static_cast<double>(l.lastSecond(3).p99Us), 99'000, 99'000 / 32.0);
  EXPECT_EQ(l.lastSecond(4).count, 0u);
  EXPECT_EQ(l.lastSecond(4).meanUs, 0);
  // Nine more samples with nothing answered: still within the second.
  for (int i = 0; i < 9; ++i) l.roll();
  EXPECT_EQ(l.lastSecond(3).count, 100u);
  // The tenth pushes the first out.
  l.roll();
  EXPECT_EQ(l.lastSecond(3).count, 0u);
  EXPECT_EQ(l.lastSecond(3).p99Us, 0);
}

// Each shard's mean latency over the last second, by name, in the view and
// as its gauge: the same figure.
std::map<std::string, std::int64_t> shardLatencies(const Simulation& sim) {
  std::map<std::string, std::int64_t> out;
  const Metrics& m = sim.kernel().metrics();
  const auto view = viewOf(sim);
  for (const ShardView& s : view->shards) {
    if (!s.member) continue;
    EXPECT_EQ(s.lastSecondLatencyUs, m.value(*m.find("shard." + s.name + ".latency-1s")));
    EXPECT_EQ(s.lastSecondP99Us, m.value(*m.find("shard." + s.name + ".p99-1s")));
    EXPECT_GE(s.lastSecondP99Us, s.lastSecondLatencyUs);
    out[s.name] = s.lastSecondLatencyUs;
  }
  return out;
}

TEST(ShardLatency, AShardFarFromItsClientsIsSlowUntilZonesBringTheirKeysHome) {
  auto sim = world(regions(), 2);
  sim->runUntil(ms(3'000));
  // shard-2 (us) holds half the EU keys: router-1's operations on them
  // cross the ocean twice. shard-1 (eu) holds only EU keys, served from eu.
  auto before = shardLatencies(*sim);
  EXPECT_GT(before["shard-2"], 30'000);
  EXPECT_LT(before["shard-1"], 10'000);
  sim->apply(verb("zones", {"on"}));
  ASSERT_EQ(config(*sim).zones().ranges.size(), 2u);
  sim->runUntil(ms(16'000));
  EXPECT_EQ(misplaced(*sim), "");
  for (const auto& [name, us] : shardLatencies(*sim)) {
    SCOPED_TRACE(name);
    EXPECT_GT(us, 0);
    EXPECT_LT(us, 10'000);
  }
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(ZonesSwitch, OnPinsEachRoutersClientsKeysToItsRegionAndOffUnpinsThem) {
  auto sim = world(regions());
  sim->apply(verb("zones", {"on"}));
  const auto& z = config(*sim).zones().ranges;
  ASSERT_EQ(z.size(), 2u);
  EXPECT_EQ(z[0].range, (Range{0, 50'000}));
  EXPECT_EQ(z[0].region, 0);  // eu, router-1's
  EXPECT_EQ(z[1].range, (Range{50'000, 100'000}));
  EXPECT_EQ(z[1].region, 1);
  EXPECT_EQ(viewOf(*sim)->zones.size(), 2u);
  sim->apply(verb("zones", {"off"}));
  EXPECT_TRUE(config(*sim).zones().ranges.empty());
  sim->runUntil(ms(3'000));
  EXPECT_EQ(firstViolation(*sim), "");
}

TEST(ZonesSwitch, OnWithoutRegionsOrClientKeysIsRefusedSayingWhatIsMissing) {
  auto error = [](nlohmann::json o) -> std::string {
    auto sim = world(std::move(o));
    try {
      sim->apply(verb("zones", {"on"}));
    } catch (const InputError& e) {
      return e.what();
    }
    return {};
  };
  EXPECT_NE(error(small()).find("no shardRegions"), std::string::npos);
  nlohmann::json noClients = regions();
  noClients.erase("clientKeys");
  EXPECT_NE(error(noClients).find("no clientKeys"), std::string::npos);
  auto sim = world(regions());
  try {
    sim->apply(verb("zones", {"maybe"}));
    ADD_FAILURE() << "accepted zones maybe";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("zones"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cs::sharding::testing
