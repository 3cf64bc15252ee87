// The two small structures under the RPC layer's hot path: DeadlineQueue
// keeps deadlines in (time, order added) order whatever order they come in,
// and says when its timer must be armed earlier; IdRing finds, inserts and
// erases by id, grows when an old id is still in the way, and keeps every
// value through the growth.
#include "rpc/deadline_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "clusterscope/rng.h"
#include "rpc/id_ring.h"

namespace cs::rpc {
namespace {

TEST(DeadlineQueue, KeepsTimeOrderAndTiesInTheOrderAdded) {
  DeadlineQueue q;
  q.add(SimTime{30}, 1);
  q.add(SimTime{40}, 2);
  q.add(SimTime{10}, 3);
  q.add(SimTime{30}, 4);  // after 1: same time, added later
  q.add(SimTime{50}, 5);
  std::vector<std::uint64_t> keys;
  while (!q.empty()) {
    keys.push_back(q.front().key);
    q.popFront();
  }
  EXPECT_EQ(keys, (std::vector<std::uint64_t>{3, 1, 4, 2, 5}));
}

// Growing and wrapping round its ring, the queue pops what a stable sort of
// the live entries by time would put first.
TEST(DeadlineQueue, AgreesWithAStableSortUnderRandomAddsAndPops) {
  Rng rng(7);
  DeadlineQueue q;
  std::vector<DeadlineQueue::Entry> model;  // in the order added
  std::int64_t now = 0;
  for (std::uint64_t round = 1; round <= 30'000; ++round) {
    if (model.empty() || rng.below(100) < 55) {
      // Mostly a fixed timeout after now (in order), sometimes earlier.
      const std::int64_t at = now + (rng.chance(0.8) ? 1'000 : rng.between(0, 1'000));
      q.add(SimTime{at}, round);
      model.push_back({SimTime{at}, round});
    } else {
      const auto first = std::min_element(model.begin(), model.end(),
                                          [](const auto& a, const auto& b) { return a.at < b.at; });
      ASSERT_EQ(q.front().key, first->key) << "round " << round;
      now = first->at.count();
      model.erase(first);
      q.popFront();
    }
    ASSERT_EQ(q.size(), model.size()) << "round " << round;
  }
}

TEST(DeadlineQueue, AsksForATimerOnlyWhenNoneFiresAtOrBeforeTheFront) {
  DeadlineQueue q;
  EXPECT_FALSE(q.needsTimer());
  q.add(SimTime{100}, 1);
  EXPECT_TRUE(q.needsTimer());
  q.timer = TimerHandle{1, 1};
  q.armedAt = SimTime{100};
  q.add(SimTime{200}, 2);
  EXPECT_FALSE(q.needsTimer());
  q.add(SimTime{50}, 3);
  EXPECT_TRUE(q.needsTimer()) << "an earlier deadline than the armed timer";
  q.armedAt = SimTime{40};
  EXPECT_FALSE(q.needsTimer()) << "a timer that fires early is fine";
  q.clear();
  EXPECT_TRUE(q.empty());
  EXPECT_FALSE(q.timer);
}

TEST(IdRing, AgreesWithAPlainTableUnderRandomUse) {
  IdRing<int> ring;
  std::vector<int> truth(5'000, -1);  // by id; -1: absent
  Rng rng(7);
  std::uint64_t next = 1;
  std::vector<std::uint64_t> live;
  for (int step = 0; step < 20'000; ++step) {
    if (next < truth.size() && (live.empty() || rng.below(3) != 0)) {
      ring.insert(next) = static_cast<int>(next * 3);
      truth[next] = static_cast<int>(next * 3);
      live.push_back(next++);
    } else if (!live.empty()) {
      const std::size_t k = rng.below(live.size());
      ring.erase(live[k]);
      truth[live[k]] = -1;
      live[k] = live.back();
      live.pop_back();
    }
  }
  EXPECT_EQ(ring.size(), live.size());
  for (std::uint64_t id = 1; id < truth.size(); ++id) {
    const int* v = ring.find(id);
    if (truth[id] < 0)
      EXPECT_EQ(v, nullptr) << id;
    else
      EXPECT_TRUE(v && *v == truth[id]) << id;
  }
  ring.clear();
  EXPECT_EQ(ring.size(), 0u);
  EXPECT_EQ(ring.find(live.empty() ? 1 : live.front()), nullptr);
}

}  // namespace
}  // namespace cs::rpc
