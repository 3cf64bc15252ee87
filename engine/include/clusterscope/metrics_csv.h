// The sampled metric series as CSV, for a spreadsheet or a plotting script:
// a header row, "time_s" and then every metric's name in the order the run
// defined them (the same names and order for the same pattern and options,
// run after run), then one row per sample the Metrics still holds, oldest
// first. Times are simulated seconds with microsecond precision; a metric
// defined after a sample was taken has an empty cell in that row.
// Kernel thread (or any thread holding a copy of the Metrics).
#pragma once

#include <ostream>
#include <string>

#include "clusterscope/metrics.h"

namespace cs {

void writeMetricsCsv(const Metrics& metrics, std::ostream& out);
// Writes the CSV to `path`. Throws InputError naming the path if it cannot
// be written.
void saveMetricsCsv(const Metrics& metrics, const std::string& path);

}  // namespace cs
