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

// How a metric's value reads: charts, reports and the compare view pick and
// plot metrics by these, never by their names.
enum class MetricKind : std::uint8_t {
  Counter,  // only grows; a chart plots its rate (the delta per second)
  Gauge,    // a level now: a queue length, a backlog, a p99
  State,    // an enum now: MetricInfo::stateNames names each value
};

enum class MetricUnit : std::uint8_t {
  Count,         // messages, calls, requests
  Microseconds,  // a latency
  Node,          // a node id; -1 for none
  Percent,       // a rate in hundredths: 50 is half; negative while not yet measured
};

// What a metric measures. `family` groups the metrics a chart draws
// together ("service", "subscription", "breaker"), `subject` says which one
// of the family ("payment", "email-sub", "orders->payment"; "" for the run as
// a whole) and `measure` what of it ("ok", "backlog", "p99", "state").
struct MetricInfo {
  std::string name;  // unique; the CSV header and the tests' handle: "svc.payment.ok"
  MetricKind kind = MetricKind::Counter;
  MetricUnit unit = MetricUnit::Count;
  std::string family;
  std::string subject;
  std::string measure;
  std::vector<std::string> stateNames;  // State: the name of value i
  // What `measure` measures, in words, for people: "mean latency over 1 s"
  // for "latency-1s", "p99 over the last 5 s" for "p99_5s". Set by the
  // definition, so a reader never takes the key apart.
  std::string words;

  // The three shapes, so that a definition reads as one line.
  static MetricInfo counter(std::string name, std::string family, std::string subject,
                            std::string measure);
  static MetricInfo gauge(std::string name, std::string family, std::string subject,
                          std::string measure, MetricUnit unit = MetricUnit::Count);
  static MetricInfo state(std::string name, std::string family, std::string subject,
                          std::string measure, std::vector<std::string> stateNames);
};

struct MetricSample {
  SimTime at{};
  std::vector<std::int64_t> values;  // indexed by MetricId; newer metrics may be missing
};

class Metrics {
 public:
  explicit Metrics(SimDuration interval = SimDuration{100'000}, std::size_t keep = 36'000)
      : interval_(interval), keep_(keep) {}

  // Registers a metric, or returns the existing one with info.name.
  MetricId define(MetricInfo info);
  // A counter described by its name only, for tests: the engine describes
  // every metric it defines.
  MetricId define(std::string_view name);
  std::optional<MetricId> find(std::string_view name) const;
  const std::string& name(MetricId id) const { return infos_[id].name; }
  const MetricInfo& info(MetricId id) const { return infos_[id]; }
  std::size_t size() const { return infos_.size(); }

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
  std::vector<MetricInfo> infos_;
  std::vector<std::int64_t> values_;
  std::deque<MetricSample> samples_;
};

}  // namespace cs
