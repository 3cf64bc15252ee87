// Scenarios: narrated, reproducible demos stored as JSON data (not code).
// A scenario names a pattern, its options, a seed and a list of steps; each
// step has narration, actions (commands, whose node may be a role word such
// as "leader" resolved when the step begins) and a condition to run until.
//
// Bundled scenarios (assets/scenarios/*.json) are compiled into the engine, so
// the headless runner, the tests and the window all read the same files.
// Everything here runs on the kernel thread; Scenario is a plain value.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/command.h"
#include "clusterscope/simulation.h"
#include "clusterscope/trace.h"

namespace cs {

// A node named in a scenario: a number, or a role word the pattern resolves
// when the step begins ("leader"), or "failed" (the node this scenario most
// recently crashed, paused or isolated, or put first in a partition's first
// group).
struct NodeRef {
  std::optional<NodeId> id;
  std::string role;  // used when id is empty
};

struct ScenarioAction {
  Command command;              // node/peer/groups filled in when refs resolve
  std::optional<NodeRef> node;  // replaces command.node when the step begins
  std::optional<NodeRef> peer;
  // Partition groups, resolved when the step begins into command.groups. A
  // group that is the single role "rest" gets every cluster member that no
  // other group names.
  std::vector<std::vector<NodeRef>> groups;
  // network: the link settings the action gives; the others keep the value in
  // force when the step begins.
  struct LinkFields {
    bool latency = false;
    bool jitter = false;
    bool loss = false;
    bool duplicate = false;
  } sets;
};

// What a step runs until.
struct StepCondition {
  enum class Kind {
    Milestone,  // a milestone `milestone` (optionally at `node`) is traced
    After,      // `duration` of simulated time has passed since the step began
    // The run has reached point `at` of its own clock (from the start of the
    // run, not of the step) with `events` events processed and `samples`
    // metric samples taken: the exact point where a recorded session's next
    // action came (see scenario_author.h). 0 events / samples: all of those
    // due by `at`. Met at once if the step begins later than that. It is met
    // exactly at the point, not at the first event of its instant, so a run
    // that checks conditionMet() after each event stops there too.
    At,
  };
  Kind kind = Kind::After;
  std::string milestone;
  std::optional<NodeRef> node;
  SimDuration duration{0};
  SimTime at{0};
  std::uint64_t events = 0;
  std::uint64_t samples = 0;
  // Milestone conditions fail if not met within this much simulated time.
  SimDuration within{10'000'000};
};

// A claim of a step's narration, checked when its condition is met, so that
// a figure the narration states is a figure the run shows: a metric's value
// (in the unit the window shows it: ms for a latency, % for a rate), how
// many times a milestone was traced during the step, or a node's status.
struct StepExpectation {
  enum class Kind {
    Metric,     // metric `metric` lies in [min, max] (or, a State metric, is `state`)
    Milestone,  // `milestone` (at `node`, if given) was traced min..max times in the step
    Node,       // node `node` is `state`: "up", "crashed" or "paused"
  };
  Kind kind = Kind::Metric;
  std::string metric;
  // The metric's rise since the step began (a counter's count in the step, a
  // backlog's growth), rather than its value.
  bool overStep = false;
  std::string milestone;
  std::optional<NodeRef> node;
  double min = -1e300;  // no lower bound
  double max = 1e300;   // no upper bound
  std::string state;    // a State metric's value name, or a node status
};

struct ScenarioStep {
  std::string title;      // "The leader fails"
  std::string narration;  // a paragraph, shown beside the canvas and printed headless
  std::vector<ScenarioAction> actions;
  StepCondition until;
  std::vector<StepExpectation> expect;
  // The pace the step plays at (simulated seconds per wall second) when it
  // begins; nullopt: the scenario's.
  std::optional<double> speed;
  // Message kinds the step is about ("RequestVote"): each one in flight is
  // slowed into sight, as the messages that lead to its condition are.
  std::vector<std::string> slowMotion;
};

struct Scenario {
  std::string name;         // file stem: "leader-fails"
  std::string title;        // "The leader fails"
  std::string description;  // one paragraph for the picker
  std::string source;       // where it came from: "bundled:leader-fails" or a path
  SimulationConfig config;  // pattern, options, seed
  // The pace it opens at (simulated seconds per wall second); nullopt: the
  // window's default. A step's own speed replaces it while the step plays.
  std::optional<double> speed;
  std::vector<ScenarioStep> steps;
  std::string text;  // the JSON it was read from, so that a replay file can carry it
  // The invariants (Checker::name) this scenario sets out to break with an
  // unsafe switch: their violations are the lesson, not a failure. Empty
  // for every scenario that runs the pattern as designed.
  std::vector<std::string> breaks;
};

// Where a step began in a run, so that a replay begins it at the same point:
// the command stamps of that moment (see Command), and which logged commands
// its actions became.
struct StepMark {
  std::size_t step = 0;
  SimTime at{};
  std::uint64_t afterEvent = 0;
  std::uint64_t afterSamples = 0;
  std::size_t firstCommand = 0;  // the command log's size when the step began
  // How many of its actions were applied: all of them, unless the step could
  // not begin (an action's role resolved to no node).
  std::size_t commands = 0;
};

// How one of a step's expectations came out when its condition was met.
struct ExpectOutcome {
  bool held = false;
  // What was expected and what the run showed, for reports and the window:
  // "svc.frontend.p99_5s_us = 1000.0 ms (expected 900 to 1100)".
  std::string text;
  // For a metric's expectation, the same in parts, so that a window can say
  // in words what the metric measures (its MetricInfo): the metric, and
  // `text` after its name (" = 1000 ms (expected 900 to 1100)"). Unset for
  // other expectations and for a metric the run does not have.
  std::optional<MetricId> metric;
  std::string reading;
};

// Parses scenario JSON. `source` names the file in errors. Throws InputError
// naming the source, the field (e.g. "steps[2].until.milestone") and what was
// expected; unknown fields are errors too.
Scenario parseScenario(std::string_view json, const std::string& source);

struct BundledScenario {
  std::string name;
  std::string json;
};
const std::vector<BundledScenario>& bundledScenarios();
// The scenario the app opens with when none is named.
std::string_view defaultScenarioName();

// A bundled scenario by name, else a file by path. Throws InputError
// ("unknown scenario 'x': not bundled (known: ...) and no such file").
Scenario loadScenario(std::string_view nameOrPath);

// Runs a scenario step by step. Owns the Simulation. Watches the trace for the
// current step's condition.
class ScenarioRunner : private TraceListener {
 public:
  // Throws InputError if the scenario's pattern or options are bad.
  explicit ScenarioRunner(Scenario scenario, std::optional<std::uint64_t> seed = std::nullopt);
  ~ScenarioRunner() override;

