// clusterscope: the window, or a headless run of a scenario. This file only
// reads the command line and wires the parts together; the engine runs
// scenarios, the UI library draws them.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli.h"
#include "clusterscope/compare.h"
#include "clusterscope/errors.h"
#include "clusterscope/metrics_csv.h"
#include "clusterscope/replay.h"
#include "clusterscope/scenario.h"
#include "clusterscope/utf8.h"
#include "clusterscope_ui/gui.h"
#include "headless.h"
#include "headless_compare.h"
#include "headless_pacing.h"
#include "output_paths.h"

namespace {

constexpr const char* kFallbackScreenshot = "clusterscope.png";

bool hasDisplay() {
  for (const char* var : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
    const char* v = std::getenv(var);
    if (v && *v) return true;
  }
  return false;
}

int badInput(const std::string& message) {
  std::cerr << "clusterscope: " << message << "\n";
  return 2;
}

int listScenarios() {
  for (const auto& b : cs::bundledScenarios()) {
    const cs::Scenario sc = cs::loadScenario(b.name);
    std::cout << b.name << (b.name == cs::defaultScenarioName() ? " (default)" : "") << "\n"
              << "    " << sc.title << ": " << sc.description << "\n";
  }
  return 0;
}

cs::ui::GuiOptions guiOptions(const cs::app::Options& o) {
  cs::ui::GuiOptions g;
  g.scenario = o.replay.empty() ? o.scenario : o.replay;
  g.seed = o.seed;
  g.screenshot = o.screenshot;
  g.atSeconds = o.atSeconds;
  g.lecture = o.lecture;
  g.compare = o.compare;
  return g;
}

}  // namespace

// After a headless run: the files the command line asked for.
void saveOutputs(const cs::app::Options& o, const cs::ScenarioRunner& runner) {
  if (!o.saveReplay.empty()) cs::saveReplay(cs::captureReplay(runner), o.saveReplay);
  if (!o.csv.empty()) cs::saveMetricsCsv(runner.simulation().kernel().metrics(), o.csv);
}

// A headless run reads no records back, only listens to them.
cs::Scenario headless(cs::Scenario scenario) {
  scenario.config.kernel.traceCapacity = cs::kHeadlessTraceCapacity;
  return scenario;
}

int runHeadless(const cs::app::Options& o, const cs::Scenario& scenario) {
  cs::ScenarioRunner runner(headless(scenario), o.seed);
  const int result = cs::app::runHeadless(runner, std::cout);
  saveOutputs(o, runner);
  return result;
}

// The scenario and its variant; an option the pattern refuses is named with the flag.
cs::Comparison comparison(const cs::app::Options& o, const cs::Scenario& scenario) {
  try {
    return cs::makeComparison(scenario, cs::parseOptionChange(o.compare, "--compare"));
  } catch (const cs::InputError& e) {
    throw e.in("--compare " + o.compare);
  }
}

int runReplay(const cs::app::Options& o) {
  cs::Replay replay = cs::loadReplay(o.replay);
  replay.scenario = headless(std::move(replay.scenario));
  cs::ReplayPlayer player(std::move(replay));
  const int result = cs::app::runReplay(player, std::cout, std::cerr);
  saveOutputs(o, player.runner());
  return result;
}

int main(int argc, char** argv) {
  cs::app::Options o;
  try {
    o = cs::app::parseCommandLine(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const cs::InputError& e) {
    badInput(e.what());
    std::cerr << "Try 'clusterscope --help' for the list of flags.\n";
    return 2;
  }
  if (o.help) {
    std::cout << cs::app::usage();
    return 0;
  }
  try {
    cs::app::checkOutputPaths(o);  // before any run: a long run must not end unable to write
    if (o.listScenarios) return listScenarios();
    const bool replay = !o.replay.empty();
    if (replay && o.headless) return runReplay(o);
    // Every mode reads the scenario (or the replay) first, so a bad file is
    // reported the same way (exit 2, file and field named) whether or not a
    // window opens.
    const cs::Scenario scenario =
        replay ? cs::loadReplay(o.replay).scenario
               : cs::loadScenario(o.scenario.empty() ? cs::defaultScenarioName() : o.scenario);
    if (o.pacingReport) return cs::app::runPacingReport(scenario, o.seed, std::cout);
    if (o.headless && !o.compare.empty())
      return cs::app::runCompare(comparison(o, headless(scenario)), o.seed, std::cout);
    if (o.headless) return runHeadless(o, scenario);
    if (!o.compare.empty()) comparison(o, scenario);  // a bad option exits 2 before a window opens
    if (!o.screenshot.empty() || hasDisplay()) return cs::ui::runGui(argc, argv, guiOptions(o));

    // No display: show what can be shown without one, and leave a picture.
    std::cout << "clusterscope: no display (DISPLAY and WAYLAND_DISPLAY are unset); running \""
              << (replay ? o.replay : scenario.name) << "\" headless.\n\n";
    const int result =
        replay ? runReplay(o)
        : o.compare.empty()
            ? cs::app::runHeadless(headless(scenario), o.seed, std::cout)
            : cs::app::runCompare(comparison(o, headless(scenario)), o.seed, std::cout);
    setenv("QT_QPA_PLATFORM", "offscreen", 1);
    cs::ui::GuiOptions g = guiOptions(o);
    g.screenshot = kFallbackScreenshot;
    const int shot = cs::ui::runGui(argc, argv, g);
    if (shot == 0)
      std::cout << "clusterscope: screenshot of the window written to "
                << std::filesystem::absolute(kFallbackScreenshot).string() << "\n";
    else
      std::cerr << "clusterscope: the offscreen screenshot failed\n";
    return result != 0 ? result : shot;
  } catch (const cs::InputError& e) {
    return badInput(e.what());
  } catch (const std::bad_alloc&) {
    std::cerr << "clusterscope: out of memory\n";
    return 2;
  } catch (const std::exception& e) {
    // Nothing escapes as an abort: say what went wrong and exit as a failed run.
    std::cerr << "clusterscope: internal error: " << cs::shortPrefix(e.what(), 500) << "\n";
    return 1;
  }
}
