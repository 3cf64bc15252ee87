// Metric registry and sampling. See metrics.h.
#include "clusterscope/metrics.h"

namespace cs {

MetricId Metrics::define(MetricInfo info) {
  if (auto id = find(info.name)) return *id;
  infos_.push_back(std::move(info));
  values_.push_back(0);
  return static_cast<MetricId>(infos_.size() - 1);
}

MetricId Metrics::define(std::string_view name) {
  MetricInfo info;
  info.name = name;
  info.measure = name;
  return define(std::move(info));
}

std::optional<MetricId> Metrics::find(std::string_view name) const {
  for (std::size_t i = 0; i < infos_.size(); ++i)
    if (infos_[i].name == name) return static_cast<MetricId>(i);
  return std::nullopt;
}

void Metrics::sample() {
  samples_.push_back(MetricSample{nextSample_, values_});
  if (samples_.size() > keep_) samples_.pop_front();
  ++taken_;
  nextSample_ += interval_;
}

}  // namespace cs
