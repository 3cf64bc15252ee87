// The Ambassador pattern's sidecar on the calling side: co-located with its
// service (a zero-latency local hop), it makes every outbound call on the
// service's behalf. Per route it applies, in this order:
//
//   - an overall timeout (the route's, or the caller's deadline if sooner)
//     and a per-try timeout (never past the overall one);
//   - a circuit breaker per upstream replica (cs::circuit_breaker's
//     resilience4j state machine): a try goes to the first replica, starting
//     with the preferred one, whose breaker permits it; if none does, the
//     request fails fast with Error 503;
//   - hedging: if the first try has no answer after hedgeAfter, a second try
//     goes to the other replica; the first answer wins and the loser's answer
//     is ignored when it comes (the RPC layer cannot cancel a sent request);
//   - retries of a failed try (Error, Rejected, Timeout; never a 403) to the
//     next replica after an exponential backoff with jitter, at most
//     maxRetries of them;
//   - a retry budget (RetryBudget): every extra try, retry or hedge, must fit
//     in it at the moment it is sent; when it does not, the request is
//     answered with the last failure ("retry-budget-exhausted");
//   - service identity: it writes the service's identity into every try
//     (Request arg2) for the receiving ambassador to check;
//   - request logging (a bounded log the inspector shows) and metrics.
//
// Preferred replica: round-robin over the route's replicas, per request.
// Exchanges (requests being worked on) are volatile: a crash loses them and
// the service's calls time out; the budget and breakers are in-process state
// and start afresh too. Counters and the log survive. Kernel thread only.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "patterns/ambassador/milestone_throttle.h"
#include "patterns/ambassador/retry_policy.h"
#include "patterns/circuit_breaker/breaker_milestones.h"
#include "patterns/circuit_breaker/circuit_breaker.h"
#include "rpc/deadline_queue.h"
#include "rpc/id_ring.h"
#include "rpc/recent_latency.h"
#include "rpc/rpc_node.h"

