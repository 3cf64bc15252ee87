// A service that retries its failed downstream calls naively: the
// anti-pattern behind a retry storm. When a call ends in Error, Rejected or
// Timeout it makes the same call again at once — no backoff, no jitter, no
// retry budget, and no look at whether its own caller is still waiting — up
// to `naiveRetries` times per request. Every caller in the shop is one (the
// frontend retries orders and catalog, orders retries payment), so with N
// retries a checkout can reach payment (1 + N)^2 times: retry amplification
// multiplies across layers. 0 retries (the default) is plain
// rpc::ServiceNode behaviour. A retry asks process() for the call again, so
// a subclass that guards its calls (GuardedService's breaker) guards every
// retry as well. The retry setting is configuration and survives a crash.
// Kernel thread only.
#pragma once

#include <cstdint>

#include "rpc/service_node.h"

namespace cs::circuit_breaker {

class RetryingService : public rpc::ServiceNode {
 public:
  RetryingService(rpc::RpcSystem& system, rpc::ServiceOptions options, int naiveRetries);

  // ---- Knob (live; applies to outcomes from now on) ----
  // REQUIRES: 0 <= retries.
  void setNaiveRetries(int retries);

  // ---- Observations (kept across crashes) ----
  int naiveRetries() const { return naiveRetries_; }
  std::uint64_t retriesSent() const { return retriesSent_; }

  // Metric name: "svc.<name>.retries", a counter of retries sent.
  void defineRetryMetric();

 protected:
  Next afterCall(Job& job, const rpc::Outcome& outcome) override;

 private:
  int naiveRetries_;
  std::uint64_t retriesSent_ = 0;
  MetricId retriesMetric_ = 0;
  bool metricDefined_ = false;
};

}  // namespace cs::circuit_breaker
