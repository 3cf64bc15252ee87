// The publishes a subscriber has processed: its idempotent handler's record,
// kept only for as long as a copy of one may still come. A copy comes again
// while the broker retains it (a redelivery, or a publish stored twice),
// and the broker discards a message once it is older than the
// subscription's retention period; so an id handled (processed, or a
// duplicate of it seen) within the last `horizon` is remembered exactly,
// and one not handled for longer is forgotten: a copy of it that still came
// would be processed again, as at-least-once delivery allows, never lost.
//
// How: the ids in a compact IdSet, and the lowest id handled in each
// sixteenth of the horizon. Every id under the lowest one handled within
// the horizon was last handled before it, so the set forgets below that.
// Memory is then the ids of one horizon, however long the run. A plain
// value; its owner uses it on the kernel thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>

#include "clusterscope/time.h"
#include "patterns/pubsub/id_set.h"
#include "patterns/pubsub/pubsub_words.h"

namespace cs::pubsub {

class ProcessedIds {
 public:
  static constexpr int kPeriodsPerHorizon = 16;

  // REQUIRES: horizon > 0.
  explicit ProcessedIds(SimDuration horizon) : horizon_(horizon) {}

  bool contains(PublishId publish) const { return ids_.contains(publish); }

  // Records that `publish` was handled at `now` (processed, or a copy of it
  // acknowledged again); returns whether it was new. REQUIRES: now does not
  // go back.
  bool insert(PublishId publish, SimTime now) {
    const SimDuration period = std::max(SimDuration{1}, horizon_ / kPeriodsPerHorizon);
    if (periods_.empty() || now >= periods_.back().start + period)
      periods_.push_back({now, publish});
    Period& current = periods_.back();
    current.lowest = std::min(current.lowest, publish);
    const bool fresh = ids_.insert(publish);
    // A period's ids were last handled before the next one began.
    bool dropped = false;
    while (periods_.size() > 1 && periods_[1].start + horizon_ <= now) {
      periods_.pop_front();
      dropped = true;
    }
    if (dropped) {
      PublishId lowest = std::numeric_limits<PublishId>::max();
      for (const Period& p : periods_) lowest = std::min(lowest, p.lowest);
      ids_.forgetBelow(lowest);
    }
    return fresh;
  }

  // A longer retention lengthens the horizon; a shorter one keeps it, since
  // copies stored under the longer one may still come.
  void lengthen(SimDuration horizon) { horizon_ = std::max(horizon_, horizon); }

  // ---- Observations (for tests of the bound) ----
  SimDuration horizon() const { return horizon_; }
  const IdSet& ids() const { return ids_; }

 private:
  struct Period {
    SimTime start{};
    PublishId lowest = 0;  // the lowest id handled in the period
  };
  SimDuration horizon_;
  IdSet ids_;
  std::deque<Period> periods_;
};

}  // namespace cs::pubsub
