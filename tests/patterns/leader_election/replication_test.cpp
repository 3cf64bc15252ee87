// Raft log replication of configuration writes: redirects, commitment by a
// majority (and never by a minority), overwriting uncommitted entries, the
// current-term commit rule and the configuration every node can read.
#include <gtest/gtest.h>

#include <map>

#include "leader_election/raft_test_support.h"

namespace cs::leader_election {
namespace {

using namespace testing;

TEST(RaftReplication, FollowerRedirectsClientWriteToTheLeader) {
  auto sim = makeSim();
  Recorder rec(*sim);
  const auto leader = awaitLeader(*sim);
  ASSERT_TRUE(leader);
  sim->runUntil(sim->now() + ms(100));
  const NodeId follower = (*leader + 1) % 5;
  const NodeId clientId = 5;
  clientWrite(*sim, "x", "1", follower);
  ASSERT_TRUE(awaitWrites(*sim, ms(1000)));

  const auto replies = rec.all("ClientReply", TraceKind::Sent, follower);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].peer, clientId);
  EXPECT_EQ(replies[0].v[0], 0);        // ok = 0: not the leader
  EXPECT_EQ(replies[0].v[1], *leader);  // leaderHint
  const auto writes = rec.all("ClientWrite", TraceKind::Sent, clientId);
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[0].peer, follower);
  EXPECT_EQ(writes[1].peer, *leader);
  EXPECT_EQ(rec.count("write-accepted", *leader), 1u);
  EXPECT_EQ(rec.count("write-completed", clientId), 1u);
  EXPECT_EQ(client(*sim).completed(), 1u);
  EXPECT_EQ(client(*sim).believedLeader(), *leader);
  expectNoViolations(*sim);
}

TEST(RaftReplication, WriteCommitsWithAMajorityAndIsReadableEverywhere) {
  auto sim = makeSim();
  Recorder rec(*sim);
  const auto leader = awaitLeader(*sim);
  ASSERT_TRUE(leader);
  clientWrite(*sim, "x", "1");
  clientWrite(*sim, "y", "2");
  clientWrite(*sim, "x", "3");
  ASSERT_TRUE(awaitWrites(*sim, ms(1000)));
  // Index 1 is the leader's no-op; the writes follow in the order sent.
  const auto committed = rec.all("entry-committed", TraceKind::Milestone, *leader);
  ASSERT_EQ(committed.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(committed[i].v[0], static_cast<int>(i + 1));
  const auto completed = rec.all("write-completed");
  ASSERT_EQ(completed.size(), 3u);
  EXPECT_EQ(completed[2].v[0], 4);

  sim->runUntil(sim->now() + ms(200));  // a heartbeat carries leaderCommit to everyone
  for (NodeId n = 0; n < 5; ++n) {
    EXPECT_EQ(server(*sim, n).commitIndex(), 4) << "node " << n;
    const auto view = sim->view();
    const ServerView& sv = viewOf<RaftView>(*view).servers[n];
    ASSERT_EQ(sv.log.size(), 4u);
    EXPECT_EQ(sv.log[0].text, "no-op");
    EXPECT_EQ(sv.log[3].text, "x=3");
    EXPECT_EQ(sv.commitIndex, 4);
    const auto snap = sim->snapshot(n);
    const auto& rows = snap.fields;
    const auto row = std::find_if(rows.begin(), rows.end(),
                                  [](const auto& r) { return r.first == "committed config"; });
    ASSERT_NE(row, rows.end());
    EXPECT_EQ(row->second, "x=3, y=2");
  }
  expectNoViolations(*sim);
}

TEST(RaftReplication, MinorityLeaderCannotCommitAndItsEntryIsOverwritten) {
  auto sim = makeSim({}, 5);
  Recorder rec(*sim);
  const auto old = awaitLeader(*sim);
  ASSERT_TRUE(old);
  sim->runUntil(sim->now() + ms(100));
  const std::int64_t oldTerm = server(*sim, *old).currentTerm();
  const NodeId buddy = (*old + 1) % 5;
  std::vector<NodeId> majority;
  for (NodeId n = 0; n < 5; ++n)
    if (n != *old && n != buddy) majority.push_back(n);
  // The client stays in no group: it can reach both sides.
  partition(*sim, {{*old, buddy}, majority});
  clientWrite(*sim, "x", "1", *old);
  sim->runUntil(sim->now() + ms(100));
  ASSERT_EQ(rec.count("write-accepted", *old), 1u);
  const std::int64_t index = rec.all("write-accepted")[0].v[0];
  EXPECT_EQ(server(*sim, buddy).lastLogIndex(), index);  // replicated to the minority only

  sim->runUntil(sim->now() + ms(2000));
  for (const auto& s : rec.all("entry-committed", TraceKind::Milestone, *old))
    EXPECT_LT(s.v[0], index);
  EXPECT_EQ(server(*sim, *old).commitIndex(), index - 1);
  EXPECT_EQ(server(*sim, *old).role(), Role::Leader);  // it cannot know it is deposed
  const auto fresh = sim->resolve("leader");
  ASSERT_TRUE(fresh);
  EXPECT_NE(*fresh, *old);  // the highest-term leader is on the majority side
  const std::int64_t newTerm = server(*sim, *fresh).currentTerm();
  EXPECT_GT(newTerm, oldTerm);

  command(*sim, CommandKind::Heal);
  ASSERT_TRUE(awaitWrites(*sim, ms(3000)));
  sim->runUntil(sim->now() + ms(500));
  EXPECT_EQ(rec.all("stepped-down", TraceKind::Milestone, *old).size(), 1u);
  // The minority's uncommitted entry (old term) was replaced by the new leader's.
  for (NodeId n : {*old, buddy}) {
    const RaftNode& s = server(*sim, n);
    ASSERT_GT(s.lastLogIndex(), index);
    EXPECT_GT(s.log()[index - 1].term, oldTerm) << "node " << n;
    EXPECT_GT(s.commitIndex(), index);
    EXPECT_EQ(s.config().at("x"), "1");
  }
  EXPECT_EQ(client(*sim).completed(), 1u);
  expectNoViolations(*sim);
}

// The client's next server in turn is cut off with the deposed leader and
// keeps redirecting to it; the client must not bounce between the two forever
// but find the majority while the partition still holds.
TEST(RaftReplication, ClientLeavesAMinorityThatRedirectsToItsDeposedLeader) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto sim = makeSim({}, seed);
    const auto old = awaitLeader(*sim);
    ASSERT_TRUE(old);
    sim->runUntil(sim->now() + ms(100));
    const NodeId buddy = (*old + 1) % 5;  // the client's next server after the old leader
    std::vector<NodeId> majority;
    for (NodeId n = 0; n < 5; ++n)
      if (n != *old && n != buddy) majority.push_back(n);
    partition(*sim, {{*old, buddy}, majority});
    clientWrite(*sim, "x", "1", *old);
    EXPECT_TRUE(awaitWrites(*sim, ms(5000))) << "seed " << seed << ": write stuck in the minority";
    expectNoViolations(*sim);
  }
}

