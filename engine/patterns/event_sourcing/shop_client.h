// The shop's clients, open loop: commands go out at their rate whether or
// not earlier ones were answered. Each command goes to one of the command
// handlers, picked at random (so two handlers may decide on the same
// product at once), and a copy to the CRUD twin, which keeps the same shop
// as current state only.
//
//   Clerk: adds every product with its opening stock when the run begins,
//     then receives stock at restockRate.
//   Shoppers: at orderRate, place an order (most often), pay one that was
//     placed, ship one that was paid, or cancel one; race() sends two orders
//     for every item left of a product at the same instant, one to each
//     handler: "two shoppers, one last item".
//
// Durable: the next order number (an order number is never reused) and
// whether the products were added. Volatile: which orders it knows to be
// placed or paid, the rate timer. Kernel thread only.
#pragma once

#include <optional>
#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/event_sourcing/es_words.h"

namespace cs::event_sourcing {

struct ClientOptions {
  enum class Role : std::uint8_t { Clerk, Shoppers };
  Role role = Role::Shoppers;
  std::vector<NodeId> handlers;
  NodeId crud = kNoNode;  // kNoNode: no twin
  int products = 5;
  double rate = 5;          // commands per second; 0: only on demand
  int initialStock = 10;    // clerk: each product's opening stock
  int restockQuantity = 5;  // clerk
  int maxQuantity = 2;      // shoppers: items per order, 1..this
};

class ShopClient : public Node {
 public:
  ShopClient(const Words& words, ClientOptions options);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  void setRate(double rate);
  // Sends `command` now to `handler` (an index into the handlers; -1: any).
  void sendNow(const ShopCommand& command, int handler = -1);
  // Two orders of `quantity` items of `product`, one to each of the first
  // two handlers, at the same instant; when both are answered, the race is
  // over (a race-settled milestone with how each ended).
  void race(std::int64_t product, std::int64_t quantity);
  std::int64_t newOrderNumber() { return nextOrder_++; }

  const ClientOptions& options() const { return options_; }
  std::uint64_t sent() const { return sent_; }
  std::uint64_t done() const { return done_; }
  std::uint64_t refused() const { return refused_; }
  std::uint64_t gaveUp() const { return gaveUp_; }

 private:
  void tick();
  void shop();
  void armTick();
  void noteRaceResult(std::int64_t command, CommandOutcome outcome, std::int64_t conflicts);

  const Words words_;
  ClientOptions options_;

  // ---- Durable ----
  std::int64_t nextOrder_ = 1;
  std::int64_t nextCommand_ = 1;
  bool productsAdded_ = false;
  std::uint64_t sent_ = 0, done_ = 0, refused_ = 0, gaveUp_ = 0;

  // ---- Volatile ----
  struct Known {
    std::int64_t order = 0;
    std::int64_t command = 0;  // the command that placed or paid it
  };
  std::vector<Known> sentPlace_, sentPay_;  // waiting for their result
  std::vector<std::int64_t> placed_, paid_;
  // The race in progress: its two commands and how those answered so far.
  struct Race {
    std::int64_t product = 0;
    std::int64_t commands[2] = {0, 0};
    int answered = 0;
    std::int64_t done = 0, refused = 0, gaveUp = 0, conflicts = 0;
  };
  std::optional<Race> race_;
  TimerHandle tick_;
};

}  // namespace cs::event_sourcing
