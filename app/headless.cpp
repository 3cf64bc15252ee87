// The headless runner. See headless.h.
#include "headless.h"

#include <limits>
#include <string>

#include "clusterscope/errors.h"
#include "headless_report.h"

namespace cs::app {
namespace {

constexpr std::size_t kNoStep = std::numeric_limits<std::size_t>::max();

}  // namespace

int runHeadless(ScenarioRunner& runner, std::ostream& out) {
  HeadlessReport report(runner.scenario(), runner.simulation(), out);
  report.header();
  bool allMet = true;
  for (std::size_t i = 0; i < runner.stepCount() && allMet; ++i) {
    report.stepBegins(i);
    try {
      runner.beginStep(i);
    } catch (const InputError& e) {
      report.couldNotBegin(e.what());
      report.stopped(i, true);
      allMet = false;
      break;
    }
    runner.runStep();
    allMet = report.stepEnds(runner);
    if (!allMet) report.stopped(i, false);
  }
  return report.verdicts() && allMet && report.expectationsHeld() ? 0 : 1;
}

int runHeadless(const Scenario& scenario, std::optional<std::uint64_t> seed, std::ostream& out) {
  ScenarioRunner runner(scenario, seed);
  return runHeadless(runner, out);
}

// Each step is reported as it was: its block ends where the next step or the
// end comes, and a user's commands in between are lines of the step they
// fell in. The run stopped at a step only if nothing came after it.
int runReplay(ReplayPlayer& player, std::ostream& out, std::ostream& err) {
  using Next = ReplayPlayer::Next;
  HeadlessReport report(player.replay().scenario, player.simulation(), out);
  report.header();
  bool stepOpen = false;
  std::size_t unbegun = kNoStep;  // the last step, if it could not begin
  while (!player.done()) {
    const Next next = player.next();
    if (next == Next::Command) {
      player.advance();
      continue;
    }
    player.approach();
    const bool end = next == Next::End;
    if (stepOpen && !report.stepEnds(player.runner()) && end)
      report.stopped(player.runner().currentStep(), false);
    if (unbegun != kNoStep && end) report.stopped(unbegun, true);
    stepOpen = false;
    unbegun = kNoStep;
    if (end) {
      player.advance();
      continue;
    }
    const std::size_t i = player.nextStep();
    report.stepBegins(i);
    if (auto error = player.advance()) {
      report.couldNotBegin(*error);
      unbegun = i;
    } else {
      stepOpen = true;
    }
  }
  report.verdicts();
  if (player.hashMatches()) return 0;
  err << "clusterscope: " << player.replay().source
      << ": the replay ended with trace-hash=" << hashText(player.traceHash())
      << ", but the file recorded trace-hash=" << hashText(player.replay().traceHash)
      << ": the run was not reproduced (an edited file, or one saved by a build whose "
         "patterns behave differently)\n";
  return 1;
}

}  // namespace cs::app
