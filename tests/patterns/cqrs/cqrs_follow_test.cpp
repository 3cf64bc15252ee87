// Following a request end to end: an order's messages all carry its
// request (the shoppers' order number), from the command through the
// handler and the store, the read model update that brings it to the
// replicas, to the "my orders" query that finally saw it; a read's carry
// the browsers' query number. Test thread only.
#include <gtest/gtest.h>

#include <algorithm>

#include "clusterscope/request_path.h"
#include "cqrs_test_support.h"

namespace cs::cqrs {
namespace {

using namespace testing;

using taps::AllRecords;

bool visits(const RequestPath& path, NodeId n) {
  return std::find(path.nodes.begin(), path.nodes.end(), n) != path.nodes.end();
}

TEST(CqrsFollow, AnOrderIsFollowedFromTheCommandToTheReadThatSawIt) {
  auto sim = world({{"readRate", 50}, {"orderRate", 10}, {"products", 3}, {"tokens", true}}, 2);
  AllRecords all(*sim);
  Milestones answered(*sim, "my-orders-answered");
  sim->runUntil(SimTime{ms(2'000)});
  // An order found in "my orders".
  std::int64_t order = 0;
  for (const TraceRecord& r : answered.seen)
    if (r.v[3] == 0 && r.v[4] == 1) order = r.v[5];
  ASSERT_GT(order, 0);
  const FollowKey key{requestOf(kShoppers, order), {}};
  const RequestPath path = requestPath(all.records, key, &sim->kernel().vocabulary());
  EXPECT_TRUE(visits(path, kShoppers));
  EXPECT_TRUE(visits(path, kStore));
  bool handler = false, projector = false, replica = false;
  for (NodeId n : path.nodes) {
    handler = handler || pattern(*sim).isHandler(n);
    projector = projector || pattern(*sim).isProjector(n);
    replica = replica || pattern(*sim).isReplica(n);
  }
  EXPECT_TRUE(handler);
  EXPECT_TRUE(projector) << "the read model update that brought the order in";
  // The store's push of the order's events to a projector is a hop of its own.
  const auto appeared = sim->kernel().vocabulary().find(LabelKind::Message, "EventAppeared");
  EXPECT_TRUE(std::any_of(path.hops.begin(), path.hops.end(), [&](const Hop& h) {
    return h.kind == appeared && h.from == NodeId{kStore} && pattern(*sim).isProjector(h.to);
  })) << "store -> projector";
  EXPECT_TRUE(replica);
  EXPECT_TRUE(path.answeredAt.has_value());
  // Every message of the order's is about the order: no other order's
  // command, append or query is on its path.
  const auto command = sim->kernel().vocabulary().find(LabelKind::Message, "Command");
  for (const Hop& h : path.hops)
    EXPECT_TRUE(h.kind != command || h.from == NodeId{kShoppers}) << "a command from " << h.from;
}

TEST(CqrsFollow, AReadIsFollowedToTheReplicaThatServedItAndBack) {
  auto sim = world({{"readRate", 50}, {"orderRate", 5}, {"products", 3}}, 2);
  AllRecords all(*sim);
  sim->runUntil(SimTime{ms(1'000)});
  const FollowKey key{requestOf(kBrowsers, 10), {}};
  const RequestPath path = requestPath(all.records, key, &sim->kernel().vocabulary());
  ASSERT_EQ(path.hops.size(), 2u);
  EXPECT_EQ(path.hops[0].from, NodeId{kBrowsers});
  EXPECT_TRUE(pattern(*sim).isReplica(path.hops[0].to));
  EXPECT_EQ(path.hops[1].to, NodeId{kBrowsers});
  EXPECT_TRUE(path.answeredAt.has_value());
}

}  // namespace
}  // namespace cs::cqrs
