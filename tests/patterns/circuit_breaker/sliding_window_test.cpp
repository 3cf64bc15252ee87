// The sliding windows on their own: a COUNT_BASED ring forgets its oldest
// outcome, a TIME_BASED window forgets whole seconds as virtual time moves on.
#include "patterns/circuit_breaker/sliding_window.h"

#include <gtest/gtest.h>

namespace cs::circuit_breaker {
namespace {

SimTime at(double seconds) {
  return fromSeconds(seconds);
}

TEST(SlidingWindow, CountBasedKeepsTheLastNOutcomes) {
  SlidingWindow w(SlidingWindowType::COUNT_BASED, 3);
  w.record(Outcome::ERROR, at(0));
  w.record(Outcome::SLOW_ERROR, at(0));
  w.record(Outcome::SLOW_SUCCESS, at(0));
  EXPECT_EQ(w.snapshot().totalNumberOfCalls, 3);
  EXPECT_EQ(w.snapshot().numberOfFailedCalls, 2);
  EXPECT_EQ(w.snapshot().totalNumberOfSlowCalls, 2);
  EXPECT_EQ(w.snapshot().numberOfSlowFailedCalls, 1);
  EXPECT_EQ(w.snapshot().numberOfSlowSuccessfulCalls(), 1);
  // The ERROR leaves, then the SLOW_ERROR.
  w.record(Outcome::SUCCESS, at(0));
  EXPECT_EQ(w.snapshot().totalNumberOfCalls, 3);
  EXPECT_EQ(w.snapshot().numberOfFailedCalls, 1);
  w.record(Outcome::SUCCESS, at(0));
  EXPECT_EQ(w.snapshot().numberOfFailedCalls, 0);
  EXPECT_EQ(w.snapshot().totalNumberOfSlowCalls, 1);
  EXPECT_DOUBLE_EQ(w.snapshot().slowCallRate(), 100.0 / 3);
}

TEST(SlidingWindow, CountBasedDoesNotAgeWithTime) {
  SlidingWindow w(SlidingWindowType::COUNT_BASED, 2);
  w.record(Outcome::ERROR, at(0));
  w.advanceTo(at(1e5));
  EXPECT_EQ(w.snapshot().numberOfFailedCalls, 1);
}

TEST(SlidingWindow, TimeBasedEvictsWholeSecondsAsTimeAdvances) {
  SlidingWindow w(SlidingWindowType::TIME_BASED, 3);  // this second and the two before
  w.record(Outcome::ERROR, at(0.1));
  w.record(Outcome::ERROR, at(0.999999));
  w.record(Outcome::SUCCESS, at(1.0));
  w.record(Outcome::SLOW_SUCCESS, at(2.5));
  EXPECT_EQ(w.snapshot().totalNumberOfCalls, 4);
  w.advanceTo(at(2.999999));  // still second 2: seconds 0..2 in the window
  EXPECT_EQ(w.snapshot().totalNumberOfCalls, 4);
  w.advanceTo(at(3.0));  // second 0 leaves
  EXPECT_EQ(w.snapshot().totalNumberOfCalls, 2);
  EXPECT_EQ(w.snapshot().numberOfFailedCalls, 0);
  w.record(Outcome::ERROR, at(4.2));  // second 1 leaves
  EXPECT_EQ(w.snapshot().totalNumberOfCalls, 2);
  EXPECT_EQ(w.snapshot().numberOfFailedCalls, 1);
  EXPECT_EQ(w.snapshot().totalNumberOfSlowCalls, 1);
  w.advanceTo(at(6.0));  // seconds 4..6: the call at 4.2 is the oldest kept
  EXPECT_EQ(w.snapshot().totalNumberOfCalls, 1);
  w.advanceTo(at(7.0));
  EXPECT_EQ(w.snapshot().totalNumberOfCalls, 0);
}

TEST(SlidingWindow, TimeBasedLongGapEmptiesTheWindow) {
  SlidingWindow w(SlidingWindowType::TIME_BASED, 5);
  for (int i = 0; i < 5; ++i) w.record(Outcome::ERROR, at(i + 0.5));
  EXPECT_EQ(w.snapshot().totalNumberOfCalls, 5);
  w.record(Outcome::SUCCESS, at(1000.0));
  EXPECT_EQ(w.snapshot().totalNumberOfCalls, 1);
  EXPECT_EQ(w.snapshot().numberOfFailedCalls, 0);
  // Time that goes nowhere (or back) changes nothing.
  w.advanceTo(at(999.0));
  EXPECT_EQ(w.snapshot().totalNumberOfCalls, 1);
}

// The inspector shows what the window holds, oldest first.
TEST(SlidingWindow, ContentsListTheOutcomesOldestFirst) {
  SlidingWindow count(SlidingWindowType::COUNT_BASED, 3);
  EXPECT_EQ(count.contents(), "(empty)");
  count.record(Outcome::SUCCESS, at(0));
  count.record(Outcome::ERROR, at(0));
  EXPECT_EQ(count.contents(), "✓✗");
  count.record(Outcome::SLOW_SUCCESS, at(0));
  count.record(Outcome::SLOW_ERROR, at(0));  // the first success falls out
  EXPECT_EQ(count.contents(), "✗◷✗");
  SlidingWindow time(SlidingWindowType::TIME_BASED, 3);
  time.record(Outcome::SUCCESS, at(0.5));
  time.record(Outcome::ERROR, at(1.5));
  time.record(Outcome::SUCCESS, at(1.7));
  EXPECT_EQ(time.contents(), "1✓ 0✗ | 1✓ 1✗");
}

}  // namespace
}  // namespace cs::circuit_breaker
