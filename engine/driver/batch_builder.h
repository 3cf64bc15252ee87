// Builds the driver's batches: what changed in the run since the last batch
// — new trace records with their event-log sentences, metric samples, and
// the latest picture (every node's snapshot, messages in flight, blocked
// links, the timeline when it changed). After a rebuild the next batch starts
// a new run. The batch goes to the outbox (outbox.h). Engine thread only.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/driver.h"
#include "clusterscope/simulation.h"
#include "clusterscope/trace.h"

#include "branch_tree.h"

namespace cs {

class BatchBuilder {
 public:
  // `options`: the driver's (batch bounds and publish rate); must outlive this.
  explicit BatchBuilder(const Driver::Options& options) : options_(options) {}

  // A run was (re)built: the next batch is a new run, with everything.
  void runStarted();
  // Whether to publish now: always if forced, else at most once per
  // Options::publishEvery of wall time.
  bool due(bool force);
  // What changed in `sim` since the last batch, with `status` (its version
  // set here), the timeline of `tree` if it changed, and `errors`.
  DriverBatch build(const Simulation& sim, const BranchTree& tree, const DriverStatus& status,
                    std::vector<std::string> errors);

 private:
  void addRecords(const Simulation& sim, DriverBatch& b);
  void addSamples(const Kernel& k, DriverBatch& b);
  void addPicture(const Simulation& sim, DriverBatch& b) const;

  const Driver::Options& options_;
  std::chrono::steady_clock::time_point lastPublish_{};
  std::uint64_t version_ = 0;
  std::uint64_t timelineVersion_ = 0;
  bool newRun_ = true;
  std::uint64_t lastRecord_ = 0;  // records counted up to here were sent
  std::uint64_t lastSample_ = 0;  // samples taken up to here were sent
  std::size_t metricCount_ = 0;   // metrics named so far
  std::vector<TraceRecord> scratch_;
};

}  // namespace cs
