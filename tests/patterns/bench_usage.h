// What a benchmark reports of its own process besides wall time: its peak
// resident memory and its CPU time, from getrusage. On a shared machine the
// CPU time is the steadier figure. Wall time stays with each benchmark's own
// clock; the engine never reads either.
#pragma once

#include <sys/resource.h>

namespace cs::bench {

// Kilobytes (ru_maxrss on Linux).
inline long peakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// User plus system time of this process so far.
inline double cpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace cs::bench
