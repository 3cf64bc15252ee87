// The interface every pattern implements, and the registry of patterns.
// A pattern builds its cluster in a Kernel from options, interprets its own
// verbs (client-write), describes its nodes for the UI and supplies its
// invariant checkers. Adding a pattern adds a folder and one registry line;
// the kernel does not change. Kernel thread only, except NodeSnapshot, a
// plain value, and the views, immutable, which may be handed to the UI thread.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/checker.h"
#include "clusterscope/command.h"
#include "clusterscope/kernel.h"
#include "clusterscope/pattern_view.h"

namespace cs {

// What every pattern says of each of its nodes: who it is, whether it is up,
// and inspector rows. Rows are display text only: nothing parses them back;
// what the window draws comes from the pattern's typed view (pattern_view.h).
struct NodeSnapshot {
  NodeId id = kNoNode;
  std::string name;  // "node 2", "payment"
  NodeStatus status = NodeStatus::Up;
  SimDuration slowBy{0};
  bool member = true;  // false: drawn apart from the cluster (a client)
  std::string role;    // the node's role in words, for the inspector: "follower", "broker"
  std::vector<std::pair<std::string, std::string>> fields;  // inspector rows, in order
};

class Pattern {
 public:
  virtual ~Pattern() = default;

  // Creates the nodes and registers the vocabulary. Called once, before running.
  virtual void build(Kernel& kernel) = 0;
  // Throws InputError if a CommandKind::Pattern command has an unknown verb
  // or bad arguments, naming them; changes nothing.
  virtual void validate(const Kernel& kernel, const Command& command) const = 0;
  // Carries out a CommandKind::Pattern command. REQUIRES: validate() passed.
  virtual void apply(Kernel& kernel, const Command& command) = 0;
  // The verbs apply() understands, with their arguments, for help texts:
  // {"client-write", "KEY VALUE [NODE]"}.
  virtual std::vector<std::pair<std::string, std::string>> verbs() const = 0;
  virtual NodeSnapshot snapshot(const Kernel& kernel, NodeId node) const = 0;
  // The typed picture of every node at this instant (pattern_view.h), for
  // the window; never null.
  virtual std::shared_ptr<const PatternView> view(const Kernel& kernel) const = 0;
  // Resolves a role word used by scenarios ("leader") to a node, or nullopt
  // when no node currently has it.
  virtual std::optional<NodeId> resolve(const Kernel& kernel, std::string_view role) const = 0;
  // The role words resolve() answers, which a scenario may use wherever it
  // names a node: {"leader", "follower"}. A node named in the vocabulary
  // ("payment") is found by its name and needs none. The scenario's own
  // "failed" is never one.
  virtual std::vector<std::string> roleWords() const { return {}; }
  // Fresh checkers for this pattern's invariants.
  virtual std::vector<std::unique_ptr<Checker>> checkers(const Kernel& kernel) const = 0;
  // Called just before each metric sample so gauges are current.
  virtual void updateGauges(Kernel&) {}
};

struct PatternInfo {
  std::string name;   // "leader-election"
  std::string title;  // "Leader Election (Raft)"
  // Throws InputError naming the option that is unknown or out of range.
  std::function<std::unique_ptr<Pattern>(const nlohmann::json& options)> make;
};

// Every pattern, in the order the app offers them. A deque, so that a
// pattern found stays where it is when another is registered.
const std::deque<PatternInfo>& allPatterns();
// nullptr if no pattern has this name.
const PatternInfo* findPattern(std::string_view name);
// Adds a pattern (tests add patterns of their own). REQUIRES: no pattern is
// called info.name yet; no other thread is reading the registry.
void registerPattern(PatternInfo info);

}  // namespace cs
