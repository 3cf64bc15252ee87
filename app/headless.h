// The headless runner: a scenario, or a replay file, without a window. It
// writes the HeadlessReport (each step's narration, what was traced, each
// condition, each invariant, the trace hash last). Main thread; drives the
// kernel directly, with no other threads.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>

#include "clusterscope/replay.h"
#include "clusterscope/scenario.h"

namespace cs::app {

// Runs every step of the runner's scenario (REQUIRES: no step begun yet) and
// writes the report to `out`. Returns 0 if every step's condition was met and
// no invariant broke, 1 otherwise. The runner keeps the run, to be saved.
int runHeadless(ScenarioRunner& runner, std::ostream& out);
// The same for a scenario run with `seed` instead of its own, if given.
// Throws InputError if the scenario's pattern or options are bad.
int runHeadless(const Scenario& scenario, std::optional<std::uint64_t> seed, std::ostream& out);

// Plays a replay to its recorded end, writing the report its run wrote to
// `out`. Returns 0 if the run ends with the recorded trace hash; otherwise
// says so on `err` and returns 1. Throws InputError if a command of the file
// is refused (see ReplayPlayer::advance).
int runReplay(ReplayPlayer& player, std::ostream& out, std::ostream& err);

}  // namespace cs::app
