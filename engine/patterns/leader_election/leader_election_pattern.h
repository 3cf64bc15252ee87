// The Leader Election pattern: a Raft cluster (nodes 0 .. n-1) keeping a
// replicated configuration, plus one client node (id n) that writes to it.
// Builds the cluster from Options, interprets the pattern's verbs, describes
// nodes for the UI, resolves role words and supplies the checkers.
// Kernel thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clusterscope/metrics.h"
#include "clusterscope/pattern.h"
#include "patterns/leader_election/options.h"
#include "patterns/leader_election/raft_messages.h"

namespace cs::leader_election {

class RaftNode;
class ClientNode;

class LeaderElectionPattern : public Pattern {
 public:
  explicit LeaderElectionPattern(Options options) : options_(options) {}

  void build(Kernel& kernel) override;
  void validate(const Kernel& kernel, const Command& command) const override;
  void apply(Kernel& kernel, const Command& command) override;
  std::vector<std::pair<std::string, std::string>> verbs() const override;
  NodeSnapshot snapshot(const Kernel& kernel, NodeId node) const override;
  std::shared_ptr<const PatternView> view(const Kernel& kernel) const override;
  std::optional<NodeId> resolve(const Kernel& kernel, std::string_view role) const override;
  std::vector<std::string> roleWords() const override;
  std::vector<std::unique_ptr<Checker>> checkers(const Kernel& kernel) const override;
  void updateGauges(Kernel& kernel) override;

  const Options& options() const { return options_; }
  NodeId clientId() const { return static_cast<NodeId>(options_.nodes); }

 private:
  const RaftNode& server(const Kernel& kernel, NodeId id) const;
  RaftNode& server(Kernel& kernel, NodeId id);
  const ClientNode& client(const Kernel& kernel) const;
  ClientNode& client(Kernel& kernel);
  NodeSnapshot serverSnapshot(const Kernel& kernel, NodeId id) const;
  NodeSnapshot clientSnapshot(const Kernel& kernel) const;
  // The up leader with the highest term, if any.
  std::optional<NodeId> leader(const Kernel& kernel) const;

  Options options_;
  Words words_;
  MetricId termGauge_ = 0;
  MetricId leaderGauge_ = 0;
};

}  // namespace cs::leader_election
