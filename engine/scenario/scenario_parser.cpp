// Reading scenario JSON into a Scenario, and finding scenarios by name or
// path. Every problem becomes an InputError that names the file, the JSON
// path of the field ("steps[2].until.within") and what was expected, so an
// author can fix a file without reading this code. See scenario.h.
//
// A scenario is checked against its pattern while it is read: the parser
// builds the simulation once to learn the node count, the milestone names
// and the verbs, so a typo fails when the file is loaded, not halfway
// through a lecture. Which arguments a kernel fault takes comes from the
// table of command shapes (command.h). Role words (the pattern's own, such as
// "leader", and the scenario's "failed") are checked against the pattern
// here but can only be resolved when a step begins; ScenarioRunner does that.
#include <algorithm>
#include <cassert>
#include <cctype>
#include <filesystem>
#include <initializer_list>
#include <set>
#include <sstream>

#include "clusterscope/errors.h"
#include "clusterscope/scenario.h"
#include "scenario/json_reader.h"
#include "scenario/scenario_internal.h"

namespace cs {
namespace {

using json_reader::indexed;
using json_reader::join;
using json_reader::JsonReader;
using json_reader::list;
using json_reader::show;
using nlohmann::json;
using scenario_detail::verbArgs;

constexpr double kMaxSeconds = 3600;  // one hour of simulated time per step
constexpr double kMaxMillis = 60'000;
constexpr double kMaxRunSeconds = 86'400;  // a point of the run: a day of simulated time
// Far beyond any lesson, and a bound on what a file can ask of a headless run.
constexpr std::size_t kMaxSteps = 1'000;
constexpr std::size_t kMaxActionsPerStep = 100;

// The latest a run can end if every step runs to its deadline, as
// ScenarioRunner::beginStep sets it; "steps[k].until" named for the first
// step that would pass a day.
void requireRunWithinADay(const std::vector<ScenarioStep>& steps, const std::string& source) {
  const SimTime limit = fromSeconds(kMaxRunSeconds);
  SimTime end = kTimeZero;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const StepCondition& c = steps[i].until;
    end = c.kind == StepCondition::Kind::At      ? std::max(end, c.at)
          : c.kind == StepCondition::Kind::After ? end + c.duration
                                                 : end + c.within;
    if (end > limit)
      throw InputError(source + ": " + indexed("steps", i) +
                       ".until: the steps so far may run until " +
                       std::to_string(static_cast<std::int64_t>(toSeconds(end))) +
                       " s of simulated time, over the limit of " +
                       std::to_string(int(kMaxRunSeconds)) + " s (a day) for a whole scenario");
  }
}
constexpr double kSlowestSpeed = 0.01;
constexpr double kFastestSpeed = 100;

class Parser : public JsonReader {
 public:
  Parser(std::string source, const Simulation& sim)
      : JsonReader(std::move(source)), sim_(sim), roleWords_(sim.pattern().roleWords()) {
    roleWords_.emplace_back(scenario_detail::kFailedWord);
  }

  // At least one microsecond, the engine's tick: 1e-9 would round to nothing.
  double seconds(const json& j, const std::string& path) const {
    return number(j, path, 1e-6, kMaxSeconds, false,
                  "a number of seconds from 0.000001 to " + std::to_string(int(kMaxSeconds)));
  }
  double millis(const json& j, const std::string& path) const {
    return number(j, path, 0, kMaxMillis, false,
                  "a number of milliseconds from 0 to " + std::to_string(int(kMaxMillis)));
  }

  NodeId nodeNumber(const json& j, const std::string& path) const {
    const std::size_t n = sim_.kernel().nodeCount();
    const std::string expected = "a node from 0 to " + std::to_string(n - 1);
    if (!j.is_number_integer()) fail(path, expected, j);
    const auto v = j.get<std::int64_t>();
    if (v < 0 || static_cast<std::size_t>(v) >= n) fail(path, expected, j);
    return static_cast<NodeId>(v);
  }

