// The Sharding pattern end to end: a migration's phases, a crash of the
// donor, the recipient or the config server in each phase, StaleConfig and
// the router's retry, the unsafe switch, jumbo chunks, and the share of keys
// a new shard takes under each partitioning mode.
#include <gtest/gtest.h>

#include "shard_test_support.h"

namespace cs::sharding::testing {
namespace {

nlohmann::json small() {
  return {{"shards", 3},       {"preload", 600},         {"rate", 40},
          {"balancer", false}, {"maxChunkKeys", 100000}, {"splitOps", 100000}};
}

// Runs until `done` or `limit`, looking every `step`; true if done.
template <class Fn>
bool runUntil(Simulation& sim, SimTime limit, Fn done, SimDuration step = ms(1)) {
  while (sim.now() < limit) {
    if (done()) return true;
    sim.runUntil(sim.now() + step);
  }
  return done();
}

TEST(Migration, DrainingAShardMovesEveryChunkThroughEveryPhaseAndLosesNoWrite) {
  auto sim = world(small());
  std::vector<Phase> seen;
  sim->runUntil(ms(300));
  sim->apply(verb("remove-shard", {"1"}));
  ASSERT_TRUE(runUntil(*sim, ms(30'000), [&] {
    const NodeId d = donorNow(*sim);
    if (d != kNoNode) {
      const Phase p = shard(*sim, d).donation()->phase;
      if (seen.empty() || seen.back() != p) seen.push_back(p);
    }
    return config(*sim).map()->chunksOf(kFirstShard) == 0 && donorNow(*sim) == kNoNode;
  }));
  sim->runUntil(sim->now() + ms(2000));
  EXPECT_EQ(firstViolation(*sim), "");
  EXPECT_GE(config(*sim).committedMigrations(), 2);
  EXPECT_EQ(config(*sim).map()->version.major, 1 + config(*sim).committedMigrations());
  const std::vector<Phase> phases = {Phase::Clone, Phase::CatchUp, Phase::CriticalSection,
                                     Phase::Commit};
  for (Phase p : phases)
    EXPECT_NE(std::find(seen.begin(), seen.end(), p), seen.end()) << phaseName(p);
  EXPECT_TRUE(checker<AckedWriteChecker>(*sim).checkStored(sim->kernel()).empty());
  // Range deletion emptied the donor once its copies were orphans.
  EXPECT_EQ(shard(*sim, kFirstShard).data().size(), 0u);
  EXPECT_FALSE(checker<AckedWriteChecker>(*sim).acknowledged().empty());
}

enum class Victim { Donor, Recipient, Config };

struct CrashCase {
  Phase phase;
  Victim victim;
};

class CrashMidMigration : public ::testing::TestWithParam<CrashCase> {};

TEST_P(CrashMidMigration, EndsCommittedOrAbortedWithOneOwnerAndNoAcknowledgedWriteLost) {
  const CrashCase c = GetParam();
  auto sim = world(small(), 7);
  sim->runUntil(ms(300));
  sim->apply(verb("remove-shard", {"1"}));
  NodeId victim = kNoNode;
  ASSERT_TRUE(runUntil(*sim, ms(20'000),
                       [&] {
                         const NodeId d = donorNow(*sim);
                         if (d == kNoNode || shard(*sim, d).donation()->phase != c.phase)
                           return false;
                         victim = c.victim == Victim::Donor ? d
                                  : c.victim == Victim::Recipient
                                      ? shard(*sim, d).donation()->recipient
                                      : kConfig;
                         return true;
                       }))
      << "never reached phase " << phaseName(c.phase);
  sim->apply(fault(CommandKind::Crash, victim));
  sim->runUntil(sim->now() + ms(1500));
  EXPECT_EQ(firstViolation(*sim), "");
  sim->apply(fault(CommandKind::Restart, victim));
  ASSERT_TRUE(runUntil(*sim, sim->now() + ms(30'000), [&] { return unsettled(*sim).empty(); }))
      << unsettled(*sim);
  sim->runUntil(sim->now() + ms(2000));
  EXPECT_EQ(firstViolation(*sim), "");
  EXPECT_EQ(config(*sim).map()->chunksOf(kFirstShard), 0u);
  const auto lost = checker<AckedWriteChecker>(*sim).checkStored(sim->kernel());
  EXPECT_TRUE(lost.empty()) << lost.front();
}

INSTANTIATE_TEST_SUITE_P(EachPhase, CrashMidMigration,
                         ::testing::Values(CrashCase{Phase::Clone, Victim::Donor},
                                           CrashCase{Phase::CatchUp, Victim::Donor},
                                           CrashCase{Phase::CriticalSection, Victim::Donor},
                                           CrashCase{Phase::Commit, Victim::Donor},
                                           CrashCase{Phase::Clone, Victim::Recipient},
                                           CrashCase{Phase::CriticalSection, Victim::Recipient},
                                           CrashCase{Phase::Commit, Victim::Recipient},
                                           CrashCase{Phase::CatchUp, Victim::Config},
                                           CrashCase{Phase::Commit, Victim::Config}));

// What OwnerChecker relies on to skip the records of serving: a shard
// whose claims may have changed (it crashed or restarted, adopted a map,
// or its migration moved on) says so in the trace within the same event.
// Watched event by event through a drain with a crash of each side of a
// migration at its commit, the case of a donor that restarts and only then
// learns its migration committed included.
class ClaimWatch : public TraceListener {
 public:
  explicit ClaimWatch(const Words& w) : words_(w) {
    listenTo({TraceKind::Milestone, TraceKind::Crashed, TraceKind::Restarted, TraceKind::Command});
  }
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Command) all_ = true;
    if (r.kind != TraceKind::Milestone || r.label != words_.writeApplied) said_.push_back(r.node);
  }
  // Empty if every shard whose basis changed since the last look said so.
  std::string look(const Simulation& sim) {
    std::string silent;
    basis_.resize(sim.kernel().nodeCount());
    for (NodeId n = kFirstShard; n < sim.kernel().nodeCount(); ++n) {
      const ShardNode& s = shard(sim, n);
      const auto& d = s.donation();
      const Basis now{sim.kernel().status(n) != NodeStatus::Crashed, s.metadata().get(),
                      d ? d->id : 0, d ? d->phase : Phase::Idle, s.committing()};
      const bool said = all_ || std::find(said_.begin(), said_.end(), n) != said_.end();
      if (!(basis_[n] == now) && !said)
        silent = sim.kernel().vocabulary().nodeName(n) + " changed its claims unsaid at " +
                 std::to_string(toSeconds(sim.now())) + " s";
      basis_[n] = now;
    }
    said_.clear();
    all_ = false;
    return silent;
  }

 private:
  struct Basis {
    bool up = false;
    const ShardMap* map = nullptr;
    std::int64_t donation = 0;
    Phase phase = Phase::Idle;
    bool committing = false;
    bool operator==(const Basis&) const = default;
  };
  const Words& words_;
  std::vector<NodeId> said_;
  bool all_ = true;
  std::vector<Basis> basis_;
};

TEST(Migration, AShardSaysEveryChangeOfItsClaimsInTheTrace) {
  for (const Victim victim : {Victim::Donor, Victim::Recipient}) {
    auto sim = world(small(), 7);
    ClaimWatch watch(static_cast<const ShardingPattern&>(sim->pattern()).words());
    sim->kernel().trace().addListener(&watch);
    std::string silent;
    auto stepFor = [&](SimDuration d) {
      const SimTime end = sim->now() + d;
      while (silent.empty() && sim->stepUntil(end)) silent = watch.look(*sim);
      sim->runUntil(std::max(end, sim->now()));
    };
    stepFor(ms(300));
    sim->apply(verb("remove-shard", {"1"}));
    NodeId hit = kNoNode;
    while (silent.empty() && sim->now() < ms(20'000) && hit == kNoNode) {
      stepFor(ms(1));
      if (const NodeId d = donorNow(*sim);
          d != kNoNode && shard(*sim, d).donation()->phase == Phase::Commit)
        hit = victim == Victim::Donor ? d : shard(*sim, d).donation()->recipient;
    }
    ASSERT_NE(hit, kNoNode);
    sim->apply(fault(CommandKind::Crash, hit));
    stepFor(ms(1500));
    sim->apply(fault(CommandKind::Restart, hit));
    stepFor(ms(10'000));
    sim->kernel().trace().removeListener(&watch);
    EXPECT_EQ(silent, "");
    EXPECT_EQ(firstViolation(*sim), "");
    EXPECT_GE(config(*sim).committedMigrations(), 1);
  }
}

TEST(Routing, AStaleRouterGetsStaleConfigRefreshesAndRetries) {
  auto sim = world(small());
  sim->runUntil(ms(300));
  sim->apply(verb("remove-shard", {"2"}));
  sim->runUntil(ms(8000));
  EXPECT_EQ(firstViolation(*sim), "");
  EXPECT_GT(router(*sim, 0).staleRetries() + router(*sim, 1).staleRetries(), 0u);
  for (int r = 0; r < kRouters; ++r)
    EXPECT_EQ(router(*sim, r).map()->version, config(*sim).map()->version);
}

TEST(Routing, WithoutVersionsAStaleRouterWritesIntoAnOrphanAndTheWriteIsLost) {
  nlohmann::json o = small();
  o["versioned"] = false;
  o["rate"] = 200;
  o["readShare"] = 0.5;
  o["keySpace"] = 2000;
  auto sim = world(o);
  sim->runUntil(ms(300));
  sim->apply(verb("remove-shard", {"1"}));
  sim->runUntil(ms(10'000));
  EXPECT_NE(firstViolation(*sim), "");
}

TEST(Routing, ARangeQueryIsTargetedOnRangedChunksAndScattersOnHashedOnes) {
  for (const char* mode : {"ranged", "hashed"}) {
    nlohmann::json o = small();
    o["mode"] = mode;
    o["rate"] = 0;
    auto sim = world(o);
    sim->runUntil(ms(200));
    sim->apply(verb("scan", {"100", "600"}));
    sim->runUntil(ms(400));
    EXPECT_EQ(router(*sim, 0).lastFanout(), std::string(mode) == "ranged" ? 1 : 3) << mode;
  }
}

TEST(Balancer, AHotKeyIsSplitDownToAJumboChunk) {
  nlohmann::json o = {{"shards", 2},     {"preload", 200},
                      {"rate", 300},     {"distribution", "hot-key"},
                      {"hotShare", 0.9}, {"splitOps", 50}};
  auto sim = world(o);
  sim->runUntil(ms(20'000));
  EXPECT_EQ(firstViolation(*sim), "");
  const ShardMap& m = *config(*sim).map();
  const Chunk& hot = m.chunks[m.chunkAt(m.position(o.value("keySpace", 100'000) / 2 + 1))];
  EXPECT_TRUE(hot.jumbo);
  EXPECT_EQ(hot.range.hi - hot.range.lo, 1);
  EXPECT_GT(m.version.minor + m.version.major, 1);
}

// The share of the preloaded keys whose owner changed when a fifth shard
// joined and everything settled.
double movedShare(const char* mode) {
  auto sim = world({{"mode", mode},
                    {"shards", 4},
                    {"vnodes", 32},
                    {"preload", 4000},
                    {"rate", 0},
                    {"balanceThreshold", 1}});
  sim->runUntil(ms(200));
  const ShardMap before = *config(*sim).map();
  sim->apply(verb("add-shard"));
  runUntil(
      *sim, ms(60'000), [&] { return unsettled(*sim).empty(); }, ms(100));
  EXPECT_EQ(unsettled(*sim), "") << mode;
  const ShardMap& after = *config(*sim).map();
  int moved = 0;
  for (int i = 0; i < 4000; ++i) {
    const Key k = static_cast<Key>(i) * 100'000 / 4000;
    moved += before.ownerOfKey(k) != after.ownerOfKey(k);
  }
  EXPECT_EQ(firstViolation(*sim), "");
  return moved / 4000.0;
}

TEST(Placement, AddingAShardMovesFourFifthsOfTheKeysUnderModNAndAFifthOnTheRing) {
  EXPECT_NEAR(movedShare("mod-n"), 0.8, 0.03);
  EXPECT_NEAR(movedShare("ring"), 0.2, 0.08);
}

}  // namespace
}  // namespace cs::sharding::testing
