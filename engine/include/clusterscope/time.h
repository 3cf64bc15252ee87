// Virtual time. The engine never reads a wall clock: every timestamp is a
// count of simulated microseconds since the run began. Any thread may use
// these types; they are plain values.
#pragma once

#include <chrono>
#include <cstdint>

namespace cs {

// A span of simulated time. Microsecond resolution keeps a 10-minute session
// (6e8 us) far inside int64 while letting links be sub-millisecond.
using SimDuration = std::chrono::duration<std::int64_t, std::micro>;

// A moment of simulated time, measured from the start of the run (0).
using SimTime = SimDuration;

inline constexpr SimTime kTimeZero{0};

inline constexpr double toSeconds(SimDuration d) {
  return static_cast<double>(d.count()) / 1e6;
}

inline constexpr SimDuration fromSeconds(double s) {
  return SimDuration{static_cast<std::int64_t>(s * 1e6 + (s >= 0 ? 0.5 : -0.5))};
}

inline constexpr SimDuration fromMillis(double ms) {
  return fromSeconds(ms / 1000.0);
}

}  // namespace cs
