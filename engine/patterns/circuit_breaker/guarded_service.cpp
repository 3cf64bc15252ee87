// The breaker's owner: permission before the protected call, the fallback
// when it is short-circuited, outcomes into the breaker, transitions into
// the trace. See guarded_service.h. Kernel thread only.
#include "patterns/circuit_breaker/guarded_service.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cs::circuit_breaker {
namespace {

// A rate in percent, rounded to an integer; -1 stays -1 ("not enough calls").
std::int64_t percent(double rate) {
  return rate < 0 ? -1 : static_cast<std::int64_t>(rate + 0.5);
}

std::int64_t hundredths(double rate) {
  return rate < 0 ? -100 : static_cast<std::int64_t>(rate * 100 + 0.5);
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

GuardedService::GuardedService(rpc::RpcSystem& system, rpc::ServiceOptions options,
                               NodeId protectedService, const Config& breakerConfig, bool enabled,
                               const BreakerWords& words, int naiveRetries)
    : RetryingService(system, std::move(options), naiveRetries),
      protected_(protectedService),
      config_(breakerConfig),
      words_(words),
      enabled_(enabled),
      breaker_(breakerConfig) {}

void GuardedService::defineMetrics() {
  if (metricsDefined_) return;
  metricsDefined_ = true;
  const std::string path = system().name(id()) + "->" + system().name(protected_);
  cs::Metrics& m = system().metrics();
  stateGauge_ = m.define("breaker." + path + ".state");
  failureGauge_ = m.define("breaker." + path + ".failure_rate_x100");
  slowGauge_ = m.define("breaker." + path + ".slow_call_rate_x100");
  shortCircuitedCounter_ = m.define("path." + path + ".short_circuited");
}

void GuardedService::publishGauges() {
  defineMetrics();
  cs::Metrics& m = system().metrics();
  const auto metrics = breaker_.metrics();
  m.set(stateGauge_, static_cast<std::int64_t>(breaker_.state()));
  m.set(failureGauge_, hundredths(metrics.failureRate));
  m.set(slowGauge_, hundredths(metrics.slowCallRate));
}

void GuardedService::onStart() {
  defineMetrics();
  if (!enabled_) breaker_.transitionToDisabledState(now());
  drain();
}

void GuardedService::setBreakerEnabled(bool enabled) {
  enabled_ = enabled;
  if (enabled)
    breaker_.transitionToClosedState(now());
  else
    breaker_.transitionToDisabledState(now());
  drain();
}

void GuardedService::forceOpen() {
  breaker_.transitionToForcedOpenState(now());
  drain();
}

void GuardedService::close() {
  breaker_.transitionToClosedState(now());
  drain();
}

rpc::ServiceNode::Next GuardedService::process(Job& job) {
  Next next = ServiceNode::process(job);
  if (next.kind != Next::Kind::Call || next.to != protected_) return next;
  const bool permitted = breaker_.tryAcquirePermission(now());
  drain();  // a lazy OPEN -> HALF_OPEN is traced before the probe is sent
  if (permitted) return next;
  // Short-circuited: the fallback answers at once and frees the worker.
  ++shortCircuited_;
  system().metrics().add(shortCircuitedCounter_);
  return Next::answer(rpc::Status::Error, {kFallbackUnavailable, 0, 0, 0});
}

rpc::ServiceNode::Next GuardedService::afterCall(Job& job, const rpc::Outcome& o) {
  if (o.callee == protected_) {
    // Every way a call can end badly counts as a failure: an error, a full
    // queue (rejected) and a timeout. Slowness is judged by the breaker.
    if (breaker_.state() == State::HALF_OPEN) {
      // The probe window with this outcome in it, for the milestone if this
      // outcome closes the breaker (which starts a new, empty window).
      const auto m = breaker_.metrics();
      probes_ = {m.numberOfBufferedCalls + 1,
                 m.numberOfFailedCalls + (o.status == rpc::Status::Ok ? 0 : 1),
                 m.numberOfSlowCalls + (o.latency > config_.slowCallDurationThreshold ? 1 : 0)};
    }
    if (o.status == rpc::Status::Ok)
      breaker_.onSuccess(o.latency, now());
    else
      breaker_.onError(o.latency, now());
    drain();
  }
  return RetryingService::afterCall(job, o);
}

void GuardedService::onOwnTimer(TimerHandle timer, std::uint64_t tag) {
  if (tag != kBreakerTimer) return RetryingService::onOwnTimer(timer, tag);
  timer_ = TimerHandle{};
  timerAt_ = SimTime{-1};
  breaker_.advanceTo(now());
  drain();
}

void GuardedService::onReset() {
  RetryingService::onReset();
  // Volatile, as in resilience4j: the breaker lives in the process's memory.
  breaker_ = CircuitBreaker(config_, now());
  timer_ = TimerHandle{};
  timerAt_ = SimTime{-1};
  lastReason_.clear();
  probes_ = {};
  publishGauges();
}

void GuardedService::armTimer() {
  const auto due = breaker_.nextTransitionAt();
  if (due && *due == timerAt_ && timer_) return;
  if (timer_) cancelTimer(timer_);
  timerAt_ = SimTime{-1};
  if (!due) return;
  timerAt_ = *due;
  timer_ = setTimer(std::max(SimDuration{1}, *due - now()), kBreakerTimer);
}

void GuardedService::drain() {
  std::vector<Transition> ts = breaker_.takeTransitions();
  const auto metrics = breaker_.metrics();
  const auto from = [](const Transition& t) { return static_cast<std::int64_t>(t.from); };
  for (std::size_t i = 0; i < ts.size(); ++i) {
    const Transition& t = ts[i];
    const bool last = i + 1 == ts.size();
    lastReason_ = t.reason;
    switch (t.to) {
      case State::OPEN:
        // OPEN keeps the window that tripped it, so its numbers are the reason.
        if (last)
          milestone(words_.opened,
                    {percent(metrics.failureRate), percent(metrics.slowCallRate),
                     metrics.numberOfFailedCalls, metrics.numberOfSlowCalls,
                     metrics.numberOfBufferedCalls, from(t)},
                    protected_);
        else
          milestone(words_.opened, {-1, -1, 0, 0, 0, from(t)}, protected_);
        break;
      case State::HALF_OPEN:
        milestone(words_.halfOpen,
                  {config_.waitDurationInOpenState.count() / 1000,
                   config_.permittedNumberOfCallsInHalfOpenState, from(t)},
                  protected_);
        break;
      case State::CLOSED:
        if (t.from == State::HALF_OPEN) {
          milestone(words_.closed, {probes_[0], probes_[1], probes_[2], from(t)}, protected_);
        } else {
          milestone(words_.reset, {from(t)}, protected_);
        }
        break;
      case State::FORCED_OPEN:
        milestone(words_.forcedOpen, {from(t)}, protected_);
        break;
      case State::DISABLED:
        milestone(words_.disabled, {from(t)}, protected_);
        break;
      case State::METRICS_ONLY:
        break;  // no verb leads here
    }
  }
  armTimer();
  if (!ts.empty()) publishGauges();
}

}  // namespace cs::circuit_breaker
