// The CRUD twin: the same shop keeping only its current state, updated in
// place (a row per product with its stock, a row per order with its status),
// as most shops are built. It gets a copy of every command the clients send
// and applies the same domain rules to its rows. It knows what is true now
// and nothing else: not who reserved the last item, nor what the stock was
// at 12 s, nor how to repair its rows after a bug, because the changes that
// led here were overwritten. Durable: its rows. Kernel thread only.
#pragma once

#include <deque>
#include <map>
#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/event_sourcing/es_words.h"

namespace cs::event_sourcing {

class CrudTwin : public Node {
 public:
  explicit CrudTwin(const Words& words) : words_(words) {}

  void onMessage(const Message& message) override;
  void onTimer(TimerHandle, std::uint64_t) override {}
  void onCrash() override {}

  // The product's stock now; 0 for a product it has no row for.
  std::int64_t stock(std::int64_t product) const;
  OrderStatus status(std::int64_t order) const;
  std::uint64_t updates() const { return updates_; }
  // The release of its code: with the bug, an order takes its quantity off
  // the row twice. A fix changes the code, not the rows already written.
  void deploy(Fold fold) { fold_ = fold; }
  // Deletes the rows of the orders before `order`, as the event store's
  // retention deleted their streams; a command for one finds no row.
  void forgetOrdersBefore(std::int64_t order);
  std::size_t orderRows() const { return orders_.size(); }

 private:
  struct OrderRow {
    OrderStatus status = OrderStatus::None;
    std::int64_t product = 0, quantity = 0;
  };
  const Words words_;
  Fold fold_ = Fold::Correct;
  // ---- Durable: the rows ----
  std::map<std::int64_t, std::int64_t> stock_;  // by product
  // By order number from firstOrder_: the shoppers number their orders 1,
  // 2, 3, ..., so a row costs its 24 bytes rather than a tree node's 80.
  std::deque<OrderRow> orders_;
  std::int64_t firstOrder_ = 1;
  OrderRow* row(std::int64_t order);
  std::uint64_t updates_ = 0;
};

}  // namespace cs::event_sourcing
