// Time axes' tick spacing, shared by the timeline and the branch tree.
#pragma once

#include <algorithm>
#include <cmath>

namespace cs::ui {

// A tick spacing of 1, 2 or 5 times a power of ten seconds, about `px`
// pixels apart on an axis `width` pixels wide spanning `spanSeconds`.
inline double tickStep(double spanSeconds, double width, double px) {
  const double raw = spanSeconds * px / std::max(width, 1.0);
  const double p = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-3))));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * p) return m * p;
  return 10 * p;
}

}  // namespace cs::ui
