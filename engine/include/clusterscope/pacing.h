// The pacing report: how a scenario plays on screen at its default pacing,
// step by step, measured with the model the window's driver paces with
// (engine/driver/step_pacing.h: each step's speed, and slow motion while
// the messages that lead to its condition fly). Any one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clusterscope/scenario.h"

namespace cs {

struct StepPacingReport {
  std::string title;
  bool met = false;            // its condition was met (the report stops at one that is not)
  double speed = 0;            // its pace, simulated seconds per wall second
  double simSeconds = 0;       // simulated time from its beginning to its condition
  double wallSeconds = 0;      // the wall time that takes on screen
  double slowWallSeconds = 0;  // of which in slow motion
  // The milestone-causing messages: how many, and the shortest wall time
  // one of them took to cross; nullopt when the step has none (a step run
  // for a time, or a milestone traced outside a delivery).
  std::size_t keyMessages = 0;
  std::optional<double> shortestKeyVisible;
};

// Runs the scenario headless (with `seed`, else its own) twice: once to plan
// which messages each step is about, once to measure it paced as the window
// paces it with its default speed (`defaultSpeed` where the scenario names
// none). Throws InputError as ScenarioRunner does.
std::vector<StepPacingReport> pacingReport(const Scenario& scenario,
                                           std::optional<std::uint64_t> seed, double defaultSpeed);

}  // namespace cs
