// The sliding window a circuit breaker aggregates call outcomes in, after
// resilience4j's FixedSizeSlidingWindowMetrics (COUNT_BASED: a ring of the
// last N outcomes) and SlidingTimeWindowMetrics (TIME_BASED: N one-second
// buckets of virtual time, keyed by the second since the run began). Both keep
// running totals, so recording a call and reading the rates cost O(1); a
// TIME_BASED window also evicts one bucket per second that time moved on, at
// most N per call. Owned by one CircuitBreaker; kernel thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/circuit_breaker/breaker_view.h"
#include "clusterscope/time.h"
#include "patterns/circuit_breaker/config.h"

namespace cs::circuit_breaker {

// Outcome is in the public breaker_view.h: the UI draws each call.

// Totals over the calls in a window (or in one bucket of it).
struct Snapshot {
  std::int64_t totalNumberOfCalls = 0;
  std::int64_t numberOfFailedCalls = 0;
  std::int64_t totalNumberOfSlowCalls = 0;
  std::int64_t numberOfSlowFailedCalls = 0;

  std::int64_t numberOfSuccessfulCalls() const { return totalNumberOfCalls - numberOfFailedCalls; }
  std::int64_t numberOfSlowSuccessfulCalls() const {
    return totalNumberOfSlowCalls - numberOfSlowFailedCalls;
  }
  // Percentages in [0, 100]; 0 for an empty window.
  double failureRate() const { return percentOf(numberOfFailedCalls); }
  double slowCallRate() const { return percentOf(totalNumberOfSlowCalls); }

  void add(Outcome outcome, std::int64_t sign = 1);
  void subtract(const Snapshot& other);

 private:
  double percentOf(std::int64_t n) const {
    return totalNumberOfCalls == 0
               ? 0.0
               : static_cast<double>(n) * 100.0 / static_cast<double>(totalNumberOfCalls);
  }
};

class SlidingWindow {
 public:
  // `size` is calls (COUNT_BASED) or seconds (TIME_BASED). REQUIRES: size >= 1.
  SlidingWindow(SlidingWindowType type, int size);

  // Adds one outcome at virtual time `now`. A COUNT_BASED window that is full
  // forgets its oldest outcome; a TIME_BASED one first moves to now's second.
  void record(Outcome outcome, SimTime now);

  // TIME_BASED: forgets the buckets that are slidingWindowSize seconds or
  // more older than now's second. COUNT_BASED: nothing (time does not age a
  // count). A `now` before the last one is treated as the last one.
  void advanceTo(SimTime now);

  const Snapshot& snapshot() const { return total_; }
  // What the window holds, for the inspector. COUNT_BASED: one mark per call,
  // oldest first: ✓ success, ✗ failure, ◷ slow success (a slow failure is a
  // ✗). TIME_BASED: each second's calls, oldest first ("3✓ 1✗ | 5✓").
  std::string contents() const;
  // What contents() says, typed, for the UI.
  WindowView view() const;
  SlidingWindowType type() const { return type_; }
  int size() const { return size_; }

 private:
  SlidingWindowType type_;
  int size_;
  Snapshot total_;
  // COUNT_BASED: ring_[head_] is the next slot to write (the oldest outcome
  // once the ring is full).
  std::vector<Outcome> ring_;
  // TIME_BASED: buckets_[head_] holds the calls of second headSecond_, and
  // buckets_[(head_ - k) mod size_] those of second headSecond_ - k.
  std::vector<Snapshot> buckets_;
  std::size_t head_ = 0;
  std::int64_t headSecond_ = 0;
};

}  // namespace cs::circuit_breaker
