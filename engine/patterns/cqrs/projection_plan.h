// The read side's four read models — the product listing with stock, "my
// orders", an order's detail and the sales dashboard — and which projector
// keeps which. Each projector has a catch-up subscription and a checkpoint of
// its own, so each read model lags by its own amount and one can be rebuilt
// while the others serve. With four projectors each keeps one read model;
// with three, "my orders" and an order's detail share one (both are the
// order rows); with two, the listing has one and the orders' three models
// the other; with one, a single projector keeps them all.
//
// A projector folds only the streams its read models are made of (product
// streams for the listing, order streams for the rest) and passes every
// other event over, counting it as seen so that its checkpoint moves on.
// Plain values; any thread.
#pragma once

#include <string>
#include <vector>

#include "patterns/cqrs/cqrs_words.h"

namespace cs::cqrs {

enum class ReadModelKind : std::uint8_t { Listing, MyOrders, OrderDetail, Dashboard };
inline constexpr int kReadModels = 4;
inline constexpr int kMaxProjectors = 4;

// The projector (0-based, of `projectors`) that keeps `model`.
int projectorOf(ReadModelKind model, int projectors);
// The projector that answers a query of this kind.
int projectorFor(QueryKind kind, int projectors);
// The read models projector `index` keeps.
std::vector<ReadModelKind> modelsOf(int index, int projectors);
// "the product listing", "my orders", "an order's detail", "the sales dashboard".
const char* modelName(ReadModelKind model);
// Its node name: "projector" alone, else by what it keeps ("listing-projector").
std::string projectorName(int index, int projectors);

// Which streams a projector folds: the union of its read models' streams.
struct StreamFilter {
  bool products = true;
  bool orders = true;
  bool folds(const ShopStreams& streams, StreamId s) const {
    return streams.isProduct(s) ? products : orders;
  }
};
StreamFilter filterOf(int index, int projectors);

}  // namespace cs::cqrs
