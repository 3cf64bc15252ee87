// The command line: parses argv into Options, with a message naming the flag
// and what was expected when something is wrong. Main thread; plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cs::app {

struct Options {
  bool help = false;
  bool headless = false;
  bool listScenarios = false;
  bool lecture = false;
  bool pacingReport = false;  // print the pacing report (headless_pacing.h) and exit
  std::string scenario;       // name or path; empty: the default scenario
  std::optional<std::uint64_t> seed;
  std::string screenshot;  // PNG path; empty: none
  std::optional<double> atSeconds;
  std::string replay;      // a replay file to play headless; empty: none
  std::string saveReplay;  // where to write the run's replay file; empty: nowhere
  std::string csv;         // where to write the run's metrics as CSV; empty: nowhere
  std::string compare;     // OPTION=VALUE: run the scenario and its variant side by side
};

// Throws cs::InputError ("--seed: expected an integer from 0 to 2^64-1, got
// \"x\"") for an unknown flag, a missing value, a bad number or flags that do
// not go together (--replay with --scenario), a flag given twice, or an
// argument that is not UTF-8.
Options parseCommandLine(const std::vector<std::string>& args);

// The --help text.
std::string usage();

}  // namespace cs::app
