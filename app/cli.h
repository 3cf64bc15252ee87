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
  std::string scenario;  // name or path; empty: the default scenario
  std::optional<std::uint64_t> seed;
  std::string screenshot;  // PNG path; empty: none
  std::optional<double> atSeconds;
};

// Throws cs::InputError ("--seed: expected an integer from 0 to 2^64-1, got
// \"x\"") for an unknown flag, a missing value or a bad number.
Options parseCommandLine(const std::vector<std::string>& args);

// The --help text.
std::string usage();

}  // namespace cs::app
