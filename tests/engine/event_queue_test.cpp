// The kernel's 4-ary heap must pop in exactly (time, sequence) order, ties
// included, or runs would stop being reproducible.
#include "clusterscope/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "clusterscope/rng.h"

namespace cs {
namespace {

TEST(EventQueue, PopsInTimeThenSequenceOrderUnderRandomPushesAndPops) {
  Rng rng(3);
  EventQueue<int> q;
  std::vector<std::tuple<std::int64_t, std::uint64_t, int>> model;  // kept sorted on pop
  std::uint64_t seq = 0;
  for (int round = 0; round < 20'000; ++round) {
    if (model.empty() || rng.below(3) != 0) {
      // Few distinct times, so ties are common.
      const std::int64_t t = rng.between(0, 50);
      q.push(SimTime{t}, seq, static_cast<int>(seq));
      model.emplace_back(t, seq, static_cast<int>(seq));
      ++seq;
    } else {
      const auto it = std::min_element(model.begin(), model.end());
      ASSERT_EQ(q.top().at(), SimTime{std::get<0>(*it)});
      ASSERT_EQ(q.top().payload, std::get<2>(*it));
      q.pop();
      model.erase(it);
    }
    ASSERT_EQ(q.size(), model.size());
  }
}

TEST(EventQueue, LaterTimesWaitForEarlierOnes) {
  EventQueue<char> q;
  q.push(SimTime{30}, 0, 'c');
  q.push(SimTime{10}, 1, 'a');
  q.push(SimTime{20}, 2, 'b');
  q.push(SimTime{10}, 3, 'A');  // same time as 'a', scheduled later
  std::string order;
  while (!q.empty()) {
    order += q.top().payload;
    q.pop();
  }
  EXPECT_EQ(order, "aAbc");
}

// Pushes in time order go to the in-order run, earlier ones to the heap; a
// tie between the two is still decided by sequence.
TEST(EventQueue, InOrderRunAndHeapMergeBySequence) {
  EventQueue<std::string> q;
  q.push(SimTime{10}, 0, "10/0");  // run
  q.push(SimTime{5}, 1, "5/1");    // earlier than the run's last: heap
  q.push(SimTime{10}, 2, "10/2");  // run
  q.push(SimTime{5}, 3, "5/3");    // heap
  q.push(SimTime{10}, 4, "10/4");  // run
  q.push(SimTime{7}, 5, "7/5");    // heap
  std::vector<std::string> order;
  while (!q.empty()) {
    order.push_back(q.top().payload);
    q.pop();
  }
  EXPECT_EQ(order, (std::vector<std::string>{"5/1", "5/3", "7/5", "10/0", "10/2", "10/4"}));
}

TEST(EventQueue, LongInOrderStreamsGrowTheRunAndStayOrdered) {
  Rng rng(11);
  EventQueue<std::uint64_t> q;
  std::int64_t now = 0;
  std::uint64_t seq = 0, popped = 0;
  std::pair<std::int64_t, std::uint64_t> last{-1, 0};
  for (int round = 0; round < 50'000; ++round) {
    // Mostly a fixed latency (in order), sometimes a shorter one (out of order).
    const std::int64_t delay = rng.chance(0.1) ? rng.between(0, 999) : 1000;
    q.push(SimTime{now + delay}, seq, seq);
    ++seq;
    if (rng.chance(0.5) && !q.empty()) {
      const std::pair<std::int64_t, std::uint64_t> key{q.top().at().count(), q.top().payload};
      ASSERT_LT(last, key) << "popped out of (time, seq) order at round " << round;
      last = key;
      now = key.first;
      q.pop();
      ++popped;
    }
  }
  EXPECT_EQ(q.size(), seq - popped);
}

}  // namespace
}  // namespace cs
