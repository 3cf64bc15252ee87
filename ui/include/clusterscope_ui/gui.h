// The window's entry point, called by app/main.cpp. Creates the QApplication,
// opens a scenario and runs the event loop. UI thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cs::ui {

struct GuiOptions {
  // Name or path of a scenario, or a replay file's path; empty: the default
  // scenario (cs::defaultScenarioName()).
  std::string scenario;
  std::optional<std::uint64_t> seed;  // overrides the scenario's seed
  std::string
      screenshot;  // non-empty: render the window offscreen to this PNG after running, then exit
  std::optional<double> atSeconds;  // with screenshot: run to this simulated time first
  bool lecture = false;             // start in presentation mode
  std::string compare;              // OPTION=VALUE: open the compare view (compare.h)
};

// Returns the process exit code: 0, or 2 when a screenshot run could not open
// its scenario (the error goes to stderr).
int runGui(int& argc, char** argv, const GuiOptions& options);

}  // namespace cs::ui
