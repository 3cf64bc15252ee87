// The command handlers' aggregate cache (cacheAggregates): a handler that
// holds an aggregate asks the store only for the events after it, every
// such load still equals a full fold (the checkers run throughout), also
// the reload after WrongExpectedVersion, which folds only the other
// writer's events; a crash empties the cache. Also the id index behind the
// store's idempotent appends.
#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "clusterscope/rng.h"
#include "es_test_support.h"
#include "patterns/event_sourcing/es_options.h"
#include "patterns/event_sourcing/event_id_index.h"
#include "patterns/event_sourcing/id_filter.h"

namespace cs::event_sourcing {
namespace {

using namespace testing;

struct LoadCost {
  std::uint64_t loads = 0, folded = 0, hits = 0;
  double perLoad() const { return static_cast<double>(folded) / static_cast<double>(loads); }
};

LoadCost busyShop(bool cache) {
  nlohmann::json o = {{"products", 1},
                      {"initialStock", 100000},
                      {"orderRate", 200},
                      {"restockRate", 0},
                      {"cacheAggregates", cache}};
  auto sim = world(o, 3);
  sim->runUntil(ms(10'000));
  EXPECT_TRUE(sim->violations().empty()) << sim->violations().front().text;
  LoadCost c;
  for (int h = 0; h < 2; ++h) {
    c.loads += handler(*sim, h).loads();
    c.folded += handler(*sim, h).folded();
    c.hits += handler(*sim, h).cacheHits();
  }
  return c;
}

// No traffic but what the test sends; the handlers cache what they load.
nlohmann::json quietCached(int products, int stock) {
  return {{"products", products},
          {"initialStock", stock},
          {"orderRate", 0},
          {"restockRate", 0},
          {"cacheAggregates", true}};
}

TEST(EsCache, AHandlerHoldingAnAggregateFoldsOnlyTheEventsSinceIt) {
  const LoadCost without = busyShop(false), with = busyShop(true);
  EXPECT_EQ(without.hits, 0u);
  // product-1's stream grows to ~1,000 events; the other handler appends
  // one or two between a handler's loads of it.
  EXPECT_GT(without.perLoad(), 100.0);
  EXPECT_LT(with.perLoad(), 5.0);
  EXPECT_GT(with.hits * 2, with.loads) << "most loads begin from the cache";
}

TEST(EsCache, AfterAWrongExpectedVersionTheReloadFoldsOnlyTheOtherWritersEvents) {
  auto sim = world(quietCached(2, 1));
  sim->runUntil(ms(500));
  Milestones loaded(*sim, "aggregate-loaded");
  Milestones retried(*sim, "command-retried");
  sim->apply(verb("race", {"1"}));
  sim->runUntil(ms(2000));
  ASSERT_EQ(retried.size(), 1u);
  const NodeId loser = retried.seen[0].node;
  const auto stream = static_cast<std::int64_t>(ShopStreams{2}.product(1));
  // [stream, revision, snapshotRevision, folded, state, cachedRevision]
  std::vector<TraceRecord> loserLoads;
  for (const TraceRecord& r : loaded.seen)
    if (r.node == loser && r.v[0] == stream) loserLoads.push_back(r);
  ASSERT_EQ(loserLoads.size(), 2u) << "a load, the conflict, a reload";
  const TraceRecord& reload = loserLoads[1];
  EXPECT_EQ(reload.v[5], loserLoads[0].v[1]) << "from the revision it held";
  EXPECT_EQ(reload.v[3], 1) << "the winner's ItemReserved alone";
  EXPECT_EQ(reload.v[1], loserLoads[0].v[1] + 1);
  EXPECT_EQ(reload.v[4], 0) << "the winner took the last item";
  EXPECT_EQ(product(*sim, 1).stock, 0);
  EXPECT_TRUE(sim->violations().empty());
}

TEST(EsCache, ACrashedHandlerRestartsWithAnEmptyCache) {
  auto sim = world(quietCached(1, 50));
  sim->runUntil(ms(500));
  for (int i = 0; i < 4; ++i) {
    sim->apply(verb("order", {"1", "1"}));
    sim->runUntil(sim->now() + ms(200));
  }
  const std::uint64_t hitsBefore = handler(*sim, 0).cacheHits() + handler(*sim, 1).cacheHits();
  EXPECT_GT(hitsBefore, 0u);
  for (NodeId h : {NodeId{kFirstHandler}, NodeId{kFirstHandler + 1}}) {
    sim->apply(fault(CommandKind::Crash, h));
    sim->apply(fault(CommandKind::Restart, h));
  }
  Milestones loaded(*sim, "aggregate-loaded");
  sim->apply(verb("order", {"1", "1"}));
  sim->runUntil(sim->now() + ms(500));
  ASSERT_GE(loaded.size(), 1u);
  EXPECT_EQ(loaded.seen[0].v[5], kNoStreamRevision) << "the first load after it is whole";
  EXPECT_EQ(loaded.seen[0].v[3], loaded.seen[0].v[1] + 1);
  EXPECT_EQ(product(*sim, 1).stock, 45);
  EXPECT_TRUE(sim->violations().empty());
}

TEST(EsCache, TheOptionIsAFlag) {
  EXPECT_TRUE(parseEsOptions({{"cacheAggregates", true}}).cacheAggregates);
  EXPECT_FALSE(parseEsOptions(nlohmann::json::object()).cacheAggregates);
  try {
    parseEsOptions({{"cacheAggregates", "yes"}});
    FAIL() << "a string was taken for a flag";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cacheAggregates"), std::string::npos) << e.what();
  }
}

TEST(EventIdIndex, FindsEveryIdStoredAndNoOtherAsItGrows) {
  EventIdIndex index;
  Rng rng(7);
  std::vector<EventId> ids;
  for (int i = 0; i < 5000; ++i) ids.push_back(i % 2 ? (1ull << 62) + i : rng.next() | 1);
  for (std::size_t i = 0; i < ids.size(); ++i) index.insert(ids[i], i + 1);
  EXPECT_EQ(index.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(index.find(ids[i]), Position{i + 1});
  for (int i = 0; i < 5000; ++i) {
    const EventId other = (rng.next() & ~1ull) | 2;  // even: never one of the random odd ids
    if (other >> 62 == 1) continue;
    EXPECT_FALSE(index.contains(other));
  }
  EXPECT_FALSE(EventIdIndex{}.contains(42));
}

TEST(EventIdIndex, AnIdStoredTwiceKeepsItsFirstPosition) {
  EventIdIndex index;
  index.reserve(100);
  index.insert(9, 1);
  index.insert(9, 5);
  EXPECT_EQ(index.find(9), Position{1});
  EXPECT_EQ(index.size(), 1u);
}

TEST(IdFilter, NeverSaysNoToAnIdAddedAndRarelyMaybeToAFreshOne) {
  IdFilter filter;
  filter.resize(20'000);
  Rng rng(11);
  for (int i = 0; i < 20'000; ++i) filter.add(i % 2 ? (1ull << 62) + i : (rng.next() | 1));
  Rng again(11);
  for (int i = 0; i < 20'000; ++i)
    ASSERT_TRUE(filter.mayContain(i % 2 ? (1ull << 62) + i : (again.next() | 1))) << i;
  int maybe = 0;
  for (int i = 0; i < 100'000; ++i) maybe += filter.mayContain(rng.next() & ~1ull) ? 1 : 0;
  EXPECT_LT(maybe, 300) << "about one fresh id in a thousand, not " << maybe << " in 100,000";
}

// The latest ids settle into the large table every few thousand; ids are
// found before, across and after a settling, and a repeat keeps its first.
TEST(EventIdIndex, IdsAreFoundAcrossTheMoveIntoTheLargeTable) {
  EventIdIndex index;
  for (EventId id = 1; id <= 10'000; ++id) {
    index.insert(id * 7919, id);
    ASSERT_EQ(index.find(id * 7919), Position{id});
    ASSERT_EQ(index.find(1 * 7919), Position{1});
  }
  index.insert(5 * 7919, 99'999);
  EXPECT_EQ(index.find(5 * 7919), Position{5});
  EXPECT_EQ(index.size(), 10'000u);
  EXPECT_FALSE(index.contains(7918));
}

}  // namespace
}  // namespace cs::event_sourcing
