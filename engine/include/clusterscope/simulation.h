// A running instance of one pattern: the kernel, the pattern's cluster, its
// invariant checkers and the command log. This is what the headless runner,
// the driver thread and the tests hold. Kernel thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/command.h"
#include "clusterscope/invariant.h"
#include "clusterscope/kernel.h"
#include "clusterscope/pattern.h"

namespace cs {

struct SimulationConfig {
  std::string pattern;  // the name of a registered pattern (PatternInfo::name)
  nlohmann::json options = nlohmann::json::object();
  std::uint64_t seed = 1;
  KernelOptions kernel;
};

struct Violation {
  SimTime at{};
  std::string checker;
  std::string text;
  std::uint64_t record = 0;  // the seq of its Violation record in the trace
};

class Simulation {
 public:
  // Throws InputError for an unknown pattern or bad options.
  explicit Simulation(SimulationConfig config);
  ~Simulation();

  const SimulationConfig& config() const { return config_; }
  Kernel& kernel() { return *kernel_; }
  const Kernel& kernel() const { return *kernel_; }
  Pattern& pattern() { return *pattern_; }
  const Pattern& pattern() const { return *pattern_; }

  SimTime now() const { return kernel_->now(); }
  // One event, then the checkers. False if nothing was left to do.
  bool step();
  // The next event if it is due at or before t, then the checkers. False
  // (and nothing run) if none is: one look at the queue, not a peek and a pop.
  bool stepUntil(SimTime t);
  // Every event due at or before t. REQUIRES: t >= now().
  void runUntil(SimTime t);

  // Throws InputError if apply() would reject the command (node out of
  // range, unknown verb); changes nothing either way.
  void validate(const Command& command) const;
  // Stamps the command with now() and eventsProcessed(), logs it, traces it
  // and carries it out. Throws InputError as validate() does; a rejected
  // command is neither logged nor applied.
  void apply(Command command);
  const std::vector<Command>& commandLog() const { return log_; }
  // Runs to exactly a point an earlier run of the same config reached: steps
  // until eventsProcessed() == afterEvent (never past time `at`), moves to
  // `at` and takes the metric samples that run had taken by then. Starts the
  // nodes if that run had started them. REQUIRES: the point is not behind now().
  void moveTo(SimTime at, std::uint64_t afterEvent, std::uint64_t afterSamples);
  // Replays a logged command at exactly the point it was first applied:
  // moveTo its stamps, then apply it.
  void replay(const Command& command);

  NodeSnapshot snapshot(NodeId node) const { return pattern_->snapshot(*kernel_, node); }
  std::shared_ptr<const PatternView> view() const { return pattern_->view(*kernel_); }
  std::optional<NodeId> resolve(std::string_view role) const {
    return pattern_->resolve(*kernel_, role);
  }

  // The event-log sentence for a record, including commands and violations.
  std::string describe(const TraceRecord& record) const;
  // A command in words, its nodes by name ("crash payment").
  std::string describe(const Command& command) const;

  const std::vector<Violation>& violations() const { return violations_; }
  const std::vector<std::unique_ptr<Checker>>& checkers() const { return checkers_; }
  // Every checker's rule with its verdict so far, in the pattern's order.
  const InvariantList& invariants() const { return invariants_; }

 private:
  void check();
  // The checkers from `from` on: afterEvent (unless `calledFrom`: it already
  // ran for that one) and their violations into the trace, in checker order.
  void checkFrom(std::size_t from, bool calledFrom);
  static void noteBroken(InvariantVerdict& verdict, const Violation& v);
  void applyFault(const Command& c);
  void requireNode(NodeId node, const char* field) const;

  SimulationConfig config_;
  std::unique_ptr<Kernel> kernel_;
  std::unique_ptr<Pattern> pattern_;
  std::vector<std::unique_ptr<Checker>> checkers_;
  // The checkers that still want afterEvent, by index, in checker order.
  std::vector<std::size_t> afterEvent_;
  // Some checker found a violation not yet drained (see Checker::raiseOnViolation).
  bool violationRaised_ = false;
  std::vector<Command> log_;
  std::vector<Violation> violations_;
  InvariantList invariants_;  // one per checker, same order
};

}  // namespace cs
