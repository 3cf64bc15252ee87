// The CRUD twin's rows, updated in place. See crud_twin.h. Kernel thread only.
#include "patterns/event_sourcing/crud_twin.h"

#include <algorithm>

namespace cs::event_sourcing {

std::int64_t CrudTwin::stock(std::int64_t product) const {
  const auto it = stock_.find(product);
  return it == stock_.end() ? 0 : it->second;
}

OrderStatus CrudTwin::status(std::int64_t order) const {
  return order >= firstOrder_ && static_cast<std::size_t>(order - firstOrder_) < orders_.size()
             ? orders_[static_cast<std::size_t>(order - firstOrder_)].status
             : OrderStatus::None;
}

CrudTwin::OrderRow* CrudTwin::row(std::int64_t order) {
  if (order < firstOrder_) return nullptr;
  const auto i = static_cast<std::size_t>(order - firstOrder_);
  if (i >= orders_.size()) orders_.resize(i + 1);
  return &orders_[i];
}

void CrudTwin::forgetOrdersBefore(std::int64_t order) {
  while (firstOrder_ < order && !orders_.empty()) {
    orders_.pop_front();
    ++firstOrder_;
  }
  firstOrder_ = std::max(firstOrder_, order);
}

void CrudTwin::onMessage(const Message& m) {
  if (m.kind != words_.command) return;
  const ShopCommand c = commandFrom(m.fields);
  auto product = stock_.find(c.product);
  const bool known = product != stock_.end();
  OrderRow* order = status(c.order) != OrderStatus::None ? row(c.order) : nullptr;
  // UPDATE ... SET: the old value is gone once the new one is written.
  switch (c.kind) {
    case CommandType::AddProduct:
      if (!known) stock_[c.product] = c.quantity;
      break;
    case CommandType::ReceiveStock:
    case CommandType::CorrectStock:
      if (known) product->second += c.quantity;
      break;
    case CommandType::PlaceOrder:
      if (known && !order && product->second >= c.quantity) {
        product->second -= fold_ == Fold::DoubleReservation ? 2 * c.quantity : c.quantity;
        if (OrderRow* placed = row(c.order)) *placed = {OrderStatus::Placed, c.product, c.quantity};
      }
      break;
    case CommandType::PayOrder:
      if (order && order->status == OrderStatus::Placed) order->status = OrderStatus::Paid;
      break;
    case CommandType::ShipOrder:
      if (order && order->status == OrderStatus::Paid) order->status = OrderStatus::Shipped;
      break;
    case CommandType::CancelOrder:
      if (order && (order->status == OrderStatus::Placed || order->status == OrderStatus::Paid)) {
        order->status = OrderStatus::Cancelled;
        stock_[order->product] += order->quantity;
      }
      break;
  }
  ++updates_;
}

}  // namespace cs::event_sourcing
