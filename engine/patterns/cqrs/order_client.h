// The shoppers ordering: `sessions` shoppers, each a client session, place
// orders open loop at a low rate, each to one of the write targets (a
// command handler, or the one model's database). When an order is done the
// shopper looks at "my orders" on a query target picked at random:
//
//   - with tokens on, the query carries the order's global position (the
//     position the command returned), so the replica answers with the order
//     in it or says the answer is stale;
//   - always, it carries the highest position the session has seen, so a
//     session's reads never go back in time when they land on a replica
//     that is further behind (monotonic reads).
//
// A "my orders" answer without the order just placed, not marked stale, is
// a stale read: traced, so the window can put it beside the lag that caused
// it. Order latency is measured from sending the command to its result.
// Durable: the sessions' positions, order numbers, counters. Volatile: the
// requests in flight, the rate timer. Kernel thread only.
#pragma once

#include <map>
#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/cqrs/cqrs_words.h"
#include "patterns/cqrs/latency_book.h"

namespace cs::cqrs {

struct OrderOptions {
  std::vector<NodeId> writeTargets;
  std::vector<NodeId> queryTargets;
  int products = 20;
  int sessions = 8;
  double rate = 20;
  bool tokens = true;
};

// The last stale read a session got, for the window.
struct StaleRead {
  bool any = false;
  std::int64_t session = 0, order = 0;
  Position orderPosition = 0, replicaPosition = 0;
  NodeId replica = kNoNode;
  SimTime at{};
  bool marked = false;  // answered "stale" (true) or silently without the order (false)
};

class OrderClient : public Node {
 public:
  OrderClient(const Words& words, OrderOptions options);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  void setQueryTargets(std::vector<NodeId> t) { options_.queryTargets = std::move(t); }
  void setRate(double rate);
  void surge(double factor, SimTime until);
  void setTokens(bool on) { options_.tokens = on; }
  // Places one order now, of `quantity` items of `product`.
  void orderNow(std::int64_t product, std::int64_t quantity);

  const OrderOptions& options() const { return options_; }
  LatencyBook& latency() { return latency_; }
  const LatencyBook& latency() const { return latency_; }
  std::int64_t ordersPlaced() const { return nextOrder_ - 1; }
  std::uint64_t done() const { return done_; }
  std::uint64_t failed() const { return failed_; }
  std::uint64_t staleReads() const { return staleReads_; }
  std::uint64_t markedStale() const { return markedStale_; }
  std::uint64_t freshReads() const { return freshReads_; }
  // "My orders" answers that said the order had expired (read_model.h).
  std::uint64_t expiredReads() const { return expiredReads_; }
  Position sessionPosition(std::int64_t session) const {
    return seen_[static_cast<std::size_t>(session)];
  }
  // The last order done: its number and position (the token).
  std::int64_t lastOrder() const { return lastOrder_; }
  Position lastToken() const { return lastToken_; }
  const StaleRead& lastStale() const { return lastStale_; }

 private:
  struct Asked {
    std::int64_t session = 0, order = 0;
    Position orderPosition = 0;
    NodeId replica = kNoNode;
  };
  void arm();
  void onResult(const Message& m);
  void onAnswer(const Message& m);

  const Words words_;
  OrderOptions options_;
  LatencyBook latency_;

  // ---- Durable ----
  std::vector<Position> seen_;  // by session: the highest position it has read
  std::int64_t nextOrder_ = 1;
  std::int64_t nextQuery_ = 1;
  std::uint64_t done_ = 0, failed_ = 0, staleReads_ = 0, markedStale_ = 0, freshReads_ = 0,
                expiredReads_ = 0;
  std::int64_t lastOrder_ = 0;
  Position lastToken_ = 0;
  StaleRead lastStale_;
  double factor_ = 1;
  SimTime surgeUntil_{0};

  // ---- Volatile ----
  std::map<std::int64_t, Asked> asked_;  // "my orders" queries in flight, by query id
  TimerHandle tick_;
};

}  // namespace cs::cqrs
