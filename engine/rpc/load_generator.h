// An open-loop client: it sends requests to one service at a rate, whether
// or not earlier ones have been answered, because a closed-loop client (one
// that waits) slows down with the service and hides its queueing. Arrivals
// are spaced by the mean gap 1/rate with uniform jitter of +-jitter * gap
// (integer draws from the node's own stream; no exponential, so no libm). A
// burst multiplies the rate for a while.
//
// Each request starts a new end-user request with id (node id << 40) | n,
// n = 1, 2, ... (durable), so ids are unique across generators and readable
// in the trace: the generator's id is the high part. Kernel thread only.
#pragma once

#include <cstdint>

#include "rpc/recent_outcomes.h"
#include "rpc/rpc_node.h"

namespace cs::rpc {

struct LoadOptions {
  NodeId target = kNoNode;
  std::int64_t method = 0;
  Args args{};
  double rate = 10;     // requests per second; 0: idle
  double jitter = 0.5;  // 0: evenly spaced; 1: gaps uniform in (0, 2/rate]
  SimDuration timeout{1'000'000};
};

class LoadGenerator : public RpcNode {
 public:
  LoadGenerator(RpcSystem& system, LoadOptions options);

  // ---- Knobs (live; take effect from the next arrival) ----
  // REQUIRES: rate >= 0.
  void setRate(double rate);
  // Multiplies the rate by `multiplier` from now for `duration`.
  void burst(double multiplier, SimDuration duration);
  void setTarget(NodeId target) { options_.target = target; }
  void setTimeout(SimDuration timeout) { options_.timeout = timeout; }

  // ---- Observations (kept across crashes) ----
  const LoadOptions& options() const { return options_; }
  std::uint64_t sent() const { return sent_; }
  std::uint64_t outcomes(Status status) const { return outcomes_[static_cast<int>(status)]; }
  // The share of its requests that ended in the last RecentOutcomes::kSeconds
  // seconds and failed (error, rejected or timed out), in whole percent; -1
  // when none ended.
  std::int64_t recentFailedPercent(SimTime now) const { return recent_.failedPercent(now); }
  // The end-user request id of the n-th request (1-based) this node sends.
  RequestId requestId(std::uint64_t n) const { return (static_cast<RequestId>(id()) << 40) | n; }

 protected:
  void onStart() override;
  void onOwnTimer(TimerHandle timer, std::uint64_t tag) override;
  void onOutcome(const Outcome& outcome) override;
  void onReset() override;

 private:
  // Arms the next arrival, or nothing when idle.
  void scheduleNext();
  double currentRate() const;

  LoadOptions options_;
  double burstMultiplier_ = 1;
  SimTime burstUntil_{0};

  // ---- Durable ----
  std::uint64_t sent_ = 0;
  std::uint64_t outcomes_[4] = {};
  RecentOutcomes recent_;

  // ---- Volatile ----
  bool up_ = false;
  TimerHandle next_;
};

}  // namespace cs::rpc
