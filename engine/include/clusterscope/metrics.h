// Counters and gauges, sampled at fixed simulated intervals into a bounded
// series that charts and reports read. Values are integers so that samples are
// exact and hashable. Kernel thread only; the driver copies samples out.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clusterscope/time.h"

namespace cs {

using MetricId = std::uint32_t;

struct MetricSample {
  SimTime at{};
  std::vector<std::int64_t> values;  // indexed by MetricId; newer metrics may be missing
};

class Metrics {
 public:
  explicit Metrics(SimDuration interval = SimDuration{100'000}, std::size_t keep = 36'000)
      : interval_(interval), keep_(keep) {}

  // Registers a metric, or returns the existing one with this name.
  MetricId define(std::string_view name);
  std::optional<MetricId> find(std::string_view name) const;
  const std::string& name(MetricId id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }

  void add(MetricId id, std::int64_t delta = 1) { values_[id] += delta; }
  void set(MetricId id, std::int64_t value) { values_[id] = value; }
  std::int64_t value(MetricId id) const { return values_[id]; }

  SimDuration interval() const { return interval_; }
  SimTime nextSampleAt() const { return nextSample_; }
  // Records the current values as the sample at nextSampleAt().
  void sample();

  const std::deque<MetricSample>& samples() const { return samples_; }
  std::uint64_t samplesTaken() const { return taken_; }

 private:
  SimDuration interval_;
  std::size_t keep_;
  SimTime nextSample_{0};
  std::uint64_t taken_ = 0;
  std::vector<std::string> names_;
  std::vector<std::int64_t> values_;
  std::deque<MetricSample> samples_;
};

}  // namespace cs
