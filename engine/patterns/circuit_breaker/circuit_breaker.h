// The Circuit Breaker state machine (Nygard, "Release It!"; resilience4j's
// CircuitBreakerStateMachine) as plain logic on virtual time: no kernel, no
// messages, no timers of its own. The owner — a client node — asks
// tryAcquirePermission() before each call, reports how the call ended with
// onSuccess()/onError(), and drains takeTransitions() to learn when and why
// the state changed. What to do with a short-circuited call (fail fast, serve
// a cached value, try another replica) is the owner's fallback, not the
// breaker's; so is deciding which errors count (report an ignored error with
// releasePermission(), and a result that should count as a failure with
// onError()).
//
// Invariants:
//   - OPEN and FORCED_OPEN never permit a call;
//   - HALF_OPEN has at most permittedNumberOfCallsInHalfOpenState permissions
//     outstanding, and decides once that many outcomes are recorded;
//   - CLOSED, right after recording an outcome, has rates below both
//     thresholds (or fewer than minimumNumberOfCalls calls);
//   - every state change is one of the edges isAllowedTransition() accepts,
//     and is queued as a Transition with its reason.
//
// Time is whatever the owner passes in; it must not go backwards. The rates
// and counts describe the window as of the last time passed in. Kernel thread
// only (not thread-safe).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clusterscope/circuit_breaker/breaker_view.h"
#include "clusterscope/time.h"
#include "patterns/circuit_breaker/config.h"
#include "patterns/circuit_breaker/sliding_window.h"

namespace cs::circuit_breaker {

// State and stateName() are in the public breaker_view.h: the UI names them.
// Every state's name in value order, CLOSED first: what a breaker's state
// metric says its values mean.
std::vector<std::string> stateNames();

// Whether the state machine has an edge from -> to (resilience4j's
// StateTransition table, without the X -> X resets). Automatic edges are
// CLOSED->OPEN, OPEN->HALF_OPEN, HALF_OPEN->OPEN and HALF_OPEN->CLOSED; the
// others are operator commands. CLOSED->HALF_OPEN and METRICS_ONLY->OPEN or
// ->HALF_OPEN do not exist.
bool isAllowedTransition(State from, State to);

// One state change, for the owner to trace and the UI to explain.
struct Transition {
  State from;
  State to;
  SimTime at;
  std::string reason;  // e.g. "failure rate 62.5% >= 50% (5 of 8 calls failed)"
};

// The window of the current state, resilience4j's CircuitBreaker.Metrics.
struct Metrics {
  // Percentages in [0, 100], or -1 while fewer than minimumNumberOfCalls
  // calls are buffered (for HALF_OPEN: fewer than all its probes).
  double failureRate = -1;
  double slowCallRate = -1;
  std::int64_t numberOfBufferedCalls = 0;
  std::int64_t numberOfFailedCalls = 0;
  std::int64_t numberOfSuccessfulCalls = 0;
  std::int64_t numberOfSlowCalls = 0;
  std::int64_t numberOfSlowFailedCalls = 0;
  std::int64_t numberOfSlowSuccessfulCalls = 0;
  // Calls short-circuited since the window was last reset.
  std::int64_t numberOfNotPermittedCalls = 0;
};

class CircuitBreaker {
 public:
  // Starts CLOSED with an empty window at `now`. REQUIRES: a config that
  // parseConfig() would accept.
  explicit CircuitBreaker(const Config& config, SimTime now = kTimeZero);

  // ---- The call path ----

