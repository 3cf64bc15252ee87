// Capturing a run as a Replay and writing it as a replay file. See replay.h.
// The file is laid out for people too: one line per step and per command,
// the scenario indented as its author might have written it.

#include "clusterscope/errors.h"
#include "clusterscope/replay.h"
#include "clusterscope/text_file.h"

namespace cs {
namespace {

// Keeps keys in the order written, so a file reads in a sensible order.
using ordered = nlohmann::ordered_json;

bool sameLink(const LinkConfig& a, const LinkConfig& b) {
  return a.latency == b.latency && a.jitter == b.jitter && a.loss == b.loss &&
         a.duplicate == b.duplicate;
}

ordered linkJson(const LinkConfig& l) {
  ordered j;
  j["latency-us"] = l.latency.count();
  j["jitter-us"] = l.jitter.count();
  j["loss"] = l.loss;
  j["duplicate"] = l.duplicate;
  return j;
}

// Only the fields a command sets: a field left out reads back as Command's
// default. A link is written whenever the kind takes one, even the default,
// because the reader requires it.
ordered commandJson(const Command& c) {
  ordered j;
  j["at-us"] = c.at.count();
  j["events-before"] = c.afterEvent;
  j["samples-before"] = c.afterSamples;
  j["kind"] = std::string(commandName(c.kind));
  if (c.node != kNoNode) j["node"] = c.node;
  if (c.peer != kNoNode) j["peer"] = c.peer;
  if (!c.groups.empty()) j["groups"] = c.groups;
  if (c.duration.count() != 0) j["duration-us"] = c.duration.count();
  if (commandShape(c.kind).link || !sameLink(c.link, LinkConfig{})) j["link"] = linkJson(c.link);
  if (!c.verb.empty()) j["verb"] = c.verb;
  if (!c.args.empty()) j["args"] = c.args;
  return j;
}

ordered stepJson(const StepMark& m) {
  ordered j;
  j["step"] = m.step;
  j["at-us"] = m.at.count();
  j["events-before"] = m.afterEvent;
  j["samples-before"] = m.afterSamples;
  j["first-command"] = m.firstCommand;
  j["commands"] = m.commands;
  return j;
}

ordered scenarioJson(const Scenario& sc) {
  if (sc.text.empty())
    throw InputError("scenario", "the JSON text it was read from (Scenario::text)", "none");
  ordered j;
  j["name"] = sc.name;
  j["source"] = sc.source;
  j["definition"] = ordered::parse(sc.text);
  return j;
}

// "[\n    a,\n    b\n  ]": one compact line per element.
template <class T, class F>
std::string lines(const std::vector<T>& items, F toJson) {
  if (items.empty()) return "[]";
  std::string s = "[\n";
  for (std::size_t i = 0; i < items.size(); ++i)
    s += "    " + toJson(items[i]).dump() + (i + 1 < items.size() ? ",\n" : "\n");
  return s + "  ]";
}

std::string indent(const std::string& text, const std::string& pad) {
  std::string s;
  for (char c : text) {
    s += c;
    if (c == '\n') s += pad;
  }
  return s;
}

}  // namespace

Replay captureReplay(const ScenarioRunner& runner) {
  const Simulation& sim = runner.simulation();
  Replay r;
  r.scenario = runner.scenario();
  // The runner's copy carries the run's seed; the file keeps the scenario's own.
  r.scenario.config.seed = ordered::parse(r.scenario.text).value("seed", r.scenario.config.seed);
  r.seed = sim.config().seed;
  r.steps = runner.stepMarks();
  r.commands = sim.commandLog();
  r.end =
      RunPoint{sim.now(), sim.kernel().eventsProcessed(), sim.kernel().metrics().samplesTaken()};
  r.traceHash = sim.kernel().trace().hash();
  return r;
}

std::string replayJson(const Replay& r) {
  const ordered until = {
      {"at-us", r.end.at.count()}, {"events", r.end.events}, {"samples", r.end.samples}};
  std::string s = "{\n";
  s += "  \"clusterscope-replay\": " + std::to_string(kReplayVersion) + ",\n";
  s += "  \"scenario\": " + indent(scenarioJson(r.scenario).dump(2), "  ") + ",\n";
  s += "  \"pattern\": " + ordered(r.scenario.config.pattern).dump() + ",\n";
  s += "  \"options\": " + ordered(r.scenario.config.options).dump() + ",\n";
  s += "  \"seed\": " + std::to_string(r.seed) + ",\n";
  s += "  \"steps\": " + lines(r.steps, stepJson) + ",\n";
  s += "  \"commands\": " + lines(r.commands, commandJson) + ",\n";
  s += "  \"until\": " + until.dump() + ",\n";
  s += "  \"trace-hash\": \"" + hashText(r.traceHash) + "\"\n";
  return s + "}\n";
}

void saveReplay(const Replay& replay, const std::string& path) {
  const std::string text = replayJson(replay);
  writeTextFile(path, [&](std::ostream& out) { out << text; });
}

}  // namespace cs
