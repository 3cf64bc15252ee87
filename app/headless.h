// The headless runner: a scenario without a window. It prints each step's
// title and narration, the milestones and commands traced during the step,
// whether the step's condition was met, one verdict per invariant and, last,
// the trace hash that identifies the run. Main thread; drives the kernel
// directly, with no other threads.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>

#include "clusterscope/scenario.h"

namespace cs::app {

// Runs every step of `scenario` (with `seed` instead of its own, if given)
// and writes the report to `out`. Returns 0 if every step's condition was met
// and no invariant broke, 1 otherwise. Throws InputError for a bad scenario
// (e.g. a role that resolves to no node when its step begins).
int runHeadless(const Scenario& scenario, std::optional<std::uint64_t> seed, std::ostream& out);

}  // namespace cs::app
