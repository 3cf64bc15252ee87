// A session saved as a scenario. See scenario_author.h.
//
// The writer names nodes the way an author would (payment, not 3) and reads
// its own text back with the scenario parser before it is saved: every
// action must come back as the very command the session logged, so that the
// file reproduces the run rather than something close to it.
#include "clusterscope/scenario_author.h"

#include <cctype>
#include <memory>

#include "clusterscope/errors.h"
#include "clusterscope/text_file.h"
#include "scenario/scenario_internal.h"

namespace cs {
namespace {

using ordered = nlohmann::ordered_json;

bool named(const Simulation& sim, NodeId n) {
  return sim.kernel().vocabulary().nodeName(n).rfind("node ", 0) != 0;
}

std::string nodeWord(const Simulation& sim, NodeId n) {
  if (n >= sim.kernel().nodeCount()) return "node " + std::to_string(n);
  return sim.kernel().vocabulary().nodeName(n);
}

// The name the pattern gives the node, if that name reads back as this node
// (the parser takes the first node of a name); else its number.
ordered nodeJson(const Simulation& sim, NodeId n) {
  if (n < sim.kernel().nodeCount() && named(sim, n)) {
    const std::string name = nodeWord(sim, n);
    NodeId first = 0;
    while (nodeWord(sim, first) != name) ++first;
    if (first == n) return name;
  }
  return n;
}

ordered millis(SimDuration d) {
  if (d.count() % 1000 == 0) return d.count() / 1000;
  return static_cast<double>(d.count()) / 1000.0;
}

// An argument as the parser turns it back into text: integers are written
// as numbers when they read back unchanged, everything else as a string.
ordered argJson(const std::string& arg) {
  if (!arg.empty() && arg.size() < 19) {
    bool digits = true;
    for (std::size_t i = arg[0] == '-' ? 1 : 0; i < arg.size(); ++i)
      digits = digits && std::isdigit(static_cast<unsigned char>(arg[i]));
    if (digits && arg != "-" && ordered::parse(arg).dump() == arg) return ordered::parse(arg);
  }
  return arg;
}

const std::string* signatureOf(const std::vector<std::pair<std::string, std::string>>& verbs,
                               const std::string& verb) {
  for (const auto& [name, signature] : verbs)
    if (name == verb) return &signature;
  return nullptr;
}

ordered patternActionJson(const Command& c, const Simulation& sim) {
  const auto verbs = sim.pattern().verbs();
  const std::string* signature = signatureOf(verbs, c.verb);
  if (!signature) throw InputError("\"" + c.verb + "\" is not a verb of this pattern");
  const auto args = scenario_detail::verbArgs(*signature);
  if (c.args.size() > args.size())
    throw InputError("it has more arguments than \"" + c.verb + "\" takes (" + *signature + ")");
  ordered j;
  j["do"] = c.verb;
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    const std::string& name = args[i].name;
    if (name == "node" || name == "peer") {
      const NodeId n = name == "node" ? c.node : c.peer;
      if (n == kNoNode || c.args[i] != std::to_string(n))
        throw InputError("its " + name + " argument \"" + c.args[i] + "\" is not its " + name);
      j[name] = nodeJson(sim, n);
    } else {
      j[name] = argJson(c.args[i]);
    }
  }
  return j;
}

// A kernel fault's arguments, under the keys and in the order the parser
// reads them (scenario_detail::actionKeys).
ordered actionJson(const Command& c, const Simulation& sim) {
  const CommandShape& shape = commandShape(c.kind);
  if (shape.verb) return patternActionJson(c, sim);
  ordered j;
  j["do"] = std::string(shape.name);
  if (shape.node) j["node"] = nodeJson(sim, c.node);
  if (shape.peer) j["peer"] = nodeJson(sim, c.peer);
  if (shape.duration) j["ms"] = millis(c.duration);
  if (shape.groups) {
    ordered groups = ordered::array();
    for (const auto& g : c.groups) {
      ordered group = ordered::array();
      for (NodeId n : g) group.push_back(nodeJson(sim, n));
      groups.push_back(group);
    }
    j["groups"] = groups;
  }
  if (shape.link) {
    j["latency"] = millis(c.link.latency);
    j["jitter"] = millis(c.link.jitter);
    j["loss"] = c.link.loss;
    j["duplicate"] = c.link.duplicate;
  }
  return j;
}

ordered untilJson(const RunPoint& p) {
  ordered j;
  j["at"] = toSeconds(p.at);
  j["events"] = p.events;
  j["samples"] = p.samples;
  return j;
}

std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string narrationOf(const DraftStep& s) {
  if (std::string text = trimmed(s.narration); !text.empty()) return text;
  return capitalized(s.action.empty() ? s.title : s.action) + ".";
}

std::string joinWords(const std::vector<Command>& commands, const Simulation& sim) {
  std::string s;
  for (const Command& c : commands) {
    if (!s.empty()) s += ", ";
    s += describeAction(c, sim);
  }
  return s;
}

RunPoint pointOf(const Command& c) {
  return RunPoint{c.at, c.afterEvent, c.afterSamples};
}

// The parsed action as a command, with the node numbers it names: the writer
// names no role words, so nothing is left to resolve.
Command commandOf(const ScenarioAction& a) {
  Command c = a.command;
  if (a.node && a.node->id) c.node = *a.node->id;
  if (a.peer && a.peer->id) c.peer = *a.peer->id;
  if (!a.groups.empty()) {
    c.groups.clear();
    for (const auto& g : a.groups) {
      c.groups.emplace_back();
      for (const NodeRef& r : g) c.groups.back().push_back(r.id ? *r.id : kNoNode);
    }
  }
  return c;
}

bool sameCommand(const Command& a, const Command& b) {
  return a.kind == b.kind && a.node == b.node && a.peer == b.peer && a.groups == b.groups &&
         a.duration == b.duration && a.link.latency == b.link.latency &&
         a.link.jitter == b.link.jitter && a.link.loss == b.link.loss &&
         a.link.duplicate == b.link.duplicate && a.verb == b.verb && a.args == b.args;
}

bool samePoint(const StepCondition& c, const RunPoint& p) {
  return c.kind == StepCondition::Kind::At && c.at == p.at && c.events == p.events &&
         c.samples == p.samples;
}

std::string stepWhere(std::size_t i) {
  return "steps[" + std::to_string(i) + "]";
}

// Reads the text back and checks every action and every step's end.
void checkReadsBack(const ScenarioDraft& d, const std::string& text) {
  Scenario sc;
  try {
    sc = parseScenario(text, "the saved scenario");
  } catch (const InputError& e) {
    throw InputError(std::string("the scenario would not read back: ") + e.what());
  }
  for (std::size_t i = 0; i < d.steps.size(); ++i) {
    const DraftStep& s = d.steps[i];
    const ScenarioStep& back = sc.steps.at(i);
    for (std::size_t k = 0; k < s.commands.size(); ++k)
      if (k >= back.actions.size() || !sameCommand(commandOf(back.actions[k]), s.commands[k]))
        throw InputError(stepWhere(i) + ".actions[" + std::to_string(k) + "] (\"" + s.action +
                         "\"): the scenario format cannot express this command exactly");
    const RunPoint& end = i + 1 < d.steps.size() ? d.steps[i + 1].at : d.end;
    if (!samePoint(back.until, end))
      throw InputError(stepWhere(i) + ".until: the step's end does not read back exactly");
  }
}

std::string line(const std::string& key, const ordered& value, bool last = false) {
  return "\"" + key + "\": " + value.dump() + (last ? "" : ",");
}

}  // namespace

