// Push backoff: how long the broker waits before pushing to an endpoint
// again after it refused a push because its queue was full (a Nack with
// full = 1). Google Pub/Sub backs off exponentially, from 100 ms to 60 s,
// and a successful answer (an ack) lets it push at full speed again. Without
// it, an endpoint that refuses pushes because it is full would get the same
// messages back once per network round trip. Volatile; kernel thread only.
#pragma once

#include <algorithm>

#include "clusterscope/node.h"
#include "clusterscope/time.h"

namespace cs::pubsub {

struct PushBackoff {
  static constexpr SimDuration kFirst{100'000};
  static constexpr SimDuration kLongest{60'000'000};

  SimDuration delay{0};  // 0: pushing at full speed
  SimTime resumeAt{};    // no push before this
  TimerHandle timer;     // fires at resumeAt

  bool holds(SimTime now) const { return now < resumeAt; }
  // A refusal: waits twice as long as after the last one, from kFirst.
  void refused(SimTime now) {
    delay = delay.count() == 0 ? kFirst : std::min(delay * 2, kLongest);
    resumeAt = now + delay;
  }
  // An ack: the next refusal starts again from kFirst.
  void acked() { delay = SimDuration{0}; }
};

}  // namespace cs::pubsub
