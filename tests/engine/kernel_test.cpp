// Kernel behaviour: event ordering, determinism, partitions, crash semantics,
// pause and slow nodes. Time advances explicitly; nothing sleeps.
#include "clusterscope/kernel.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cs {
namespace {

// A node that echoes every Ping back as a Pong, counts what it got, and keeps
// one durable and one volatile counter so crash semantics can be observed.
class EchoNode : public Node {
 public:
  Label ping = kNoLabel, pong = kNoLabel;
  int durableReceived = 0;   // survives a crash
  int volatileReceived = 0;  // lost on a crash
  std::vector<std::uint64_t> timerTags;
  std::vector<SimTime> deliveredAt;
  std::vector<std::string> events;  // "m<n>" for a message with fields[0] = n, "t<tag>" for a timer
  bool started = false;

  void onStart() override { started = true; }
  void onMessage(const Message& m) override {
    ++durableReceived;
    ++volatileReceived;
    deliveredAt.push_back(now());
    events.push_back(label('m', m.fields[0]));
    if (m.kind == ping) send(m.from, pong, m.fields, m.request, m.id);
  }
  void onTimer(TimerHandle, std::uint64_t tag) override {
    timerTags.push_back(tag);
    events.push_back(label('t', static_cast<std::int64_t>(tag)));
  }
  void onCrash() override {
    volatileReceived = 0;
    started = false;
  }

  static std::string label(char kind, std::int64_t n) {
    std::string s(1, kind);
    s += std::to_string(n);
    return s;
  }

