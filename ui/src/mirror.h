// The UI-side copy of what the engine last published: node snapshots and the
// pattern's typed view of them, messages in flight, blocked links, recent trace records and metric
// samples. A plain value, filled by Session from driver batches (or by a benchmark directly);
// canvas items and models read it and hold only ids. UI thread only.
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
  std::shared_ptr<const PatternView> view;  // the pattern's typed view of the nodes
  std::vector<Kernel::InFlight> inFlight;
  std::vector<std::pair<NodeId, NodeId>> blockedLinks;
  DriverStatus status;
  std::vector<MetricInfo> metrics;           // by MetricId: each sample's values
  std::deque<MetricSample> samples;          // the most recent kMaxSamples
  std::deque<DriverRecord> records;          // the most recent kMaxRecords
  std::uint64_t recordsForgotten = 0;        // records before records.front()
  std::shared_ptr<const Timeline> timeline;  // the run's history and branches
  InvariantList invariants;                  // the pattern's rules and their verdicts so far

  static constexpr std::size_t kMaxRecords = 5000;
  static constexpr std::size_t kMaxSamples = 6000;

  // The index of the metric called `name` in every sample; nullopt if none is.
  std::optional<std::size_t> metricIndex(std::string_view name) const {
    for (std::size_t i = 0; i < metrics.size(); ++i)
      if (metrics[i].name == name) return i;
    return std::nullopt;
  }
  // The index of the metric of `family` about `subject` that measures
  // `measure` (metrics.h); nullopt if none does.
  std::optional<std::size_t> metricIndex(std::string_view family, std::string_view subject,
                                         std::string_view measure) const {
    for (std::size_t i = 0; i < metrics.size(); ++i)
      if (metrics[i].family == family && metrics[i].subject == subject &&
          metrics[i].measure == measure)
        return i;
    return std::nullopt;
  }
  // The subjects of `family` that have a `measure` metric, in definition order.
  std::vector<std::string> subjects(std::string_view family, std::string_view measure) const {
    std::vector<std::string> v;
    for (const auto& m : metrics)
      if (m.family == family && m.measure == measure) v.push_back(m.subject);
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
};

}  // namespace cs::ui
