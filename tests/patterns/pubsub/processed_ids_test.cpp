// ProcessedIds: a subscriber's record of the publishes it processed stays
// exact within its horizon (a copy that comes within it is recognised,
// however late its id) and the size of one horizon however long the run.
// Test thread only.
#include <gtest/gtest.h>

#include <cstdint>

#include "patterns/pubsub/processed_ids.h"

namespace cs::pubsub {
namespace {

constexpr SimDuration kSecond{1'000'000};

TEST(ProcessedIds, RemembersEveryIdHandledWithinTheHorizon) {
  ProcessedIds done(600 * kSecond);
  // 100 publishes a second for ten minutes, handled in order.
  PublishId id = 0;
  for (std::int64_t ms = 0; ms < 600'000; ms += 10)
    EXPECT_TRUE(done.insert(++id, SimTime{ms * 1000}));
  for (PublishId p = 1; p <= id; ++p) ASSERT_TRUE(done.contains(p)) << p;
  EXPECT_FALSE(done.insert(1, SimTime{600 * kSecond}));
}

TEST(ProcessedIds, ALateCopyWithinTheHorizonIsStillADuplicate) {
  ProcessedIds done(600 * kSecond);
  done.insert(7, SimTime{0});
  // Ids far above it go on being handled for most of the horizon.
  PublishId id = 1'000;
  for (std::int64_t s = 1; s < 590; ++s) done.insert(++id, SimTime{s * kSecond});
  EXPECT_FALSE(done.insert(7, SimTime{590 * kSecond}));  // its copy: handled again now
  for (std::int64_t s = 590; s < 1'150; ++s) done.insert(++id, SimTime{s * kSecond});
  EXPECT_TRUE(done.contains(7)) << "a copy handled at 590 s keeps it until 1,190 s";
  for (std::int64_t s = 1'150; s < 1'300; ++s) done.insert(++id, SimTime{s * kSecond});
  EXPECT_FALSE(done.contains(7)) << "not handled for longer than the horizon: forgotten";
}

TEST(ProcessedIds, AStragglerHandledNowKeepsItsIdForAWholeHorizon) {
  ProcessedIds done(100 * kSecond);
  PublishId id = 0;
  for (std::int64_t s = 0; s < 1'000; ++s) done.insert(++id, SimTime{s * kSecond});
  // A publish stored again long after (its first copy's id is far below).
  EXPECT_TRUE(done.insert(5, SimTime{1'000 * kSecond}));
  for (std::int64_t s = 1'001; s < 1'099; ++s) {
    done.insert(++id, SimTime{s * kSecond});
    ASSERT_TRUE(done.contains(5)) << "at " << s << " s";
  }
}

TEST(ProcessedIds, MemoryStaysOneHorizonOfIdsWhenManyNeverCome) {
  ProcessedIds done(60 * kSecond);
  // A filtered subscription: one publish in three reaches it, 1,000 a
  // second for two simulated hours (120 horizons). Without forgetting, every
  // 64 ids would leave a word with gaps.
  std::size_t most = 0;
  PublishId id = 0;
  for (std::int64_t ms = 0; ms < 7'200'000; ms += 3) {
    id += 3;
    done.insert(id, SimTime{ms * 1000});
    most = std::max(most, done.ids().windowWords() + done.ids().wordsWithGaps());
  }
  // A horizon and a period of ids: 64,000 ids, 1,000 words; never the run's 112,500.
  EXPECT_LE(most, 1'200u);
  EXPECT_TRUE(done.contains(id));
  EXPECT_FALSE(done.contains(id - 1));
}

TEST(ProcessedIds, ALongerRetentionLengthensTheHorizonAndAShorterOneDoesNot) {
  ProcessedIds done(10 * kSecond);
  done.lengthen(20 * kSecond);
  EXPECT_EQ(done.horizon(), 20 * kSecond);
  done.lengthen(5 * kSecond);
  EXPECT_EQ(done.horizon(), 20 * kSecond);
}

}  // namespace
}  // namespace cs::pubsub
