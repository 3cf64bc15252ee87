// The shoppers browsing: open-loop reads of the product listing at a high
// rate (and a few order details and dashboard views), each to one of the
// query targets picked at random — the active read replicas, or the one
// model's database. A flash sale multiplies the rate for a while. Every
// answer's latency is measured end to end. Durable: counters. Volatile:
// the send times of requests in flight, the rate timer. Kernel thread only.
#pragma once

#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/cqrs/cqrs_words.h"
#include "patterns/cqrs/latency_book.h"

namespace cs::cqrs {

struct BrowseOptions {
  std::vector<NodeId> targets;
  int products = 20;
  double rate = 1'000;
};

class BrowseClient : public Node {
 public:
  BrowseClient(const Words& words, BrowseOptions options);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  void setTargets(std::vector<NodeId> targets) { options_.targets = std::move(targets); }
  void setRate(double rate);
  // `factor` times the rate until `until`.
  void surge(double factor, SimTime until);
  double rate() const;
  // The highest order number the shoppers have used, for order-detail reads.
  void setOrdersKnown(std::int64_t n) { ordersKnown_ = n; }

  LatencyBook& latency() { return latency_; }
  const LatencyBook& latency() const { return latency_; }
  std::uint64_t sent() const { return sent_; }
  std::uint64_t ok() const { return ok_; }
  std::uint64_t stale() const { return stale_; }
  std::uint64_t rejected() const { return rejected_; }

 private:
  void arm();

  const Words words_;
  BrowseOptions options_;
  LatencyBook latency_;
  std::uint64_t sent_ = 0, ok_ = 0, stale_ = 0, rejected_ = 0;
  std::int64_t nextQuery_ = 1;
  std::int64_t ordersKnown_ = 0;
  double factor_ = 1;
  SimTime surgeUntil_{0};
  TimerHandle tick_;
};

}  // namespace cs::cqrs
