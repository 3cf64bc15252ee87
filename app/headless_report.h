// The headless report: the scenario's title, each step's title and narration,
// the milestones, commands and violations traced during it, whether its
// condition was met, one verdict per invariant and, last, the trace hash that
// identifies the run. A headless run and the replay of it write the same
// report, line for line. Main thread; reads the simulation it is given.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "clusterscope/scenario.h"

namespace cs::app {

// A simulated time as the headless reports print it: "1.250s".
std::string secondsText(SimTime t);

class HeadlessReport : private TraceListener {
 public:
  // Listens to the simulation's trace until destroyed.
  HeadlessReport(const Scenario& scenario, Simulation& sim, std::ostream& out);
  ~HeadlessReport() override;
  HeadlessReport(const HeadlessReport&) = delete;
  HeadlessReport& operator=(const HeadlessReport&) = delete;

  void header();
  // Before the step begins: its title and narration.
  void stepBegins(std::size_t index);
  // What was traced since, and that the step could not begin.
  void couldNotBegin(const std::string& error);
  // What was traced since the step began, whether its condition was met by
  // now and, if it was, a ✓ or ✗ line per expectation of the step. Returns
  // whether the condition was met.
  bool stepEnds(ScenarioRunner& runner);
  // Every expectation checked so far held.
  bool expectationsHeld() const { return expectationsHeld_; }
  // The run stopped at step `index`, which could not begin or whose
  // condition was not met.
  void stopped(std::size_t index, bool couldNotBegin);
  // Anything traced since, each invariant's verdict and the trace hash.
  // Returns whether every invariant held, except those the scenario breaks
  // on purpose (Scenario::breaks), which must have broken.
  bool verdicts();

 private:
  void onRecord(const TraceRecord& record) override;

  const Scenario& scenario_;
  Simulation& sim_;
  std::ostream& out_;
  bool expectationsHeld_ = true;
};

}  // namespace cs::app