namespace cs::ambassador {

// The error detail (Reply value0) of an overall timeout and of a request no
// replica's breaker permitted.
inline constexpr std::int64_t kGatewayTimeout = 504;
inline constexpr std::int64_t kUnavailable = 503;
// The error detail of a request the receiving ambassador refused for its
// identity.
inline constexpr std::int64_t kForbidden = 403;

// The pattern's milestones, registered once per kernel. The ones that can
// happen many times a second are traced at most once a second with the
// count they stand for (MilestoneThrottle).
struct AmbassadorWords {
  Label identityRejected = kNoLabel;  // node = inbound ambassador, peer = caller: identity, count
  Label budgetExhausted = kNoLabel;   // node = outbound ambassador: extras, allowance, count
  Label hedgeSent = kNoLabel;       // node = outbound ambassador, peer = hedged to: afterMs, count
  Label hedgeWon = kNoLabel;        // node = outbound ambassador, peer = winner: latencyMs, count
  Label retrySucceeded = kNoLabel;  // node = outbound ambassador, peer = replica: attempt,
                                    // latencyMs, count
  // The breaker per replica: node = outbound ambassador, peer = the
  // replica's ambassador (breaker-opened, breaker-half-open, breaker-closed).
  circuit_breaker::BreakerWords breaker;
};
AmbassadorWords defineAmbassadorWords(Kernel& kernel);

// What the ambassador does for one route; live-adjustable.
struct RoutePolicy {
  SimDuration perTryTimeout{250'000};
  SimDuration overallTimeout{800'000};
  bool retries = true;
  int maxRetries = 2;
  SimDuration backoffBase{10'000};
  SimDuration backoffCap{100'000};
  Jitter jitter = Jitter::Equal;
  RetryBudget::Config budget;
  // Safety rule: an extra try goes only while the budget allows it. false
  // removes it (the unsafe switch): the budget still counts, but never says no.
  bool retryBudget = true;
  bool hedging = true;
  SimDuration hedgeAfter{30'000};
  bool breaker = true;
  circuit_breaker::Config breakerConfig;
};

// One line of the request log.
struct LogLine {
  SimTime at{};
  RequestId request = 0;
  int attempt = 0;  // 1 = first try; 0: about the request as a whole
  NodeId upstream = kNoNode;
  const char* what = "";  // "try", "ok", "error", "timeout", "hedge", "answered ok", ...
  SimDuration latency{};  // of the try or of the whole request
};

// The last kCapacity lines of the request log, oldest first: a fixed ring,
// so logging every try costs a copy and no allocation.
class RequestLog {
 public:
  static constexpr std::size_t kCapacity = 64;
  void add(const LogLine& line) {
    lines_[(first_ + size_) % kCapacity] = line;
    if (size_ < kCapacity)
      ++size_;
    else
      first_ = (first_ + 1) % kCapacity;
  }
  std::size_t size() const { return size_; }
  // REQUIRES: i < size(); 0 is the oldest.
  const LogLine& operator[](std::size_t i) const { return lines_[(first_ + i) % kCapacity]; }

 private:
  std::array<LogLine, kCapacity> lines_{};
  std::size_t first_ = 0, size_ = 0;
};

class OutboundAmbassador : public rpc::RpcNode {
 public:
  OutboundAmbassador(rpc::RpcSystem& system, const AmbassadorWords& words, std::string route,
                     std::vector<NodeId> upstreams, std::int64_t identity, RoutePolicy policy);

  // ---- Knobs (live; affect tries made from now on) ----
  void setRetries(bool on) { policy_.retries = on; }
  void setHedging(bool on) { policy_.hedging = on; }
  void setRetryBudget(bool on) { policy_.retryBudget = on; }

  // ---- Observations ----
  const RoutePolicy& policy() const { return policy_; }
  const std::vector<NodeId>& upstreams() const { return upstreams_; }
  std::int64_t identity() const { return identity_; }
  const RequestLog& log() const { return log_; }
  const circuit_breaker::CircuitBreaker& breaker(std::size_t upstream) const {
    return breakers_[upstream];
  }
  std::size_t exchanges() const { return exchanges_.size(); }
  struct Counters {
    std::uint64_t requests = 0, tries = 0, retries = 0, hedges = 0, hedgeWins = 0;
    std::uint64_t budgetExhausted = 0, timeouts = 0, shortCircuited = 0;
    std::uint64_t ok = 0, failed = 0;
  };
  const Counters& counters() const { return counters_; }
  // Latency of whole requests as the service saw them (ambassador in to out),
  // over the whole run and per sample interval, and over the last seconds.
  const rpc::WindowedHistogram& latency() const { return latency_; }
  const rpc::RecentLatency& recentLatency() const { return recent_; }

  // Metric names "amb.<route>.{requests,tries,retries,hedges,hedge_wins,
  // budget_exhausted,timeouts,short_circuited}" and gauges "...p50_us,p99_us"
  // (last interval). Call publishGauges just before each sample.
  void defineMetrics();
  void publishGauges();

 protected:
  void onRequest(const Message& request) override;
  void onOutcome(const rpc::Outcome& outcome) override;
  void onOwnTimer(TimerHandle timer, std::uint64_t tag) override;
  void onReset() override;

 private:
  enum TimerKind : std::uint64_t { kHedgeTimer = 1, kRetryTimer = 2 };
  static std::uint64_t tag(TimerKind kind, std::uint64_t exchange) {
    return (static_cast<std::uint64_t>(kind) << 56) | exchange;
  }

  struct Exchange {
    rpc::ReplyTo from;
    std::int64_t method = 0;
    rpc::Args args{};
    SimTime started{};
    SimTime deadline{};
    int attempts = 0;     // tries sent
    int retriesDone = 0;  // of them, retries
    int outstanding = 0;  // tries not yet answered
    bool hedged = false;
    std::size_t last = 0;  // index in upstreams_ of the last try
    rpc::Status lastStatus = rpc::Status::Error;
    rpc::Values lastValues{};
    TimerHandle retryTimer;
  };

  // Sends one try, preferring upstreams_[prefer]. false if no breaker let it.
  bool sendTry(std::uint64_t id, Exchange& ex, std::size_t prefer, bool hedge);
  void afterFailure(std::uint64_t id, Exchange& ex);
  // The hedges' timer fired: hedge every request due by now whose first try
  // is still the only one out.
  void hedgeDue();
  void hedge(std::uint64_t id, Exchange& ex);
  void finish(std::uint64_t id, rpc::Status status, const rpc::Values& values);
  void exhausted(Exchange& ex);
  // Whether one more extra try may go now (counted if the budget allows it).
  bool withdraw();
  void drainBreaker(std::size_t upstream);
  std::size_t indexOf(NodeId upstream) const;
  void note(RequestId request, int attempt, NodeId upstream, const char* what,
            SimDuration latency = {});
  void count(MetricId id) { system().metrics().add(id); }

  AmbassadorWords words_;
  std::string route_;
  std::vector<NodeId> upstreams_;
  std::int64_t identity_;
  RoutePolicy policy_;

  struct MetricIds {
    MetricId requests = 0, tries = 0, retries = 0, hedges = 0, hedgeWins = 0;
    MetricId budgetExhausted = 0, timeouts = 0, shortCircuited = 0, p50 = 0, p99 = 0;
    // Per upstream: "breaker.ambassador->b1-ambassador.state", the state's
    // value (circuit_breaker::State; DISABLED when the route has no breaker).
    std::vector<MetricId> breakerState;
  } metrics_;
  bool metricsDefined_ = false;

  // ---- Kept across crashes ----
  std::uint64_t nextExchange_ = 1;
  Counters counters_;
  rpc::WindowedHistogram latency_;
  rpc::RecentLatency recent_;
  RequestLog log_;
  MilestoneThrottle exhaustedMilestone_, hedgeSentMilestone_, hedgeWonMilestone_, retryMilestone_;

  // ---- Volatile: reset in onReset ----
  rpc::IdRing<Exchange> exchanges_;  // by exchange id
  rpc::DeadlineQueue hedges_;        // when each request's hedge is due, by exchange id
  RetryBudget budget_;
  std::vector<circuit_breaker::CircuitBreaker> breakers_;
  std::vector<circuit_breaker::BreakerMilestones> breakerMilestones_;  // by upstream
  std::size_t roundRobin_ = 0;
};

}  // namespace cs::ambassador
