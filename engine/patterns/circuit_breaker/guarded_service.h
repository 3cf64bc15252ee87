// A service whose calls to one dependency go through a circuit breaker: the
// caller side of the pattern (orders -> payment in the shop). Before making
// the protected call it asks CircuitBreaker::tryAcquirePermission(); when the
// breaker says no (OPEN, FORCED_OPEN, or HALF_OPEN with every probe out), the
// call is short-circuited: the request is answered at once with the fallback
// (Error "payment unavailable, try later"), nothing goes on the network, and
// the worker is free for the next request. Outcomes of permitted calls (ok,
// error, rejected, timeout, with their durations) are reported to the
// breaker; its transitions become trace milestones (see BreakerWords), and a
// timer follows nextTransitionAt() so OPEN becomes HALF_OPEN on time even
// without traffic.
//
// The breaker's state is volatile, as it is in resilience4j (an in-process
// object): a crash of this node forgets it, and the node restarts with a
// fresh CLOSED breaker (or DISABLED, if the operator switched it off, which
// is configuration and survives). With naive retries on (RetryingService),
// every retry asks the breaker for permission like a first call, so an OPEN
// breaker also stops the retry storm at this layer. Kernel thread only.
#pragma once

#include <cstdint>
#include <string>

#include "clusterscope/kernel.h"
#include "patterns/circuit_breaker/breaker_milestones.h"
#include "patterns/circuit_breaker/circuit_breaker.h"
#include "patterns/circuit_breaker/retrying_service.h"

namespace cs::circuit_breaker {

// The error a short-circuited call is answered with (Reply value0), so a
// caller and the trace can tell a fallback from a real failure.
inline constexpr std::int64_t kFallbackUnavailable = 503;

class GuardedService : public RetryingService {
 public:
  // `protectedService` is the dependency whose calls the breaker guards;
  // `naiveRetries` as for RetryingService (each retry asks the breaker too).
  GuardedService(rpc::RpcSystem& system, rpc::ServiceOptions options, NodeId protectedService,
                 const Config& breakerConfig, bool enabled, const BreakerWords& words,
                 int naiveRetries = 0);

  // ---- Operator commands (take effect now; traced as milestones) ----
  // Off: DISABLED (every call passes, nothing recorded). On: CLOSED. The
  // choice is configuration: it survives a crash.
  void setBreakerEnabled(bool enabled);
  // The same choice while this node is crashed: it takes effect on restart.
  void setBreakerEnabledWhileDown(bool enabled) { enabled_ = enabled; }
  void forceOpen();
  void close();
  // The safety rule on (a refused call fails fast) or off (unsafe: the call
  // goes to the protected service whatever the breaker says). Configuration:
  // survives a crash.
  void setFailFast(bool on) { failFast_ = on; }
  bool failFast() const { return failFast_; }

  // ---- Observations ----
  const CircuitBreaker& breaker() const { return breaker_; }
  NodeId protectedService() const { return protected_; }
  bool breakerEnabled() const { return enabled_; }
  std::uint64_t shortCircuited() const { return shortCircuited_; }
  const std::string& lastReason() const { return lastReason_; }

  // Metric names: "breaker.<owner>-><service>.{state,failure_rate_x100,
  // slow_call_rate_x100}" (gauges) and "path.<owner>-><service>.short_circuited".
  void publishGauges();

 protected:
  void onStart() override;
  Next process(Job& job) override;
  Next afterCall(Job& job, const rpc::Outcome& outcome) override;
  void onOwnTimer(TimerHandle timer, std::uint64_t tag) override;
  void onReset() override;

 private:
  static constexpr std::uint64_t kBreakerTimer = std::uint64_t{1} << 62;

  // Traces every queued transition and re-arms the transition timer.
  void drain();
  void armTimer();
  void defineMetrics();

  NodeId protected_;
  Config config_;
  MetricId stateGauge_ = 0, failureGauge_ = 0, slowGauge_ = 0, shortCircuitedCounter_ = 0;
  bool metricsDefined_ = false;

  // ---- Configuration (survives a crash) ----
  bool enabled_;
  bool failFast_ = true;
  std::uint64_t shortCircuited_ = 0;

  // ---- Volatile: reset in onReset ----
  CircuitBreaker breaker_;
  TimerHandle timer_;
  SimTime timerAt_{-1};
  std::string lastReason_;
  BreakerMilestones milestones_;
};

}  // namespace cs::circuit_breaker
