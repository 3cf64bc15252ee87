// IdSet: exact membership whatever the order ids come in, and memory that
// stays bounded while ids settle in roughly the order they come (full words
// are compacted away, words with a gap are kept, the window never outgrows
// its limit). Test thread only.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>

#include "clusterscope/rng.h"
#include "patterns/pubsub/id_set.h"

namespace cs::pubsub {
namespace {

TEST(IdSet, ZeroIsNeverAMember) {
  IdSet s;
  EXPECT_FALSE(s.contains(0));
  EXPECT_FALSE(s.insert(0));
  EXPECT_FALSE(s.contains(0));
}

// A window of 64 words (4,096 ids) here, so that a short test spills.
constexpr std::size_t kWindow = 64;

TEST(IdSet, MembershipMatchesAPlainSetInAnyOrder) {
  IdSet s(kWindow);
  std::set<std::uint64_t> reference;
  std::uint64_t state = 7;
  for (int i = 0; i < 20'000; ++i) {
    // Mostly near the top, sometimes far behind it, sometimes repeated.
    const std::uint64_t top = reference.empty() ? 1 : *reference.rbegin();
    const std::uint64_t r = splitMix64(state);
    std::uint64_t id = top + r % 64;
    if (r % 5 == 0) id = 1 + (r >> 8) % (top + 1);
    EXPECT_EQ(s.insert(id), reference.insert(id).second) << "id " << id;
  }
  // Every id up to past the top, walking the reference alongside.
  auto next = reference.begin();
  for (std::uint64_t id = 0; id <= *reference.rbegin() + 64; ++id) {
    const bool member = next != reference.end() && *next == id;
    if (member) ++next;
    ASSERT_EQ(s.contains(id), member) << "id " << id;
  }
}

TEST(IdSet, IdsSettledInOrderKeepOneWord) {
  IdSet s(kWindow);
  for (std::uint64_t id = 1; id <= 1'000'000; ++id) ASSERT_TRUE(s.insert(id));
  EXPECT_LE(s.windowWords(), 1u);
  EXPECT_EQ(s.wordsWithGaps(), 0u);
  EXPECT_TRUE(s.contains(1));
  EXPECT_TRUE(s.contains(1'000'000));
  EXPECT_FALSE(s.contains(1'000'001));
  EXPECT_FALSE(s.insert(5));
}

TEST(IdSet, IdsSettledOutOfOrderWithinTheWindowCompactOnceTheGapsFill) {
  IdSet s(kWindow);
  // Each block of 1,000 ids settles backwards: gaps open, then fill.
  for (std::uint64_t block = 0; block < 1'000; ++block)
    for (std::uint64_t i = 1'000; i >= 1; --i) s.insert(block * 1'000 + i);
  EXPECT_LE(s.windowWords(), 1u);
  EXPECT_EQ(s.wordsWithGaps(), 0u);
}

TEST(IdSet, AGapThatNeverFillsCostsOneWordOnceTheWindowMovesOn) {
  IdSet s(kWindow);
  const std::uint64_t total = 64 * (kWindow + 1000);
  for (std::uint64_t id = 1; id <= total; ++id)
    if (id != 100) s.insert(id);
  EXPECT_LE(s.windowWords(), kWindow);
  EXPECT_EQ(s.wordsWithGaps(), 1u);
  EXPECT_FALSE(s.contains(100));
  EXPECT_TRUE(s.contains(99));
  EXPECT_TRUE(s.contains(101));
  // The gap fills late: the word is full and no longer kept.
  EXPECT_TRUE(s.insert(100));
  EXPECT_EQ(s.wordsWithGaps(), 0u);
  EXPECT_FALSE(s.insert(100));
}

TEST(IdSet, ASparseSetIsNeverMoreThanTwiceItsBits) {
  IdSet s(kWindow);
  // Every third id only: no word is ever full.
  const std::uint64_t total = 64 * 1000;
  for (std::uint64_t id = 3; id <= total; id += 3) s.insert(id);
  const std::size_t words = total / 64 + 1;
  EXPECT_LE(s.windowWords(), kWindow);
  EXPECT_GT(s.wordsWithGaps(), 0u);
  EXPECT_LE(s.windowWords() + 2 * s.wordsWithGaps(), 2 * words);
  EXPECT_TRUE(s.contains(3 * 12345));
  EXPECT_FALSE(s.contains(3 * 12345 + 1));
}

TEST(IdSet, ForgettingBelowAFloorDropsItsWordsAndTheIdsReadAsNew) {
  IdSet s(kWindow);
  // Every third id: words with gaps, some under the window.
  const std::uint64_t total = 64 * (kWindow + 500);
  for (std::uint64_t id = 3; id <= total; id += 3) s.insert(id);
  ASSERT_GT(s.wordsWithGaps(), 0u);
  const std::uint64_t floor = total - 64 * 10;
  s.forgetBelow(floor);
  EXPECT_LE(s.windowWords() + s.wordsWithGaps(), 11u);
  EXPECT_FALSE(s.contains(3));
  EXPECT_FALSE(s.contains(floor / 64 * 64 - 1));  // the last id of the last word forgotten
  EXPECT_TRUE(s.contains(total / 3 * 3));
  EXPECT_FALSE(s.contains(total / 3 * 3 + 1));
  // An id under the floor comes again: kept, by itself, until the floor rises past it.
  EXPECT_TRUE(s.insert(300));
  EXPECT_TRUE(s.contains(300));
  EXPECT_FALSE(s.contains(301));
  EXPECT_FALSE(s.insert(300));
  s.forgetBelow(floor / 2);  // lower than the floor: nothing changes
  EXPECT_TRUE(s.contains(300));
  s.forgetBelow(floor + 64);
  EXPECT_FALSE(s.contains(300));
  EXPECT_TRUE(s.insert(300));
}

TEST(IdSet, AFloorAboveTheWindowEmptiesIt) {
  IdSet s(kWindow);
  for (std::uint64_t id = 1; id <= 1000; id += 2) s.insert(id);
  s.forgetBelow(10'000);
  EXPECT_EQ(s.windowWords() + s.wordsWithGaps(), 0u);
  EXPECT_FALSE(s.contains(999));
  EXPECT_TRUE(s.insert(10'001));
  EXPECT_TRUE(s.contains(10'001));
  EXPECT_FALSE(s.contains(10'000));
  // Full words above the floor still compact away.
  for (std::uint64_t id = 10'240; id < 10'240 + 64 * 100; ++id) s.insert(id);
  EXPECT_LE(s.windowWords() + s.wordsWithGaps(), 4u);
}

TEST(IdSet, ClearForgetsEverything) {
  IdSet s(kWindow);
  for (std::uint64_t id = 1; id <= 1000; ++id) s.insert(id);
  s.clear();
  EXPECT_FALSE(s.contains(1));
  EXPECT_TRUE(s.insert(1));
}

}  // namespace
}  // namespace cs::pubsub
