// What the window draws of one circuit breaker: its State, the rates of the
// current state's sliding window and the calls in it, oldest first. The
// State and Outcome enums live here because the window names and colours
// them; the state machine (circuit_breaker.h) uses these same enums. Plain
// values, built on the kernel thread from one instant; immutable afterwards,
// so any thread may read them. (The Ambassador's breakers are these too.)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/ids.h"

namespace cs::circuit_breaker {

enum class State : std::uint8_t {
  // Calls flow; their outcomes fill the sliding window. It opens when, with at
  // least minimumNumberOfCalls recorded, the failure rate or the slow-call
  // rate reaches its threshold.
  CLOSED = 0,
  // Every call is short-circuited. After waitDurationInOpenState it becomes
  // HALF_OPEN: on the next permission request, or at that moment when
  // automaticTransitionFromOpenToHalfOpenEnabled.
  OPEN = 1,
  // Lets permittedNumberOfCallsInHalfOpenState probe calls through and denies
  // the rest. Once all probes are recorded it closes if both rates are below
  // their thresholds and opens otherwise; it also opens if
  // maxWaitDurationInHalfOpenState passes first.
  HALF_OPEN = 2,
  // Set by an operator: denies every call and records nothing until the
  // operator moves it to another state. Time does not move it.
  FORCED_OPEN = 3,
  // Set by an operator: permits every call and records nothing, as if there
  // were no breaker, until the operator moves it to another state.
  DISABLED = 4,
  // Set by an operator: permits every call and keeps the CLOSED window and
  // rates, but never opens; for watching what a breaker would do. Left only
  // by an operator (to CLOSED, FORCED_OPEN or DISABLED).
  METRICS_ONLY = 5,
};

// "CLOSED", "OPEN", "HALF_OPEN", "FORCED_OPEN", "DISABLED", "METRICS_ONLY".
const char* stateName(State state);

// How one call ended, as the breaker counts it: slow means it took longer
// than slowCallDurationThreshold.
enum class Outcome : std::uint8_t { SUCCESS, ERROR, SLOW_SUCCESS, SLOW_ERROR };

// The calls of one second of a TIME_BASED window.
struct SecondView {
  std::int64_t calls = 0;
  std::int64_t failed = 0;
  std::int64_t slow = 0;
};

// What the current state's sliding window holds.
struct WindowView {
  bool timeBased = false;           // false: COUNT_BASED, the last N calls
  int size = 0;                     // N: calls (COUNT_BASED) or seconds (TIME_BASED)
  std::vector<Outcome> calls;       // COUNT_BASED: one per call, oldest first
  std::vector<SecondView> seconds;  // TIME_BASED: each second with calls, oldest first
};

struct BreakerView {
  NodeId owner = kNoNode;             // the caller that asks it for permission
  NodeId protectedService = kNoNode;  // the callee whose calls it guards
  State state = State::CLOSED;
  // Percentages in [0, 100], or -1 while too few calls are buffered to count.
  double failureRate = -1;
  double slowCallRate = -1;
  std::int64_t bufferedCalls = 0;
  std::int64_t notPermittedCalls = 0;  // short-circuited since the window was last reset
  WindowView window;
};

}  // namespace cs::circuit_breaker
