// The configuration of one circuit breaker, with resilience4j's names and
// defaults (CircuitBreakerConfig), parsed from the JSON object a scenario
// gives. Every key is optional; an unknown key or a value out of range is an
// InputError naming the key and the accepted range. Durations are written in
// milliseconds in JSON and held as SimDuration. Plain values; any thread.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "clusterscope/time.h"

namespace cs::circuit_breaker {

enum class SlidingWindowType : std::uint8_t {
  // The outcomes of the last slidingWindowSize calls.
  COUNT_BASED = 0,
  // The outcomes of the calls of the last slidingWindowSize seconds, in
  // one-second buckets of virtual time.
  TIME_BASED = 1,
};

const char* slidingWindowTypeName(SlidingWindowType type);

struct Config {
  // Percentage of failed calls at or above which the breaker opens (1-100).
  double failureRateThreshold = 50;
  // Percentage of slow calls at or above which the breaker opens (1-100).
  // 100 means "only when every call is slow".
  double slowCallRateThreshold = 100;
  // A call that takes longer than this (strictly) is slow, whether it
  // succeeded or failed.
  SimDuration slowCallDurationThreshold{60'000'000};
  // Probes let through while HALF_OPEN; the verdict waits for all of them.
  int permittedNumberOfCallsInHalfOpenState = 10;
  // How long HALF_OPEN may wait for its probes before giving up and opening
  // again. 0 means wait forever.
  SimDuration maxWaitDurationInHalfOpenState{0};
  SlidingWindowType slidingWindowType = SlidingWindowType::COUNT_BASED;
  // Calls (COUNT_BASED) or seconds (TIME_BASED).
  int slidingWindowSize = 100;
  // Calls the window must hold before a rate is computed (below it the
  // rates read -1). For COUNT_BASED the effective value is at most
  // slidingWindowSize, as in resilience4j.
  int minimumNumberOfCalls = 100;
  // How long OPEN short-circuits every call before letting probes through.
  SimDuration waitDurationInOpenState{60'000'000};
  // false: OPEN becomes HALF_OPEN on the first permission request after the
  // wait. true: it becomes HALF_OPEN at the end of the wait, whether or not a
  // call comes (the owner sets a timer at CircuitBreaker::nextTransitionAt()).
  bool automaticTransitionFromOpenToHalfOpenEnabled = false;
};

// Throws InputError ("breaker.failureRateThreshold: expected a percentage
// from 1 to 100, got 0"). `field` prefixes every key in messages. A null
// value means "all defaults".
Config parseConfig(const nlohmann::json& config, const std::string& field = "breaker");

}  // namespace cs::circuit_breaker
