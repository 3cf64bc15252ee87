// The pacing report on the command line. See headless_pacing.h.
#include "headless_pacing.h"

#include <cstdio>
#include <string>

#include "clusterscope/driver.h"
#include "clusterscope/pacing.h"

namespace cs::app {

namespace {

// The targets of issue 12: a key message is seen crossing for at least this
// long, and a step is over within this much wall time.
constexpr double kVisibleTarget = 0.8;
constexpr double kStepTarget = 25;

std::string format(const char* fmt, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, a);
  return buf;
}

}  // namespace

int runPacingReport(const Scenario& scenario, std::optional<std::uint64_t> seed,
                    std::ostream& out) {
  const auto steps = pacingReport(scenario, seed, Driver::kDefaultSpeed);
  out << "pacing " << scenario.name << " (seed " << seed.value_or(scenario.config.seed)
      << "): wall time per step at its default pacing; targets: key messages visible >= "
      << kVisibleTarget << " s, a step <= " << kStepTarget << " s\n";
  bool allMet = true;
  double total = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const StepPacingReport& s = steps[i];
    total += s.wallSeconds;
    const bool longStep = s.wallSeconds > kStepTarget;
    const bool unseen = s.shortestKeyVisible && *s.shortestKeyVisible < kVisibleTarget - 1e-9;
    out << "  step " << i + 1 << " " << s.title << ": speed x" << s.speed << ", "
        << format("%.3f", s.simSeconds) << " s simulated, wall " << format("%.1f", s.wallSeconds)
        << " s (slow motion " << format("%.1f", s.slowWallSeconds) << " s)";
    if (s.shortestKeyVisible)
      out << ", " << s.keyMessages << " key message" << (s.keyMessages == 1 ? "" : "s")
          << ", shortest visible " << format("%.2f", *s.shortestKeyVisible) << " s";
    else
      out << ", no key messages";
    if (!s.met) out << "  [condition NOT met]";
    if (longStep) out << "  [over " << kStepTarget << " s]";
    if (unseen) out << "  [visible under " << kVisibleTarget << " s]";
    out << "\n";
    allMet = allMet && s.met;
  }
  out << "  total wall " << format("%.1f", total) << " s\n";
  return allMet ? 0 : 1;
}

}  // namespace cs::app
