// Reading a scenario or a replay checks it against a simulation of its
// pattern, which is asked only its nodes, words and verbs: it must not
// allocate (and zero) the window's trace ring of 2^18 records, which every
// parse did, twice when opening a replay (issue 14). A program of its own,
// because it replaces the global operator new to see the largest block.
// Test thread only.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "clusterscope/replay.h"
#include "clusterscope/scenario.h"

namespace {

std::atomic<bool> watching{false};
std::atomic<std::size_t> largest{0};

}  // namespace

void* operator new(std::size_t n) {
  if (watching.load(std::memory_order_relaxed) && n > largest.load(std::memory_order_relaxed))
    largest.store(n, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace cs {
namespace {

// Far below the window's ring (2^18 records), far above anything a parse needs.
constexpr std::size_t kMostAParseMayTakeAtOnce = 2u << 20;

template <class F>
std::size_t largestBlock(F&& fn) {
  largest = 0;
  watching = true;
  fn();
  watching = false;
  return largest;
}

TEST(ParseAllocation, ReadingABundledScenarioTakesNoWindowSizedBlock) {
  for (const auto& b : bundledScenarios())
    EXPECT_LT(largestBlock([&] { loadScenario(b.name); }), kMostAParseMayTakeAtOnce) << b.name;
}

TEST(ParseAllocation, ReadingAReplayTakesNoWindowSizedBlock) {
  ScenarioRunner runner(loadScenario("leader-fails"));
  runner.beginStep(0);
  runner.runStep();
  const std::string text = replayJson(captureReplay(runner));
  EXPECT_LT(largestBlock([&] { parseReplay(text, "a.replay.json"); }), kMostAParseMayTakeAtOnce);
}

}  // namespace
}  // namespace cs
