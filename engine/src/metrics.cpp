// Metric registry and sampling. See metrics.h.
#include "clusterscope/metrics.h"

#include <utility>

namespace cs {

MetricInfo MetricInfo::counter(std::string name, std::string family, std::string subject,
                               std::string measure) {
  return {std::move(name),
          MetricKind::Counter,
          MetricUnit::Count,
          std::move(family),
          std::move(subject),
          std::move(measure),
          {}};
}

MetricInfo MetricInfo::gauge(std::string name, std::string family, std::string subject,
                             std::string measure, MetricUnit unit) {
  return {std::move(name),    MetricKind::Gauge,  unit, std::move(family),
          std::move(subject), std::move(measure), {}};
}

MetricInfo MetricInfo::state(std::string name, std::string family, std::string subject,
                             std::string measure, std::vector<std::string> stateNames) {
  return {std::move(name),    MetricKind::State,  MetricUnit::Count,    std::move(family),
          std::move(subject), std::move(measure), std::move(stateNames)};
}

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
