// Both runs of a comparison through every step, B following A to the same
// simulated time and beginning each step when A does, as the headless
// comparison and the window's compare view do. Shared by the compare tests
// and the following driver's. Test thread only.
#pragma once

#include <gtest/gtest.h>

#include "clusterscope/compare.h"

namespace cs::testing_detail {

struct Lockstep {
  explicit Lockstep(const Comparison& c) : a(c.a), b(c.b) {
    for (std::size_t i = 0; i < a.stepCount(); ++i) {
      b.simulation().runUntil(a.simulation().now());
      b.beginStep(i);
      a.beginStep(i);
      a.runStep();
      b.simulation().runUntil(a.simulation().now());
      EXPECT_EQ(a.simulation().now(), b.simulation().now());
    }
  }
  ScenarioRunner a;
  ScenarioRunner b;
};

}  // namespace cs::testing_detail
