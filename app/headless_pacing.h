// The pacing report on the command line (--pacing-report): per step of a
// scenario, its pace, the wall time it takes at its default pacing and the
// shortest wall time a milestone-causing message of it was visible, from the
// model the window paces with (clusterscope/pacing.h). Main thread.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>

#include "clusterscope/scenario.h"

namespace cs::app {

// Writes the report to `out`. Returns 0 if every step's condition was met,
// 1 otherwise. Steps that miss a target are marked, not failed: a narration
// may ask the room to wait.
int runPacingReport(const Scenario& scenario, std::optional<std::uint64_t> seed, std::ostream& out);

}  // namespace cs::app
