// The kernel's event queue (a timing wheel and a 4-ary heap) must pop in
// exactly (time, sequence) order, ties included, or runs would stop being
// reproducible.
#include "clusterscope/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <queue>
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

// A model to check against: the standard library's heap, ordered by the same
// (time, sequence) pair.
struct Model {
  using Item = std::tuple<std::int64_t, std::uint64_t, std::uint64_t>;  // time, seq, payload
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
};

// Times drawn the way a run schedules them, relative to the last pop: most
// within a few milliseconds (the wheel), some far ahead (the heap), bursts at
// one instant (more than a slot holds), and now and then one before the
// wheel's window. Pops and popDue interleave with pushes.
void checkAgainstModel(std::uint64_t seed, int rounds) {
  Rng rng(seed);
  EventQueue<std::uint64_t> q;
  Model model;
  std::int64_t now = 0;
  std::uint64_t seq = 0;
  auto push = [&](std::int64_t t) {
    q.push(SimTime{t}, seq, seq);
    model.queue.emplace(t, seq, seq);
    ++seq;
  };
  for (int round = 0; round < rounds; ++round) {
    const int what = static_cast<int>(rng.below(100));
    if (what < 45) {
      push(now + rng.between(0, 5'000));
    } else if (what < 50) {
      push(now + rng.between(60'000, 3'000'000));  // beyond the window
    } else if (what < 52) {
      const std::int64_t t = now + rng.between(0, 200);
      for (int k = 0; k < 5; ++k) push(t);  // a burst at one instant
    } else if (what < 53) {
      push(rng.between(0, now));  // before the window (the queue allows it)
    } else if (what < 80 && !model.queue.empty()) {
      const auto [t, s, p] = model.queue.top();
      ASSERT_EQ(q.top().at(), SimTime{t}) << "seed " << seed << " round " << round;
      ASSERT_EQ(q.top().seq, s) << "seed " << seed << " round " << round;
      const auto e = q.popTop();
      ASSERT_EQ(e.payload, p) << "seed " << seed << " round " << round;
      model.queue.pop();
      now = std::max(now, t);
    } else {
      const std::int64_t limit = now + rng.between(0, 2'000);
      EventQueue<std::uint64_t>::Entry e{};
      const bool due = !model.queue.empty() && std::get<0>(model.queue.top()) <= limit;
      ASSERT_EQ(q.popDue(SimTime{limit}, e), due) << "seed " << seed << " round " << round;
      if (due) {
        ASSERT_EQ(e.seq, std::get<1>(model.queue.top())) << "seed " << seed << " round " << round;
        now = std::max(now, std::get<0>(model.queue.top()));
        model.queue.pop();
      }
    }
    ASSERT_EQ(q.size(), model.queue.size()) << "seed " << seed << " round " << round;
  }
  while (!model.queue.empty()) {
    ASSERT_EQ(q.popTop().seq, std::get<1>(model.queue.top())) << "seed " << seed << " (drain)";
    model.queue.pop();
  }
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, WheelAndHeapPopInTheModelsOrderUnderRandomSchedules) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) checkAgainstModel(seed, 20'000);
}

// A slot holds two events; more at the same instant go to the in-order run,
// an earlier one that fits neither to the heap, and ties are still decided by
// sequence across the parts.
TEST(EventQueue, AFullSlotOverflowsInSequenceOrder) {
  EventQueue<std::string> q;
  q.push(SimTime{100}, 0, "a");
  q.push(SimTime{100}, 1, "b");
  q.push(SimTime{100}, 2, "c");     // slot full: run
  q.push(SimTime{99}, 3, "early");  // same slot (16 us), full; before the run's last: heap
  q.push(SimTime{100}, 4, "d");     // run
  std::vector<std::string> order;
  while (!q.empty()) order.push_back(q.popTop().payload);
  EXPECT_EQ(order, (std::vector<std::string>{"early", "a", "b", "c", "d"}));
}

// A broadcast: a thousand messages with one latency land at one instant, in
// the order they were sent, among other traffic.
TEST(EventQueue, ABroadcastAtOneInstantPopsInSendOrder) {
  EventQueue<std::uint64_t> q;
  std::uint64_t seq = 0;
  for (int beat = 0; beat < 3; ++beat) {
    const std::int64_t now = beat * 50'000;
    q.push(SimTime{now + 50'000}, seq, seq);  // the next beat's timer
    ++seq;
    for (int n = 0; n < 1000; ++n, ++seq) q.push(SimTime{now + 1'000}, seq, seq);
    std::uint64_t last = 0;
    for (int n = 0; n < 1000; ++n) {
      const auto e = q.popTop();
      ASSERT_EQ(e.at(), SimTime{now + 1'000}) << "beat " << beat << " message " << n;
      if (n > 0) {
        ASSERT_GT(e.seq, last) << "beat " << beat << " message " << n;
      }
      last = e.seq;
    }
    ASSERT_EQ(q.popTop().at(), SimTime{now + 50'000}) << "beat " << beat;
  }
  EXPECT_TRUE(q.empty());
}

// Events far beyond the near wheel's window wait in the far wheel; once the
// run gets there, events scheduled near them are in order with them.
TEST(EventQueue, FarEventsInterleaveWithNearOnesOnceTheRunGetsThere) {
  EventQueue<std::string> q;
  q.push(SimTime{10'000'000}, 0, "far");
  q.push(SimTime{5}, 1, "near");
  EXPECT_EQ(q.popTop().payload, "near");
  EXPECT_EQ(q.popTop().payload, "far");  // now = 10 s
  q.push(SimTime{10'000'020}, 2, "after");
  q.push(SimTime{10'000'000}, 3, "same instant");
  q.push(SimTime{10'000'010}, 4, "between");
  std::vector<std::string> order;
  while (!q.empty()) order.push_back(q.popTop().payload);
  EXPECT_EQ(order, (std::vector<std::string>{"same instant", "between", "after"}));
}

TEST(EventQueue, PopDueLeavesLaterEventsInPlace) {
  EventQueue<int> q;
  q.push(SimTime{50}, 0, 1);
  q.push(SimTime{900'000}, 1, 2);
  EventQueue<int>::Entry e{};
  EXPECT_FALSE(q.popDue(SimTime{49}, e));
  EXPECT_EQ(q.size(), 2u);
  ASSERT_TRUE(q.popDue(SimTime{50}, e));
  EXPECT_EQ(e.payload, 1);
  EXPECT_FALSE(q.popDue(SimTime{899'999}, e));
  ASSERT_TRUE(q.popDue(SimTime{900'000}, e));
  EXPECT_EQ(e.payload, 2);
  EXPECT_FALSE(q.popDue(SimTime{2'000'000}, e));
}

// Beyond the far wheel's 268 s: the heap, in order with everything else.
TEST(EventQueue, EventsBeyondTheFarWheelWaitInOrder) {
  EventQueue<std::string> q;
  q.push(SimTime{900'000'000}, 0, "15 min");
  q.push(SimTime{300'000'000}, 1, "5 min");
  q.push(SimTime{200'000'000}, 2, "200 s");
  q.push(SimTime{300'000'000}, 3, "5 min, later");
  std::vector<std::string> order;
  while (!q.empty()) order.push_back(q.popTop().payload);
  EXPECT_EQ(order, (std::vector<std::string>{"200 s", "5 min", "5 min, later", "15 min"}));
}

// Cancelled entries, wherever they wait, are never seen: the queue pops
// exactly the model's live events in order, and empty() means no live one.
void checkCancellationAgainstModel(std::uint64_t seed, int rounds) {
  Rng rng(seed);
  std::vector<bool> cancelled;  // by seq; once set, stays set
  auto isCancelled = [&cancelled](const auto& e) { return cancelled[e.seq]; };
  EventQueue<std::uint64_t, decltype(isCancelled)> q(isCancelled);
  Model model;
  std::vector<std::uint64_t> pending;  // seqs not yet popped or cancelled
  std::int64_t now = 0;
  for (int round = 0; round < rounds; ++round) {
    const int what = static_cast<int>(rng.below(100));
    if (what < 50) {
      // Near, a timeout's distance, or far beyond both wheels.
      const std::int64_t ahead = what < 20   ? rng.between(0, 5'000)
                                 : what < 48 ? rng.between(60'000, 3'000'000)
                                             : rng.between(200'000'000, 400'000'000);
      const std::uint64_t seq = cancelled.size();
      q.push(SimTime{now + ahead}, seq, seq);
      model.queue.emplace(now + ahead, seq, seq);
      cancelled.push_back(false);
      pending.push_back(seq);
    } else if (what < 80 && !pending.empty()) {
      const std::size_t i = rng.below(pending.size());
      cancelled[pending[i]] = true;
      pending[i] = pending.back();
      pending.pop_back();
    } else {
      while (!model.queue.empty() && cancelled[std::get<1>(model.queue.top())]) model.queue.pop();
      if (model.queue.empty()) {
        ASSERT_TRUE(q.empty()) << "seed " << seed << " round " << round;
        continue;
      }
      const auto [t, s, p] = model.queue.top();
      const auto e = q.popTop();
      ASSERT_EQ(e.seq, s) << "seed " << seed << " round " << round;
      model.queue.pop();
      pending.erase(std::find(pending.begin(), pending.end(), s));
      now = t;
    }
  }
}

TEST(EventQueue, CancelledEventsAreNeverPopped) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) checkCancellationAgainstModel(seed, 20'000);
}

}  // namespace
}  // namespace cs
