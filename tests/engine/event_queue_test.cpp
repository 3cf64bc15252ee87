// The kernel's 4-ary heap must pop in exactly (time, sequence) order, ties
// included, or runs would stop being reproducible.
#include "clusterscope/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>
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

}  // namespace
}  // namespace cs
