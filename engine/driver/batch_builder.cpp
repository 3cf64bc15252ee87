// Builds the driver's batches. See batch_builder.h.
#include "batch_builder.h"

#include <algorithm>
#include <memory>
#include <utility>

namespace cs {

void BatchBuilder::runStarted() {
  newRun_ = true;
  lastRecord_ = 0;
  lastSample_ = 0;
  metricCount_ = 0;
}

bool BatchBuilder::due(bool force) {
  const auto t = std::chrono::steady_clock::now();
  if (!force && t - lastPublish_ < options_.publishEvery) return false;
  lastPublish_ = t;
  return true;
}

DriverBatch BatchBuilder::build(const Simulation& sim, const BranchTree& tree,
                                const DriverStatus& status, std::vector<std::string> errors) {
  const Kernel& k = sim.kernel();
  DriverBatch b;
  b.status = status;
  b.hasStatus = true;
  b.status.version = ++version_;
  if (newRun_) {
    b.newRun = true;
    b.vocabulary = std::make_shared<const Vocabulary>(k.vocabulary());
  }
  if (newRun_ || k.metrics().size() != metricCount_) {
    metricCount_ = k.metrics().size();
    for (MetricId m = 0; m < metricCount_; ++m) b.metrics.push_back(k.metrics().info(m));
  }
  if (newRun_ || tree.version() != timelineVersion_) {
    timelineVersion_ = tree.version();
    b.timeline = std::make_shared<const Timeline>(tree.timeline());
  }
  newRun_ = false;
  addRecords(sim, b);
  addSamples(k, b);
  addPicture(sim, b);
  b.errors = std::move(errors);
  return b;
}

// The newest records since the last batch, at most maxRecordsPerBatch; the
// rest (flat out, or gone from the trace's ring) are counted as skipped.
void BatchBuilder::addRecords(const Simulation& sim, DriverBatch& b) {
  const Trace& trace = sim.kernel().trace();
  const std::uint64_t count = trace.count();
  std::uint64_t from = std::max(lastRecord_, trace.firstRetained() - 1);
  if (count - from > options_.maxRecordsPerBatch) from = count - options_.maxRecordsPerBatch;
  b.skippedRecords = from - lastRecord_;
  scratch_.clear();
  trace.copySince(from, scratch_);
  b.records.reserve(scratch_.size());
  for (const TraceRecord& r : scratch_) b.records.push_back({r, sim.describe(r)});
  lastRecord_ = count;
}

void BatchBuilder::addSamples(const Kernel& k, DriverBatch& b) {
  const auto& samples = k.metrics().samples();
  const std::uint64_t taken = k.metrics().samplesTaken();
  const std::uint64_t firstKept = taken - samples.size();
  for (std::uint64_t i = std::max(lastSample_, firstKept); i < taken; ++i)
    b.samples.push_back(samples[i - firstKept]);
  lastSample_ = taken;
}

void BatchBuilder::addPicture(const Simulation& sim, DriverBatch& b) const {
  const Kernel& k = sim.kernel();
  const auto n = static_cast<NodeId>(k.nodeCount());
  b.nodes.reserve(n);
  for (NodeId i = 0; i < n; ++i) b.nodes.push_back(sim.snapshot(i));
  b.view = sim.view();
  b.invariants = sim.invariants();
  b.inFlight.reserve(std::min(k.inFlightCount(), options_.maxInFlight));
  k.forEachInFlight([&](const Kernel::InFlight& f) {
    if (b.inFlight.size() < options_.maxInFlight) b.inFlight.push_back(f);
  });
  for (NodeId a = 0; a < n; ++a)
    for (NodeId c = 0; c < n; ++c)
      if (a != c && !k.network().reachable(a, c)) b.blockedLinks.emplace_back(a, c);
}

}  // namespace cs
