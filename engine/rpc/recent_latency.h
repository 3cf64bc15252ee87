// Latency over the last few seconds of simulated time: a ring of one-second
// histograms, so the canvas and the inspector can show a p99 that moves when
// something changes (hedging switched on, a replica failing) instead of a
// whole-run p99 that takes minutes to forget, or a last-interval p99 that
// jumps with every tenth of a second. Recording is one histogram update, and a
// ring slot is cleared when its second comes round again. A plain value
// owned by one node; kernel thread only.
#pragma once

#include <array>
#include <cstdint>

#include "clusterscope/time.h"
#include "rpc/histogram.h"

namespace cs::rpc {

class RecentLatency {
 public:
  static constexpr int kSeconds = 5;

  void record(SimTime now, std::int64_t value) { slot(now).values.record(value); }
  // The values recorded in the last kSeconds seconds (this one included).
  Histogram last(SimTime now) const {
    Histogram h;
    const std::int64_t second = now.count() / 1'000'000;
    for (const Slot& s : ring_)
      if (s.second > second - kSeconds && s.second <= second) h.merge(s.values);
    return h;
  }
  void clear() { ring_ = {}; }

 private:
  struct Slot {
    std::int64_t second = -1;
    Histogram values;
  };
  Slot& slot(SimTime now) {
    const std::int64_t second = now.count() / 1'000'000;
    Slot& s = ring_[static_cast<std::size_t>(second % kSeconds)];
    if (s.second != second) {
      s.second = second;
      s.values.clear();
    }
    return s;
  }

  std::array<Slot, kSeconds> ring_{};
};

}  // namespace cs::rpc