std::string describeAction(const Command& c, const Simulation& sim) {
  const NodeNamer name = [&](NodeId n) { return nodeWord(sim, n); };
  if (!commandShape(c.kind).verb) return describe(c, name);
  // A pattern verb in its own words, its node arguments by name.
  std::string s = c.verb;
  const auto verbs = sim.pattern().verbs();
  const std::string* signature = signatureOf(verbs, c.verb);
  const auto args =
      signature ? scenario_detail::verbArgs(*signature) : std::vector<scenario_detail::VerbArg>{};
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    const bool isNode = i < args.size() && (args[i].name == "node" || args[i].name == "peer");
    const NodeId n = isNode && args[i].name == "peer" ? c.peer : c.node;
    s += ' ';
    s += isNode && c.args[i] == std::to_string(n) ? name(n) : c.args[i];
  }
  return s;
}

ScenarioDraft draftScenario(const Replay& run) {
  ScenarioDraft d;
  d.title = run.scenario.title;
  d.description = run.scenario.description;
  d.config = run.scenario.config;
  d.config.seed = run.seed;
  d.end = run.end;
  std::unique_ptr<Simulation> sim;
  try {
    sim = std::make_unique<Simulation>(d.config);
  } catch (const InputError& e) {
    throw run.source.empty() ? e : e.in(run.source);
  }

  auto userCommand = [&](const Command& c) {
    DraftStep s;
    s.at = pointOf(c);
    s.commands = {c};
    s.action = describeAction(c, *sim);
    s.title = capitalized(s.action);
    d.steps.push_back(std::move(s));
  };
  // Steps begun and the commands outside them, in log order (as ReplayPlayer).
  bool opened = false;
  std::size_t c = 0;
  for (std::size_t m = 0; m < run.steps.size(); ++m) {
    const StepMark& mark = run.steps[m];
    for (; c < mark.firstCommand && c < run.commands.size(); ++c) userCommand(run.commands[c]);
    const ScenarioStep& original = run.scenario.steps.at(mark.step);
    DraftStep s;
    s.at = RunPoint{mark.at, mark.afterEvent, mark.afterSamples};
    for (std::size_t k = 0; k < mark.commands && mark.firstCommand + k < run.commands.size(); ++k)
      s.commands.push_back(run.commands[mark.firstCommand + k]);
    s.title = original.title;
    s.narration = original.narration;
    s.action = "step " + std::to_string(mark.step + 1) + ", \"" + original.title + "\"";
    if (!s.commands.empty()) s.action += ": " + joinWords(s.commands, *sim);
    // The session's first step, begun as the run started, opens the scenario too.
    if (m == 0 && d.steps.empty() && s.at.at == SimTime{0} && s.at.events == 0) {
      opened = true;
      s.action = s.commands.empty() ? "the start" : joinWords(s.commands, *sim);
    }
    d.steps.push_back(std::move(s));
    c = std::max(c, mark.firstCommand + mark.commands);
  }
  for (; c < run.commands.size(); ++c) userCommand(run.commands[c]);

  // Otherwise the scenario opens with a step of its own.
  if (!opened) {
    DraftStep s;
    s.title = run.scenario.title;
    s.action = "the start";
    d.steps.insert(d.steps.begin(), std::move(s));
  }
  return d;
}