  NodeRef nodeRef(const json& j, const std::string& path) const {
    NodeRef ref;
    if (j.is_string()) {
      const std::string word = j.get<std::string>();
      // A node the pattern names ("payment", "b1-ambassador") is that node.
      const Vocabulary& v = sim_.kernel().vocabulary();
      for (NodeId n = 0; n < sim_.kernel().nodeCount(); ++n)
        if (v.nodeName(n) == word && word.rfind("node ", 0) != 0) {
          ref.id = n;
          return ref;
        }
      if (std::find(roleWords_.begin(), roleWords_.end(), word) == roleWords_.end())
        fail(path, "a node number or one of " + list(nodeWords()), j);
      ref.role = word;
      return ref;
    }
    if (!j.is_number_integer())
      fail(path,
           "a node number from 0 to " + std::to_string(sim_.kernel().nodeCount() - 1) +
               " or one of " + list(nodeWords()),
           j);
    ref.id = nodeNumber(j, path);
    return ref;
  }

  // The role words, then the names of the nodes the pattern names.
  std::vector<std::string> nodeWords() const {
    std::vector<std::string> words = roleWords_;
    for (std::string& name : nodeNames()) words.push_back(std::move(name));
    return words;
  }

  std::vector<std::string> nodeNames() const {
    std::vector<std::string> names;
    const Vocabulary& v = sim_.kernel().vocabulary();
    for (NodeId n = 0; n < sim_.kernel().nodeCount(); ++n)
      if (v.nodeName(n).rfind("node ", 0) != 0) names.push_back(v.nodeName(n));
    return names;
  }

  // A node as this pattern's authors would write it, for the examples in
  // messages: its first role word, else its first named node, else a number.
  std::string exampleNode() const {
    if (roleWords_.size() > 1) return json(roleWords_.front()).dump();  // not just "failed"
    const auto names = nodeNames();
    return names.empty() ? "0" : json(names.front()).dump();
  }

  StepCondition condition(const json& j, const std::string& path) const {
    const std::string shape =
        "an object: {\"milestone\": NAME, \"node\": NODE, \"within\": SECONDS}, "
        "{\"after\": SECONDS} or {\"at\": SECONDS, \"events\": N, \"samples\": N}";
    requireObject(j, path, shape);
    StepCondition c;
    const int kinds =
        int(j.contains("milestone")) + int(j.contains("after")) + int(j.contains("at"));
    if (kinds != 1)
      failText(path, std::string(kinds > 1 ? "more than one of \"milestone\", \"after\" and "
                                             "\"at\" given; "
                                           : "") +
                         "expected " + shape);
    if (j.contains("after")) {
      allowOnly(j, path, {"after"});
      c.kind = StepCondition::Kind::After;
      c.duration = fromSeconds(seconds(j["after"], join(path, "after")));
      return c;
    }
    if (j.contains("at")) {
      allowOnly(j, path, {"at", "events", "samples"});
      c.kind = StepCondition::Kind::At;
      c.at = fromSeconds(number(j["at"], join(path, "at"), 0, kMaxRunSeconds, false,
                                "a time of the run in seconds from 0 to " +
                                    std::to_string(int(kMaxRunSeconds)) + " (a day)"));
      if (j.contains("events")) c.events = unsignedInteger(j["events"], join(path, "events"));
      if (j.contains("samples")) c.samples = unsignedInteger(j["samples"], join(path, "samples"));
      return c;
    }
    allowOnly(j, path, {"milestone", "node", "within"});
    c.kind = StepCondition::Kind::Milestone;
    const std::string mpath = join(path, "milestone");
    c.milestone = text(j["milestone"], mpath);
    if (!sim_.kernel().vocabulary().find(LabelKind::Milestone, c.milestone))
      fail(mpath,
           "a milestone of pattern \"" + sim_.config().pattern + "\" (one of " +
               list(milestoneNames()) + ")",
           j["milestone"]);
    if (j.contains("node")) c.node = nodeRef(j["node"], join(path, "node"));
    if (j.contains("within")) c.within = fromSeconds(seconds(j["within"], join(path, "within")));
    return c;
  }

  std::vector<std::string> milestoneNames() const {
    std::vector<std::string> names;
    const Vocabulary& v = sim_.kernel().vocabulary();
    for (std::size_t i = 1; i < v.size(); ++i)
      if (v.info(static_cast<Label>(i)).kind == LabelKind::Milestone)
        names.push_back(v.info(static_cast<Label>(i)).name);
    return names;
  }

