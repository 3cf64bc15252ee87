// The headless report. See headless_report.h.
#include "headless_report.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace cs::app {

std::string secondsText(SimTime t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3fs", toSeconds(t));
  return buf;
}

namespace {

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
  if (c.kind == StepCondition::Kind::After) return "after " + secondsText(c.duration);
  if (c.kind == StepCondition::Kind::At) return "at " + secondsText(c.at) + " of the run";
  std::string s = "milestone \"" + c.milestone + "\"";
  if (c.node) s += " at node " + (c.node->id ? std::to_string(*c.node->id) : c.node->role);
  return s + " within " + secondsText(c.within);
}

}  // namespace

HeadlessReport::HeadlessReport(const Scenario& scenario, Simulation& sim, std::ostream& out)
    : scenario_(scenario), sim_(sim), out_(out) {
  sim_.kernel().trace().addListener(this);
}

HeadlessReport::~HeadlessReport() {
  sim_.kernel().trace().removeListener(this);
}

// Written as it is traced, never held: a step may trace millions of them.
void HeadlessReport::onRecord(const TraceRecord& r) {
  if (r.kind == TraceKind::Milestone || r.kind == TraceKind::Command ||
      r.kind == TraceKind::Violation)
    out_ << "  [" << secondsText(r.at) << "] " << sim_.describe(r) << "\n";
}

void HeadlessReport::header() {
  out_ << "Scenario: " << scenario_.title << " (" << scenario_.name << ", pattern "
       << sim_.config().pattern << ", seed " << sim_.config().seed << ")\n";
  out_ << wrap(scenario_.description, 0) << "\n";
}

void HeadlessReport::stepBegins(std::size_t index) {
  const ScenarioStep& step = scenario_.steps[index];
  out_ << "Step " << index + 1 << "/" << scenario_.steps.size() << ": " << step.title << "\n";
  out_ << wrap(step.narration, 2);
}

// A role that names no node right now: the run did not go as the scenario
// expected. It is a failed step, not a malformed file.
void HeadlessReport::couldNotBegin(const std::string& error) {
  out_ << "  could not begin: " << error << "\n\n";
}

bool HeadlessReport::stepEnds(ScenarioRunner& runner) {
  const StepCondition& until = scenario_.steps[runner.currentStep()].until;
  const bool met = runner.conditionMet();
  const bool expired = sim_.now() >= runner.deadline();
  out_ << "  until " << conditionText(until) << ": "
       << (met       ? "met at " + secondsText(runner.metAt())
           : expired ? "NOT MET by " + secondsText(runner.deadline())
                     : "not met yet at " + secondsText(sim_.now()))
       << "\n";
  for (const ExpectOutcome& o : runner.checkExpectations()) {
    out_ << "  " << (o.held ? "✓ " : "✗ ") << o.text << "\n";
    if (!o.held) expectationsHeld_ = false;
  }
  out_ << "\n";
  return met;
}

void HeadlessReport::stopped(std::size_t index, bool couldNotBegin) {
  out_ << "Stopped: step " << index + 1
       << (couldNotBegin ? " could not begin.\n\n" : "'s condition was not met.\n\n");
}

bool HeadlessReport::verdicts() {
  bool asMeant = true;  // every invariant held, except those the scenario sets out to break
  for (const auto& checker : sim_.checkers()) {
    const std::string name(checker->name());
    std::size_t broken = 0;
    const Violation* first = nullptr;
    for (const auto& v : sim_.violations()) {
      if (v.checker != name) continue;
      if (!first) first = &v;
      ++broken;
    }
    const auto& breaks = scenario_.breaks;
    const bool meantToBreak = std::find(breaks.begin(), breaks.end(), name) != breaks.end();
    asMeant = asMeant && (first != nullptr) == meantToBreak;
    out_ << "invariant \"" << name << "\": ";
    if (!first) {
      out_ << (meantToBreak ? "held, though this scenario's unsafe switch should break it\n"
                            : "held\n");
    } else {
      out_ << (meantToBreak ? "VIOLATED, as this scenario's unsafe switch shows: " : "VIOLATED: ")
           << first->text << " (at " << secondsText(first->at);
      if (broken > 1) out_ << "; " << broken - 1 << " more";
      out_ << ")\n";
    }
  }
  out_ << "trace-hash=" << hashText(sim_.kernel().trace().hash()) << "\n";
  return asMeant;
}

}  // namespace cs::app