TEST(RaftReplication, NewLeaderCommitsEarlierTermEntriesThroughItsNoop) {
  auto sim = makeSim({{"nodes", 3}}, 11);
  Recorder rec(*sim);
  const auto old = awaitLeader(*sim);
  ASSERT_TRUE(old);
  sim->runUntil(sim->now() + ms(100));
  const NodeId a = (*old + 1) % 3, b = (*old + 2) % 3;
  const NodeId clientId = 3;
  // The leader reaches a, but a's acknowledgements are lost; b is cut off.
  command(*sim, CommandKind::Block, a, *old);
  command(*sim, CommandKind::Isolate, b);
  clientWrite(*sim, "x", "1", *old);
  sim->runUntil(sim->now() + ms(60));
  const std::int64_t index = server(*sim, *old).lastLogIndex();
  ASSERT_EQ(server(*sim, a).lastLogIndex(), index);
  ASSERT_EQ(server(*sim, *old).commitIndex(), index - 1);
  // The leader and the client (with its pending write) go down.
  command(*sim, CommandKind::Crash, *old);
  command(*sim, CommandKind::Crash, clientId);
  command(*sim, CommandKind::Heal);
  const auto next = awaitLeader(*sim);
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, a);  // b's log is shorter: a refuses b its vote, b grants a its vote
  const std::int64_t newTerm = server(*sim, a).currentTerm();
  ASSERT_TRUE(runUntil(*sim, ms(1000), [&] { return server(*sim, a).commitIndex() > index; }));

  // The earlier term's entry was committed in the same step as the new
  // leader's no-op after it, not on its own.
  std::map<std::int64_t, SimTime> committedAt;
  for (const auto& s : rec.all("entry-committed", TraceKind::Milestone, a))
    committedAt[s.v[0]] = s.at;
  ASSERT_TRUE(committedAt.count(index) && committedAt.count(index + 1));
  EXPECT_EQ(committedAt[index], committedAt[index + 1]);
  EXPECT_EQ(server(*sim, a).log()[index - 1].term, server(*sim, *old).currentTerm());
  EXPECT_EQ(server(*sim, a).log()[index].term, newTerm);
  EXPECT_TRUE(server(*sim, a).log()[index].isNoop());
  EXPECT_EQ(server(*sim, a).config().at("x"), "1");
  sim->runUntil(sim->now() + ms(200));
  EXPECT_EQ(server(*sim, b).config().at("x"), "1");
  expectNoViolations(*sim);
}

