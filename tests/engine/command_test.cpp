// A command in words, as the event log, the branch tree and saved scenarios
// show it: nodes by the name the pattern gives them, durations to the
// microsecond.
#include "clusterscope/command.h"

#include <gtest/gtest.h>

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
