// The headless runner. See headless.h.
#include "headless.h"

#include <cinttypes>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "clusterscope/errors.h"

namespace cs::app {
namespace {

std::string seconds(SimTime t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3fs", toSeconds(t));
  return buf;
}

// Wraps a paragraph at `width` columns, each line indented by `indent`.
std::string wrap(const std::string& text, std::size_t indent, std::size_t width = 78) {
  std::istringstream words(text);
  std::string word, line, out;
  const std::string pad(indent, ' ');
  while (words >> word) {
    if (!line.empty() && pad.size() + line.size() + 1 + word.size() > width) {
      out += pad + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += pad + line + "\n";
  return out;
}

std::string conditionText(const StepCondition& c) {
  if (c.kind == StepCondition::Kind::After) return "after " + seconds(c.duration);
  std::string s = "milestone \"" + c.milestone + "\"";
  if (c.node) s += " at node " + (c.node->id ? std::to_string(*c.node->id) : c.node->role);
  return s + " within " + seconds(c.within);
}

// Collects the sentences for milestones, commands and violations as they are
// traced, so each step can print what happened during it.
class StepLog : public TraceListener {
 public:
  explicit StepLog(const Simulation& sim) : sim_(sim) {}
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Milestone || r.kind == TraceKind::Command ||
        r.kind == TraceKind::Violation)
      lines_.push_back("  [" + seconds(r.at) + "] " + sim_.describe(r));
  }
  std::vector<std::string> take() { return std::exchange(lines_, {}); }

 private:
  const Simulation& sim_;
  std::vector<std::string> lines_;
};

}  // namespace

int runHeadless(const Scenario& scenario, std::optional<std::uint64_t> seed, std::ostream& out) {
  ScenarioRunner runner(scenario, seed);
  Simulation& sim = runner.simulation();
  StepLog log(sim);
  sim.kernel().trace().addListener(&log);
  struct Unregister {
    Trace& trace;
    TraceListener* listener;
    ~Unregister() { trace.removeListener(listener); }
  } unregister{sim.kernel().trace(), &log};

  out << "Scenario: " << scenario.title << " (" << scenario.name << ", pattern "
      << sim.config().pattern << ", seed " << sim.config().seed << ")\n";
  out << wrap(scenario.description, 0) << "\n";

  bool allMet = true;
  for (std::size_t i = 0; i < runner.stepCount(); ++i) {
    const ScenarioStep& step = scenario.steps[i];
    out << "Step " << i + 1 << "/" << runner.stepCount() << ": " << step.title << "\n";
    out << wrap(step.narration, 2);
    try {
      runner.beginStep(i);
    } catch (const InputError& e) {
      // A role that names no node right now: the run did not go as the
      // scenario expected. It is a failed step, not a malformed file.
      for (const auto& line : log.take()) out << line << "\n";
      out << "  could not begin: " << e.what() << "\n\n";
      out << "Stopped: step " << i + 1 << " could not begin.\n\n";
      allMet = false;
      break;
    }
    const bool met = runner.runStep();
    for (const auto& line : log.take()) out << line << "\n";
    out << "  until " << conditionText(step.until) << ": "
        << (met ? "met at " + seconds(sim.now()) : "NOT MET by " + seconds(runner.deadline()))
        << "\n\n";
    if (!met) {
      allMet = false;
      out << "Stopped: step " << i + 1 << "'s condition was not met.\n\n";
      break;
    }
  }

  for (const auto& checker : sim.checkers()) {
    const std::string name(checker->name());
    std::size_t broken = 0;
    const Violation* first = nullptr;
    for (const auto& v : sim.violations()) {
      if (v.checker != name) continue;
      if (!first) first = &v;
      ++broken;
    }
    out << "invariant \"" << name << "\": ";
    if (!first) {
      out << "held\n";
    } else {
      out << "VIOLATED: " << first->text << " (at " << seconds(first->at);
      if (broken > 1) out << "; " << broken - 1 << " more";
      out << ")\n";
    }
  }
  char hash[40];
  std::snprintf(hash, sizeof hash, "trace-hash=%016" PRIx64, sim.kernel().trace().hash());
  out << hash << "\n";
  return allMet && sim.violations().empty() ? 0 : 1;
}

}  // namespace cs::app
