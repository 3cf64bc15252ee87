// Metric registry and sampling. See metrics.h.
#include "clusterscope/metrics.h"

namespace cs {

MetricId Metrics::define(std::string_view name) {
  if (auto id = find(name)) return *id;
  names_.emplace_back(name);
  values_.push_back(0);
  return static_cast<MetricId>(names_.size() - 1);
}

std::optional<MetricId> Metrics::find(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return static_cast<MetricId>(i);
  return std::nullopt;
}

void Metrics::sample() {
  samples_.push_back(MetricSample{nextSample_, values_});
  if (samples_.size() > keep_) samples_.pop_front();
  ++taken_;
  nextSample_ += interval_;
}

}  // namespace cs
