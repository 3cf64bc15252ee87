// Which projector keeps which read model. See projection_plan.h. Any thread.
#include "patterns/cqrs/projection_plan.h"

#include <array>
#include <cstddef>

namespace cs::cqrs {
namespace {

// [projectors - 1][model]: the projector keeping it.
constexpr std::array<std::array<int, kReadModels>, kMaxProjectors> kPlan = {{
    {0, 0, 0, 0},
    {0, 1, 1, 1},
    {0, 1, 1, 2},
    {0, 1, 2, 3},
}};

std::size_t at(int i) {
  return static_cast<std::size_t>(i);
}

}  // namespace

int projectorOf(ReadModelKind model, int projectors) {
  return kPlan[at(projectors - 1)][static_cast<std::size_t>(model)];
}

int projectorFor(QueryKind kind, int projectors) {
  switch (kind) {
    case QueryKind::Listing:
      return projectorOf(ReadModelKind::Listing, projectors);
    case QueryKind::MyOrders:
      return projectorOf(ReadModelKind::MyOrders, projectors);
    case QueryKind::OrderDetail:
      return projectorOf(ReadModelKind::OrderDetail, projectors);
    case QueryKind::Dashboard:
      break;
  }
  return projectorOf(ReadModelKind::Dashboard, projectors);
}

std::vector<ReadModelKind> modelsOf(int index, int projectors) {
  std::vector<ReadModelKind> v;
  for (int m = 0; m < kReadModels; ++m)
    if (kPlan[at(projectors - 1)][at(m)] == index) v.push_back(static_cast<ReadModelKind>(m));
  return v;
}

const char* modelName(ReadModelKind model) {
  switch (model) {
    case ReadModelKind::Listing:
      return "the product listing";
    case ReadModelKind::MyOrders:
      return "my orders";
    case ReadModelKind::OrderDetail:
      return "an order's detail";
    case ReadModelKind::Dashboard:
      break;
  }
  return "the sales dashboard";
}

std::string projectorName(int index, int projectors) {
  if (projectors == 1) return "projector";
  const std::vector<ReadModelKind> models = modelsOf(index, projectors);
  if (models.size() > 1) return "orders-projector";
  switch (models.front()) {
    case ReadModelKind::Listing:
      return "listing-projector";
    case ReadModelKind::MyOrders:
      return "my-orders-projector";
    case ReadModelKind::OrderDetail:
      return "order-detail-projector";
    case ReadModelKind::Dashboard:
      break;
  }
  return "dashboard-projector";
}

StreamFilter filterOf(int index, int projectors) {
  StreamFilter f{false, false};
  for (ReadModelKind m : modelsOf(index, projectors)) {
    if (m == ReadModelKind::Listing)
      f.products = true;
    else
      f.orders = true;
  }
  return f;
}

}  // namespace cs::cqrs