TEST(RaftReplication, ClientRetriesWhenItsTargetIsDown) {
  auto sim = makeSim();
  const auto leader = awaitLeader(*sim);
  ASSERT_TRUE(leader);
  const NodeId down = (*leader + 1) % 5;
  command(*sim, CommandKind::Crash, down);
  clientWrite(*sim, "x", "1", down);
  const SimTime start = sim->now();
  ASSERT_TRUE(awaitWrites(*sim, ms(3000)));
  EXPECT_GE(sim->now() - start, ms(600));  // one retry timeout: 2 x electionTimeoutMax
  expectNoViolations(*sim);
}

TEST(RaftReplication, WritesSurviveLeaderCrashes) {
  auto sim = makeSim({}, 21);
  for (int round = 0; round < 5; ++round) {
    const auto leader = awaitLeader(*sim);
    ASSERT_TRUE(leader);
    clientWrite(*sim, "k", std::to_string(round));
    sim->runUntil(sim->now() + ms(15));
    command(*sim, CommandKind::Crash, *leader);
    ASSERT_TRUE(awaitWrites(*sim, ms(5000))) << "round " << round;
    command(*sim, CommandKind::Restart, *leader);
  }
  sim->runUntil(sim->now() + ms(500));
  for (NodeId n = 0; n < 5; ++n) EXPECT_EQ(server(*sim, n).config().at("k"), "4");
  expectNoViolations(*sim);
}

}  // namespace
}  // namespace cs::leader_election

namespace cs::leader_election {
namespace {

using testing::entry;
using testing::PuppetRig;

TEST(RaftReplication, FollowerCommitsOnlyEntriesVerifiedAgainstTheLeader) {
  PuppetRig rig;
  // Node 0 holds x from a term-2 leader that never committed it.
  rig.append(0, 2, 0, 0, {entry(2, "a", "1"), entry(2, "b", "1"), entry(2, "x", "1")}, 0);
  // The term-3 leader's log has c at index 3, committed (node 1 knows).
  rig.append(1, 3, 0, 0, {entry(2, "a", "1"), entry(2, "b", "1"), entry(3, "c", "1")}, 3);
  // It sends node 0 just its first entry, with leaderCommit 3: only index 1
  // is known to match, so only index 1 may be marked committed.
  rig.append(0, 3, 0, 0, {entry(2, "a", "1")}, 3);
  EXPECT_EQ(rig.servers[0]->commitIndex(), 1);
  EXPECT_EQ(rig.servers[0]->lastLogIndex(), 3);
  EXPECT_TRUE(rig.violations.empty()) << rig.violations.front();
}

TEST(RaftReplication, LeaderNeverCommitsAnEarlierTermEntryByCounting) {
  PuppetRig rig;
  std::vector<LogEntry> old;
  for (int i = 1; i <= 6; ++i) old.push_back(entry(2, "k", std::to_string(i).c_str()));
  rig.append(0, 2, 0, 0, old, 0);
  // Node 0 wins term 3 with two empty-logged voters and replicates its log
  // in several messages; the first ones put term-2 entries on a majority.
  rig.servers[0]->forceTimeout();
  rig.run(ms(50));
  ASSERT_EQ(rig.servers[0]->role(), Role::Leader);
  ASSERT_EQ(rig.servers[0]->lastLogIndex(), 7);  // the six entries and the no-op
  EXPECT_EQ(rig.servers[0]->commitIndex(), 7);
  std::vector<SimTime> committedAt;
  for (const auto& r : rig.milestones)
    if (r.label == rig.words.entryCommitted && r.node == 0) committedAt.push_back(r.at);
  ASSERT_EQ(committedAt.size(), 7u);
  // Nothing was committed before the no-op of term 3 was on a majority.
  for (SimTime t : committedAt) EXPECT_EQ(t, committedAt.back());
  EXPECT_TRUE(rig.violations.empty());
}

}  // namespace
}  // namespace cs::leader_election
