// Reading a replay file back into a Replay. See replay.h. Like the scenario
// parser, every problem is an InputError naming the file, the JSON path and
// what was expected; a file this build cannot replay exactly is refused
// here, when it is opened, rather than diverging halfway through.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "clusterscope/errors.h"
#include "clusterscope/replay.h"
#include "clusterscope/utf8.h"
#include "scenario/json_reader.h"

namespace cs {
namespace {

using json_reader::indexed;
using json_reader::join;
using json_reader::JsonReader;
using json_reader::show;
using nlohmann::json;

// A day of simulated time: far beyond any lesson, and a bound on how long a
// damaged file can keep the player running.
constexpr std::uint64_t kMaxTime = 86'400'000'000;
const std::string kTimeExpected = "a time in microseconds from 0 to 86400000000 (a day)";
// Far more than a lesson's clicks; checked before any command is read.
constexpr std::size_t kMaxCommands = 10'000;

const std::vector<std::string> kTopFields = {
    "clusterscope-replay", "scenario", "pattern", "options", "seed", "steps", "commands", "until",
    "trace-hash"};

class ReplayReader : public JsonReader {
 public:
  using JsonReader::JsonReader;

  void version(const json& root) const {
    const std::string key = "clusterscope-replay";
    const std::string expected = "the replay format version, " + std::to_string(kReplayVersion);
    const json& v = field(root, "", key, expected + " (is this a replay file?)");
    if (!v.is_number_integer() || v.get<std::int64_t>() != kReplayVersion)
      fail(key, "version " + std::to_string(kReplayVersion) + " (the only one this build reads)",
           v);
  }

  // The scenario is read by the scenario parser, with errors under "scenario.definition".
  Scenario scenario(const json& root) const {
    const json& j = field(root, "", "scenario", "an object with name, source and definition");
    requireObject(j, "scenario", "an object with name, source and definition");
    allowOnly(j, "scenario", {"name", "source", "definition"});
    const std::string name = text(field(j, "scenario", "name", "a string"), "scenario.name");
    const std::string from = text(field(j, "scenario", "source", "a string"), "scenario.source");
    const json& definition = field(j, "scenario", "definition", "the scenario's JSON object");
    requireObject(definition, "scenario.definition", "the scenario's JSON object");
    Scenario sc = parseScenario(definition.dump(2), source() + ": scenario.definition");
    sc.name = name;
    sc.source = from;
    return sc;
  }

  // The definition's text in its author's key order (nlohmann::json sorts
  // keys), so that the replayed run saves to the same file.
  static std::string definitionText(std::string_view text) {
    return nlohmann::ordered_json::parse(text)["scenario"]["definition"].dump(2);
  }

  // "pattern" and "options" repeat the scenario's, for a reader of the file;
  // they must agree with it.
  void sameConfig(const json& root, const Scenario& sc) const {
    const json& pattern = field(root, "", "pattern", "the scenario's pattern");
    if (pattern != sc.config.pattern)
      fail("pattern", "\"" + sc.config.pattern + "\", the scenario's pattern", pattern);
    const json& options = field(root, "", "options", "the scenario's options");
    if (options != sc.config.options)
      fail("options", "the scenario's options, " + shortPrefix(sc.config.options.dump()), options);
  }

  SimTime time(const json& j, const std::string& path) const {
    const std::uint64_t us = unsignedInteger(j, path, kTimeExpected);
    if (us > kMaxTime) fail(path, kTimeExpected, j);
    return SimTime{static_cast<std::int64_t>(us)};
  }

  // The stamps of a step or command: "at-us", "events-before", "samples-before".
  RunPoint stamps(const json& j, const std::string& path) const {
    RunPoint p;
    p.at = time(field(j, path, "at-us", "a time in microseconds"), join(path, "at-us"));
    p.events = unsignedInteger(field(j, path, "events-before", "a count of events"),
                               join(path, "events-before"));
    p.samples = unsignedInteger(field(j, path, "samples-before", "a count of samples"),
                                join(path, "samples-before"));
    return p;
  }

  RunPoint until(const json& root) const {
    const std::string shape = "an object with at-us, events and samples";
    const json& j = field(root, "", "until", shape);
    requireObject(j, "until", shape);
    allowOnly(j, "until", {"at-us", "events", "samples"});
    RunPoint p;
    p.at = time(field(j, "until", "at-us", "a time in microseconds"), "until.at-us");
    p.events = unsignedInteger(field(j, "until", "events", "a count of events"), "until.events");
    p.samples =
        unsignedInteger(field(j, "until", "samples", "a count of samples"), "until.samples");
    return p;
  }

