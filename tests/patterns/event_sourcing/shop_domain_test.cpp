// The shop's domain: folding, deciding, upcasting v1 to v2, snapshots plus
// tail, and temporal queries over a store built by hand.
#include <gtest/gtest.h>

#include "patterns/event_sourcing/shop_domain.h"
#include "patterns/event_sourcing/temporal.h"

namespace cs::event_sourcing {
namespace {

const ShopStreams kStreams{3};

// Appends what decide() says for the command, with fresh ids.
Decision run(EventStore& s, const ShopCommand& c, int step, int schema, std::int64_t at,
             EventId& nextId) {
  const StreamId stream = *c.streamOf(kStreams, step, nullptr);
  const Aggregate state = foldAll(s, kStreams, stream);
  Decision d = decide(c, step, state, schema);
  if (d.refusal == Refusal::None && !d.events.empty()) {
    for (auto& e : d.events) e.id = nextId++;
    EXPECT_TRUE(s.append(stream, d.expected, d.events, at).ok());
  }
  return d;
}

ShopCommand cmd(CommandType k, std::int64_t product, std::int64_t qty, std::int64_t order = 0) {
  ShopCommand c;
  c.kind = k;
  c.product = product;
  c.quantity = qty;
  c.order = order;
  return c;
}

TEST(ShopDomain, StreamsAreNamedForTheirAggregate) {
  EXPECT_EQ(kStreams.name(kStreams.product(2)), "product-2");
  EXPECT_EQ(kStreams.name(kStreams.order(112)), "order-112");
  EXPECT_TRUE(kStreams.isProduct(kStreams.product(3)));
  EXPECT_FALSE(kStreams.isProduct(kStreams.order(1)));
}

TEST(ShopDomain, FoldingTheEventsGivesTheStateAndStockNeverGoesNegative) {
  EventStore s;
  EventId id = 1;
  run(s, cmd(CommandType::AddProduct, 1, 2), 0, 2, 0, id);
  EXPECT_EQ(s.head(), 2u) << "ProductAdded and its opening stock are one batch";
  run(s, cmd(CommandType::PlaceOrder, 1, 2, 5), 0, 2, 1, id);
  const Decision d = run(s, cmd(CommandType::PlaceOrder, 1, 1, 6), 0, 2, 2, id);
  EXPECT_EQ(d.refusal, Refusal::OutOfStock);
  const Aggregate p = foldAll(s, kStreams, kStreams.product(1));
  EXPECT_EQ(p.stock, 0);
  EXPECT_EQ(p.lastOrder, 5);
  EXPECT_EQ(p.revision, 2);
  EXPECT_EQ(decide(cmd(CommandType::AddProduct, 1, 1), 0, p, 2).refusal, Refusal::AlreadyExists);
}

TEST(ShopDomain, V1ReservationsAreUpcastToV2WithQuantityOne) {
  EventStore s;
  EventId id = 1;
  run(s, cmd(CommandType::AddProduct, 1, 5), 0, 1, 0, id);
  // v1 has no quantity: an order for 3 items is three events in one batch.
  run(s, cmd(CommandType::PlaceOrder, 1, 3, 9), 0, 1, 1, id);
  ASSERT_EQ(s.head(), 5u);
  EXPECT_EQ(s.at(3).data.schema, 1);
  EXPECT_EQ(s.at(3).data.body[1], 0) << "stored as written, never rewritten";
  const EventData up = upcast(s.at(3).data);
  EXPECT_EQ(up.schema, 2);
  EXPECT_EQ(up.body[0], 9);
  EXPECT_EQ(up.body[1], 1);
  run(s, cmd(CommandType::PlaceOrder, 1, 2, 10), 0, 2, 2, id);
  EXPECT_EQ(s.at(6).data.schema, 2);
  EXPECT_EQ(foldAll(s, kStreams, kStreams.product(1)).stock, 0);
}

TEST(ShopDomain, SnapshotPlusTailEqualsAFullFold) {
  EventStore s;
  EventId id = 1;
  run(s, cmd(CommandType::AddProduct, 2, 50), 0, 2, 0, id);
  for (int i = 0; i < 10; ++i) run(s, cmd(CommandType::PlaceOrder, 2, 1, 100 + i), 0, 2, i, id);
  const StreamId stream = kStreams.product(2);
  const Aggregate at5 = stateAsOf(s, kStreams, stream, s.positions(stream)[5]);
  const Snapshot snap = asSnapshot(at5, true, s.positions(stream)[5]);
  std::size_t folded = 0;
  const Aggregate loaded = load(kStreams, stream, &snap, s.readStream(stream, 6), &folded);
  const Aggregate full = foldAll(s, kStreams, stream);
  EXPECT_EQ(folded, 6u);
  EXPECT_EQ(loaded.stock, full.stock);
  EXPECT_EQ(loaded.revision, full.revision);
  EXPECT_EQ(loaded.lastOrder, full.lastOrder);
  EXPECT_EQ(full.stock, 40);
}

TEST(ShopDomain, ACorrectionIsANewEventNotAnEdit) {
  EventStore s;
  EventId id = 1;
  run(s, cmd(CommandType::AddProduct, 1, 5), 0, 2, 0, id);
  run(s, cmd(CommandType::ReceiveStock, 1, 100), 0, 2, 1, id);  // should have been 10
  ShopCommand fix = cmd(CommandType::CorrectStock, 1, -100);
  fix.corrects = 3;
  run(s, fix, 0, 2, 2, id);
  run(s, cmd(CommandType::ReceiveStock, 1, 10), 0, 2, 3, id);
  EXPECT_EQ(s.head(), 5u);
  EXPECT_EQ(s.at(3).data.body[0], 100) << "the wrong event is still there";
  EXPECT_EQ(s.at(4).data.body[1], 3) << "the correction names what it corrects";
  EXPECT_EQ(foldAll(s, kStreams, kStreams.product(1)).stock, 15);
}

TEST(Temporal, StateAsOfAPositionAndADiffBetweenTwo) {
  EventStore s;
  EventId id = 1;
  run(s, cmd(CommandType::AddProduct, 1, 3), 0, 2, 1'000'000, id);      // 1, 2
  run(s, cmd(CommandType::AddProduct, 2, 4), 0, 2, 2'000'000, id);      // 3, 4
  run(s, cmd(CommandType::PlaceOrder, 1, 2, 7), 0, 2, 12'000'000, id);  // 5
  run(s, cmd(CommandType::PlaceOrder, 1, 2, 7), 1, 2, 12'000'000, id);  // 6: order-7
  run(s, cmd(CommandType::PlaceOrder, 1, 1, 8), 0, 2, 14'000'000, id);  // 7
  EXPECT_EQ(positionAt(s, 12'500'000), 6u);
  EXPECT_EQ(positionAt(s, 0), 0u);
  const StreamId p1 = kStreams.product(1);
  EXPECT_EQ(stateAsOf(s, kStreams, p1, 2).stock, 3);
  EXPECT_EQ(stateAsOf(s, kStreams, p1, 6).stock, 1);
  EXPECT_EQ(stateAsOf(s, kStreams, p1, 6).lastOrder, 7);
  EXPECT_EQ(stateAsOf(s, kStreams, p1, 7).stock, 0);
  const auto changes = diff(s, kStreams, 4, 7);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].stream, p1);
  EXPECT_EQ(changes[0].before.stock, 3);
  EXPECT_EQ(changes[0].after.stock, 0);
  EXPECT_EQ(changes[0].events, (std::vector<Position>{5, 7}));
  EXPECT_EQ(changes[1].stream, kStreams.order(7));
  EXPECT_EQ(changes[1].after.status, OrderStatus::Placed);
}

}  // namespace
}  // namespace cs::event_sourcing
