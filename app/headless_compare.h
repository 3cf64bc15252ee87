// The headless comparison: a scenario and its variant (compare.h) run in
// lockstep without a window. Run A leads step by step; run B follows to the
// same simulated time and begins each step when A does. Both reports are
// printed in full, then a side-by-side summary: each step's outcome, the
// metrics that ended differently, the invariants and both trace hashes.
// Main thread; drives the kernels directly, with no other threads.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>

#include "clusterscope/compare.h"

namespace cs::app {

// Returns 0 if run A met every step's condition and neither run broke an
// invariant, 1 otherwise (run B meeting A's conditions or not is the result
// being compared, not a failure). Throws InputError if a scenario's pattern
// or options are bad.
int runCompare(const Comparison& comparison, std::optional<std::uint64_t> seed, std::ostream& out);

}  // namespace cs::app
