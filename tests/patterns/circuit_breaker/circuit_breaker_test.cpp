// The circuit breaker state machine, scenario by scenario: thresholds,
// minimumNumberOfCalls, both window kinds, HALF_OPEN probes, slow calls,
// maxWaitDurationInHalfOpenState, automatic and lazy OPEN -> HALF_OPEN,
// operator states and the reasons given for each transition. Time is passed
// in; nothing sleeps.
#include "patterns/circuit_breaker/circuit_breaker.h"

#include <gtest/gtest.h>

namespace cs::circuit_breaker {
namespace {

SimTime at(double seconds) {
  return fromSeconds(seconds);
}

const SimDuration kFast = fromMillis(10);
const SimDuration kSlow = fromSeconds(2);

// A breaker small enough to reason about: 10 calls, decides on all 10; 3
// probes; 5 s open; calls over 1 s are slow.
Config small() {
  Config c;
  c.slidingWindowSize = 10;
  c.minimumNumberOfCalls = 10;
  c.permittedNumberOfCallsInHalfOpenState = 3;
  c.waitDurationInOpenState = fromSeconds(5);
  c.slowCallDurationThreshold = fromSeconds(1);
  return c;
}

// Records `failures` errors then successes up to `calls`, all at time `t`.
void feed(CircuitBreaker& b, int calls, int failures, SimTime t, SimDuration d = kFast) {
  for (int i = 0; i < calls; ++i) {
    ASSERT_TRUE(b.tryAcquirePermission(t));
    if (i < failures) {
      b.onError(d, t);
    } else {
      b.onSuccess(d, t);
    }
  }
}

// Opens a small() breaker at time t with 10 failures.
CircuitBreaker openedAt(SimTime t, Config c = small()) {
  CircuitBreaker b(c, t);
  feed(b, 10, 10, t);
  EXPECT_EQ(b.state(), State::OPEN);
  b.takeTransitions();
  return b;
}

struct ThresholdCase {
  double threshold;
  int failures;  // of 10 calls
  State expected;
};

TEST(CircuitBreaker, FailureRateThresholdJustBelowAtAndAbove) {
  const ThresholdCase cases[] = {
      {50, 4, State::CLOSED}, {50, 5, State::OPEN},  {50, 6, State::OPEN},
      {30, 2, State::CLOSED}, {30, 3, State::OPEN},  {100, 9, State::CLOSED},
      {100, 10, State::OPEN}, {1, 0, State::CLOSED}, {1, 1, State::OPEN},
      {35, 3, State::CLOSED}, {35, 4, State::OPEN},
  };
  for (const auto& c : cases) {
    Config config = small();
    config.failureRateThreshold = c.threshold;
    CircuitBreaker b(config);
    feed(b, 10, c.failures, at(1));
    EXPECT_EQ(b.state(), c.expected) << c.failures << " of 10 failed, threshold " << c.threshold;
  }
}

TEST(CircuitBreaker, SlowCallRateThresholdJustBelowAtAndAbove) {
  const ThresholdCase cases[] = {
      {30, 2, State::CLOSED},  {30, 3, State::OPEN},   {30, 4, State::OPEN},
      {100, 9, State::CLOSED}, {100, 10, State::OPEN},
  };
  for (const auto& c : cases) {
    Config config = small();
    config.slowCallRateThreshold = c.threshold;
    CircuitBreaker b(config);
    // Every call succeeds; the first c.failures of them are slow.
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(b.tryAcquirePermission(at(1)));
      b.onSuccess(i < c.failures ? kSlow : kFast, at(1));
    }
    EXPECT_EQ(b.state(), c.expected) << c.failures << " of 10 slow, threshold " << c.threshold;
  }
}

TEST(CircuitBreaker, SlowSuccessesAloneTripTheBreaker) {
  CircuitBreaker b(small());
  feed(b, 9, 0, at(1), kSlow);
  EXPECT_EQ(b.state(), State::CLOSED);
  EXPECT_EQ(b.failureRate(), -1);
  ASSERT_TRUE(b.tryAcquirePermission(at(1)));
  b.onSuccess(kSlow, at(1));
  EXPECT_EQ(b.state(), State::OPEN);
  EXPECT_EQ(b.metrics().numberOfSlowSuccessfulCalls, 10);
  EXPECT_EQ(b.failureRate(), 0);
  EXPECT_EQ(b.slowCallRate(), 100);
}

TEST(CircuitBreaker, ExactlyTheSlowCallDurationThresholdIsNotSlow) {
  CircuitBreaker b(small());
  feed(b, 10, 0, at(1), fromSeconds(1));
  EXPECT_EQ(b.state(), State::CLOSED);
  EXPECT_EQ(b.metrics().numberOfSlowCalls, 0);
  feed(b, 1, 1, at(1), fromSeconds(1) + SimDuration{1});
  EXPECT_EQ(b.metrics().numberOfSlowFailedCalls, 1);
}

TEST(CircuitBreaker, MinimumNumberOfCallsGatesTheRates) {
  Config c = small();
  c.minimumNumberOfCalls = 5;
  CircuitBreaker b(c);
  feed(b, 4, 4, at(1));
  EXPECT_EQ(b.state(), State::CLOSED) << "4 failures of 4 calls is below the minimum";
  EXPECT_EQ(b.failureRate(), -1);
  EXPECT_EQ(b.slowCallRate(), -1);
  EXPECT_EQ(b.metrics().numberOfFailedCalls, 4);
  feed(b, 1, 1, at(1));
  EXPECT_EQ(b.state(), State::OPEN);
  EXPECT_EQ(b.failureRate(), 100);
}

TEST(CircuitBreaker, CountBasedMinimumIsAtMostTheWindow) {
  Config c = small();
  c.minimumNumberOfCalls = 100;  // more than the 10-call window can hold
  CircuitBreaker b(c);
  EXPECT_EQ(b.minimumNumberOfCalls(), 10);
  feed(b, 10, 10, at(1));
  EXPECT_EQ(b.state(), State::OPEN);
}

TEST(CircuitBreaker, CountBasedWindowForgetsOldFailures) {
  CircuitBreaker b(small());
  feed(b, 10, 4, at(1));  // 40%
  // Each success pushes out one of the oldest outcomes: the 4 failures go first.
  feed(b, 4, 0, at(2));
  EXPECT_EQ(b.failureRate(), 0);
  feed(b, 5, 5, at(3));  // 5 of the last 10 fail
  EXPECT_EQ(b.state(), State::OPEN);
}

TEST(CircuitBreaker, TimeBasedWindowEvictsAcrossSecondBoundaries) {
  Config c = small();
  c.slidingWindowType = SlidingWindowType::TIME_BASED;
  c.slidingWindowSize = 3;  // seconds
  c.minimumNumberOfCalls = 3;
  CircuitBreaker b(c);
  feed(b, 1, 1, at(0.1));
  feed(b, 1, 1, at(0.9));
  EXPECT_EQ(b.metrics().numberOfBufferedCalls, 2);
  // At 3.05 s the window holds seconds 1..3: the two failures of second 0
  // have left, so a third failure is one of one, below the minimum.
  feed(b, 1, 1, at(3.05));
  EXPECT_EQ(b.state(), State::CLOSED);
  EXPECT_EQ(b.metrics().numberOfBufferedCalls, 1);
  // Within one window, three failures open it.
  feed(b, 2, 2, at(4.5));
  EXPECT_EQ(b.state(), State::OPEN);
  EXPECT_EQ(b.metrics().numberOfBufferedCalls, 3);
}

TEST(CircuitBreaker, TimeBasedWindowAgesWhenTheOwnerAdvancesTime) {
  Config c = small();
  c.slidingWindowType = SlidingWindowType::TIME_BASED;
  c.slidingWindowSize = 2;
  c.minimumNumberOfCalls = 2;
  c.failureRateThreshold = 100;
  CircuitBreaker b(c);
  feed(b, 2, 1, at(0.5));
  EXPECT_EQ(b.failureRate(), 50);
  b.advanceTo(at(1.99));
  EXPECT_EQ(b.failureRate(), 50);
  b.advanceTo(at(2.0));
  EXPECT_EQ(b.failureRate(), -1);
  EXPECT_EQ(b.metrics().numberOfBufferedCalls, 0);
}

TEST(CircuitBreaker, OpenShortCircuitsAndCountsNotPermittedCalls) {
  CircuitBreaker b = openedAt(at(1));
  EXPECT_EQ(b.retryAfterWaitDuration(), at(6));
  for (double t : {1.0, 3.0, 5.999999}) EXPECT_FALSE(b.tryAcquirePermission(at(t)));
  EXPECT_EQ(b.metrics().numberOfNotPermittedCalls, 3);
  // OPEN keeps the window that tripped it.
  EXPECT_EQ(b.failureRate(), 100);
  EXPECT_EQ(b.state(), State::OPEN);
}

TEST(CircuitBreaker, LazyTransitionHappensOnTheFirstRequestAfterTheWait) {
  CircuitBreaker b = openedAt(at(1));
  EXPECT_EQ(b.nextTransitionAt(), std::nullopt) << "nothing to time without automatic transition";
  b.advanceTo(at(100));
  EXPECT_EQ(b.state(), State::OPEN);
  EXPECT_TRUE(b.tryAcquirePermission(at(100)));
  EXPECT_EQ(b.state(), State::HALF_OPEN);
  const auto ts = b.takeTransitions();
  ASSERT_EQ(ts.size(), 1u);
  EXPECT_EQ(ts[0].at, at(100)) << "lazy: at the request";
  EXPECT_EQ(ts[0].reason, "waitDurationInOpenState (5 s) elapsed and a call asked for permission");
}

TEST(CircuitBreaker, AutomaticTransitionHappensAtTheEndOfTheWait) {
  Config c = small();
  c.automaticTransitionFromOpenToHalfOpenEnabled = true;
  CircuitBreaker b = openedAt(at(1), c);
  ASSERT_EQ(b.nextTransitionAt(), at(6));
  b.advanceTo(at(5.5));
  EXPECT_EQ(b.state(), State::OPEN);
  b.advanceTo(at(6));
  EXPECT_EQ(b.state(), State::HALF_OPEN);
  EXPECT_EQ(b.remainingPermissionsInHalfOpenState(), 3);
  const auto ts = b.takeTransitions();
  ASSERT_EQ(ts.size(), 1u);
  EXPECT_EQ(ts[0].at, at(6));
  EXPECT_EQ(ts[0].reason, "waitDurationInOpenState (5 s) elapsed");
}

TEST(CircuitBreaker, AutomaticTransitionTakesEffectAtItsDueTimeEvenIfToldLater) {
  Config c = small();
  c.automaticTransitionFromOpenToHalfOpenEnabled = true;
  CircuitBreaker b = openedAt(at(1), c);
  EXPECT_TRUE(b.tryAcquirePermission(at(9)));
  const auto ts = b.takeTransitions();
  ASSERT_EQ(ts.size(), 1u);
  EXPECT_EQ(ts[0].at, at(6));
  EXPECT_EQ(b.stateEnteredAt(), at(6));
}

TEST(CircuitBreaker, HalfOpenPermitsExactlyNCallsThenDenies) {
  CircuitBreaker b = openedAt(at(0));
  EXPECT_TRUE(b.tryAcquirePermission(at(5)));
  const auto epoch = b.epoch();
  EXPECT_TRUE(b.tryAcquirePermission(at(5)));
  EXPECT_TRUE(b.tryAcquirePermission(at(5)));
  EXPECT_EQ(b.remainingPermissionsInHalfOpenState(), 0);
  EXPECT_FALSE(b.tryAcquirePermission(at(5)));
  EXPECT_FALSE(b.tryAcquirePermission(at(50)));
  EXPECT_EQ(b.metrics().numberOfNotPermittedCalls, 2);
  // A probe that was not made gives its permission back...
  b.releasePermission(epoch);
  EXPECT_TRUE(b.tryAcquirePermission(at(50)));
  EXPECT_FALSE(b.tryAcquirePermission(at(50)));
  // ...but a permission from before this HALF_OPEN is not a probe.
  b.releasePermission(epoch - 1);
  EXPECT_FALSE(b.tryAcquirePermission(at(50)));
  EXPECT_EQ(b.state(), State::HALF_OPEN);
}

TEST(CircuitBreaker, HalfOpenDecidesOnlyOnceAllProbesAreRecorded) {
  CircuitBreaker b = openedAt(at(0));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(b.tryAcquirePermission(at(5)));
  b.onError(kFast, at(5.1));
  b.onError(kFast, at(5.2));
  EXPECT_EQ(b.state(), State::HALF_OPEN) << "2 of 3 probes failed, the third is still out";
  EXPECT_EQ(b.failureRate(), -1);
  b.onSuccess(kFast, at(5.3));
  EXPECT_EQ(b.state(), State::OPEN);
}

struct ProbeCase {
  int failures;  // of 3 probes
  int slow;      // of 3 probes
  State expected;
};

TEST(CircuitBreaker, HalfOpenClosesOnGoodProbesAndReopensOnBadOnes) {
  const ProbeCase cases[] = {
      {0, 0, State::CLOSED}, {1, 0, State::CLOSED}, {2, 0, State::OPEN},
      {3, 0, State::OPEN},   {0, 2, State::CLOSED}, {0, 3, State::OPEN},
  };
  for (const auto& c : cases) {
    CircuitBreaker b = openedAt(at(0));
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(b.tryAcquirePermission(at(5)));
    for (int i = 0; i < 3; ++i) {
      const SimDuration d = i < c.slow ? kSlow : kFast;
      if (i < c.failures) {
        b.onError(d, at(6));
      } else {
        b.onSuccess(d, at(6));
      }
    }
    EXPECT_EQ(b.state(), c.expected) << c.failures << " failed, " << c.slow << " slow";
    const auto ts = b.takeTransitions();
    ASSERT_EQ(ts.size(), 2u);
    EXPECT_EQ(ts[1].from, State::HALF_OPEN);
    EXPECT_EQ(ts[1].to, c.expected);
    if (c.expected == State::CLOSED) {
      EXPECT_EQ(b.metrics().numberOfBufferedCalls, 0) << "CLOSED starts a fresh window";
      EXPECT_TRUE(b.tryAcquirePermission(at(6)));
    } else {
      EXPECT_EQ(b.retryAfterWaitDuration(), at(11)) << "a whole new wait";
      EXPECT_FALSE(b.tryAcquirePermission(at(10.9)));
      EXPECT_TRUE(b.tryAcquirePermission(at(11)));
    }
  }
}

TEST(CircuitBreaker, MaxWaitDurationInHalfOpenStateReopens) {
  Config c = small();
  c.maxWaitDurationInHalfOpenState = fromSeconds(2);
  CircuitBreaker b = openedAt(at(0), c);
  ASSERT_TRUE(b.tryAcquirePermission(at(5)));
  ASSERT_TRUE(b.tryAcquirePermission(at(5)));
  b.onSuccess(kFast, at(6));
  ASSERT_EQ(b.nextTransitionAt(), at(7));
  b.advanceTo(at(6.9));
  EXPECT_EQ(b.state(), State::HALF_OPEN);
  b.advanceTo(at(8));  // told late: the transition is still at 7 s
  EXPECT_EQ(b.state(), State::OPEN);
  auto ts = b.takeTransitions();
  ASSERT_EQ(ts.size(), 2u);
  EXPECT_EQ(ts[1].at, at(7));
  EXPECT_EQ(ts[1].reason,
            "maxWaitDurationInHalfOpenState (2 s) elapsed with 1 of 3 permitted calls recorded");
  EXPECT_EQ(b.retryAfterWaitDuration(), at(12));
  // The stuck probe's result comes back late, in OPEN: recorded, no effect.
  b.onSuccess(kFast, at(9));
  EXPECT_EQ(b.state(), State::OPEN);
}

TEST(CircuitBreaker, ZeroMaxWaitWaitsForever) {
  CircuitBreaker b = openedAt(at(0));
  ASSERT_TRUE(b.tryAcquirePermission(at(5)));
  EXPECT_EQ(b.nextTransitionAt(), std::nullopt);
  b.advanceTo(at(1e6));
  EXPECT_EQ(b.state(), State::HALF_OPEN);
}

TEST(CircuitBreaker, TimedTransitionsChainWhenToldLate) {
  Config c = small();
  c.automaticTransitionFromOpenToHalfOpenEnabled = true;
  c.maxWaitDurationInHalfOpenState = fromSeconds(1);
  CircuitBreaker b = openedAt(at(0), c);
  b.advanceTo(at(13));  // HALF_OPEN at 5, OPEN at 6, HALF_OPEN at 11, OPEN at 12
  const auto ts = b.takeTransitions();
  ASSERT_EQ(ts.size(), 4u);
  EXPECT_EQ(ts[0].at, at(5));
  EXPECT_EQ(ts[1].at, at(6));
  EXPECT_EQ(ts[2].at, at(11));
  EXPECT_EQ(ts[3].at, at(12));
  EXPECT_EQ(b.state(), State::OPEN);
  EXPECT_EQ(b.nextTransitionAt(), at(17));
}

TEST(CircuitBreaker, ForcedOpenDeniesEverythingAndTimeDoesNotMoveIt) {
  Config c = small();
  c.automaticTransitionFromOpenToHalfOpenEnabled = true;
  CircuitBreaker b(c);
  ASSERT_TRUE(b.transitionToForcedOpenState(at(1)));
  EXPECT_EQ(b.nextTransitionAt(), std::nullopt);
  for (double t : {1.0, 100.0, 1000.0}) EXPECT_FALSE(b.tryAcquirePermission(at(t)));
  EXPECT_EQ(b.state(), State::FORCED_OPEN);
  EXPECT_EQ(b.metrics().numberOfNotPermittedCalls, 3);
  b.onError(kFast, at(1000));  // a late result: dropped
  EXPECT_EQ(b.metrics().numberOfBufferedCalls, 0);
  EXPECT_EQ(b.failureRate(), -1);
  ASSERT_TRUE(b.transitionToClosedState(at(1001)));
  EXPECT_TRUE(b.tryAcquirePermission(at(1001)));
}

TEST(CircuitBreaker, DisabledPermitsEverythingAndRecordsNothing) {
  CircuitBreaker b(small());
  ASSERT_TRUE(b.transitionToDisabledState(at(1)));
  feed(b, 50, 50, at(2));
  EXPECT_EQ(b.state(), State::DISABLED);
  EXPECT_EQ(b.metrics().numberOfBufferedCalls, 0);
  EXPECT_EQ(b.failureRate(), -1);
}

TEST(CircuitBreaker, MetricsOnlyMeasuresButNeverOpens) {
  CircuitBreaker b(small());
  ASSERT_TRUE(b.transitionToMetricsOnlyState(at(1)));
  feed(b, 10, 10, at(2));
  EXPECT_EQ(b.state(), State::METRICS_ONLY);
  EXPECT_EQ(b.failureRate(), 100);
  EXPECT_FALSE(b.transitionToOpenState(at(3)));
  EXPECT_FALSE(b.transitionToHalfOpenState(at(3)));
  EXPECT_EQ(b.state(), State::METRICS_ONLY);
}

TEST(CircuitBreaker, OperatorEdgesFollowTheTransitionTable) {
  CircuitBreaker b(small());
  EXPECT_FALSE(b.transitionToHalfOpenState(at(1))) << "CLOSED has nothing to probe";
  EXPECT_EQ(b.state(), State::CLOSED);
  EXPECT_TRUE(b.takeTransitions().empty());
  ASSERT_TRUE(b.transitionToOpenState(at(1)));
  ASSERT_TRUE(b.transitionToHalfOpenState(at(2)));
  EXPECT_EQ(b.remainingPermissionsInHalfOpenState(), 3);
  b.reset(at(3));
  EXPECT_EQ(b.state(), State::CLOSED);
  const auto ts = b.takeTransitions();
  ASSERT_EQ(ts.size(), 3u);
  EXPECT_EQ(ts[0].reason, "transitionToOpenState() by the operator");
  EXPECT_EQ(ts[2].reason, "reset() by the operator");
  // Moving to the current state resets it without reporting a transition.
  feed(b, 3, 3, at(4));
  const auto epoch = b.epoch();
  ASSERT_TRUE(b.transitionToClosedState(at(5)));
  EXPECT_EQ(b.metrics().numberOfBufferedCalls, 0);
  EXPECT_GT(b.epoch(), epoch);
  EXPECT_TRUE(b.takeTransitions().empty());
}

struct ReasonCase {
  const char* name;
  int calls;
  int failures;
  int slow;  // the first `slow` calls take kSlow
  const char* reason;
};

TEST(CircuitBreaker, TransitionReasonsSayWhy) {
  const ReasonCase cases[] = {
      {"failures", 8, 5, 0, "failure rate 62.5% >= 50% (5 of 8 calls failed)"},
      {"slow", 8, 0, 8, "slow-call rate 100% >= 100% (8 of 8 calls took longer than 1 s)"},
      {"both", 8, 8, 8,
       "failure rate 100% >= 50% (8 of 8 calls failed); slow-call rate 100% >= 100% (8 of 8 "
       "calls took longer than 1 s)"},
  };
  for (const auto& c : cases) {
    Config config = small();
    config.slidingWindowSize = c.calls;
    config.minimumNumberOfCalls = c.calls;
    CircuitBreaker b(config);
    for (int i = 0; i < c.calls; ++i) {
      ASSERT_TRUE(b.tryAcquirePermission(at(2)));
      const SimDuration d = i < c.slow ? kSlow : kFast;
      if (i < c.failures) {
        b.onError(d, at(2));
      } else {
        b.onSuccess(d, at(2));
      }
    }
    const auto ts = b.takeTransitions();
    ASSERT_EQ(ts.size(), 1u) << c.name;
    EXPECT_EQ(ts[0].from, State::CLOSED);
    EXPECT_EQ(ts[0].to, State::OPEN);
    EXPECT_EQ(ts[0].at, at(2));
    EXPECT_EQ(ts[0].reason, c.reason) << c.name;
    EXPECT_TRUE(b.takeTransitions().empty()) << "drained";
  }
}

TEST(CircuitBreaker, HalfOpenReasonsNameTheProbes) {
  CircuitBreaker b = openedAt(at(0));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(b.tryAcquirePermission(at(5)));
  for (int i = 0; i < 3; ++i) b.onSuccess(kFast, at(6));
  auto ts = b.takeTransitions();
  ASSERT_EQ(ts.size(), 2u);
  EXPECT_EQ(ts[1].reason,
            "failure rate 0% < 50% and slow-call rate 0% < 100% over 3 permitted calls");

  CircuitBreaker o = openedAt(at(0));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(o.tryAcquirePermission(at(5)));
  for (int i = 0; i < 3; ++i) o.onError(kFast, at(6));
  ts = o.takeTransitions();
  ASSERT_EQ(ts.size(), 2u);
  EXPECT_EQ(ts[1].reason, "failure rate 100% >= 50% (3 of 3 permitted calls failed)");
}

TEST(CircuitBreaker, StateNamesAreResilience4js) {
  EXPECT_STREQ(stateName(State::CLOSED), "CLOSED");
  EXPECT_STREQ(stateName(State::HALF_OPEN), "HALF_OPEN");
  EXPECT_STREQ(stateName(State::FORCED_OPEN), "FORCED_OPEN");
  EXPECT_STREQ(stateName(State::METRICS_ONLY), "METRICS_ONLY");
}

}  // namespace
}  // namespace cs::circuit_breaker