  std::uint64_t hash(const json& root) const {
    const std::string expected = "16 hexadecimal digits, as in trace-hash=0123456789abcdef";
    const json& j = field(root, "", "trace-hash", expected);
    const std::string s = j.is_string() ? j.get<std::string>() : "";
    if (s.size() != 16 || s.find_first_not_of("0123456789abcdef") != std::string::npos)
      fail("trace-hash", expected, j);
    return std::stoull(s, nullptr, 16);
  }

  const json& array(const json& root, const std::string& key, const std::string& what) const {
    const json& j = field(root, "", key, "a list of " + what);
    if (!j.is_array()) fail(key, "a list of " + what, j);
    if (j.size() > kMaxCommands)
      failText(key, std::to_string(j.size()) + " entries, over the limit of " +
                        std::to_string(kMaxCommands));
    return j;
  }
};

// Commands are checked against the cluster the scenario builds: node
// numbers, the fields each kind needs, and the pattern's verbs.
class CommandReader {
 public:
  CommandReader(const ReplayReader& in, const Simulation& sim) : in_(in), sim_(sim) {}

  Command read(const json& j, const std::string& path) const {
    in_.requireObject(j, path, "an object with at-us, events-before, samples-before and kind");
    in_.allowOnly(j, path,
                  {"at-us", "events-before", "samples-before", "kind", "node", "peer", "groups",
                   "duration-us", "link", "verb", "args"});
    Command c;
    const RunPoint p = in_.stamps(j, path);
    c.at = p.at;
    c.afterEvent = p.events;
    c.afterSamples = p.samples;
    c.kind = kind(in_.field(j, path, "kind", "a command kind"), join(path, "kind"));
    if (j.contains("node")) c.node = node(j["node"], join(path, "node"));
    if (j.contains("peer")) c.peer = node(j["peer"], join(path, "peer"));
    if (j.contains("groups")) c.groups = groups(j["groups"], join(path, "groups"));
    if (j.contains("duration-us"))
      c.duration = in_.time(j["duration-us"], join(path, "duration-us"));
    if (j.contains("link")) c.link = link(j["link"], join(path, "link"));
    if (j.contains("verb")) c.verb = in_.text(j["verb"], join(path, "verb"));
    if (j.contains("args")) c.args = args(j["args"], join(path, "args"));
    requireFields(j, path, c);
    return c;
  }

 private:
  CommandKind kind(const json& j, const std::string& path) const {
    std::vector<std::string> names;
    for (const CommandShape& shape : kCommandShapes) {
      if (j == shape.name) return shape.kind;
      names.emplace_back(shape.name);
    }
    in_.fail(path, "one of " + json_reader::list(names), j);
  }

  NodeId node(const json& j, const std::string& path) const {
    const std::size_t n = sim_.kernel().nodeCount();
    const std::string expected = "a node from 0 to " + std::to_string(n - 1);
    if (!j.is_number_integer() || j.get<std::int64_t>() < 0 ||
        static_cast<std::uint64_t>(j.get<std::int64_t>()) >= n)
      in_.fail(path, expected, j);
    return static_cast<NodeId>(j.get<std::int64_t>());
  }

  std::vector<std::vector<NodeId>> groups(const json& j, const std::string& path) const {
    const std::string expected = "a list of at least two non-empty lists of nodes";
    if (!j.is_array() || j.size() < 2) in_.fail(path, expected, j);
    std::vector<std::vector<NodeId>> out;
    std::set<NodeId> seen;
    for (std::size_t i = 0; i < j.size(); ++i) {
      const std::string gpath = indexed(path, i);
      if (!j[i].is_array() || j[i].empty()) in_.fail(gpath, "a non-empty list of nodes", j[i]);
      out.emplace_back();
      for (std::size_t k = 0; k < j[i].size(); ++k) {
        const NodeId n = node(j[i][k], indexed(gpath, k));
        if (!seen.insert(n).second)
          in_.failText(indexed(gpath, k), "node " + std::to_string(n) + " is in two groups");
        out.back().push_back(n);
      }
    }
    return out;
  }

