// Breaker transitions as milestones. See breaker_milestones.h. Kernel thread
// only.
#include "patterns/circuit_breaker/breaker_milestones.h"

namespace cs::circuit_breaker {
namespace {

// A rate in percent, rounded to an integer; -1 stays -1 ("not enough calls").
std::int64_t percent(double rate) {
  return rate < 0 ? -1 : static_cast<std::int64_t>(rate + 0.5);
}

}  // namespace

BreakerWords defineBreakerWords(Kernel& k) {
  BreakerWords w;
  w.opened = k.defineMilestone(
      "breaker-opened", {"failureRate", "slowCallRate", "failed", "slow", "calls", "from"},
      "{node}'s breaker for {peer} is OPEN: {failed} of {calls} calls failed (failure rate "
      "{failureRate}%), {slow} were slow (slow-call rate {slowCallRate}%); calls are "
      "short-circuited");
  w.halfOpen = k.defineMilestone(
      "breaker-half-open", {"waitMs", "permitted", "from"},
      "{node}'s breaker for {peer} is HALF_OPEN after {waitMs} ms OPEN: {permitted} probe calls "
      "may pass");
  w.closed = k.defineMilestone(
      "breaker-closed", {"probes", "failed", "slow", "from"},
      "{node}'s breaker for {peer} is CLOSED: {failed} of {probes} probe calls failed and {slow} "
      "were slow, below the thresholds");
  w.reset = k.defineMilestone("breaker-reset", {"from"},
                              "{node}'s breaker for {peer} was closed by the operator: CLOSED");
  w.forcedOpen = k.defineMilestone(
      "breaker-forced-open", {"from"},
      "{node}'s breaker for {peer} was forced open by the operator: every call is short-circuited");
  w.disabled = k.defineMilestone(
      "breaker-disabled", {"from"},
      "{node}'s breaker for {peer} was disabled by the operator: every call passes, none counted");
  return w;
}

void BreakerMilestones::beforeOutcome(const CircuitBreaker& breaker, bool failed,
                                      SimDuration duration) {
  if (breaker.state() != State::HALF_OPEN) return;
  const Metrics m = breaker.metrics();
  probes_ = {m.numberOfBufferedCalls + 1, m.numberOfFailedCalls + (failed ? 1 : 0),
             m.numberOfSlowCalls + (duration > config_.slowCallDurationThreshold ? 1 : 0)};
}

std::vector<BreakerMilestone> BreakerMilestones::describe(const std::vector<Transition>& ts,
                                                          const CircuitBreaker& breaker) const {
  std::vector<BreakerMilestone> out;
  const Metrics metrics = breaker.metrics();
  for (std::size_t i = 0; i < ts.size(); ++i) {
    const Transition& t = ts[i];
    const auto from = static_cast<std::int64_t>(t.from);
    switch (t.to) {
      case State::OPEN:
        // OPEN keeps the window that tripped it, so its numbers are the
        // reason; an OPEN left again in the same batch has no window left.
        if (i + 1 == ts.size())
          out.push_back({words_.opened,
                         {percent(metrics.failureRate), percent(metrics.slowCallRate),
                          metrics.numberOfFailedCalls, metrics.numberOfSlowCalls,
                          metrics.numberOfBufferedCalls, from}});
        else
          out.push_back({words_.opened, {-1, -1, 0, 0, 0, from}});
        break;
      case State::HALF_OPEN:
        out.push_back({words_.halfOpen,
                       {config_.waitDurationInOpenState.count() / 1000,
                        config_.permittedNumberOfCallsInHalfOpenState, from}});
        break;
      case State::CLOSED:
        if (t.from == State::HALF_OPEN)
          out.push_back({words_.closed, {probes_[0], probes_[1], probes_[2], from}});
        else
          out.push_back({words_.reset, {from}});
        break;
      case State::FORCED_OPEN:
        out.push_back({words_.forcedOpen, {from}});
        break;
      case State::DISABLED:
        out.push_back({words_.disabled, {from}});
        break;
      case State::METRICS_ONLY:
        break;  // no verb leads here
    }
  }
  return out;
}

}  // namespace cs::circuit_breaker
