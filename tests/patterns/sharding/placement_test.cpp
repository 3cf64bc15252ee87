// The shard map and the placement rules, without a cluster: every mode's
// first map covers the space once, and adding a fifth shard moves about 80%
// of the keys under hash mod N but about 20% on a consistent-hash ring.
#include <gtest/gtest.h>

#include "patterns/sharding/placement.h"

namespace cs::sharding {
namespace {

const std::vector<NodeId> kFour = {3, 4, 5, 6};
const std::vector<NodeId> kFive = {3, 4, 5, 6, 7};

void expectCovers(const ShardMap& m) {
  Position at = 0;
  for (const Chunk& c : m.chunks) {
    EXPECT_EQ(c.range.lo, at);
    EXPECT_LT(c.range.lo, c.range.hi);
    at = c.range.hi;
  }
  EXPECT_EQ(at, m.space());
}

TEST(ShardMap, EveryModesFirstMapCoversTheSpaceOnce) {
  for (auto mode :
       {Partitioning::Ranged, Partitioning::Hashed, Partitioning::Ring, Partitioning::ModN}) {
    SCOPED_TRACE(std::string(partitioningName(mode)));
    const ShardMap m = initialMap(mode, kFour, 2, 8, 100'000);
    expectCovers(m);
    for (NodeId s : kFour) EXPECT_GT(m.chunksOf(s), 0u);
  }
}

// The chunk holding p, by walking the chunks: what chunkAt must answer.
std::size_t walk(const ShardMap& m, Position p) {
  std::size_t i = 0;
  while (i + 1 < m.chunks.size() && m.chunks[i + 1].range.lo <= p) ++i;
  return i;
}

// Positions at every chunk's edges and in between, hashed from keys.
std::vector<Position> probes(const ShardMap& m) {
  std::vector<Position> out;
  for (const Chunk& c : m.chunks)
    for (Position p : {c.range.lo, c.range.lo + 1, c.range.hi - 1}) out.push_back(p);
  for (Key k = 0; k < 20'000; ++k) out.push_back(m.position(k));
  return out;
}

TEST(ShardMap, FindsEveryPositionsChunkWhetherItsSliceHintsAreCurrentStaleOrEmpty) {
  for (auto mode : {Partitioning::Hashed, Partitioning::Ring}) {
    SCOPED_TRACE(std::string(partitioningName(mode)));
    ShardMap m = initialMap(mode, kFour, 16, 64, 100'000);
    for (std::size_t i = 0; i < m.chunks.size(); i += 3)  // kept current by splitChunk
      splitChunk(m, i, m.chunks[i].range.lo + (m.chunks[i].range.hi - m.chunks[i].range.lo) / 2);
    for (Position p : probes(m)) ASSERT_EQ(m.chunkAt(p), walk(m, p)) << p;
    // A chunk cut without reindexing: the hints after it are one behind.
    Chunk right = m.chunks[5];
    right.range.lo = m.chunks[5].range.lo + 1;
    m.chunks[5].range.hi = right.range.lo;
    m.chunks.insert(m.chunks.begin() + 6, right);
    for (Position p : probes(m)) ASSERT_EQ(m.chunkAt(p), walk(m, p)) << p;
    m.slice.fill(0);
    for (Position p : probes(m)) ASSERT_EQ(m.chunkAt(p), walk(m, p)) << p;
    m.slice.fill(60'000);  // past the end
    for (Position p : probes(m)) ASSERT_EQ(m.chunkAt(p), walk(m, p)) << p;
  }
}

TEST(ShardMap, RangedKeepsNeighboursTogetherAndHashedScattersThem) {
  const ShardMap ranged = initialMap(Partitioning::Ranged, kFour, 2, 8, 100'000);
  const ShardMap hashed = initialMap(Partitioning::Hashed, kFour, 2, 8, 100'000);
  int rangedSame = 0, hashedSame = 0;
  for (Key k = 0; k < 1000; ++k) {
    rangedSame += ranged.ownerOfKey(k) == ranged.ownerOfKey(k + 1);
    hashedSame += hashed.ownerOfKey(k) == hashed.ownerOfKey(k + 1);
  }
  EXPECT_GT(rangedSame, 990);
  EXPECT_LT(hashedSame, 400);
  // Ever larger keys all land in the last ranged chunk.
  EXPECT_EQ(ranged.chunkAt(ranged.position(100'000)), ranged.chunks.size() - 1);
  EXPECT_EQ(ranged.chunkAt(ranged.position(5'000'000)), ranged.chunks.size() - 1);
}

// The share of 100,000 keys whose owner differs between two placements.
double movedShare(Partitioning mode, int vnodes) {
  ShardMap before = initialMap(mode, kFour, 2, vnodes, 100'000);
  ShardMap after = before;
  if (mode == Partitioning::Ring) cutAtTokens(after, 7, vnodes);
  for (const Move& m : planMoves(after, kFive, {}, {}, vnodes, 1))
    for (const Range& r : m.ranges) after.chunks[after.chunkAt(r.lo)].owner = m.recipient;
  // planMoves gives one move per shard pair at a time; repeat until none.
  for (int round = 0; round < 50; ++round) {
    const auto moves = planMoves(after, kFive, {}, {}, vnodes, 1);
    if (moves.empty()) break;
    for (const Move& m : moves)
      for (const Range& r : m.ranges) after.chunks[after.chunkAt(r.lo)].owner = m.recipient;
  }
  int moved = 0;
  constexpr int kKeys = 100'000;
  for (Key k = 0; k < kKeys; ++k) moved += before.ownerOfKey(k) != after.ownerOfKey(k);
  return static_cast<double>(moved) / kKeys;
}

TEST(ShardMap, AddingAFifthShardMovesFourFifthsUnderModNButAFifthOnTheRing) {
  const double modN = movedShare(Partitioning::ModN, 8);
  const double ring = movedShare(Partitioning::Ring, 64);
  EXPECT_NEAR(modN, 0.8, 0.02);
  EXPECT_NEAR(ring, 0.2, 0.06);
}

TEST(Balancer, MovesOneChunkAtATimeFromTheMostToTheLeastLoadedShard) {
  ShardMap m = initialMap(Partitioning::Hashed, kFour, 2, 8, 100'000);
  auto moves = planMoves(m, kFive, {}, {}, 8, 2);
  ASSERT_EQ(moves.size(), 1u);  // only shard 7 is empty; one migration per shard
  EXPECT_EQ(moves[0].recipient, 7u);
  EXPECT_EQ(moves[0].ranges.size(), 1u);
  // Shards busy with a migration get no other.
  EXPECT_TRUE(planMoves(m, kFive, {}, {7}, 8, 2).empty());
  // Within the threshold nothing moves.
  EXPECT_TRUE(planMoves(m, kFour, {}, {}, 8, 2).empty());
}

TEST(Balancer, LeavesJumboChunksWhereTheyAre) {
  ShardMap m = initialMap(Partitioning::Ranged, {3, 4}, 2, 8, 100'000);
  for (Chunk& c : m.chunks) {
    c.owner = 3;
    c.jumbo = true;
  }
  EXPECT_TRUE(planMoves(m, {3, 4}, {}, {}, 8, 2).empty());
  // A draining shard is emptied even of jumbo chunks.
  EXPECT_FALSE(planMoves(m, {4}, {3}, {}, 8, 2).empty());
}

}  // namespace
}  // namespace cs::sharding
