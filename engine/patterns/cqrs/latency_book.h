// End-to-end latency of a client's requests: when each went out (a ring
// indexed by request id, so an open-loop client at thousands per second
// allocates nothing per request), the last few seconds' histogram for the
// view and a windowed one for the chart's p99 per sample. A request
// answered after its slot was reused is not measured. A plain value owned
// by one node; kernel thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "clusterscope/time.h"
#include "rpc/histogram.h"
#include "rpc/recent_latency.h"

namespace cs::cqrs {

class LatencyBook {
 public:
  explicit LatencyBook(std::size_t slots = 1 << 16) : sent_(slots) {}

  void sent(std::int64_t id, SimTime at) { sent_[slot(id)] = {id, at}; }
  // Records the latency of `id` if its send time is still known.
  bool answered(std::int64_t id, SimTime now) {
    Slot& s = sent_[slot(id)];
    if (s.id != id) return false;
    s.id = -1;
    const std::int64_t us = (now - s.at).count();
    recent_.record(now, us);
    window_.record(us);
    return true;
  }
  // p99 of the last few seconds; 0 with nothing measured.
  std::int64_t recentP99(SimTime now) const {
    const rpc::Histogram h = recent_.last(now);
    return h.count() ? h.p99() : 0;
  }
  // p99 since the last roll(); 0 with nothing measured.
  std::int64_t windowP99() const { return window_.window.count() ? window_.window.p99() : 0; }
  std::int64_t totalP99() const { return window_.total.count() ? window_.total.p99() : 0; }
  std::uint64_t measured() const { return window_.total.count(); }
  void roll() { window_.roll(); }

 private:
  struct Slot {
    std::int64_t id = -1;
    SimTime at{};
  };
  std::size_t slot(std::int64_t id) const { return static_cast<std::size_t>(id) % sent_.size(); }
  std::vector<Slot> sent_;
  rpc::RecentLatency recent_;
  rpc::WindowedHistogram window_;
};

}  // namespace cs::cqrs
