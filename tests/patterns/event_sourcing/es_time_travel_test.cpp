// Time travel over the whole log (issue 15): the view answers "every
// product as of position p" for any p from 0 to the head, not only within
// the recent events it carries, and a view taken earlier keeps its answers
// while the log grows.
#include <gtest/gtest.h>

#include "clusterscope/event_sourcing/es_view.h"
#include "es_test_support.h"
#include "patterns/event_sourcing/temporal.h"

namespace cs::event_sourcing {
namespace {

using namespace testing;

std::shared_ptr<const EsView> esView(const Simulation& sim) {
  return std::dynamic_pointer_cast<const EsView>(sim.view());
}

// Every product as of every position, against a fold of the store.
void expectEveryPositionAnswered(const Simulation& sim, const EsView& view) {
  const ShopStreams streams{static_cast<const EsPattern&>(sim.pattern()).options().products};
  for (Position p = 0; p <= view.store.head; ++p) {
    const auto asOf = view.productsAsOf(p);
    ASSERT_EQ(asOf.size(), static_cast<std::size_t>(streams.products));
    for (const ProductAsOf& row : asOf) {
      const Aggregate folded = stateAsOf(store(sim), streams, streams.product(row.product), p);
      ASSERT_EQ(row.stock, folded.stock) << "product-" << row.product << " as of " << p;
      ASSERT_EQ(row.reservations, folded.reservations) << "product-" << row.product << " at " << p;
      ASSERT_EQ(row.lastOrder, folded.lastOrder) << "product-" << row.product << " at " << p;
    }
  }
}

TEST(EsTimeTravel, AsOfAnswersEveryPositionOfALogFarLongerThanTheRecentWindow) {
  auto sim = world({{"products", 3}, {"orderRate", 40}, {"restockRate", 4}, {"maxQuantity", 1}});
  // Views along the way, as the window takes them, so the histories are
  // built a little at a time.
  for (int s = 1; s <= 30; ++s) {
    sim->runUntil(ms(1000 * s));
    esView(*sim);
  }
  const auto view = esView(*sim);
  ASSERT_GT(view->store.head, 1500u) << "the log must be far longer than its recent 240";
  ASSERT_LT(view->store.recent.size(), static_cast<std::size_t>(view->store.head) / 4);
  expectEveryPositionAnswered(*sim, *view);
  // The first product's stock changed long before the window: the old view
  // answered those positions with its state just before the window.
  const Position early = view->store.head / 10;
  EXPECT_NE(view->productsAsOf(early)[0].reservations,
            view->productsAsOf(view->store.head)[0].reservations);
}

TEST(EsTimeTravel, AnEarlierViewKeepsItsHistoryWhileTheLogGrows) {
  auto sim = world({{"products", 2}, {"orderRate", 40}, {"restockRate", 4}, {"maxQuantity", 1}});
  sim->runUntil(ms(8000));
  const auto before = esView(*sim);
  const Position head = before->store.head;
  const std::size_t changes = before->products[0].history.size();
  ASSERT_GT(changes, 2 * ProductHistory::kChunk) << "sealed chunks are shared";
  sim->runUntil(ms(16000));
  const auto after = esView(*sim);
  EXPECT_GT(after->products[0].history.size(), changes);
  EXPECT_EQ(before->products[0].history.size(), changes) << "an immutable view";
  EXPECT_EQ(before->products[0].history[changes - 1].position,
            after->products[0].history[changes - 1].position);
  expectEveryPositionAnswered(*sim, *after);
  EXPECT_EQ(before->store.head, head);
}

TEST(EsTimeTravel, HistoryCountsChangesUpToAPosition) {
  ProductHistory h;
  for (Position p = 1; p <= 200; ++p)
    h.append({p * 3, "StockReceived", static_cast<std::int64_t>(p), 0, 0});
  EXPECT_EQ(h.size(), 200u);
  EXPECT_EQ(h.countUpTo(0), 0u);
  EXPECT_EQ(h.countUpTo(2), 0u);
  EXPECT_EQ(h.countUpTo(3), 1u);
  EXPECT_EQ(h.countUpTo(301), 100u);
  EXPECT_EQ(h.asOf(2), nullptr);
  ASSERT_NE(h.asOf(599), nullptr);
  EXPECT_EQ(h.asOf(599)->stock, 199);
  EXPECT_EQ(h.asOf(10'000)->stock, 200);
}

}  // namespace
}  // namespace cs::event_sourcing
