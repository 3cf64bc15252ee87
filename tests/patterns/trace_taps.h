#pragma once

// Trace listeners for tests. The trace keeps only its recent records in a
// ring, so a test that reads a whole run hears each record as it is
// appended, through a listener registered for as long as it lives.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "clusterscope/simulation.h"

namespace cs::taps {

// Registered with the simulation's trace from construction to destruction.
class Tap : public TraceListener {
 public:
  explicit Tap(Simulation& sim) : sim_(sim) { sim.kernel().trace().addListener(this); }
  ~Tap() override { sim_.kernel().trace().removeListener(this); }
  Tap(const Tap&) = delete;
  Tap& operator=(const Tap&) = delete;

 protected:
  Simulation& sim_;
};

// Every record of the run, kept.
class AllRecords : public Tap {
 public:
  using Tap::Tap;
  void onRecord(const TraceRecord& r) override { records.push_back(r); }
  std::vector<TraceRecord> records;
};

// Every milestone of one name, kept.
class Milestones : public Tap {
 public:
  Milestones(Simulation& sim, const char* name)
      : Tap(sim), label_(*sim.kernel().vocabulary().find(LabelKind::Milestone, name)) {}
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Milestone && r.label == label_) seen.push_back(r);
  }
  std::size_t size() const { return seen.size(); }
  // How many were traced by `node`.
  std::size_t at(NodeId node) const {
    std::size_t n = 0;
    for (const TraceRecord& r : seen) n += r.node == node;
    return n;
  }
  // The sum of value `field` over every one seen.
  std::int64_t sum(std::size_t field) const {
    std::int64_t s = 0;
    for (const TraceRecord& r : seen) s += r.v[field];
    return s;
  }
  std::vector<TraceRecord> seen;

 private:
  Label label_;
};

// Milestones of one name, counted, with the last one kept: for long runs
// where keeping every one would cost more than the test reads.
class MilestoneCount : public Tap {
 public:
  MilestoneCount(Simulation& sim, const char* name)
      : Tap(sim), label_(*sim.kernel().vocabulary().find(LabelKind::Milestone, name)) {}
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Milestone && r.label == label_) {
      ++count;
      last = r;
    }
  }
  std::uint64_t count = 0;
  TraceRecord last{};

 private:
  Label label_;
};

}  // namespace cs::taps
