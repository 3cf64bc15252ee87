// The clerk and the shoppers: open-loop commands to the handlers, and a
// copy to the CRUD twin. See shop_client.h. Kernel thread only.
#include "patterns/event_sourcing/shop_client.h"

#include <algorithm>
#include <cmath>

#include "clusterscope/rng.h"

namespace cs::event_sourcing {
namespace {

constexpr std::uint64_t kTick = 1;

// Removes and returns a random element; REQUIRES: !v.empty().
constexpr std::size_t kRemembered = 10'000;

std::int64_t takeAny(std::vector<std::int64_t>& v, Rng& rng) {
  const std::size_t i = rng.below(v.size());
  const std::int64_t x = v[i];
  v[i] = v.back();
  v.pop_back();
  return x;
}

}  // namespace

ShopClient::ShopClient(const Words& words, ClientOptions options)
    : words_(words), options_(std::move(options)) {}

void ShopClient::onStart() {
  if (options_.role == ClientOptions::Role::Clerk && !productsAdded_) {
    productsAdded_ = true;
    for (int p = 1; p <= options_.products; ++p) {
      ShopCommand c;
      c.kind = CommandType::AddProduct;
      c.product = p;
      c.quantity = options_.initialStock;
      sendNow(c);
    }
  }
  armTick();
}

void ShopClient::onCrash() {
  sentPlace_.clear();
  sentPay_.clear();
  placed_.clear();
  paid_.clear();
  race_.reset();
  tick_ = {};
}

void ShopClient::setRate(double rate) {
  options_.rate = rate;
  cancelTimer(tick_);
  armTick();
}

void ShopClient::armTick() {
  if (options_.rate <= 0 || tick_) return;
  // Exponential gaps: a Poisson stream of commands, the open-loop arrival.
  const double gap = -std::log(1.0 - rng().unit()) / options_.rate;
  tick_ =
      setTimer(SimDuration{std::max<std::int64_t>(1, static_cast<std::int64_t>(gap * 1e6))}, kTick);
}

void ShopClient::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag != kTick) return;
  tick_ = {};
  tick();
  armTick();
}

void ShopClient::tick() {
  if (options_.role == ClientOptions::Role::Shoppers) return shop();
  ShopCommand c;
  c.kind = CommandType::ReceiveStock;
  c.product = rng().between(1, options_.products);
  c.quantity = options_.restockQuantity;
  sendNow(c);
}

void ShopClient::shop() {
  ShopCommand c;
  const std::uint64_t roll = rng().below(100);
  if (roll < 15 && !placed_.empty()) {
    c.kind = CommandType::PayOrder;
    c.order = takeAny(placed_, rng());
    sentPay_.push_back({c.order, nextCommand_});
  } else if (roll < 25 && !paid_.empty()) {
    c.kind = CommandType::ShipOrder;
    c.order = takeAny(paid_, rng());
  } else if (roll < 30 && !placed_.empty()) {
    c.kind = CommandType::CancelOrder;
    c.order = takeAny(placed_, rng());
  } else {
    c.kind = CommandType::PlaceOrder;
    c.order = newOrderNumber();
    c.product = rng().between(1, options_.products);
    c.quantity = rng().between(1, options_.maxQuantity);
    sentPlace_.push_back({c.order, nextCommand_});
  }
  sendNow(c);
}

void ShopClient::sendNow(const ShopCommand& c, int handler) {
  const std::size_t n = options_.handlers.size();
  const std::size_t h = handler >= 0 ? static_cast<std::size_t>(handler) % n : rng().below(n);
  const std::int64_t id = nextCommand_++;
  const MessageFields f = commandFields(c, id);
  // A request id unique across the clients: the node, then its command number.
  const RequestId request = (static_cast<RequestId>(this->id()) << 40) | static_cast<RequestId>(id);
  send(options_.handlers[h], words_.command, f, request);
  if (options_.crud != kNoNode) send(options_.crud, words_.command, f);
  ++sent_;
}

void ShopClient::race(std::int64_t product, std::int64_t quantity) {
  race_ = Race{};
  race_->product = product;
  for (int h = 0; h < 2; ++h) {
    race_->commands[h] = nextCommand_;
    ShopCommand c;
    c.kind = CommandType::PlaceOrder;
    c.order = newOrderNumber();
    c.product = product;
    c.quantity = quantity;
    sentPlace_.push_back({c.order, nextCommand_});
    sendNow(c, h);
  }
}

void ShopClient::onMessage(const Message& m) {
  if (m.kind != words_.commandResult) return;
  const std::int64_t command = m.fields[0];
  const auto outcome = static_cast<CommandOutcome>(m.fields[1]);
  if (outcome == CommandOutcome::Done) ++done_;
  if (outcome == CommandOutcome::Refused) ++refused_;
  if (outcome == CommandOutcome::GaveUp) ++gaveUp_;
  // Remember which orders exist and are paid, to pay and ship them later.
  auto settle = [&](std::vector<Known>& waiting, std::vector<std::int64_t>& into) {
    for (std::size_t i = 0; i < waiting.size(); ++i)
      if (waiting[i].command == command) {
        if (outcome == CommandOutcome::Done) into.push_back(waiting[i].order);
        // Most carts are never paid: the shoppers come back to the last
        // ones they know of, not to every cart since the shop opened.
        if (into.size() > kRemembered)
          into.erase(into.begin(), into.begin() + static_cast<std::ptrdiff_t>(kRemembered / 2));
        waiting.erase(waiting.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
  };
  noteRaceResult(command, outcome, m.fields[3]);
  settle(sentPlace_, placed_);
  settle(sentPay_, paid_);
  // Results of commands lost with a crashed handler never come.
  for (auto* waiting : {&sentPlace_, &sentPay_})
    if (waiting->size() > 1000) waiting->erase(waiting->begin(), waiting->begin() + 500);
}

void ShopClient::noteRaceResult(std::int64_t command, CommandOutcome outcome,
                                std::int64_t conflicts) {
  if (!race_ || (command != race_->commands[0] && command != race_->commands[1])) return;
  Race& r = *race_;
  r.done += outcome == CommandOutcome::Done ? 1 : 0;
  r.refused += outcome == CommandOutcome::Refused ? 1 : 0;
  r.gaveUp += outcome == CommandOutcome::GaveUp ? 1 : 0;
  r.conflicts += conflicts;
  if (++r.answered < 2) return;
  milestone(words_.raceSettled, {r.product, r.done, r.refused, r.conflicts, r.gaveUp});
  race_.reset();
}

}  // namespace cs::event_sourcing
