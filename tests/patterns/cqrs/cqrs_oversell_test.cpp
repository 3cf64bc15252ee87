// Deciding on the read model: the unsafe switch that checks an order's
// stock on the lagging listing instead of the write model. Off, no stock
// ever goes below zero; on, orders are accepted after the stock has run
// out, the store's stock goes below zero and the invariant says so; switched
// off again, no more is oversold. Test thread only.
#include <gtest/gtest.h>

#include "clusterscope/cqrs/cqrs_view.h"
#include "clusterscope/errors.h"
#include "cqrs_test_support.h"
#include "patterns/cqrs/order_handler.h"

namespace cs::cqrs {
namespace {

using namespace testing;

// Little stock, steady orders, a listing that is sent to the replicas only
// every 300 ms: the listing lags well behind the store.
nlohmann::json littleStock(const char* validate) {
  return {{"readRate", 100},  {"orderRate", 40},   {"products", 3},       {"initialStock", 30},
          {"restockRate", 0}, {"flushEvery", 300}, {"validate", validate}};
}

std::int64_t oversold(const Simulation& sim) {
  return std::static_pointer_cast<const CqrsView>(sim.pattern().view(sim.kernel()))->write.oversold;
}

std::uint64_t decidedOnReadModel(const Simulation& sim) {
  std::uint64_t n = 0;
  for (int h = 0; h < pattern(sim).options().handlers; ++h)
    n += static_cast<const OrderHandler&>(sim.kernel().node(kFirstHandler + static_cast<NodeId>(h)))
             .decidedOnReadModel();
  return n;
}

TEST(CqrsOversell, OrdersDecidedOnTheWriteModelNeverTakeTheStockBelowZero) {
  auto sim = world(littleStock("write-model"), 3);
  sim->runUntil(SimTime{ms(6'000)});
  EXPECT_EQ(decidedOnReadModel(*sim), 0u);
  EXPECT_EQ(oversold(*sim), 0);
  EXPECT_EQ(firstViolation(*sim), "");
  EXPECT_GT(shoppers(*sim).done(), 30u) << "too few orders to run the stock out";
}

TEST(CqrsOversell, OrdersDecidedOnTheLaggingListingOversellAndTheInvariantSaysSo) {
  auto sim = world(littleStock("read-model"), 3);
  Milestones decided(*sim, "decided-on-read-model");
  sim->runUntil(SimTime{ms(6'000)});
  EXPECT_GT(decided.size(), 0u);
  EXPECT_EQ(decidedOnReadModel(*sim), decided.size());
  EXPECT_GE(oversold(*sim), 5);
  ASSERT_FALSE(sim->violations().empty());
  const std::string stock(WriteModelDecidesChecker(event_sourcing::CheckedWorld{}).name());
  for (const Violation& v : sim->violations()) EXPECT_EQ(v.checker, stock) << v.text;
  EXPECT_TRUE(anyViolation(*sim, "oversold")) << firstViolation(*sim);
  // Some order was accepted on a listing that showed stock the store no
  // longer had.
  bool acceptedOnStaleStock = false;
  for (const TraceRecord& r : decided.seen) acceptedOnStaleStock = acceptedOnStaleStock || r.v[5];
  EXPECT_TRUE(acceptedOnStaleStock);
}

TEST(CqrsOversell, BackOnTheWriteModelNotOneItemMoreIsOversold) {
  auto sim = world(littleStock("read-model"), 4);
  sim->runUntil(SimTime{ms(5'000)});
  ASSERT_GT(oversold(*sim), 0);
  sim->apply(verb("validate", {"write-model"}));
  // Decisions already taken may still land.
  sim->runUntil(sim->now() + ms(1'000));
  const std::int64_t then = oversold(*sim);
  const std::uint64_t decided = decidedOnReadModel(*sim);
  sim->runUntil(sim->now() + ms(4'000));
  EXPECT_EQ(oversold(*sim), then);
  EXPECT_EQ(decidedOnReadModel(*sim), decided);
  EXPECT_GT(shoppers(*sim).failed(), 0u) << "sold-out orders are refused";
}

TEST(CqrsOversell, TheSwitchIsAVerbAndAnOptionAndRejectsOtherModels) {
  EXPECT_THROW(parseCqrsOptions({{"validate", "replica"}}), InputError);
  auto sim = world(littleStock("write-model"), 1);
  EXPECT_THROW(sim->apply(verb("validate", {"listing"})), InputError);
  sim->apply(verb("validate", {"read-model"}));
  sim->runUntil(SimTime{ms(1'000)});
  EXPECT_GT(decidedOnReadModel(*sim), 0u);
  EXPECT_TRUE(std::static_pointer_cast<const CqrsView>(sim->pattern().view(sim->kernel()))
                  ->write.validateOnReadModel);
}

}  // namespace
}  // namespace cs::cqrs