  // Whether a call may go ahead now. false means short-circuited: the owner
  // runs its fallback and must not report an outcome. In OPEN, the first
  // request after waitDurationInOpenState moves the breaker to HALF_OPEN and
  // takes one of its permissions.
  bool tryAcquirePermission(SimTime now);
  // A permitted call that was not made after all (or whose error the owner
  // ignores): gives a HALF_OPEN permission back. `grantedInEpoch` is epoch()
  // read right after tryAcquirePermission() returned true; a permission from
  // an earlier epoch was not one of this HALF_OPEN's probes, so giving it
  // back changes nothing (resilience4j cannot tell and lets one more probe
  // through). A no-op in other states.
  void releasePermission(std::uint64_t grantedInEpoch);
  // A permitted call ended. `duration` is how long it took; over
  // slowCallDurationThreshold it also counts as slow. Either may trip a
  // transition (see State). A result arriving after a transition is recorded
  // by the current state, as resilience4j does; compare epoch() if that
  // matters.
  void onSuccess(SimDuration duration, SimTime now);
  void onError(SimDuration duration, SimTime now);

  // ---- Time ----

  // When a transition is due with no call at all: the end of the OPEN wait
  // when automaticTransitionFromOpenToHalfOpenEnabled, and the end of
  // maxWaitDurationInHalfOpenState in HALF_OPEN. The owner sets a timer for
  // it and calls advanceTo() when it fires. nullopt: nothing is due.
  std::optional<SimTime> nextTransitionAt() const;
  // Moves the breaker's clock to `now`: takes every transition due by then
  // (each at its due time) and ages a TIME_BASED window. Every other call
  // taking `now` does this first.
  void advanceTo(SimTime now);

  // ---- Operator commands (resilience4j's transitionTo*State and reset) ----
  // Each returns false, changing nothing, if isAllowedTransition() refuses
  // the edge. Moving to the current state resets its window and timers
  // without reporting a transition.
  bool transitionToClosedState(SimTime now);
  bool transitionToOpenState(SimTime now);
  bool transitionToHalfOpenState(SimTime now);
  bool transitionToForcedOpenState(SimTime now);
  bool transitionToDisabledState(SimTime now);
  bool transitionToMetricsOnlyState(SimTime now);
  // Back to CLOSED with an empty window, from any state.
  void reset(SimTime now);

  // ---- Observations ----
  State state() const { return state_; }
  const Config& config() const { return config_; }
  Metrics metrics() const;
  // The outcomes the current state's window holds (SlidingWindow::contents).
  std::string windowContents() const { return window_.contents(); }
  // The state, rates and window as a plain value the UI draws.
  BreakerView view(NodeId owner, NodeId protectedService) const;
  double failureRate() const { return metrics().failureRate; }
  double slowCallRate() const { return metrics().slowCallRate; }
  // Calls the current window needs before its rates count.
  int minimumNumberOfCalls() const { return minimumNumberOfCalls_; }
  // HALF_OPEN: probe permissions not yet handed out. 0 in other states.
  int remainingPermissionsInHalfOpenState() const {
    return state_ == State::HALF_OPEN ? halfOpenPermits_ : 0;
  }
  // OPEN: when the wait ends. REQUIRES: state() == State::OPEN.
  SimTime retryAfterWaitDuration() const;
  // When the current state was entered.
  SimTime stateEnteredAt() const { return enteredAt_; }
  // Counts state changes (and X -> X resets); a result whose permission was
  // granted under another epoch arrived after a transition.
  std::uint64_t epoch() const { return epoch_; }

  // The transitions since the last call, oldest first; clears the queue.
  std::vector<Transition> takeTransitions();

 private:
  void record(bool failed, SimDuration duration, SimTime now);
  // Closes or opens HALF_OPEN, or opens CLOSED, if the window now says so.
  void checkIfThresholdsExceeded(SimTime now);
  // The verb of every state change: new window per resilience4j (OPEN keeps
  // the window that tripped it), new timers, and a queued Transition.
  void transitionTo(State to, SimTime at, std::string reason);
  std::string operatorTransition(State to);
  bool command(State to, SimTime now, const char* verb);

  Config config_;
  State state_ = State::CLOSED;
  SimTime now_{0};
  SimTime enteredAt_{0};
  SlidingWindow window_;
  int minimumNumberOfCalls_;
  std::int64_t notPermitted_ = 0;
  int halfOpenPermits_ = 0;
  std::uint64_t epoch_ = 0;
  std::vector<Transition> transitions_;
};

}  // namespace cs::circuit_breaker
