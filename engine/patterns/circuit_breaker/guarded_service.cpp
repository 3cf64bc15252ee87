// The breaker's owner: permission before the protected call, the fallback
// when it is short-circuited, outcomes into the breaker, transitions into
// the trace. See guarded_service.h. Kernel thread only.
#include "patterns/circuit_breaker/guarded_service.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cs::circuit_breaker {
namespace {

std::int64_t hundredths(double rate) {
  return rate < 0 ? -100 : static_cast<std::int64_t>(rate * 100 + 0.5);
}

}  // namespace

GuardedService::GuardedService(rpc::RpcSystem& system, rpc::ServiceOptions options,
                               NodeId protectedService, const Config& breakerConfig, bool enabled,
                               const BreakerWords& words, int naiveRetries)
    : RetryingService(system, std::move(options), naiveRetries),
      protected_(protectedService),
      config_(breakerConfig),
      enabled_(enabled),
      breaker_(breakerConfig),
      milestones_(words, breakerConfig) {}

void GuardedService::defineMetrics() {
  if (metricsDefined_) return;
  metricsDefined_ = true;
  const std::string path = system().name(id()) + "->" + system().name(protected_);
  cs::Metrics& m = system().metrics();
  const std::string b = "breaker." + path + ".";
  stateGauge_ = m.define(MetricInfo::state(b + "state", "breaker", path, "state", stateNames()));
  failureGauge_ = m.define(MetricInfo::gauge(b + "failure_rate_x100", "breaker", path,
                                             "failure_rate", MetricUnit::Percent));
  slowGauge_ = m.define(MetricInfo::gauge(b + "slow_call_rate_x100", "breaker", path,
                                          "slow_call_rate", MetricUnit::Percent));
  shortCircuitedCounter_ = m.define(
      MetricInfo::counter("path." + path + ".short_circuited", "path", path, "short_circuited"));
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
  // Teaching note: without failing fast, OPEN only counts; payment keeps
  // getting the load that made it sick.
  if (permitted || !failFast_) return next;
  // Short-circuited: the fallback answers at once and frees the worker.
  ++shortCircuited_;
  system().metrics().add(shortCircuitedCounter_);
  return Next::answer(rpc::Status::Error, {kFallbackUnavailable, 0, 0, 0});
}

rpc::ServiceNode::Next GuardedService::afterCall(Job& job, const rpc::Outcome& o) {
  if (o.callee == protected_) {
    // Every way a call can end badly counts as a failure: an error, a full
    // queue (rejected) and a timeout. Slowness is judged by the breaker.
    milestones_.beforeOutcome(breaker_, o.status != rpc::Status::Ok, o.latency);
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
  milestones_.reset();
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
  const std::vector<Transition> ts = breaker_.takeTransitions();
  for (const BreakerMilestone& m : milestones_.describe(ts, breaker_))
    milestone(m.label, m.values, protected_);
  if (!ts.empty()) lastReason_ = ts.back().reason;
  armTimer();
  if (!ts.empty()) publishGauges();
}

}  // namespace cs::circuit_breaker