std::string draftJson(const ScenarioDraft& d) {
  if (d.steps.empty()) throw InputError("steps", "at least the opening step", "none");
  const Simulation sim(d.config);
  std::string s = "{\n";
  const std::string title = trimmed(d.title);
  const std::string description = trimmed(d.description);
  s += "  " + line("title", title.empty() ? "Untitled" : title) + "\n";
  s += "  " +
       line("description", description.empty() ? "A session saved as a scenario." : description) +
       "\n";
  s += "  " + line("pattern", d.config.pattern) + "\n";
  s += "  " + line("seed", d.config.seed) + "\n";
  s += "  " + line("options", ordered::parse(d.config.options.dump())) + "\n";
  s += "  \"steps\": [\n";
  for (std::size_t i = 0; i < d.steps.size(); ++i) {
    const DraftStep& step = d.steps[i];
    s += "    {\n";
    s +=
        "      " + line("title", step.title.empty() ? capitalized(step.action) : step.title) + "\n";
    s += "      " + line("narration", narrationOf(step)) + "\n";
    if (!step.commands.empty()) {
      s += "      \"actions\": [\n";
      for (std::size_t k = 0; k < step.commands.size(); ++k) {
        ordered a;
        try {
          a = actionJson(step.commands[k], sim);
        } catch (const InputError& e) {
          throw e.in(stepWhere(i) + ".actions[" + std::to_string(k) + "] (\"" + step.action +
                     "\"): cannot be written as a scenario action");
        }
        s += "        " + a.dump() + (k + 1 < step.commands.size() ? ",\n" : "\n");
      }
      s += "      ],\n";
    }
    const RunPoint& end = i + 1 < d.steps.size() ? d.steps[i + 1].at : d.end;
    s += "      " + line("until", untilJson(end), true) + "\n";
    s += i + 1 < d.steps.size() ? "    },\n" : "    }\n";
  }
  s += "  ]\n}\n";
  checkReadsBack(d, s);
  return s;
}

void saveDraft(const ScenarioDraft& draft, const std::string& path) {
  const std::string text = draftJson(draft);
  writeTextFile(path, [&](std::ostream& out) { out << text; });
}

}  // namespace cs
