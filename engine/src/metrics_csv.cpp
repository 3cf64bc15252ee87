// Metric samples as CSV (RFC 4180). See metrics_csv.h.
#include "clusterscope/metrics_csv.h"

#include <cinttypes>
#include <cstdio>

#include "clusterscope/errors.h"
#include "clusterscope/text_file.h"

namespace cs {
namespace {

// Names are the pattern's ("sent.RequestVote"); quote one only if CSV needs it.
std::string cell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Exact: "12.345678" from 12345678 us, never a rounded double.
std::string seconds(SimTime t) {
  const std::int64_t us = t.count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%" PRId64 ".%06" PRId64, us / 1'000'000, us % 1'000'000);
  return buf;
}

}  // namespace

void writeMetricsCsv(const Metrics& metrics, std::ostream& out) {
  out << "time_s";
  for (std::size_t id = 0; id < metrics.size(); ++id)
    out << ',' << cell(metrics.name(static_cast<MetricId>(id)));
  out << '\n';
  for (const MetricSample& s : metrics.samples()) {
    out << seconds(s.at);
    for (std::size_t id = 0; id < metrics.size(); ++id) {
      out << ',';
      if (id < s.values.size()) out << s.values[id];
    }
    out << '\n';
  }
}

void saveMetricsCsv(const Metrics& metrics, const std::string& path) {
  writeTextFile(path, [&](std::ostream& out) { writeMetricsCsv(metrics, out); });
}

}  // namespace cs