  std::vector<std::string> actionNames() const {
    std::vector<std::string> names;
    for (const CommandShape& shape : kCommandShapes)
      if (!shape.verb) names.emplace_back(shape.name);
    for (const auto& [verb, args] : sim_.pattern().verbs()) names.push_back(verb);
    return names;
  }

  // A kernel fault takes the arguments its shape names; any other word is
  // the pattern's verb.
  ScenarioAction action(const json& j, const std::string& path) const {
    requireObject(j, path,
                  "an object such as {\"do\": \"crash\", \"node\": " + exampleNode() + "}");
    const std::string dpath = join(path, "do");
    const std::string verb = text(field(j, path, "do", "an action name"), dpath);
    ScenarioAction a;
    const CommandShape* shape = findCommandShape(verb);
    if (!shape || shape->verb) {
      patternAction(j, path, verb, a);
      return a;
    }
    allowOnly(j, path, scenario_detail::actionKeys(*shape));
    Command& c = a.command;
    c.kind = shape->kind;
    auto node = [&](const char* key) {
      return nodeRef(field(j, path, key, "a node number or role word"), join(path, key));
    };
    if (shape->node) a.node = node("node");
    if (shape->peer) a.peer = node("peer");
    if (a.node && a.peer && a.node->id && a.node->id == a.peer->id)
      fail(join(path, "peer"), "a node other than \"node\" (a link joins two different nodes)",
           j["peer"]);
    if (shape->duration)
      c.duration =
          fromMillis(millis(field(j, path, "ms", "milliseconds per message"), join(path, "ms")));
    if (shape->groups) a.groups = groups(j, path);
    if (shape->link) link(j, path, a);
    return a;
  }

  // The link settings an action gives; ScenarioRunner fills in the others
  // with the values in force when the step begins.
  void link(const json& j, const std::string& path, ScenarioAction& a) const {
    Command& c = a.command;
    if (j.contains("latency")) {
      c.link.latency = fromMillis(millis(j["latency"], join(path, "latency")));
      a.sets.latency = true;
    }
    if (j.contains("jitter")) {
      c.link.jitter = fromMillis(millis(j["jitter"], join(path, "jitter")));
      a.sets.jitter = true;
    }
    const std::string probability = "a probability from 0 to 1";
    if (j.contains("loss")) {
      c.link.loss = number(j["loss"], join(path, "loss"), 0, 1, false, probability);
      a.sets.loss = true;
    }
    if (j.contains("duplicate")) {
      c.link.duplicate = number(j["duplicate"], join(path, "duplicate"), 0, 1, false, probability);
      a.sets.duplicate = true;
    }
    if (!a.sets.latency && !a.sets.jitter && !a.sets.loss && !a.sets.duplicate)
      failText(path, "expected at least one of latency, jitter (ms), loss, duplicate");
  }

  // Each group is a list of node references, or the word "rest" for every
  // member no other group names. Numbers are checked for repeats here; role
  // words can only be checked when they resolve, as the step begins.
  std::vector<std::vector<NodeRef>> groups(const json& j, const std::string& path) const {
    const std::string gpath = join(path, "groups");
    const std::string expected =
        "a list of at least two groups, each a list of nodes (numbers or role words) or "
        "\"rest\", e.g. [[" +
        exampleNode() + "], \"rest\"]";
    const json& g = field(j, path, "groups", expected);
    if (!g.is_array() || g.size() < 2) fail(gpath, expected, g);
    std::vector<std::vector<NodeRef>> out;
    std::set<NodeId> seen;
    bool rest = false;
    for (std::size_t i = 0; i < g.size(); ++i) {
      const std::string ipath = indexed(gpath, i);
      if (g[i] == "rest") {
        if (rest) failText(ipath, "\"rest\" given twice");
        rest = true;
        out.push_back({NodeRef{std::nullopt, "rest"}});
        continue;
      }
      if (!g[i].is_array() || g[i].empty())
        fail(ipath, "a non-empty list of nodes, or \"rest\"", g[i]);
      std::vector<NodeRef> group;
      for (std::size_t k = 0; k < g[i].size(); ++k) {
        NodeRef ref = nodeRef(g[i][k], indexed(ipath, k));
        if (ref.id && !seen.insert(*ref.id).second)
          failText(indexed(ipath, k), "node " + std::to_string(*ref.id) + " is in two groups");
        group.push_back(std::move(ref));
      }
      out.push_back(std::move(group));
    }
    return out;
  }

