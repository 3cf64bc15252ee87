// A shard's key store against a std::map doing the same thing: random
// writes (last writer wins), range erasures and orphan sweeps over a few
// thousand keys, enough to split blocks many times and to make the hash
// table's deletions shift whole clusters. After every step the two agree on
// every lookup, every range's count and order, and the median a split uses.
#include <gtest/gtest.h>

#include <map>

#include "clusterscope/rng.h"
#include "patterns/sharding/key_store.h"

namespace cs::sharding {
namespace {

using Reference = std::map<StoredKey, std::int64_t>;

// A small space, so keys collide on positions and ranges hold many keys.
constexpr Position kSpace = 4'000;

StoredKey randomKey(Rng& rng) {
  const auto p = static_cast<Position>(rng.below(kSpace));
  return {p, static_cast<Key>(rng.below(3)) - 1};  // up to three keys per position, one negative
}

Range randomRange(Rng& rng) {
  const auto lo = static_cast<Position>(rng.below(kSpace));
  return {lo, lo + 1 + static_cast<Position>(rng.below(400))};
}

void expectSame(const KeyStore& store, const Reference& ref, Rng& rng) {
  ASSERT_EQ(store.size(), ref.size());
  std::vector<StoredKey> order;
  store.forEach([&](const StoredKey& k) { order.push_back(k); });
  ASSERT_EQ(order.size(), ref.size());
  auto it = ref.begin();
  for (const StoredKey& k : order) {
    ASSERT_EQ(k, it->first);
    const std::int64_t* v = store.find(k);
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(*v, it->second);
    ++it;
  }
  for (int i = 0; i < 50; ++i) {
    const StoredKey k = randomKey(rng);
    const std::int64_t* v = store.find(k);
    const auto r = ref.find(k);
    ASSERT_EQ(v != nullptr, r != ref.end());
    if (v) {
      EXPECT_EQ(*v, r->second);
    }

    const Range range = randomRange(rng);
    std::vector<StoredKey> inRange, expected;
    store.forEachIn(range, [&](const StoredKey& s) { inRange.push_back(s); });
    for (auto e = ref.lower_bound({range.lo, INT64_MIN});
         e != ref.end() && e->first.position < range.hi; ++e)
      expected.push_back(e->first);
    ASSERT_EQ(inRange, expected);
    ASSERT_EQ(store.countIn(range), expected.size());
    if (!expected.empty()) {
      EXPECT_EQ(store.nthPositionIn(range, expected.size() / 2),
                expected[expected.size() / 2].position);
    }
  }
}

TEST(KeyStore, AgreesWithAnOrderedMapThroughWritesErasuresAndSweeps) {
  Rng rng(7);
  KeyStore store;
  Reference ref;
  std::vector<KeyStore::Entry> preload;
  for (int i = 0; i < 3'000; ++i) {
    const StoredKey k = randomKey(rng);
    const auto v = static_cast<std::int64_t>(rng.below(1'000));
    preload.push_back({k, v});
    ref[k] = std::max(ref.count(k) ? ref[k] : v, v);
  }
  store.assign(preload);
  expectSame(store, ref, rng);
  for (int round = 0; round < 40; ++round) {
    SCOPED_TRACE(round);
    for (int i = 0; i < 500; ++i) {
      const StoredKey k = randomKey(rng);
      const auto v = static_cast<std::int64_t>(rng.below(1'000));
      store.keepLarger(k, v);
      auto [it, fresh] = ref.emplace(k, v);
      if (!fresh) it->second = std::max(it->second, v);
    }
    const Range cut = randomRange(rng);
    std::size_t expected = 0;
    for (auto it = ref.lower_bound({cut.lo, INT64_MIN});
         it != ref.end() && it->first.position < cut.hi; ++expected)
      it = ref.erase(it);
    EXPECT_EQ(store.eraseIn(cut), expected);
    if (round % 5 == 4) {
      // An orphan sweep: every position in a stripe of the space goes.
      const Position stripe = static_cast<Position>(rng.below(4));
      auto orphan = [&](Position p) { return p % 4 == stripe; };
      expected = std::erase_if(ref, [&](const auto& e) { return orphan(e.first.position); });
      EXPECT_EQ(store.eraseIf(orphan), expected);
    }
    expectSame(store, ref, rng);
  }
  EXPECT_EQ(store.eraseIn({0, kSpace}), ref.size());
  EXPECT_TRUE(store.empty());
  store.keepLarger({5, 1}, 9);
  EXPECT_EQ(*store.find({5, 1}), 9);
}

// A restore large enough to be radix sorted, with positions across the
// whole ranged space (several passes) and repeated keys whose larger value
// must stay, arriving in no order.
TEST(KeyStore, RestoresAWideSpaceInOrderKeepingEachKeysLargestValue) {
  Rng rng(11);
  std::vector<KeyStore::Entry> preload;
  Reference ref;
  for (int i = 0; i < 20'000; ++i) {
    const auto p = static_cast<Position>(rng.below(std::uint64_t{1} << 40));
    // Every eighth entry repeats an earlier key or shares its position.
    const StoredKey k = i % 8 == 7 ? StoredKey{preload[rng.below(preload.size())].at.position,
                                               static_cast<Key>(rng.below(2))}
                                   : StoredKey{p, static_cast<Key>(i)};
    const auto v = static_cast<std::int64_t>(rng.below(1'000));
    preload.push_back({k, v});
    auto [it, fresh] = ref.emplace(k, v);
    if (!fresh) it->second = std::max(it->second, v);
  }
  KeyStore store;
  store.assign(preload);
  ASSERT_EQ(store.size(), ref.size());
  auto it = ref.begin();
  store.forEach([&](const StoredKey& k) {
    ASSERT_EQ(k, it->first);
    EXPECT_EQ(*store.find(k), it->second);
    ++it;
  });
  EXPECT_EQ(store.countIn({0, Position{1} << 39}),
            static_cast<std::size_t>(
                std::distance(ref.begin(), ref.lower_bound({Position{1} << 39, INT64_MIN}))));
}

}  // namespace
}  // namespace cs::sharding