  LinkConfig link(const json& j, const std::string& path) const {
    in_.requireObject(j, path, "an object with latency-us, jitter-us, loss and duplicate");
    in_.allowOnly(j, path, {"latency-us", "jitter-us", "loss", "duplicate"});
    LinkConfig l;
    auto need = [&](const char* key, const char* expected) -> const json& {
      return in_.field(j, path, key, expected);
    };
    l.latency = in_.time(need("latency-us", "microseconds"), join(path, "latency-us"));
    l.jitter = in_.time(need("jitter-us", "microseconds"), join(path, "jitter-us"));
    const std::string probability = "a probability from 0 to 1";
    l.loss =
        in_.number(need("loss", "a probability"), join(path, "loss"), 0, 1, false, probability);
    l.duplicate = in_.number(need("duplicate", "a probability"), join(path, "duplicate"), 0, 1,
                             false, probability);
    return l;
  }

  std::vector<std::string> args(const json& j, const std::string& path) const {
    if (!j.is_array()) in_.fail(path, "a list of strings", j);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < j.size(); ++i)
      out.push_back(in_.text(j[i], indexed(path, i), true));
    return out;
  }

  // What Simulation::apply would refuse, refused now with the file's path. A
  // duration may be left out: the writer leaves out a zero one.
  void requireFields(const json& j, const std::string& path, const Command& c) const {
    const CommandShape& shape = commandShape(c.kind);
    auto need = [&](const char* key, const std::string& expected) {
      if (!j.contains(key))
        in_.failText(join(path, key),
                     "missing; a " + std::string(shape.name) + " command needs " + expected);
    };
    if (shape.node) need("node", "a node");
    if (shape.peer) need("peer", "a peer node");
    if (shape.groups) need("groups", "groups of nodes");
    if (shape.link) need("link", "link settings");
    if (shape.node && shape.peer && c.node == c.peer)
      in_.fail(join(path, "peer"), "a node other than \"node\" (a link joins two different nodes)",
               j["peer"]);
    if (shape.verb) {
      need("verb", "a verb of pattern \"" + sim_.config().pattern + "\"");
      try {
        sim_.pattern().validate(sim_.kernel(), c);
      } catch (const InputError& e) {
        throw e.in(in_.source() + ": " + path);
      }
    }
  }

  const ReplayReader& in_;
  const Simulation& sim_;
};

StepMark stepMark(const ReplayReader& in, const json& j, const std::string& path,
                  const Scenario& sc) {
  in.requireObject(j, path,
                   "an object with step, at-us, events-before, samples-before, first-command "
                   "and commands");
  in.allowOnly(j, path,
               {"step", "at-us", "events-before", "samples-before", "first-command", "commands"});
  StepMark m;
  const std::string steps =
      "a step of the scenario, from 0 to " + std::to_string(sc.steps.size() - 1);
  m.step = in.unsignedInteger(in.field(j, path, "step", steps), join(path, "step"), steps);
  if (m.step >= sc.steps.size()) in.fail(join(path, "step"), steps, j["step"]);
  const RunPoint p = in.stamps(j, path);
  m.at = p.at;
  m.afterEvent = p.events;
  m.afterSamples = p.samples;
  m.firstCommand = in.unsignedInteger(in.field(j, path, "first-command", "a command index"),
                                      join(path, "first-command"));
  const std::size_t actions = sc.steps[m.step].actions.size();
  const std::string count =
      "a count of commands from 0 to " + std::to_string(actions) + " (the step's actions)";
  m.commands =
      in.unsignedInteger(in.field(j, path, "commands", count), join(path, "commands"), count);
  if (m.commands > actions) in.fail(join(path, "commands"), count, j["commands"]);
  return m;
}

// The steps, commands and end, in the order the player meets them, must not
// go back in time, events or samples; a step's commands must exist and be its
// actions' kinds.
class Order {
 public:
  Order(const ReplayReader& in, const Replay& r) : in_(in), r_(r) {}

  void check() {
    std::size_t c = 0;
    for (std::size_t m = 0; m < r_.steps.size(); ++m) {
      const StepMark& mark = r_.steps[m];
      const std::string path = indexed("steps", m);
      const std::size_t last = r_.commands.size();
      if (mark.firstCommand < c || mark.firstCommand > last)
        in_.fail(join(path, "first-command"),
                 "a command index from " + std::to_string(c) + " to " + std::to_string(last),
                 mark.firstCommand);
      for (; c < mark.firstCommand; ++c) visit(commandPoint(c), indexed("commands", c));
      visit(RunPoint{mark.at, mark.afterEvent, mark.afterSamples}, path);
      if (mark.firstCommand + mark.commands > last)
        in_.failText(join(path, "commands"),
                     "expected at most " + std::to_string(last - mark.firstCommand) +
                         " (the commands left in the log), got " + std::to_string(mark.commands));
      for (; c < mark.firstCommand + mark.commands; ++c) {
        actionKind(mark, c);
        visit(commandPoint(c), indexed("commands", c));
      }
    }
    for (; c < r_.commands.size(); ++c) visit(commandPoint(c), indexed("commands", c));
    const RunPoint& e = r_.end;
    sameOrLater(e.at.count(), last_.at.count(), "until.at-us");
    sameOrLater(e.events, last_.events, "until.events");
    sameOrLater(e.samples, last_.samples, "until.samples");
  }