  void patternAction(const json& j, const std::string& path, const std::string& verb,
                     ScenarioAction& a) const {
    const auto verbs = sim_.pattern().verbs();
    auto it =
        std::find_if(verbs.begin(), verbs.end(), [&](const auto& v) { return v.first == verb; });
    if (it == verbs.end()) fail(join(path, "do"), "one of " + list(actionNames()), j["do"]);
    Command& c = a.command;
    c.kind = CommandKind::Pattern;
    c.verb = verb;
    const auto args = verbArgs(it->second);
    std::vector<std::string> allowed = {"do"};
    for (const auto& arg : args) allowed.push_back(arg.name);
    allowOnly(j, path, allowed);
    bool skipped = false;  // an optional argument was left out
    for (const auto& arg : args) {
      const std::string apath = join(path, arg.name);
      if (!j.contains(arg.name)) {
        if (!arg.optional) failText(apath, "missing; \"" + verb + "\" takes " + it->second);
        skipped = true;
        continue;
      }
      if (skipped)
        failText(apath, "given after an optional argument that was left out; \"" + verb +
                            "\" takes " + it->second);
      const json& v = j[arg.name];
      if (arg.name == "node" || arg.name == "peer") {
        NodeRef ref = nodeRef(v, apath);
        (arg.name == "node" ? a.node : a.peer) = ref;
        c.args.push_back(ref.id ? std::to_string(*ref.id) : std::string{});
      } else if (v.is_string()) {
        c.args.push_back(v.get<std::string>());
      } else if (v.is_number_integer()) {
        c.args.push_back(v.dump());
      } else {
        fail(apath, "a string or an integer", v);
      }
    }
  }

  ScenarioStep step(const json& j, const std::string& path) const {
    requireObject(j, path, "an object with title, narration, actions and until");
    allowOnly(j, path,
              {"title", "narration", "actions", "until", "expect", "speed", "slow-motion"});
    ScenarioStep s;
    s.title = text(field(j, path, "title", "a string"), join(path, "title"));
    s.narration = text(field(j, path, "narration", "a string"), join(path, "narration"));
    if (j.contains("actions")) {
      const std::string apath = join(path, "actions");
      const json& actions = j["actions"];
      if (!actions.is_array()) fail(apath, "a list of actions", actions);
      if (actions.size() > kMaxActionsPerStep)
        failText(apath, std::to_string(actions.size()) + " actions, over the limit of " +
                            std::to_string(kMaxActionsPerStep) + " a step");
      for (std::size_t i = 0; i < actions.size(); ++i)
        s.actions.push_back(action(actions[i], indexed(apath, i)));
    }
    s.until = condition(
        field(j, path, "until", "{\"milestone\": NAME}, {\"after\": SECONDS} or {\"at\": SECONDS}"),
        join(path, "until"));
    if (j.contains("expect")) {
      const std::string epath = join(path, "expect");
      const json& items = j["expect"];
      if (!items.is_array()) fail(epath, "a list of expectations", items);
      for (std::size_t i = 0; i < items.size(); ++i)
        s.expect.push_back(expectation(items[i], indexed(epath, i)));
    }
    if (j.contains("speed")) s.speed = speed(j["speed"], join(path, "speed"));
    if (j.contains("slow-motion"))
      s.slowMotion = kinds(j["slow-motion"], join(path, "slow-motion"));
    return s;
  }

  // ["RequestVote", "Vote"]: message kinds, checked against the pattern's
  // vocabulary when the step begins.
  std::vector<std::string> kinds(const json& j, const std::string& path) const {
    constexpr std::size_t kMaxKinds = 16;
    if (!j.is_array() || j.empty()) fail(path, "a list of message kinds", j);
    if (j.size() > kMaxKinds)
      failText(path,
               std::to_string(j.size()) + " kinds, over the limit of " + std::to_string(kMaxKinds));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < j.size(); ++i) out.push_back(text(j[i], indexed(path, i)));
    return out;
  }