  using Node::cancelTimer;
  using Node::send;
  using Node::setTimer;
};

struct Cluster {
  explicit Cluster(std::uint64_t seed, int n = 3) : kernel(seed) {
    ping = kernel.defineMessage("Ping", {"n"}, Exchange::Request);
    pong = kernel.defineMessage("Pong", {"n"}, Exchange::Reply);
    for (int i = 0; i < n; ++i) {
      auto node = std::make_unique<EchoNode>();
      node->ping = ping;
      node->pong = pong;
      nodes.push_back(node.get());
      kernel.addNode(std::move(node));
    }
  }
  Kernel kernel;
  Label ping, pong;
  std::vector<EchoNode*> nodes;
};

TEST(Kernel, EventsRunInTimeThenSequenceOrder) {
  Cluster c(1);
  c.kernel.step();  // starts the nodes; no events yet so returns false
  auto& n = *c.nodes[0];
  n.setTimer(SimDuration{300}, 3);
  n.setTimer(SimDuration{100}, 1);
  n.setTimer(SimDuration{300}, 4);  // same time as tag 3: scheduled later, runs later
  n.setTimer(SimDuration{200}, 2);
  c.kernel.runUntil(SimDuration{1000});
  EXPECT_EQ(n.timerTags, (std::vector<std::uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(c.kernel.now(), SimDuration{1000});
}

TEST(Kernel, CancelledTimerNeverFires) {
  Cluster c(1);
  c.kernel.step();
  auto& n = *c.nodes[0];
  TimerHandle t = n.setTimer(SimDuration{100}, 7);
  n.setTimer(SimDuration{200}, 8);
  n.cancelTimer(t);
  EXPECT_FALSE(t);
  c.kernel.runUntil(SimDuration{1000});
  EXPECT_EQ(n.timerTags, (std::vector<std::uint64_t>{8}));
}

TEST(Kernel, MessageArrivesAfterLinkLatency) {
  Cluster c(1);
  c.kernel.network().setDefaultLink(LinkConfig{SimDuration{5000}, SimDuration{0}, 0, 0});
  c.kernel.step();
  c.nodes[0]->send(1, c.ping, {42});
  c.kernel.runUntil(SimDuration{20000});
  ASSERT_EQ(c.nodes[1]->deliveredAt.size(), 1u);
  EXPECT_EQ(c.nodes[1]->deliveredAt[0], SimDuration{5000});
  ASSERT_EQ(c.nodes[0]->deliveredAt.size(), 1u);  // the pong
  EXPECT_EQ(c.nodes[0]->deliveredAt[0], SimDuration{10000});
}

// Runs a fixed workload with loss, jitter and duplication and returns the hash.
std::uint64_t workloadHash(std::uint64_t seed, bool crashMidway) {
  Cluster c(seed, 4);
  c.kernel.network().setDefaultLink(LinkConfig{SimDuration{1000}, SimDuration{800}, 0.1, 0.05});
  c.kernel.step();
  for (int i = 0; i < 50; ++i) c.nodes[i % 4]->send((i + 1) % 4, c.ping, {i});
  c.kernel.runUntil(SimDuration{1500});
  if (crashMidway) c.kernel.crash(2);
  c.kernel.runUntil(SimDuration{50000});
  return c.kernel.trace().hash();
}

TEST(Kernel, SameSeedAndCommandsGiveTheSameTrace) {
  EXPECT_EQ(workloadHash(7, false), workloadHash(7, false));
  EXPECT_EQ(workloadHash(7, true), workloadHash(7, true));
}

TEST(Kernel, AnotherSeedOrAnotherCommandGivesAnotherTrace) {
  EXPECT_NE(workloadHash(7, false), workloadHash(8, false));
  EXPECT_NE(workloadHash(7, false), workloadHash(7, true));
}

int countDrops(const Kernel& k, DropReason reason) {
  int n = 0;
  for (std::uint64_t s = k.trace().firstRetained(); s <= k.trace().count(); ++s)
    if (k.trace().at(s).kind == TraceKind::Dropped && k.trace().at(s).reason == reason) ++n;
  return n;
}

TEST(Kernel, OneWayPartitionDropsOnlyOneDirection) {
  Cluster c(1);
  c.kernel.step();
  c.kernel.setBlocked(0, 1, true);  // 0 cannot reach 1; 1 can still reach 0
  c.nodes[0]->send(1, c.pong, {1});
  c.nodes[1]->send(0, c.pong, {2});
  c.kernel.runUntil(SimDuration{10000});
  EXPECT_EQ(c.nodes[1]->durableReceived, 0);
  EXPECT_EQ(c.nodes[0]->durableReceived, 1);
  EXPECT_EQ(countDrops(c.kernel, DropReason::Partitioned), 1);
}

TEST(Kernel, PartitionBlocksAcrossGroupsAndHealingRestores) {
  Cluster c(1, 4);
  c.kernel.step();
  c.kernel.partition({{0, 1}, {2, 3}});
  EXPECT_TRUE(c.kernel.network().reachable(0, 1));
  EXPECT_TRUE(c.kernel.network().reachable(2, 3));
  EXPECT_FALSE(c.kernel.network().reachable(1, 2));
  EXPECT_FALSE(c.kernel.network().reachable(3, 0));
  c.nodes[0]->send(1, c.pong, {});
  c.nodes[0]->send(2, c.pong, {});
  c.kernel.runUntil(SimDuration{10000});
  EXPECT_EQ(c.nodes[1]->durableReceived, 1);
  EXPECT_EQ(c.nodes[2]->durableReceived, 0);
  c.kernel.healAll();
  c.nodes[0]->send(2, c.pong, {});
  c.kernel.runUntil(SimDuration{20000});
  EXPECT_EQ(c.nodes[2]->durableReceived, 1);
}

TEST(Kernel, PartitionFormedInFlightStillDrops) {
  Cluster c(1);
  c.kernel.step();
  c.nodes[0]->send(1, c.pong, {});
  c.kernel.runUntil(SimDuration{500});  // latency is 1 ms: still on the wire
  c.kernel.isolate(1);
  c.kernel.runUntil(SimDuration{10000});
  EXPECT_EQ(c.nodes[1]->durableReceived, 0);
}

TEST(Kernel, CrashLosesVolatileStateAndKeepsDurable) {
  Cluster c(1);
  c.kernel.step();
  c.nodes[0]->send(1, c.pong, {});
  c.kernel.runUntil(SimDuration{5000});
  ASSERT_EQ(c.nodes[1]->volatileReceived, 1);
  c.nodes[1]->setTimer(SimDuration{1000}, 99);
  c.kernel.crash(1);
  EXPECT_EQ(c.kernel.status(1), NodeStatus::Crashed);
  EXPECT_EQ(c.nodes[1]->volatileReceived, 0);
  EXPECT_EQ(c.nodes[1]->durableReceived, 1);
  c.nodes[0]->send(1, c.pong, {});  // a crashed node receives nothing
  c.kernel.runUntil(SimDuration{10000});
  EXPECT_EQ(c.nodes[1]->durableReceived, 1);
  EXPECT_TRUE(c.nodes[1]->timerTags.empty()) << "a timer armed before the crash fired";
  EXPECT_EQ(countDrops(c.kernel, DropReason::NodeDown), 1);
  c.kernel.restart(1);
  EXPECT_TRUE(c.nodes[1]->started);
  EXPECT_EQ(c.nodes[1]->durableReceived, 1);
}

TEST(Kernel, PausedNodeGetsMessagesAndTimersOnResume) {
  Cluster c(1);
  c.kernel.step();
  c.nodes[1]->setTimer(SimDuration{2000}, 5);
  c.kernel.pause(1);
  c.nodes[0]->send(1, c.pong, {});
  c.kernel.runUntil(SimDuration{10000});
  EXPECT_EQ(c.nodes[1]->durableReceived, 0);
  EXPECT_TRUE(c.nodes[1]->timerTags.empty());
  c.kernel.resume(1);
  c.kernel.runUntil(SimDuration{10000});
  EXPECT_EQ(c.nodes[1]->durableReceived, 1);
  EXPECT_EQ(c.nodes[1]->timerTags, (std::vector<std::uint64_t>{5}));
  EXPECT_EQ(c.nodes[1]->deliveredAt[0], SimDuration{10000});
}

TEST(Kernel, SlowNodeProcessesOneMessageAtATime) {
  Cluster c(1);
  c.kernel.step();
  c.kernel.setSlow(1, SimDuration{10000});
  for (int i = 0; i < 3; ++i) c.nodes[0]->send(1, c.pong, {i});
  c.kernel.runUntil(SimDuration{100000});
  // All arrive at 1 ms; each takes 10 ms, served in turn.
  EXPECT_EQ(c.nodes[1]->deliveredAt,
            (std::vector<SimTime>{SimDuration{11000}, SimDuration{21000}, SimDuration{31000}}));
}

TEST(Kernel, MessagesQueuedInsideASlowNodeAreLostInACrashEvenAfterARestart) {
  Cluster c(1);
  c.kernel.step();
  c.kernel.setSlow(1, SimDuration{10000});
  c.nodes[0]->send(1, c.pong, {1});
  c.nodes[0]->send(1, c.pong, {2});
  c.kernel.runUntil(SimDuration{2000});  // both arrived at 1 ms and wait their turn
  c.kernel.crash(1);
  c.kernel.runUntil(SimDuration{3000});
  c.kernel.restart(1);
  c.kernel.runUntil(SimDuration{50000});
  EXPECT_TRUE(c.nodes[1]->events.empty())
      << "the restarted node got messages from before its crash";
  EXPECT_EQ(countDrops(c.kernel, DropReason::NodeDown), 2);
}

TEST(Kernel, ResumeReplaysTimersAndMessagesInTheOrderTheyCameDue) {
  Cluster c(1);
  c.kernel.step();
  c.nodes[1]->setTimer(SimDuration{5000}, 7);
  c.kernel.pause(1);
  c.nodes[0]->send(1, c.pong, {1});  // arrives at 1 ms, before the timer
  c.kernel.runUntil(SimDuration{7000});
  c.nodes[0]->send(1, c.pong, {2});  // arrives at 8 ms, after it
  c.kernel.runUntil(SimDuration{20000});
  c.kernel.resume(1);
  c.kernel.runUntil(SimDuration{20000});
  EXPECT_EQ(c.nodes[1]->events, (std::vector<std::string>{"m1", "t7", "m2"}));
}

TEST(Kernel, APausedSlowNodeStillProcessesOneMessageAtATimeOnResume) {
  Cluster c(1);
  c.kernel.step();
  c.kernel.setSlow(1, SimDuration{10000});
  c.kernel.pause(1);
  for (int i = 0; i < 3; ++i) c.nodes[0]->send(1, c.pong, {i});
  c.kernel.runUntil(SimDuration{2000});
  c.kernel.resume(1);
  c.kernel.runUntil(SimDuration{100000});
  EXPECT_EQ(c.nodes[1]->deliveredAt,
            (std::vector<SimTime>{SimDuration{12000}, SimDuration{22000}, SimDuration{32000}}));
}

TEST(Kernel, TraceRingIsBoundedButCountsEverything) {
  KernelOptions o;
  o.traceCapacity = 64;
  Kernel k(1, o);
  const Label l = k.defineMessage("Pong", {}, Exchange::Reply);
  auto node = std::make_unique<EchoNode>();
  EchoNode* a = node.get();
  a->pong = l;
  k.addNode(std::move(node));
  k.addNode(std::make_unique<EchoNode>());
  k.step();
  for (int i = 0; i < 1000; ++i) a->send(1, l, {});
  k.runUntil(SimDuration{10000});
  EXPECT_EQ(k.trace().count(), 2000u);
  EXPECT_EQ(k.trace().capacity(), 64u);
  EXPECT_EQ(k.trace().firstRetained(), 2000u - 63u);
}

TEST(Kernel, MetricsAreSampledAtFixedIntervals) {
  Cluster c(1);
  c.kernel.step();
  c.nodes[0]->send(1, c.pong, {});
  c.kernel.runUntil(SimDuration{1'000'000});
  const auto& s = c.kernel.metrics().samples();
  ASSERT_EQ(s.size(), 11u);  // t = 0, 0.1, ..., 1.0 s
  EXPECT_EQ(s[1].at, SimDuration{100'000});
  const MetricId sent = *c.kernel.metrics().find("messages.sent");
  EXPECT_EQ(s[0].values[sent], 1);
}

}  // namespace
}  // namespace cs

namespace cs {
namespace {

// The log speaks the pattern's names ("orders -> payment") where nodes have
// them, and numbers otherwise.
TEST(Vocabulary, DescribesNodesByTheirNames) {
  Vocabulary v;
  const Label hello =
      v.define({LabelKind::Message, "Hello", {"n"}, "", {}, Exchange::OneWay, {}, {}});
  v.nameNode(1, "payment");
  TraceRecord r;
  r.kind = TraceKind::Sent;
  r.label = hello;
  r.node = 0;
  r.peer = 1;
  EXPECT_EQ(v.describe(r).substr(0, 25), "node 0 -> payment: Hello ");
  EXPECT_EQ(v.nodeName(7), "node 7");
  EXPECT_EQ(v.nodeName(kNoNode), "-");
}

}  // namespace
}  // namespace cs
