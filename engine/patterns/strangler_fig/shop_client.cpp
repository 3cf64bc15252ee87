// Arrivals and the route mix. See shop_client.h. Kernel thread only.
#include "patterns/strangler_fig/shop_client.h"

#include <algorithm>

#include "clusterscope/rng.h"

namespace cs::strangler_fig {

ShopClient::ShopClient(rpc::RpcSystem& system, ShopClientOptions options)
    : RpcNode(system), options_(std::move(options)) {}

void ShopClient::onStart() {
  if (options_.rate > 0) firstArrival();
}

void ShopClient::firstArrival() {
  due_ = now() + nextGap();
  next_ = setTimer(due_ - now(), 0);
}

void ShopClient::setRate(double rate, bool up) {
  options_.rate = rate;
  if (rate > 0 && up && !next_) firstArrival();
}

SimDuration ShopClient::nextGap() {
  const auto gap = static_cast<std::int64_t>(1e6 / options_.rate + 0.5);
  return SimDuration{std::max<std::int64_t>(1, rng().between(gap / 2, gap + gap / 2))};
}

void ShopClient::onOwnTimer(TimerHandle, std::uint64_t) {
  next_ = {};
  // Every arrival due by now, in order; the gap after each is drawn before
  // its request, so that a request's draws do not depend on the tick. At
  // rate 0 the arrival already drawn still goes out, and none after it.
  while (due_ <= now()) {
    if (options_.rate <= 0) return sendOne();
    due_ += nextGap();
    sendOne();
  }
  next_ = setTimer(std::max(due_ - now(), kTick), 0);
}

void ShopClient::sendOne() {
  const int route = routeForDraw(static_cast<int>(rng().below(kMixTotal)));
  std::int64_t key = static_cast<std::int64_t>(rng().below(kKeys));
  const std::int64_t value = rng().between(100, 9999);
  if (route == kCheckoutRoute) key = nextOrder_++;
  ++sent_;
  const RequestId request = (static_cast<RequestId>(id()) << 40) | sent_;
  call(facade(), route, {key, value, 0}, request, options_.timeout);
}

void ShopClient::onOutcome(const rpc::Outcome& o) {
  ++outcomes_[static_cast<std::size_t>(o.status)];
  // No answer at all: the replica may be down; the next request tries the other.
  if (o.status == rpc::Status::Timeout && o.callee == facade())
    current_ = (current_ + 1) % options_.facades.size();
}

}  // namespace cs::strangler_fig
