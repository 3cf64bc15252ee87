// Metrics as CSV: a header naming every series, one row per sample, exact
// times, empty cells for series that did not exist yet. Test thread only.
#include <gtest/gtest.h>

#include <sstream>

#include "clusterscope/metrics_csv.h"
#include "clusterscope/scenario.h"

namespace cs {
namespace {

std::vector<std::string> split(const std::string& text, char by) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, by)) parts.push_back(part);
  if (!text.empty() && text.back() == by) parts.emplace_back();
  return parts;
}

TEST(MetricsCsv, AHeaderThenOneRowPerSample) {
  ScenarioRunner runner(loadScenario("leader-fails"));
  for (std::size_t i = 0; i < runner.stepCount(); ++i) {
    runner.beginStep(i);
    runner.runStep();
  }
  Simulation& sim = runner.simulation();
  sim.runUntil(sim.now() + fromSeconds(2));
  const Metrics& m = sim.kernel().metrics();
  std::ostringstream out;
  writeMetricsCsv(m, out);
  std::vector<std::string> rows = split(out.str(), '\n');
  ASSERT_EQ(rows.back(), "");  // the last row ends with a newline
  rows.pop_back();

  ASSERT_EQ(rows.size(), m.samples().size() + 1);
  std::string header = "time_s";
  for (std::size_t id = 0; id < m.size(); ++id) header += "," + m.name(static_cast<MetricId>(id));
  EXPECT_EQ(rows[0], header);
  EXPECT_NE(header.find(",raft.term,"), std::string::npos) << header;
  for (std::size_t i = 0; i < m.samples().size(); ++i) {
    const auto cells = split(rows[i + 1], ',');
    ASSERT_EQ(cells.size(), m.size() + 1) << rows[i + 1];
    EXPECT_EQ(cells[0], std::to_string(i / 10) + "." + std::to_string(i % 10) + "00000");
    for (std::size_t id = 0; id < m.size(); ++id)
      EXPECT_EQ(cells[id + 1], std::to_string(m.samples()[i].values[id]));
  }
}

TEST(MetricsCsv, LateSeriesAreEmptyAndOddNamesAreQuoted) {
  Metrics m(SimDuration{250'000});
  const MetricId a = m.define("requests");
  m.set(a, 3);
  m.sample();
  const MetricId b = m.define("latency, p99 \"ms\"");
  m.set(b, 12);
  m.sample();
  std::ostringstream out;
  writeMetricsCsv(m, out);
  EXPECT_EQ(out.str(),
            "time_s,requests,\"latency, p99 \"\"ms\"\"\"\n"
            "0.000000,3,\n"
            "0.250000,3,12\n");
}

TEST(MetricsCsv, NoSamplesIsJustTheHeader) {
  Metrics m;
  m.define("x");
  std::ostringstream out;
  writeMetricsCsv(m, out);
  EXPECT_EQ(out.str(), "time_s,x\n");
}

}  // namespace
}  // namespace cs
