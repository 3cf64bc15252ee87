// The shop's customers: an open-loop client that sends requests over the
// routes in a fixed mix (most reads, some writes, a checkout with a new order
// id each time) to the facade, whether or not earlier ones were answered.
// It calls one facade replica and fails over to the other after a timeout,
// as a client behind a load balancer's health check would.
//
// Its arrivals are drawn one gap at a time, each request at its own moment,
// but its timer ticks at most once per kTick: at high rates the arrivals
// drawn inside one tick go out together when it fires, none early and none
// more than a tick late — as a load generator's timer resolution does. At
// rates whose gaps are never shorter than a tick (up to 1,000 requests a
// second) each request has a timer of its own. Kernel thread only.
#pragma once

#include <array>
#include <vector>

#include "patterns/strangler_fig/shop_routes.h"
#include "rpc/rpc_node.h"

namespace cs::strangler_fig {

struct ShopClientOptions {
  std::vector<NodeId> facades;
  double rate = 200;  // requests per second
  SimDuration timeout{1'000'000};
};

class ShopClient : public rpc::RpcNode {
 public:
  ShopClient(rpc::RpcSystem& system, ShopClientOptions options);

  // A new arrival rate. A client that stopped at rate 0 starts again from
  // now when it is up (`up`); a crashed one starts at its restart.
  void setRate(double rate, bool up);
  const ShopClientOptions& options() const { return options_; }
  std::uint64_t sent() const { return sent_; }
  std::uint64_t outcomes(rpc::Status s) const { return outcomes_[static_cast<std::size_t>(s)]; }
  NodeId facade() const { return options_.facades[current_]; }

  // The client's timer resolution.
  static constexpr SimDuration kTick{500};

  void onStart() override;

 protected:
  void onOwnTimer(TimerHandle timer, std::uint64_t tag) override;
  void onOutcome(const rpc::Outcome& outcome) override;
  void onReset() override { next_ = {}; }

 private:
  // Draws the first arrival from now and arms its timer.
  void firstArrival();
  // Draws the gap to the arrival after due_.
  SimDuration nextGap();
  void sendOne();

  ShopClientOptions options_;
  std::size_t current_ = 0;  // which facade it calls
  // ---- Durable ----
  std::uint64_t sent_ = 0;
  std::int64_t nextOrder_ = 1;
  std::array<std::uint64_t, 4> outcomes_{};
  // ---- Volatile ----
  TimerHandle next_;  // none while stopped at rate 0
  SimTime due_{};     // the next arrival, drawn; not yet sent
};

}  // namespace cs::strangler_fig
