// At most one milestone a second for an event that can happen hundreds of
// times a second (a refused call, a hedge, a retry that rode over a
// failure): the milestone carries how many events it stands for, so the
// trace stays readable and small while the count stays exact. A plain value
// owned by one node; kernel thread only.
#pragma once

#include <cstdint>

#include "clusterscope/time.h"

namespace cs::ambassador {

class MilestoneThrottle {
 public:
  // Counts one event at `now`; true when a milestone is due for it, which the
  // caller then traces with take(now) as its count.
  bool count(SimTime now) {
    ++since_;
    return now - last_ >= kGap;
  }
  // The events since the last milestone, this one included; starts afresh.
  std::int64_t take(SimTime now) {
    last_ = now;
    const auto n = static_cast<std::int64_t>(since_);
    since_ = 0;
    return n;
  }

 private:
  static constexpr SimDuration kGap{1'000'000};
  SimTime last_{-1'000'000'000};
  std::uint64_t since_ = 0;
};

}  // namespace cs::ambassador
