// The ordering shoppers and their sessions. See order_client.h. Kernel
// thread only.
#include "patterns/cqrs/order_client.h"

#include <algorithm>

#include "patterns/cqrs/open_loop.h"

namespace cs::cqrs {
namespace {

using event_sourcing::CommandOutcome;
using event_sourcing::CommandType;
using event_sourcing::ShopCommand;

constexpr std::uint64_t kTick = 1;
constexpr std::size_t kAskedLimit = 4'096;  // answers lost to crashes are forgotten

std::int64_t asInt(Position p) {
  return static_cast<std::int64_t>(p);
}

}  // namespace

OrderClient::OrderClient(const Words& words, OrderOptions options)
    : words_(words),
      options_(std::move(options)),
      seen_(static_cast<std::size_t>(options_.sessions), 0) {}

void OrderClient::onStart() {
  arm();
}

void OrderClient::onCrash() {
  asked_.clear();
  tick_ = {};
}

void OrderClient::setRate(double rate) {
  options_.rate = rate;
  cancelTimer(tick_);
  arm();
}

void OrderClient::surge(double factor, SimTime until) {
  factor_ = factor;
  surgeUntil_ = until;
  cancelTimer(tick_);
  arm();
}

void OrderClient::arm() {
  const double r = options_.rate * (now() < surgeUntil_ ? factor_ : 1.0);
  if (r > 0) tick_ = setTimer(openLoopGap(rng(), r), kTick);
}

void OrderClient::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag != kTick) return;
  tick_ = {};
  arm();
  orderNow(rng().between(1, options_.products), rng().between(1, 2));
}

void OrderClient::orderNow(std::int64_t product, std::int64_t quantity) {
  if (options_.writeTargets.empty()) return;
  ShopCommand c;
  c.kind = CommandType::PlaceOrder;
  c.product = product;
  c.order = nextOrder_++;
  c.quantity = quantity;
  const NodeId to = options_.writeTargets[rng().below(options_.writeTargets.size())];
  // The command id is the order number: one command per order.
  latency_.sent(c.order, now());
  send(to, words_.es.command, event_sourcing::commandFields(c, c.order), requestOf(id(), c.order));
}

void OrderClient::onMessage(const Message& m) {
  if (m.kind == words_.es.commandResult) return onResult(m);
  if (m.kind == words_.queryResult) return onAnswer(m);
}

void OrderClient::onResult(const Message& m) {
  const std::int64_t order = m.fields[0];
  if (!latency_.answered(order, now())) return;  // a duplicate, or from before a crash
  if (static_cast<CommandOutcome>(m.fields[1]) != CommandOutcome::Done) {
    ++failed_;
    return;
  }
  ++done_;
  const auto token = static_cast<Position>(m.fields[4]);
  lastOrder_ = order;
  lastToken_ = token;
  if (options_.queryTargets.empty()) return;
  const std::int64_t session = sessionOf(order, options_.sessions);
  Position& seen = seen_[static_cast<std::size_t>(session)];
  // Teaching note: the session's token — its own write's position with
  // read-your-writes, and never less than what it has already seen.
  const Position minPosition = options_.tokens ? std::max(seen, token) : seen;
  const NodeId to = options_.queryTargets[rng().below(options_.queryTargets.size())];
  const std::int64_t id = nextQuery_++;
  if (asked_.size() >= kAskedLimit) asked_.erase(asked_.begin());
  asked_[id] = {session, order, token, to};
  milestone(words_.myOrdersAsked, {session, id, asInt(minPosition), order});
  // The same request as the order: the shopper looking for what it placed.
  send(to, words_.query,
       {static_cast<std::int64_t>(QueryKind::MyOrders), session, asInt(minPosition), session, id,
        order},
       m.request, m.id);
}

void OrderClient::onAnswer(const Message& m) {
  const auto it = asked_.find(m.fields[0]);
  if (it == asked_.end()) return;
  const Asked a = it->second;
  asked_.erase(it);
  const auto outcome = static_cast<QueryOutcome>(m.fields[1]);
  const auto position = static_cast<Position>(m.fields[2]);
  const bool found = m.fields[4] == 1;
  const bool expired = m.fields[4] == kFoundExpired;
  milestone(words_.myOrdersAnswered,
            {a.session, m.fields[0], asInt(position), static_cast<std::int64_t>(outcome),
             found ? 1 : (expired ? kFoundExpired : 0), a.order});
  if (outcome == QueryOutcome::Rejected) return;
  if (outcome == QueryOutcome::Stale) {
    ++markedStale_;
    lastStale_ = {true, a.session, a.order, a.orderPosition, position, a.replica, now(), true};
    milestone(words_.markedStale, {a.session, a.order, asInt(position), asInt(a.orderPosition),
                                   static_cast<std::int64_t>(a.replica)});
    return;
  }
  Position& seen = seen_[static_cast<std::size_t>(a.session)];
  seen = std::max(seen, position);
  if (found) {
    ++freshReads_;
    return;
  }
  // Teaching note: "expired" is not stale — the order was in the read model
  // and has gone by its TTL; a stale read is one the model has not reached.
  if (expired) {
    ++expiredReads_;
    return;
  }
  ++staleReads_;
  lastStale_ = {true, a.session, a.order, a.orderPosition, position, a.replica, now(), false};
  milestone(words_.staleRead, {a.session, a.order, asInt(position), asInt(a.orderPosition),
                               static_cast<std::int64_t>(a.replica)});
}

}  // namespace cs::cqrs
