// The browsing shoppers. See browse_client.h. Kernel thread only.
#include "patterns/cqrs/browse_client.h"

#include "patterns/cqrs/open_loop.h"

namespace cs::cqrs {
namespace {

constexpr std::uint64_t kTick = 1;

}  // namespace

BrowseClient::BrowseClient(const Words& words, BrowseOptions options)
    : words_(words), options_(std::move(options)) {}

void BrowseClient::onStart() {
  arm();
}

void BrowseClient::onCrash() {
  tick_ = {};
}

double BrowseClient::rate() const {
  return options_.rate * (now() < surgeUntil_ ? factor_ : 1.0);
}

void BrowseClient::setRate(double rate) {
  options_.rate = rate;
  cancelTimer(tick_);
  arm();
}

void BrowseClient::surge(double factor, SimTime until) {
  factor_ = factor;
  surgeUntil_ = until;
  cancelTimer(tick_);
  arm();
}

void BrowseClient::arm() {
  const double r = rate();
  // At rate 0 it waits for a new rate; the surge's end is no event of its own.
  if (r > 0) tick_ = setTimer(openLoopGap(rng(), r), kTick);
}

void BrowseClient::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag != kTick) return;
  tick_ = {};
  arm();
  if (options_.targets.empty()) return;
  const NodeId to = options_.targets[rng().below(options_.targets.size())];
  // Mostly the listing; now and then an order's detail or the dashboard.
  const std::uint64_t pick = rng().below(100);
  QueryKind kind = QueryKind::Listing;
  std::int64_t key = rng().between(1, options_.products);
  if (pick >= 95) {
    kind = QueryKind::Dashboard;
    key = 0;
  } else if (pick >= 90 && ordersKnown_ > 0) {
    kind = QueryKind::OrderDetail;
    key = rng().between(1, ordersKnown_);
  }
  const std::int64_t id = nextQuery_++;
  latency_.sent(id, now());
  ++sent_;
  send(to, words_.query, {static_cast<std::int64_t>(kind), key, 0, -1, id, 0},
       requestOf(this->id(), id));
}

void BrowseClient::onMessage(const Message& m) {
  if (m.kind != words_.queryResult) return;
  const auto outcome = static_cast<QueryOutcome>(m.fields[1]);
  if (outcome == QueryOutcome::Rejected) {
    ++rejected_;
    return;
  }
  if (outcome == QueryOutcome::Stale)
    ++stale_;
  else
    ++ok_;
  latency_.answered(m.fields[0], now());
}

}  // namespace cs::cqrs
