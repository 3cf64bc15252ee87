// The UI-side copy of what the engine last published: node snapshots,
// messages in flight, blocked links, recent trace records and metric samples.
// A plain value, filled by Session from driver batches (or by a benchmark
// directly); canvas items and models read it and hold only ids. UI thread only.
#pragma once

#include <clusterscope/driver.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cs::ui {

struct Mirror {
  std::shared_ptr<const Vocabulary> vocabulary;
  std::vector<NodeSnapshot> nodes;
  std::vector<Kernel::InFlight> inFlight;
  std::vector<std::pair<NodeId, NodeId>> blockedLinks;
  DriverStatus status;
  std::vector<MetricInfo> metrics;           // by MetricId: each sample's values
  std::deque<MetricSample> samples;          // the most recent kMaxSamples
  std::deque<DriverRecord> records;          // the most recent kMaxRecords
  std::uint64_t recordsForgotten = 0;        // records before records.front()
  std::shared_ptr<const Timeline> timeline;  // the run's history and branches

  static constexpr std::size_t kMaxRecords = 5000;
  static constexpr std::size_t kMaxSamples = 6000;

  // The index of the metric called `name` in every sample; nullopt if none is.
  std::optional<std::size_t> metricIndex(std::string_view name) const {
    for (std::size_t i = 0; i < metrics.size(); ++i)
      if (metrics[i].name == name) return i;
    return std::nullopt;
  }
  // The index of the metric that measures `measure` of `subject` in
  // `family` ("service", "payment", "p99"); nullopt if none does.
  std::optional<std::size_t> find(std::string_view family, std::string_view subject,
                                  std::string_view measure) const {
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      const MetricInfo& m = metrics[i];
      if (m.family == family && m.subject == subject && m.measure == measure) return i;
    }
    return std::nullopt;
  }
  // Every subject of `family`, once each, in the order first defined.
  std::vector<std::string> subjects(std::string_view family) const {
    std::vector<std::string> v;
    for (const MetricInfo& m : metrics)
      if (m.family == family && std::find(v.begin(), v.end(), m.subject) == v.end())
        v.push_back(m.subject);
    return v;
  }
  const NodeSnapshot* node(NodeId id) const { return id < nodes.size() ? &nodes[id] : nullptr; }
  const Kernel::InFlight* message(MessageId id) const {
    for (const auto& f : inFlight)
      if (f.message.id == id) return &f;
    return nullptr;
  }
  bool blocked(NodeId from, NodeId to) const {
    for (const auto& [a, b] : blockedLinks)
      if (a == from && b == to) return true;
    return false;
  }
  // A label's name ("RequestVote"), or "" when unknown.
  std::string labelName(Label label) const {
    if (!vocabulary || label >= vocabulary->size()) return {};
    return vocabulary->info(label).name;
  }
  // The node that most recently claims leadership with the highest term.
  NodeId leader() const {
    NodeId best = kNoNode;
    for (const auto& n : nodes)
      if (n.role == "leader" && n.status != NodeStatus::Crashed &&
          (best == kNoNode || n.term > nodes[best].term))
        best = n.id;
    return best;
  }
};

}  // namespace cs::ui
