// Metric registry and sampling. See metrics.h.
#include "clusterscope/metrics.h"

#include <string_view>
#include <utility>

namespace cs {
namespace {

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// A measure key is a word or a few joined by '_' ("p99_5s", "new_failed"):
// a window ("5s") reads "over the last 5 s", and a unit suffix ("us", "ms")
// is dropped, since a value shown beside the words carries its unit.
std::string measureWords(std::string_view measure) {
  std::string words;
  while (true) {
    const std::size_t end = measure.find('_');
    const std::string_view part = measure.substr(0, end);
    std::string word;
    if (part.size() > 1 && part.back() == 's' && allDigits(part.substr(0, part.size() - 1)))
      word = "over the last " + std::string(part.substr(0, part.size() - 1)) + " s";
    else if (part != "us" && part != "ms")
      word = std::string(part);
    if (!word.empty()) words += (words.empty() ? "" : " ") + word;
    if (end == std::string_view::npos) return words;
    measure.remove_prefix(end + 1);
  }
}

// Every definition goes through here, so each gets its words.
MetricInfo described(std::string name, MetricKind kind, MetricUnit unit, std::string family,
                     std::string subject, std::string measure,
                     std::vector<std::string> stateNames = {}) {
  MetricInfo info;
  info.name = std::move(name);
  info.kind = kind;
  info.unit = unit;
  info.family = std::move(family);
  info.subject = std::move(subject);
  info.measure = std::move(measure);
  info.stateNames = std::move(stateNames);
  info.words = measureWords(info.measure);
  return info;
}

}  // namespace

MetricInfo MetricInfo::counter(std::string name, std::string family, std::string subject,
                               std::string measure) {
  return described(std::move(name), MetricKind::Counter, MetricUnit::Count, std::move(family),
                   std::move(subject), std::move(measure));
}

MetricInfo MetricInfo::gauge(std::string name, std::string family, std::string subject,
                             std::string measure, MetricUnit unit) {
  return described(std::move(name), MetricKind::Gauge, unit, std::move(family), std::move(subject),
                   std::move(measure));
}

MetricInfo MetricInfo::state(std::string name, std::string family, std::string subject,
                             std::string measure, std::vector<std::string> stateNames) {
  return described(std::move(name), MetricKind::State, MetricUnit::Count, std::move(family),
                   std::move(subject), std::move(measure), std::move(stateNames));
}

MetricId Metrics::define(MetricInfo info) {
  if (auto id = find(info.name)) return *id;
  infos_.push_back(std::move(info));
  values_.push_back(0);
  return static_cast<MetricId>(infos_.size() - 1);
}

MetricId Metrics::define(std::string_view name) {
  return define(described(std::string(name), MetricKind::Counter, MetricUnit::Count, {}, {},
                          std::string(name)));
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