  // {"metric": NAME, "between": [LO, HI]} (or "at-least", "at-most"; "is"
  // for a state; "over": "step" for its rise during the step),
  // {"milestone": NAME, "node": NODE?, "between" ...}: how many times during
  // the step; {"node": NODE, "is": "up" | "crashed" | "paused"}.
  StepExpectation expectation(const json& j, const std::string& path) const {
    const std::string shape =
        "an object: {\"metric\": NAME, \"between\": [LO, HI]} (or \"at-least\", "
        "\"at-most\", \"is\"), {\"milestone\": NAME, \"node\": NODE, \"at-least\": N} or "
        "{\"node\": NODE, \"is\": \"up\"}";
    requireObject(j, path, shape);
    StepExpectation e;
    if (j.contains("metric")) {
      allowOnly(j, path, {"metric", "between", "at-least", "at-most", "is", "over"});
      e.kind = StepExpectation::Kind::Metric;
      const std::string mpath = join(path, "metric");
      e.metric = text(j["metric"], mpath);
      const Metrics& m = sim_.kernel().metrics();
      const auto id = m.find(e.metric);
      if (!id)
        failText(mpath, "\"" + e.metric + "\" is not a metric of pattern \"" +
                            sim_.config().pattern + "\" (metrics whose name begins the same: " +
                            list(similarMetrics(e.metric)) + ")");
      const MetricInfo& info = m.info(*id);
      if (j.contains("over")) {
        if (j["over"] != "step") fail(join(path, "over"), "\"step\"", j["over"]);
        if (info.kind == MetricKind::State)
          failText(join(path, "over"), "\"" + e.metric + "\" is a state, which does not rise");
        e.overStep = true;
      }
      if (info.kind == MetricKind::State) {
        allowOnly(j, path, {"metric", "is"});
        e.state = text(field(j, path, "is", "one of " + list(info.stateNames)), join(path, "is"));
        if (std::find(info.stateNames.begin(), info.stateNames.end(), e.state) ==
            info.stateNames.end())
          fail(join(path, "is"), "one of " + list(info.stateNames), j["is"]);
        return e;
      }
      if (j.contains("is")) failText(join(path, "is"), "only a state metric takes \"is\"");
      range(j, path, e);
      return e;
    }
    if (j.contains("milestone")) {
      allowOnly(j, path, {"milestone", "node", "between", "at-least", "at-most"});
      e.kind = StepExpectation::Kind::Milestone;
      const std::string mpath = join(path, "milestone");
      e.milestone = text(j["milestone"], mpath);
      if (!sim_.kernel().vocabulary().find(LabelKind::Milestone, e.milestone))
        fail(mpath,
             "a milestone of pattern \"" + sim_.config().pattern + "\" (one of " +
                 list(milestoneNames()) + ")",
             j["milestone"]);
      if (j.contains("node")) e.node = nodeRef(j["node"], join(path, "node"));
      range(j, path, e);
      return e;
    }
    if (j.contains("node")) {
      allowOnly(j, path, {"node", "is"});
      e.kind = StepExpectation::Kind::Node;
      e.node = nodeRef(j["node"], join(path, "node"));
      const std::vector<std::string> states = {"up", "crashed", "paused"};
      const json& is = field(j, path, "is", "one of " + list(states));
      if (!is.is_string() ||
          std::find(states.begin(), states.end(), is.get<std::string>()) == states.end())
        fail(join(path, "is"), "one of " + list(states), is);
      e.state = is.get<std::string>();
      return e;
    }
    failText(path, "expected " + shape);
  }

