// The headless comparison. See headless_compare.h.
#include "headless_compare.h"

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "clusterscope/errors.h"
#include "headless_report.h"

namespace cs::app {
namespace {

constexpr int kLabelWidth = 44;
constexpr int kColumnWidth = 24;

std::string row(std::string label, const std::string& a, const std::string& b) {
  if (label.size() > kLabelWidth - 1) label = label.substr(0, kLabelWidth - 4) + "...";
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-*s %-*s %s\n", kLabelWidth, label.c_str(), kColumnWidth,
                a.c_str(), b.c_str());
  return buf;
}

// One side of the comparison: its runner, its report (kept apart so that the
// two reports print whole, one after the other) and each step's outcome.
struct Side {
  Side(const Scenario& scenario, std::optional<std::uint64_t> seed)
      : runner(scenario, seed), report(runner.scenario(), runner.simulation(), text) {}
  ScenarioRunner runner;
  std::ostringstream text;
  HeadlessReport report;
  std::vector<std::string> outcomes;

  Simulation& sim() { return runner.simulation(); }
  // Begins step i; false (and reported) if a role named no node.
  bool begin(std::size_t i) {
    report.stepBegins(i);
    try {
      runner.beginStep(i);
      return true;
    } catch (const InputError& e) {
      report.couldNotBegin(e.what());
      outcomes.push_back("could not begin");
      return false;
    }
  }
  bool end() {
    const bool met = report.stepEnds(runner);
    outcomes.push_back(met ? "met at " + secondsText(runner.metAt()) : "not met");
    return met;
  }
  std::string invariants() const {
    const auto n = runner.simulation().violations().size();
    return n == 0 ? "all held" : std::to_string(n) + " violations";
  }
};

void summary(const Comparison& c, Side& a, Side& b, std::ostream& out) {
  out << "=== Compare: " << c.a.name << ", seed " << a.sim().config().seed << ": " << c.captionA
      << " | " << c.captionB << " ===\n";
  out << row("", "A: " + c.captionA, "B: " + c.captionB);
  for (std::size_t i = 0; i < a.outcomes.size(); ++i)
    out << row("step " + std::to_string(i + 1) + ": " + c.a.steps[i].title, a.outcomes[i],
               i < b.outcomes.size() ? b.outcomes[i] : "-");
  out << row("simulated time", secondsText(a.sim().now()), secondsText(b.sim().now()));
  const Metrics& ma = a.sim().kernel().metrics();
  const Metrics& mb = b.sim().kernel().metrics();
  for (MetricId id = 0; id < ma.size(); ++id) {
    const auto other = mb.find(ma.name(id));
    const std::int64_t va = ma.value(id);
    if (other && mb.value(*other) == va) continue;
    out << row(ma.name(id), std::to_string(va), other ? std::to_string(mb.value(*other)) : "-");
  }
  out << row("invariants", a.invariants(), b.invariants());
  out << row("trace-hash", hashText(a.sim().kernel().trace().hash()),
             hashText(b.sim().kernel().trace().hash()));
}

}  // namespace

int runCompare(const Comparison& c, std::optional<std::uint64_t> seed, std::ostream& out) {
  Side a(c.a, seed);
  Side b(c.b, seed);
  a.report.header();
  b.report.header();
  bool allMet = true;
  for (std::size_t i = 0; i < a.runner.stepCount() && allMet; ++i) {
    // B does everything due by A's time, then both begin the step at that time.
    b.sim().runUntil(a.sim().now());
    const bool begunB = b.begin(i);
    if (!a.begin(i)) {
      a.report.stopped(i, true);
      allMet = false;
      break;
    }
    a.runner.runStep();
    b.sim().runUntil(a.sim().now());
    if (begunB) b.end();
    allMet = a.end();
    if (!allMet) a.report.stopped(i, false);
  }
  const bool heldA = a.report.verdicts();
  const bool heldB = b.report.verdicts();
  out << "=== A: " << c.captionA << " ===\n" << a.text.str() << "\n";
  out << "=== B: " << c.captionB << " ===\n" << b.text.str() << "\n";
  summary(c, a, b, out);
  return allMet && heldA && heldB ? 0 : 1;
}

}  // namespace cs::app
