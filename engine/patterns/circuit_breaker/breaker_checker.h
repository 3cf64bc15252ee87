// The Circuit Breaker's safety property as an executable check, outside the
// breaker's code: it follows the breaker's state from the trace (its
// milestones, and the owner's crashes, which reset it to CLOSED) and watches
// every Request the owner sends to the protected service:
//   - none while the breaker is OPEN or FORCED_OPEN;
//   - while HALF_OPEN, at most permittedNumberOfCallsInHalfOpenState probe
//     requests outstanding (sent in this HALF_OPEN and neither answered nor
//     timed out).
// Copies the network makes (duplicates) are not the owner's sends and are
// ignored. Kernel thread only.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "clusterscope/checker.h"
#include "patterns/circuit_breaker/circuit_breaker.h"
#include "patterns/circuit_breaker/guarded_service.h"
#include "rpc/rpc_system.h"

namespace cs::circuit_breaker {

class BreakerChecker : public Checker {
 public:
  BreakerChecker(const BreakerWords& words, const rpc::Words& rpcWords, NodeId owner,
                 NodeId service, int permittedInHalfOpen, bool startsEnabled);
  std::string_view name() const override {
    return "no call reaches the protected service while its breaker is OPEN";
  }
  std::string_view meaning() const override {
    return "an OPEN breaker fails fast, so the sick service gets time to recover";
  }
  void onRecord(const TraceRecord& record) override;

  State state() const { return state_; }

 private:
  void forget(std::int64_t call);

  BreakerWords words_;
  rpc::Words rpc_;
  NodeId owner_, service_;
  int permitted_;
  State state_;
  std::vector<std::int64_t> probes_;  // HALF_OPEN: outstanding probe call ids
};

}  // namespace cs::circuit_breaker
