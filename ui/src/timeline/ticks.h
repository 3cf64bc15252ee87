// Time axes' tick spacing, shared by the space-time diagram's grid, the
// timeline and the branch tree.
#pragma once

#include <clusterscope/time.h>

#include <cstdint>

namespace cs::ui {

// The time step between ticks: 1, 2 or 5 times a power of ten
// microseconds, at least `minimumPixels` apart.
inline SimDuration gridStep(double pixelsPerSecond, double minimumPixels) {
  for (std::int64_t decade = 1; decade < 100'000'000'000; decade *= 10)
    for (std::int64_t m : {1, 2, 5}) {
      const SimDuration step{decade * m};
      if (toSeconds(step) * pixelsPerSecond >= minimumPixels) return step;
    }
  return SimDuration{100'000'000'000};
}

}  // namespace cs::ui
