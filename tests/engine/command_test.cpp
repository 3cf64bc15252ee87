// A command in words, as the event log, the branch tree and saved scenarios
// show it: nodes by the name the pattern gives them, durations to the
// microsecond.
#include "clusterscope/command.h"

#include <gtest/gtest.h>

#include <iterator>
#include <string>

#include "clusterscope/simulation.h"

namespace cs {
namespace {

std::string shopName(NodeId n) {
  const char* names[] = {"frontend", "orders", "payment", "catalog"};
  return n < 4 ? names[n] : "node " + std::to_string(n);
}

TEST(DescribeCommand, NamesNodesByTheNamerAndByNumberWithout) {
  Command crash;
  crash.kind = CommandKind::Crash;
  crash.node = 2;
  EXPECT_EQ(describe(crash, shopName), "crash payment");
  EXPECT_EQ(describe(crash), "crash node 2");

  Command cut;
  cut.kind = CommandKind::Cut;
  cut.node = 1;
  cut.peer = 2;
  EXPECT_EQ(describe(cut, shopName), "cut orders <-> payment");

  Command partition;
  partition.kind = CommandKind::Partition;
  partition.groups = {{0, 1}, {2, 3, 7}};
  EXPECT_EQ(describe(partition, shopName),
            "partition {frontend, orders} | {payment, catalog, node 7}");
  EXPECT_EQ(describe(partition), "partition {node 0, node 1} | {node 2, node 3, node 7}");
}

TEST(DescribeCommand, DurationsKeepTheirMicroseconds) {
  Command slow;
  slow.kind = CommandKind::Slow;
  slow.node = 2;
  slow.duration = SimDuration{2'500};
  EXPECT_EQ(describe(slow, shopName), "slow payment to 2.5 ms per message");
  slow.duration = SimDuration{20'000};
  EXPECT_EQ(describe(slow, shopName), "slow payment to 20 ms per message");
  slow.duration = SimDuration{1'001};
  EXPECT_EQ(describe(slow, shopName), "slow payment to 1.001 ms per message");
  slow.duration = SimDuration{0};
  EXPECT_EQ(describe(slow, shopName), "restore payment to normal speed");
}

TEST(DescribeCommand, EveryKindInWords) {
  Command block;
  block.kind = CommandKind::Block;
  block.node = 1;
  block.peer = 2;
  EXPECT_EQ(describe(block, shopName), "block orders -> payment");
  Command heal;
  heal.kind = CommandKind::Heal;
  EXPECT_EQ(describe(heal), "heal all links");
  Command network;
  network.kind = CommandKind::Network;
  network.link.latency = SimDuration{20'000};
  network.link.jitter = SimDuration{2'500};
  network.link.loss = 0.1;
  EXPECT_EQ(describe(network), "network latency 20 ms + jitter 2.5 ms, loss 10%");
  Command verb;
  verb.kind = CommandKind::Pattern;
  verb.verb = "client-write";
  verb.args = {"x", "1"};
  verb.node = 2;
  EXPECT_EQ(describe(verb, shopName), "client-write x 1");
  for (const Command& c : {block, heal, network, verb})
    EXPECT_EQ(describe(c).find('?'), std::string::npos);
}

// The table of shapes has one row per kind, under a name that finds it again.
TEST(CommandShape, EveryKindHasOneRowFoundByItsName) {
  ASSERT_EQ(std::size(kCommandShapes), static_cast<std::size_t>(CommandKind::Pattern) + 1);
  for (const CommandShape& shape : kCommandShapes) {
    EXPECT_EQ(&commandShape(shape.kind), &shape);
    EXPECT_EQ(commandName(shape.kind), shape.name);
    EXPECT_EQ(findCommandShape(shape.name), &shape);
  }
  EXPECT_EQ(findCommandShape("reboot"), nullptr);
}

// The event log's line for a command, and so a branch's label, names the
// shop's services.
TEST(DescribeCommand, TheEventLogNamesThePatternsNodes) {
  SimulationConfig config;
  config.pattern = "circuit-breaker";
  Simulation sim(config);
  const auto payment = sim.resolve("payment");
  ASSERT_TRUE(payment);
  Command crash;
  crash.kind = CommandKind::Crash;
  crash.node = *payment;
  EXPECT_EQ(sim.describe(crash), "crash payment");
  sim.runUntil(SimTime{1'000});
  sim.apply(crash);
  const Trace& trace = sim.kernel().trace();
  std::uint64_t seq = trace.count();
  while (seq > trace.firstRetained() && trace.at(seq).kind != TraceKind::Command) --seq;
  ASSERT_EQ(trace.at(seq).kind, TraceKind::Command);
  EXPECT_EQ(sim.describe(trace.at(seq)), "command: crash payment");
}

}  // namespace
}  // namespace cs