  // Exactly one of "between": [LO, HI], "at-least": LO, "at-most": HI.
  void range(const json& j, const std::string& path, StepExpectation& e) const {
    const int given =
        int(j.contains("between")) + int(j.contains("at-least")) + int(j.contains("at-most"));
    if (given != 1)
      failText(path,
               "expected exactly one of \"between\": [LO, HI], \"at-least\": LO and "
               "\"at-most\": HI");
    const double big = 1e12;
    auto bound = [&](const json& v, const std::string& p) {
      return number(v, p, -big, big, false, "a number");
    };
    if (j.contains("between")) {
      const std::string bpath = join(path, "between");
      const json& b = j["between"];
      if (!b.is_array() || b.size() != 2) fail(bpath, "[LO, HI]: two numbers", b);
      e.min = bound(b[0], indexed(bpath, 0));
      e.max = bound(b[1], indexed(bpath, 1));
      if (e.min > e.max) failText(bpath, "LO is greater than HI");
    }
    if (j.contains("at-least")) e.min = bound(j["at-least"], join(path, "at-least"));
    if (j.contains("at-most")) e.max = bound(j["at-most"], join(path, "at-most"));
  }

  // The metrics sharing the name's first word ("svc." for "svc.fronted.p99_us").
  std::vector<std::string> similarMetrics(const std::string& name) const {
    const std::string head = name.substr(0, name.find('.') + 1);
    std::vector<std::string> names;
    const Metrics& m = sim_.kernel().metrics();
    for (MetricId id = 0; id < m.size(); ++id)
      if (m.name(id).rfind(head, 0) == 0) names.push_back(m.name(id));
    if (names.empty())
      for (MetricId id = 0; id < m.size(); ++id) names.push_back(m.name(id));
    return names;
  }

  // A pace: simulated seconds per wall second, within what the window's
  // speed box offers.
  double speed(const json& j, const std::string& path) const {
    return number(j, path, kSlowestSpeed, kFastestSpeed, false,
                  "a number of simulated seconds per wall second, from 0.01 to 100");
  }

 private:
  const Simulation& sim_;
  // The pattern's role words, then the scenario's "failed".
  std::vector<std::string> roleWords_;
};

std::string stemOf(const std::string& source) {
  return std::filesystem::path(source).stem().string();
}

}  // namespace

namespace scenario_detail {

std::vector<std::string> actionKeys(const CommandShape& shape) {
  assert(!shape.verb);
  std::vector<std::string> keys = {"do"};
  if (shape.node) keys.emplace_back("node");
  if (shape.peer) keys.emplace_back("peer");
  if (shape.duration) keys.emplace_back("ms");
  if (shape.groups) keys.emplace_back("groups");
  if (shape.link) keys.insert(keys.end(), {"latency", "jitter", "loss", "duplicate"});
  return keys;
}

std::vector<VerbArg> verbArgs(const std::string& signature) {
  std::vector<VerbArg> args;
  std::istringstream in(signature);
  std::string word;
  while (in >> word) {
    VerbArg a;
    if (word.front() == '[') {
      a.optional = true;
      word.erase(0, 1);
    }
    while (!word.empty() && (word.back() == ']' || word.back() == '.')) word.pop_back();
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    a.name = word;
    if (!a.name.empty()) args.push_back(a);
  }
  return args;
}

}  // namespace scenario_detail

