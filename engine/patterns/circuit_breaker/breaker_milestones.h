// A circuit breaker's transitions as trace milestones (BreakerWords), each
// with the numbers that explain it: the window that opened the breaker, the
// probe calls that closed it, the wait before HALF_OPEN. Shared by every
// owner of a breaker — the shop's orders, the ambassador's breaker per
// replica — so the same transition reads the same in every pattern. The
// owner traces the milestones itself (node = the owner, peer = the protected
// service). Owned by one node; kernel thread only.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/circuit_breaker/circuit_breaker.h"

namespace cs::circuit_breaker {

// The milestones of a breaker, registered once per kernel. Every one has
// node = the breaker's owner and peer = the protected service.
struct BreakerWords {
  Label opened = kNoLabel;      // -> OPEN: failureRate, slowCallRate (%), failed, slow, calls, from
  Label halfOpen = kNoLabel;    // -> HALF_OPEN: waitMs, permitted, from
  Label closed = kNoLabel;      // HALF_OPEN -> CLOSED: probes, failed, slow, from
  Label reset = kNoLabel;       // -> CLOSED by the operator: from
  Label forcedOpen = kNoLabel;  // -> FORCED_OPEN by the operator: from
  Label disabled = kNoLabel;    // -> DISABLED by the operator: from
};
BreakerWords defineBreakerWords(Kernel& kernel);

struct BreakerMilestone {
  Label label = kNoLabel;
  std::array<std::int64_t, 6> values{};
};

class BreakerMilestones {
 public:
  BreakerMilestones(const BreakerWords& words, const Config& config)
      : words_(words), config_(config) {}

  // Call just before reporting a permitted call's outcome to `breaker`. In
  // HALF_OPEN it remembers the probe window with this outcome in it, for the
  // milestone if the outcome closes the breaker (which starts a new, empty
  // window).
  void beforeOutcome(const CircuitBreaker& breaker, bool failed, SimDuration duration);
  // The milestones of `transitions`, just taken from `breaker`, oldest first.
  std::vector<BreakerMilestone> describe(const std::vector<Transition>& transitions,
                                         const CircuitBreaker& breaker) const;
  // Forgets the probe window (the owner crashed).
  void reset() { probes_ = {}; }

 private:
  BreakerWords words_;
  Config config_;
  std::array<std::int64_t, 3> probes_{};  // HALF_OPEN: calls, failed, slow with the last outcome
};

}  // namespace cs::circuit_breaker