 private:
  RunPoint commandPoint(std::size_t i) const {
    const Command& c = r_.commands[i];
    return RunPoint{c.at, c.afterEvent, c.afterSamples};
  }

  void visit(const RunPoint& p, const std::string& path) {
    sameOrLater(p.at.count(), last_.at.count(), join(path, "at-us"));
    sameOrLater(p.events, last_.events, join(path, "events-before"));
    sameOrLater(p.samples, last_.samples, join(path, "samples-before"));
    last_ = p;
    lastPath_ = path;
  }

  template <class T>
  void sameOrLater(T value, T previous, const std::string& path) const {
    if (value < previous)
      in_.failText(path, "expected at least " + std::to_string(previous) + " (as at " +
                             (lastPath_.empty() ? "the start" : lastPath_) +
                             ": a run never goes back), got " + std::to_string(value));
  }

  void actionKind(const StepMark& mark, std::size_t c) const {
    const std::size_t k = c - mark.firstCommand;
    const Command& want = r_.scenario.steps[mark.step].actions[k].command;
    const Command& got = r_.commands[c];
    if (want.kind != got.kind || want.verb != got.verb)
      in_.failText(join(indexed("commands", c), "kind"),
                   "expected \"" + actionName(want) + "\", the scenario's steps[" +
                       std::to_string(mark.step) + "].actions[" + std::to_string(k) + "], got \"" +
                       actionName(got) + "\"");
  }

  // What a scenario's "do" says: the pattern's verb, or the fault's word.
  static std::string actionName(const Command& c) {
    const CommandShape& shape = commandShape(c.kind);
    return shape.verb ? c.verb : std::string(shape.name);
  }

  const ReplayReader& in_;
  const Replay& r_;
  RunPoint last_;
  std::string lastPath_;
};

}  // namespace

Replay parseReplay(std::string_view text, const std::string& source) {
  const json root = json_reader::parse(text, source);
  const ReplayReader in(source);
  if (!root.is_object()) in.fail("(top level)", "a replay file: an object", root);
  in.version(root);
  in.allowOnly(root, "", kTopFields);

  Replay r;
  r.source = source;
  r.scenario = in.scenario(root);
  r.scenario.text = ReplayReader::definitionText(text);
  in.sameConfig(root, r.scenario);
  r.seed = in.unsignedInteger(in.field(root, "", "seed", "the run's seed"), "seed");
  SimulationConfig config = r.scenario.config;
  config.seed = r.seed;
  config.kernel.traceCapacity = kHeadlessTraceCapacity;  // only asked to check commands
  const Simulation sim(config);

  const json& c = in.array(root, "commands", "commands");
  const json& s = in.array(root, "steps", "steps begun");
  const CommandReader commands(in, sim);
  for (std::size_t i = 0; i < c.size(); ++i)
    r.commands.push_back(commands.read(c[i], indexed("commands", i)));
  for (std::size_t i = 0; i < s.size(); ++i)
    r.steps.push_back(stepMark(in, s[i], indexed("steps", i), r.scenario));
  r.end = in.until(root);
  r.traceHash = in.hash(root);
  Order(in, r).check();
  return r;
}

Replay loadReplay(const std::string& path) {
  return parseReplay(json_reader::readFile(path, "a replay file (JSON)"), path);
}

bool isReplayFile(const std::string& path) {
  const std::string suffix = ".replay.json";
  if (path.size() >= suffix.size() &&
      path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
    return true;
  // Only a regular file is opened to look: opening a named pipe blocks until
  // someone writes to it. Anything else is refused by the scenario reader.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  char head[256] = {};
  in.read(head, sizeof head);
  const std::string_view text(head, static_cast<std::size_t>(in.gcount()));
  const auto brace = text.find_first_not_of(" \t\r\n");
  if (brace == std::string_view::npos || text[brace] != '{') return false;
  const auto key = text.find_first_not_of(" \t\r\n", brace + 1);
  return key != std::string_view::npos && text.substr(key).starts_with("\"clusterscope-replay\"");
}

}  // namespace cs