  const Scenario& scenario() const { return scenario_; }
  Simulation& simulation() { return *sim_; }
  const Simulation& simulation() const { return *sim_; }

  std::size_t stepCount() const { return scenario_.steps.size(); }
  // The step begun last; stepCount() before the first beginStep().
  std::size_t currentStep() const { return current_; }
  bool hasStarted() const { return current_ < scenario_.steps.size(); }

  // Begins step `index`: resolves its node references and applies its actions
  // as commands at now(). Throws InputError when a role resolves to no node
  // (e.g. "leader" while there is none) — the message names the step.
  // REQUIRES: index < stepCount().
  void beginStep(std::size_t index);
  // Begins step `index` as a recorded run did, at the point it began there
  // (see Simulation::moveTo): the step's first actions are replayed from the
  // commands they became, `recorded`; any actions after those resolve as in
  // beginStep (the recorded run could not begin the step, and this one meets
  // the same error). Throws InputError as beginStep does.
  // REQUIRES: index < stepCount(), recorded.size() <= the step's actions.
  void replayStep(std::size_t index, std::span<const Command> recorded);
  // Every step begun in this run, in order.
  const std::vector<StepMark>& stepMarks() const { return marks_; }

  // The current step's condition has been met (an "after" condition: its
  // time has been reached, whether by runStep() or otherwise).
  bool conditionMet() const;
  // When it was met. REQUIRES: conditionMet().
  SimTime metAt() const;
  // The current step could not begin (beginStep threw): it never meets its
  // condition, and runStep() returns false at once.
  bool broken() const { return broken_; }
  // The simulated time by which the condition must be met.
  SimTime deadline() const { return deadline_; }
  // Runs the current step until its condition is met or the deadline passes;
  // returns whether it was met.
  bool runStep();

  // Checks the current step's expectations against the run as it is now,
  // once per step: the first call after its condition is met decides them,
  // later calls return the same. Empty before the condition is met.
  const std::vector<ExpectOutcome>& checkExpectations();
  // What checkExpectations() decided for the current step (empty until then).
  const std::vector<ExpectOutcome>& expectOutcomes() const { return outcomes_; }

 private:
  void onRecord(const TraceRecord& record) override;
  bool deadlinePassed() const;
  bool instantOver() const;
  bool pointPassed() const;
  void startStep(std::size_t index, std::span<const Command> recorded);
  void applyActions(const ScenarioStep& step, std::size_t index, std::span<const Command> recorded);
  Command resolveAction(const ScenarioAction& action) const;
  NodeId resolve(const NodeRef& ref) const;
  std::vector<std::vector<NodeId>> resolveGroups(
      const std::vector<std::vector<NodeRef>>& refs) const;

  Scenario scenario_;
  std::unique_ptr<Simulation> sim_;
  std::size_t current_;
  bool met_ = false;
  SimTime metAt_{0};
  bool broken_ = false;
  SimTime stepStart_{0};
  SimTime deadline_{0};
  Label watchLabel_ = kNoLabel;
  NodeId watchNode_ = kNoNode;
  NodeId lastFailed_ = kNoNode;
  bool applyingActions_ = false;
  std::vector<NodeId> actionMilestones_;  // nodes of watched milestones traced by the actions
  std::vector<StepMark> marks_;
  // What the current step's expectations are checked against: every metric's
  // value when it began, and the milestones traced since, by (label, node).
  std::vector<std::int64_t> startValues_;
  std::map<std::pair<Label, NodeId>, std::uint64_t> stepMilestones_;
  bool checked_ = false;
  std::vector<ExpectOutcome> outcomes_;
};

}  // namespace cs
