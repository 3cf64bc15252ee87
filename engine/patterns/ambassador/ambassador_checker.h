// The Ambassador pattern's invariants, checked from the trace alone:
//   - identity: no request of the rogue client is ever delivered to a
//     replica (b1, b2) — the receiving ambassadors must stop every one;
//   - one answer: the outbound ambassador answers each request delivered to
//     it at most once (a hedge's loser or a late try must not answer again);
//     an answer is remembered for kAnswerMemory after the request came, far
//     longer than any of the ambassador's timeouts;
//   - budget: whenever the outbound ambassador sends an extra try (a retry
//     or a hedge) at time t, the extra tries it sent in (t - W + W/buckets, t]
//     are at most percent% of the requests delivered to it in (t - W, t] plus
//     minPerSecond * W — the bound any sliding window of buckets inside
//     (t - W, t] that covers (t - W + W/buckets, t] implies. A crash of the
//     ambassador starts all three counts afresh (its budget is volatile).
// The budget rule assumes the link from the service to its ambassador does
// not duplicate messages (it is a local hop). Kernel thread only.
#pragma once

#include <deque>
#include <vector>

#include "clusterscope/checker.h"
#include "patterns/ambassador/retry_policy.h"
#include "rpc/rpc_system.h"

namespace cs::ambassador {

struct CheckedNodes {
  NodeId ambassador = kNoNode;
  NodeId rogue = kNoNode;
  NodeId replicas[2] = {kNoNode, kNoNode};
};

class AmbassadorChecker : public Checker {
 public:
  AmbassadorChecker(const rpc::Words& words, CheckedNodes nodes, RetryBudget::Config budget);
  std::string_view name() const override {
    return "rogue calls never reach a replica; one answer per request; extra tries within the "
           "retry budget";
  }
  std::string_view meaning() const override {
    return "the sidecar speaks for its service: no impostor gets through, no request is answered "
           "twice, and a sick replica cannot set off a retry storm";
  }
  void onRecord(const TraceRecord& record) override;

 private:
  void forget();
  // The ambassador or a replica: the receivers whose requests are checked.
  bool watched(NodeId receiver) const;
  // onRecord's work for the records it cares about (most it does not).
  void check(const TraceRecord& record);
  struct Exchange;
  // The open exchange of request message `msg`, or nullptr.
  Exchange* find(MessageId msg);
  void delivered(MessageId msg, SimTime at);
  // Forgets answered exchanges older than kAnswerMemory at the front.
  void dropFinished(SimTime now);
  void checkBudget(SimTime at);

  rpc::Words words_;
  CheckedNodes nodes_;
  RetryBudget::Config budget_;
  static constexpr SimDuration kAnswerMemory{10'000'000};
  struct Exchange {
    MessageId msg = 0;  // the request delivered to the ambassador
    SimTime at{};       // when it was delivered first
    int deliveries = 0, tries = 0, answers = 0;
    bool finished() const { return answers >= deliveries; }
  };
  // The requests delivered in the last kAnswerMemory, and older ones not yet
  // answered: open_[head_..], by message id. Ids grow with time, so this is
  // a queue in a vector searched by bisection, not a tree allocating per
  // request; the forgotten prefix is cut off now and then.
  std::vector<Exchange> open_;
  std::size_t head_ = 0;
  // Where a request's exchange was put, by its message id modulo kHints:
  // its position counted from the first exchange ever kept, plus one (0:
  // none). Tens of milliseconds of requests are open at once, too many to
  // scan, and most lookups are one probe here instead of a bisection.
  static constexpr std::size_t kHints = 4096;
  std::vector<std::uint64_t> hints_ = std::vector<std::uint64_t>(kHints, 0);
  std::uint64_t erased_ = 0;  // exchanges cut off the front of open_
  std::deque<SimTime> requests_, extras_;
};

}  // namespace cs::ambassador
