// How many calls failed over the last few seconds of simulated time: a ring
// of one-second counts, so a client can show "failed 31% (last 5 s)" that
// follows what happens now, where its running totals take minutes to move.
// The same seconds as RecentLatency. A plain value owned by one node; kernel
// thread only.
#pragma once

#include <array>
#include <cstdint>

#include "clusterscope/time.h"
#include "rpc/recent_latency.h"

namespace cs::rpc {

class RecentOutcomes {
 public:
  static constexpr int kSeconds = RecentLatency::kSeconds;

  void record(SimTime now, bool failed) {
    Slot& s = slot(now);
    ++s.calls;
    if (failed) ++s.failed;
  }
  // The share of the calls that ended in the last kSeconds seconds (this
  // one included) that failed, in whole percent, rounded; -1 when none ended.
  std::int64_t failedPercent(SimTime now) const {
    const std::int64_t second = now.count() / 1'000'000;
    std::int64_t calls = 0, failed = 0;
    for (const Slot& s : ring_)
      if (s.second > second - kSeconds && s.second <= second) {
        calls += s.calls;
        failed += s.failed;
      }
    return calls == 0 ? -1 : (failed * 100 + calls / 2) / calls;
  }

 private:
  struct Slot {
    std::int64_t second = -1;
    std::int64_t calls = 0;
    std::int64_t failed = 0;
  };
  Slot& slot(SimTime now) {
    const std::int64_t second = now.count() / 1'000'000;
    Slot& s = ring_[static_cast<std::size_t>(second % kSeconds)];
    if (s.second != second) s = Slot{second, 0, 0};
    return s;
  }

  std::array<Slot, kSeconds> ring_{};
};

}  // namespace cs::rpc