Scenario parseScenario(std::string_view text, const std::string& source) {
  const json root = json_reader::parse(text, source);

  Scenario sc;
  sc.source = source;
  sc.text = std::string(text);
  sc.name = stemOf(source);
  const std::string topShape =
      "an object with title, description, pattern, seed, options and steps";
  if (!root.is_object()) throw InputError("(top level)", topShape, show(root)).in(source);
  const std::vector<std::string> topFields = {"title",   "description", "pattern", "seed",
                                              "options", "speed",       "steps",   "breaks"};
  if (root.contains("clusterscope-replay"))
    throw InputError(source +
                     ": a replay file, not a scenario: open it with --replay FILE or "
                     "File > Open");
  for (const auto& [key, value] : root.items())
    if (std::find(topFields.begin(), topFields.end(), key) == topFields.end())
      throw InputError(source + ": " + join("", key) +
                       ": unknown field (allowed: " + list(topFields) + ")");

  // The pattern, its options and the seed come first: the rest is checked
  // against the simulation they build.
  auto need = [&](const char* key, const std::string& expected) -> const json& {
    auto it = root.find(key);
    if (it == root.end()) throw InputError(source + ": " + key + ": missing; expected " + expected);
    return *it;
  };
  std::string known;
  for (const auto& p : allPatterns()) known += (known.empty() ? "" : ", ") + p.name;
  const json& pattern = need("pattern", "one of " + known);
  if (!pattern.is_string() || !findPattern(pattern.get<std::string>()))
    throw InputError("pattern", "one of " + known, show(pattern)).in(source);
  sc.config.pattern = pattern.get<std::string>();

  const json& seed = need("seed", "an integer from 0 to 2^64-1");
  if (!seed.is_number_unsigned() && !(seed.is_number_integer() && seed.get<std::int64_t>() >= 0))
    throw InputError("seed", "an integer from 0 to 2^64-1", show(seed)).in(source);
  sc.config.seed = seed.get<std::uint64_t>();

  if (root.contains("options")) {
    if (!root["options"].is_object())
      throw InputError("options", "an object of pattern options", show(root["options"])).in(source);
    sc.config.options = root["options"];
  }

  // The simulation is only asked its nodes, words and verbs: a headless
  // trace, not the window's ring of 2^18 records zeroed on every parse.
  SimulationConfig checking = sc.config;
  checking.kernel.traceCapacity = kHeadlessTraceCapacity;
  std::unique_ptr<Simulation> sim;
  try {
    sim = std::make_unique<Simulation>(checking);
  } catch (const InputError& e) {
    throw e.in(source);
  }

  Parser p(source, *sim);
  sc.title = p.text(need("title", "a string"), "title");
  sc.description = p.text(need("description", "a string"), "description");
  if (root.contains("speed")) sc.speed = p.speed(root["speed"], "speed");
  if (root.contains("breaks")) {
    std::vector<std::string> names;
    for (const auto& c : sim->checkers()) names.emplace_back(c->name());
    const std::string expected = "a list of this pattern's invariants: " + list(names);
    const json& breaks = root["breaks"];
    if (!breaks.is_array()) p.fail("breaks", expected, breaks);
    for (const json& b : breaks) {
      if (!b.is_string() ||
          std::find(names.begin(), names.end(), b.get<std::string>()) == names.end())
        p.fail("breaks", expected, b);
      sc.breaks.push_back(b.get<std::string>());
    }
  }
  const json& steps = need("steps", "a list of steps");
  if (!steps.is_array() || steps.empty()) p.fail("steps", "a non-empty list of steps", steps);
  if (steps.size() > kMaxSteps)
    p.failText("steps", std::to_string(steps.size()) + " steps, over the limit of " +
                            std::to_string(kMaxSteps));
  for (std::size_t i = 0; i < steps.size(); ++i)
    sc.steps.push_back(p.step(steps[i], indexed("steps", i)));
  requireRunWithinADay(sc.steps, source);

  // Pattern actions whose nodes are plain numbers can be checked now; those
  // naming roles are checked when their step begins.
  for (std::size_t i = 0; i < sc.steps.size(); ++i) {
    for (std::size_t k = 0; k < sc.steps[i].actions.size(); ++k) {
      const ScenarioAction& a = sc.steps[i].actions[k];
      if (!commandShape(a.command.kind).verb) continue;
      if ((a.node && !a.node->id) || (a.peer && !a.peer->id)) continue;
      Command c = a.command;
      if (a.node) c.node = *a.node->id;
      if (a.peer) c.peer = *a.peer->id;
      try {
        sim->pattern().validate(sim->kernel(), c);
      } catch (const InputError& e) {
        throw e.in(source + ": " + indexed(indexed("steps", i) + ".actions", k));
      }
    }
  }
  return sc;
}

Scenario loadScenario(std::string_view nameOrPath) {
  for (const auto& b : bundledScenarios()) {
    if (b.name == nameOrPath) {
      Scenario sc = parseScenario(b.json, "bundled:" + b.name);
      sc.name = b.name;
      return sc;
    }
  }
  const std::string path(nameOrPath);
  std::error_code ec;
  if (!path.empty() && std::filesystem::exists(path, ec))
    return parseScenario(json_reader::readFile(path, "a scenario file (JSON)"), path);
  std::vector<std::string> names;
  for (const auto& b : bundledScenarios()) names.push_back(b.name);
  throw InputError("unknown scenario '" + path + "': not bundled (known: " + list(names) +
                   ") and no such file");
}

}  // namespace cs
