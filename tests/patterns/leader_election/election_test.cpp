// Raft elections, handler by handler: voting once per term, the election
// restriction, stepping down on a higher term, bounded election time,
// heartbeats, split votes and what survives a crash.
#include <gtest/gtest.h>

#include "leader_election/raft_test_support.h"

namespace cs::leader_election {
namespace {

using namespace testing;

TEST(RaftElection, LeaderElectedWithinBoundedTimeOnHealthyCluster) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    auto sim = makeSim({}, seed);
    Recorder rec(*sim);
    const auto leader = awaitLeader(*sim, ms(2000));
    ASSERT_TRUE(leader) << "seed " << seed;
    EXPECT_GE(rec.count("election-started"), 1u);
    sim->runUntil(sim->now() + ms(500));
    const std::int64_t term = server(*sim, *leader).currentTerm();
    for (NodeId n = 0; n < 5; ++n) {
      EXPECT_EQ(server(*sim, n).currentTerm(), term) << "seed " << seed << " node " << n;
      EXPECT_EQ(server(*sim, n).leaderId(), *leader) << "seed " << seed << " node " << n;
    }
    expectNoViolations(*sim);
  }
}

TEST(RaftElection, HeartbeatsSuppressElections) {
  auto sim = makeSim();
  Recorder rec(*sim);
  const auto leader = awaitLeader(*sim);
  ASSERT_TRUE(leader);
  const std::int64_t term = server(*sim, *leader).currentTerm();
  const std::size_t elections = rec.count("election-started");
  sim->runUntil(sim->now() + ms(10'000));
  EXPECT_EQ(rec.count("election-started"), elections);
  EXPECT_EQ(sim->resolve("leader"), leader);
  EXPECT_EQ(server(*sim, *leader).currentTerm(), term);
  EXPECT_GT(rec.all("AppendEntries", TraceKind::Sent, *leader).size(), 4u * 150u);
}

TEST(RaftElection, FollowerGrantsVoteOnlyOncePerTerm) {
  // Nodes 0 and 1 stand for term 1 at the same instant; node 2 hears both.
  auto sim = makeSim({{"nodes", 3}, {"jitter", 0}});
  Recorder rec(*sim);
  sim->runUntil(ms(1));
  verb(*sim, "timeout", {"0"});
  verb(*sim, "timeout", {"1"});
  sim->runUntil(ms(100));

  int repliesByNode2 = 0, grantsByNode2 = 0;
  for (const auto& s : rec.all("RequestVoteReply", TraceKind::Sent, 2)) {
    ASSERT_EQ(s.v[0], 1);  // term
    ++repliesByNode2;
    grantsByNode2 += static_cast<int>(s.v[1]);
  }
  EXPECT_EQ(repliesByNode2, 2);
  EXPECT_EQ(grantsByNode2, 1);
  EXPECT_EQ(rec.count("vote-granted", 2), 1u);
  // Each candidate already voted for itself, so it refuses the other.
  for (NodeId n : {0u, 1u})
    for (const auto& s : rec.all("RequestVoteReply", TraceKind::Sent, n)) EXPECT_EQ(s.v[1], 0);
  const auto elected = rec.all("leader-elected");
  ASSERT_EQ(elected.size(), 1u);
  EXPECT_EQ(elected[0].v[0], 1);  // term
  EXPECT_EQ(elected[0].v[1], 2);  // votes: its own and node 2's
  EXPECT_EQ(elected[0].node, server(*sim, 2).votedFor());
  expectNoViolations(*sim);
}

TEST(RaftElection, CandidateWithStaleLogIsDenied) {
  auto sim = makeSim({{"nodes", 3}}, 7);
  Recorder rec(*sim);
  const auto leader = awaitLeader(*sim);
  ASSERT_TRUE(leader);
  const NodeId stale = (*leader + 1) % 3, other = (*leader + 2) % 3;
  clientWrite(*sim, "x", "1");
  ASSERT_TRUE(awaitWrites(*sim));
  sim->runUntil(sim->now() + ms(200));
  const std::int64_t shared = server(*sim, *leader).lastLogIndex();
  ASSERT_EQ(server(*sim, stale).lastLogIndex(), shared);

  // While `stale` is cut off, the others commit a second entry it lacks, and
  // its repeated elections push its term far ahead.
  command(*sim, CommandKind::Isolate, stale);
  clientWrite(*sim, "y", "2");
  ASSERT_TRUE(awaitWrites(*sim));
  sim->runUntil(sim->now() + ms(1500));
  ASSERT_EQ(server(*sim, stale).lastLogIndex(), shared);
  ASSERT_EQ(server(*sim, *leader).lastLogIndex(), shared + 1);
  const std::int64_t staleTerm = server(*sim, stale).currentTerm();
  ASSERT_GT(staleTerm, server(*sim, *leader).currentTerm());

  command(*sim, CommandKind::Heal);
  const SimTime healedAt = sim->now();
  verb(*sim, "timeout", {std::to_string(stale)});
  sim->runUntil(sim->now() + ms(3000));

  // Its higher term is adopted, but its votes are refused: its log is shorter.
  int refusals = 0;
  for (const auto& s : rec.seen) {
    if (s.at < healedAt || s.kind != TraceKind::Sent || s.name != "RequestVoteReply" ||
        s.peer != stale)
      continue;
    EXPECT_EQ(s.v[1], 0) << "node " << s.node << " granted its vote to the stale candidate";
    ++refusals;
  }
  EXPECT_GE(refusals, 2);
  for (const auto& s : rec.all("leader-elected")) {
    if (s.at >= healedAt) {
      EXPECT_NE(s.node, stale);
    }
  }
  const auto newLeader = sim->resolve("leader");
  ASSERT_TRUE(newLeader);
  EXPECT_NE(*newLeader, stale);
  EXPECT_GT(server(*sim, *newLeader).currentTerm(), staleTerm);
  // Caught up from the new leader (its log ends with the new leader's no-op).
  EXPECT_EQ(server(*sim, stale).lastLogIndex(), server(*sim, *newLeader).lastLogIndex());
  EXPECT_EQ(server(*sim, stale).config().at("y"), "2");
  (void)other;
  expectNoViolations(*sim);
}

TEST(RaftElection, LeaderStepsDownOnHigherTermInReply) {
  auto sim = makeSim({{"nodes", 3}}, 3);
  Recorder rec(*sim);
  const auto leader = awaitLeader(*sim);
  ASSERT_TRUE(leader);
  const NodeId f = (*leader + 1) % 3;
  command(*sim, CommandKind::Isolate, f);
  // Heal the moment f starts its second election: its RequestVotes are
  // already lost, so the leader first learns of the new term from f's
  // reply to a heartbeat.
  ASSERT_TRUE(runUntil(
      *sim, ms(3000), [&] { return rec.count("election-started", f) >= 2; }, SimDuration{1}));
  command(*sim, CommandKind::Heal);
  const std::int64_t fTerm = server(*sim, f).currentTerm();
  ASSERT_GT(fTerm, server(*sim, *leader).currentTerm());
  sim->runUntil(sim->now() + ms(140));

  const auto down = rec.all("stepped-down", TraceKind::Milestone, *leader);
  ASSERT_EQ(down.size(), 1u);
  EXPECT_EQ(down[0].v[0], fTerm);
  EXPECT_EQ(server(*sim, *leader).role(), Role::Follower);
  EXPECT_EQ(server(*sim, *leader).currentTerm(), fTerm);
  // What the leader handled just before stepping down: f's AppendEntriesReply.
  const Seen* lastDelivered = nullptr;
  for (const auto& s : rec.seen) {
    if (s.kind == TraceKind::Milestone && s.name == "stepped-down" && s.node == *leader) break;
    if (s.kind == TraceKind::Delivered && s.peer == *leader) lastDelivered = &s;
  }
  ASSERT_NE(lastDelivered, nullptr);
  EXPECT_EQ(lastDelivered->name, "AppendEntriesReply");
  EXPECT_EQ(lastDelivered->node, f);
  expectNoViolations(*sim);
}

TEST(RaftElection, SplitVoteEndsWithoutWinnerThenRecovers) {
  // Four servers, two candidates, two votes each: no majority of three.
  auto sim = makeSim({{"nodes", 4}, {"jitter", 0}});
  Recorder rec(*sim);
  sim->runUntil(ms(1));
  partition(*sim, {{0, 2}, {1, 3}});
  verb(*sim, "timeout", {"0"});
  verb(*sim, "timeout", {"1"});
  sim->runUntil(ms(50));
  EXPECT_EQ(server(*sim, 0).votesReceived(), 2);
  EXPECT_EQ(server(*sim, 1).votesReceived(), 2);
  // The voters hold still so the two candidates' timers run out first.
  command(*sim, CommandKind::Pause, 2);
  command(*sim, CommandKind::Pause, 3);
  ASSERT_TRUE(runUntil(*sim, ms(400), [&] { return rec.count("split-vote") >= 2; }));
  for (const auto& s : rec.all("split-vote")) EXPECT_EQ(s.v[0], 1);
  EXPECT_EQ(rec.count("leader-elected"), 0u);

  command(*sim, CommandKind::Resume, 2);
  command(*sim, CommandKind::Resume, 3);
  command(*sim, CommandKind::Heal);
  const auto leader = awaitLeader(*sim);
  ASSERT_TRUE(leader);
  EXPECT_GE(server(*sim, *leader).currentTerm(), 2);
  expectNoViolations(*sim);
}

TEST(RaftElection, DurableStateSurvivesCrashVolatileStateDoesNot) {
  auto sim = makeSim();
  const auto leader = awaitLeader(*sim);
  ASSERT_TRUE(leader);
  clientWrite(*sim, "a", "1");
  clientWrite(*sim, "b", "2");
  ASSERT_TRUE(awaitWrites(*sim));
  sim->runUntil(sim->now() + ms(200));

  for (const NodeId n : {(*leader + 1) % 5, *leader}) {
    const RaftNode& s = server(*sim, n);
    const std::int64_t term = s.currentTerm();
    const NodeId votedFor = s.votedFor();
    const std::vector<LogEntry> log = s.log();
    const std::int64_t committed = s.commitIndex();
    ASSERT_EQ(static_cast<std::size_t>(committed), log.size());
    ASSERT_GE(committed, 3);  // a no-op, a=1, b=2

    command(*sim, CommandKind::Crash, n);
    command(*sim, CommandKind::Restart, n);
    EXPECT_EQ(s.currentTerm(), term);
    EXPECT_EQ(s.votedFor(), votedFor);
    ASSERT_EQ(s.log().size(), log.size());
    for (std::size_t i = 0; i < log.size(); ++i) {
      EXPECT_EQ(s.log()[i].term, log[i].term);
      EXPECT_EQ(s.log()[i].text(), log[i].text());
    }
    EXPECT_EQ(s.role(), Role::Follower);
    EXPECT_EQ(s.commitIndex(), 0);
    EXPECT_EQ(s.lastApplied(), 0);
    EXPECT_TRUE(s.config().empty());
    EXPECT_EQ(s.leaderId(), kNoNode);
    EXPECT_EQ(sim->snapshot(n).role, "follower");
    const auto view = sim->view();
    const ServerView& snap = viewOf<RaftView>(*view).servers[n];
    EXPECT_EQ(snap.role, Role::Follower);
    EXPECT_EQ(snap.commitIndex, 0);
    EXPECT_EQ(snap.currentTerm, term);
    EXPECT_EQ(snap.log.size(), log.size());

    // The commit index and the configuration come back from the leader.
    const auto current = awaitLeader(*sim);
    ASSERT_TRUE(current);
    ASSERT_TRUE(runUntil(*sim, ms(2000), [&] { return s.commitIndex() >= committed; }));
    EXPECT_EQ(s.config().at("a"), "1");
    EXPECT_EQ(s.config().at("b"), "2");
  }
  expectNoViolations(*sim);
}

TEST(RaftElection, TimeoutVerbStartsAnElectionButALeaderIgnoresIt) {
  auto sim = makeSim();
  Recorder rec(*sim);
  const auto leader = awaitLeader(*sim);
  ASSERT_TRUE(leader);
  sim->runUntil(sim->now() + ms(100));
  const std::size_t elections = rec.count("election-started");
  verb(*sim, "timeout", {std::to_string(*leader)});
  sim->runUntil(sim->now() + ms(500));
  EXPECT_EQ(rec.count("election-started"), elections);
  EXPECT_EQ(sim->resolve("leader"), leader);

  const NodeId f = (*leader + 1) % 5;
  verb(*sim, "timeout", {std::to_string(f)});
  sim->runUntil(sim->now() + ms(1));
  EXPECT_EQ(rec.count("election-started", f), 1u);
  sim->runUntil(sim->now() + ms(50));
  EXPECT_EQ(rec.all("stepped-down", TraceKind::Milestone, *leader).size(), 1u);
  const auto next = awaitLeader(*sim);
  ASSERT_TRUE(next);
  expectNoViolations(*sim);
}

}  // namespace
}  // namespace cs::leader_election

namespace cs::leader_election {
namespace {

using testing::PuppetRig;

TEST(RaftElection, CandidateStepsDownOnHigherTermInVoteReply) {
  PuppetRig rig;
  rig.append(2, 5, 0, 0, {}, 0);  // node 2 has seen term 5
  rig.kernel.setBlocked(0, 1, true);
  rig.servers[0]->forceTimeout();
  rig.run(ms(10));
  const RaftNode& n = *rig.servers[0];
  EXPECT_EQ(n.role(), Role::Follower);
  EXPECT_EQ(n.currentTerm(), 5);
  EXPECT_EQ(n.votedFor(), kNoNode);
  bool steppedDown = false;
  for (const auto& r : rig.milestones)
    if (r.label == rig.words.steppedDown && r.node == 0) steppedDown = r.v[0] == 5;
  EXPECT_TRUE(steppedDown);
}

}  // namespace
}  // namespace cs::leader_election
