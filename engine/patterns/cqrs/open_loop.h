// The gap before an open-loop client's next request: the mean gap at `rate`
// per second, times a factor drawn evenly from [0.5, 1.5), so arrivals do
// not march in lockstep yet stay integer-exact and seed-determined. The
// client sends at its rate whether or not earlier requests were answered:
// queueing shows instead of hiding. Any thread.
#pragma once

#include <algorithm>
#include <cstdint>

#include "clusterscope/rng.h"
#include "clusterscope/time.h"

namespace cs::cqrs {

inline SimDuration openLoopGap(Rng& rng, double rate) {
  const double mean = 1'000'000.0 / rate;
  const auto us = static_cast<std::int64_t>(mean * (0.5 + rng.unit()));
  return SimDuration{std::max<std::int64_t>(us, 1)};
}

}  // namespace cs::cqrs
