// The Leader Election pattern's surface: vocabulary, verbs and their
// validation, role words, snapshots, gauges and determinism.
#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "leader_election/raft_test_support.h"

namespace cs::leader_election {
namespace {

using namespace testing;

std::string rejection(Simulation& sim, const std::string& verbName, std::vector<std::string> args) {
  Command c;
  c.kind = CommandKind::Pattern;
  c.verb = verbName;
  c.args = std::move(args);
  try {
    sim.apply(std::move(c));
  } catch (const InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

const std::string* field(const NodeSnapshot& snap, const std::string& name) {
  for (const auto& [k, v] : snap.fields)
    if (k == name) return &v;
  return nullptr;
}

TEST(LeaderElectionPattern, RegistersTheVocabularyByName) {
  auto sim = makeSim();
  const Vocabulary& v = sim->kernel().vocabulary();
  for (const char* m : {"RequestVote", "RequestVoteReply", "AppendEntries", "AppendEntriesReply",
                        "ClientWrite", "ClientReply"})
    EXPECT_TRUE(v.find(LabelKind::Message, m)) << m;
  for (const char* m :
       {"election-started", "vote-granted", "leader-elected", "split-vote", "stepped-down",
        "follows-leader", "write-accepted", "entry-committed", "write-completed"})
    EXPECT_TRUE(v.find(LabelKind::Milestone, m)) << m;
  for (const char* s : {"role", "currentTerm", "votedFor", "commitIndex"})
    EXPECT_TRUE(v.find(LabelKind::State, s)) << s;
  EXPECT_EQ(v.valueName(*v.find(LabelKind::State, "role"), 2), "leader");
  EXPECT_EQ(
      v.info(*v.find(LabelKind::Message, "AppendEntries")).fields,
      (std::vector<std::string>{"term", "prevLogIndex", "prevLogTerm", "leaderCommit", "entries"}));
}

TEST(LeaderElectionPattern, MilestonesReadAsSentences) {
  auto sim = makeSim();
  std::vector<std::string> lines;
  struct Collect : TraceListener {
    Simulation* sim;
    std::vector<std::string>* out;
    void onRecord(const TraceRecord& r) override {
      if (r.kind == TraceKind::Milestone) out->push_back(sim->describe(r));
    }
  } collect;
  collect.sim = sim.get();
  collect.out = &lines;
  sim->kernel().trace().addListener(&collect);
  const auto leader = awaitLeader(*sim);
  sim->kernel().trace().removeListener(&collect);
  ASSERT_TRUE(leader);
  const std::string won = "node " + std::to_string(*leader) + " won the election for term ";
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(),
                          [&](const std::string& l) { return l.rfind(won, 0) == 0; }));
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const std::string& l) {
    return l.find("timed out and started an election for term") != std::string::npos;
  }));
}

TEST(LeaderElectionPattern, ListsItsVerbs) {
  auto sim = makeSim();
  EXPECT_EQ(sim->pattern().verbs(),
            (std::vector<std::pair<std::string, std::string>>{{"client-write", "KEY VALUE [NODE]"},
                                                              {"timeout", "NODE"},
                                                              {"election-restriction", "SWITCH"}}));
}

TEST(LeaderElectionPattern, ValidateNamesTheVerbAndWhatItExpects) {
  auto sim = makeSim();
  EXPECT_EQ(rejection(*sim, "client-write", {"x"}),
            "client-write: expected KEY VALUE [NODE], got 1 argument");
  EXPECT_EQ(rejection(*sim, "client-write", {"x", "1", "2", "3"}),
            "client-write: expected KEY VALUE [NODE], got 4 arguments");
  EXPECT_EQ(rejection(*sim, "client-write", {"x", "1", "5"}),
            "client-write NODE: expected a server from 0 to 4, got \"5\"");
  EXPECT_EQ(rejection(*sim, "client-write", {"a=b", "1"}),
            "client-write KEY: expected a non-empty key without '=', got \"a=b\"");
  EXPECT_EQ(rejection(*sim, "timeout", {}), "timeout: expected NODE, got 0 arguments");
  EXPECT_EQ(rejection(*sim, "timeout", {"two"}),
            "timeout NODE: expected a server from 0 to 4, got \"two\"");
  EXPECT_EQ(rejection(*sim, "elect", {"1"}),
            "verb: expected one of client-write, timeout, election-restriction, got \"elect\"");
  EXPECT_TRUE(sim->commandLog().empty());  // rejected commands are not logged
  EXPECT_EQ(rejection(*sim, "client-write", {"x", "1", "4"}), "(accepted)");
  EXPECT_EQ(rejection(*sim, "timeout", {"0"}), "(accepted)");
}

TEST(LeaderElectionPattern, ResolvesRoleWords) {
  auto sim = makeSim();
  sim->runUntil(ms(1));
  EXPECT_EQ(sim->resolve("leader"), std::nullopt);
  EXPECT_EQ(sim->resolve("candidate"), std::nullopt);
  EXPECT_EQ(sim->resolve("follower"), NodeId{0});
  EXPECT_EQ(sim->resolve("client"), NodeId{5});
  EXPECT_EQ(sim->resolve("nobody"), std::nullopt);
  verb(*sim, "timeout", {"2"});
  sim->runUntil(ms(2));
  EXPECT_EQ(sim->resolve("candidate"), NodeId{2});
  const auto leader = awaitLeader(*sim);
  ASSERT_TRUE(leader);
  EXPECT_EQ(*leader, 2u);
  command(*sim, CommandKind::Crash, 0);
  EXPECT_EQ(sim->resolve("follower"), NodeId{1});  // a crashed node has no role
  command(*sim, CommandKind::Crash, 2);
  EXPECT_EQ(sim->resolve("leader"), std::nullopt);
}

TEST(LeaderElectionPattern, SnapshotsDescribeServersAndClient) {
  auto sim = makeSim();
  const auto leader = awaitLeader(*sim);
  ASSERT_TRUE(leader);
  clientWrite(*sim, "x", "1");
  ASSERT_TRUE(awaitWrites(*sim));
  sim->runUntil(sim->now() + ms(10));

  const NodeSnapshot l = sim->snapshot(*leader);
  EXPECT_EQ(l.name, "node " + std::to_string(*leader));
  EXPECT_TRUE(l.member);
  EXPECT_EQ(l.role, "leader");
  const auto view = sim->view();
  const RaftView& raft = viewOf<RaftView>(*view);
  const ServerView& lv = raft.servers[*leader];
  EXPECT_EQ(lv.role, Role::Leader);
  EXPECT_EQ(lv.leader, *leader);
  EXPECT_EQ(lv.votedFor, *leader);
  EXPECT_EQ(raft.leader(), &lv);
  EXPECT_LE(lv.timerStart, sim->now());
  EXPECT_GT(lv.timerDeadline, sim->now());
  ASSERT_EQ(lv.log.size(), 2u);
  EXPECT_EQ(lv.log[0].text, "no-op");
  EXPECT_EQ(lv.log[1].index, 2);
  EXPECT_EQ(lv.log[1].term, lv.currentTerm);
  EXPECT_EQ(lv.log[1].text, "x=1");
  EXPECT_EQ(lv.commitIndex, 2);
  std::vector<std::string> names;
  for (const auto& f : l.fields) names.push_back(f.first);
  EXPECT_EQ(names, (std::vector<std::string>{"currentTerm", "votedFor", "commitIndex",
                                             "lastApplied", "leader", "votes received", "nextIndex",
                                             "matchIndex", "committed config"}));
  EXPECT_EQ(*field(l, "committed config"), "x=1");

  const NodeSnapshot f = sim->snapshot((*leader + 1) % 5);
  EXPECT_EQ(f.role, "follower");
  const ServerView& fv = raft.servers[(*leader + 1) % 5];
  EXPECT_EQ(fv.role, Role::Follower);
  EXPECT_GT(fv.timerDeadline, sim->now());
  EXPECT_EQ(fv.leader, *leader);
  EXPECT_EQ(field(f, "nextIndex"), nullptr);

  clientWrite(*sim, "y", "2");
  const NodeSnapshot c = sim->snapshot(5);
  EXPECT_EQ(c.name, "client");
  EXPECT_FALSE(c.member);
  EXPECT_EQ(c.role, "client");
  EXPECT_EQ(raft.server(5), nullptr);
  EXPECT_EQ(viewOf<RaftView>(*sim->view()).client.pendingWrites, 1u);
  EXPECT_EQ(*field(c, "pending writes"), "y=2");
  EXPECT_EQ(*field(c, "completed"), "1");
  ASSERT_NE(field(c, "target"), nullptr);

  command(*sim, CommandKind::Crash, *leader);
  const NodeSnapshot crashed = sim->snapshot(*leader);
  EXPECT_EQ(crashed.status, NodeStatus::Crashed);
  EXPECT_TRUE(viewOf<RaftView>(*sim->view()).servers[*leader].crashed);
}

TEST(LeaderElectionPattern, GaugesFollowTermAndLeader) {
  auto sim = makeSim();
  const auto term = sim->kernel().metrics().find("raft.term");
  const auto leaderGauge = sim->kernel().metrics().find("raft.leader");
  ASSERT_TRUE(term && leaderGauge);
  sim->runUntil(ms(50));
  EXPECT_EQ(sim->kernel().metrics().value(*leaderGauge), -1);
  const auto leader = awaitLeader(*sim);
  ASSERT_TRUE(leader);
  sim->runUntil(sim->now() + ms(200));
  EXPECT_EQ(sim->kernel().metrics().value(*leaderGauge), static_cast<std::int64_t>(*leader));
  EXPECT_EQ(sim->kernel().metrics().value(*term), server(*sim, *leader).currentTerm());
}

std::uint64_t runHash(std::uint64_t seed) {
  auto sim = makeSim({{"loss", 0.05}}, seed);
  sim->runUntil(ms(500));
  clientWrite(*sim, "x", "1");
  sim->runUntil(ms(700));
  command(*sim, CommandKind::Crash, 1);
  clientWrite(*sim, "y", "2");
  sim->runUntil(ms(3000));
  return sim->kernel().trace().hash();
}

TEST(LeaderElectionPattern, SameSeedAndCommandsGiveTheSameRun) {
  EXPECT_EQ(runHash(42), runHash(42));
  EXPECT_NE(runHash(42), runHash(43));
}

// A command applied at a metric sample's instant, right after an event at
// that instant, must replay on the same side of the sample: replay is exact
// for the metrics as well as for the trace.
TEST(LeaderElectionPattern, ReplayReproducesACommandAtASampleInstant) {
  const nlohmann::json options = {{"jitter", 0}, {"latency", 10}};
  auto original = makeSim(options, 7);
  original->runUntil(ms(590));
  clientWrite(*original, "x", "1", 0);  // sent at 590 ms, arrives at exactly 600 ms
  while (original->now() < ms(600)) ASSERT_TRUE(original->step());
  original->runUntil(ms(600));  // the sample at 600 ms is taken here
  const auto leader = original->resolve("leader");
  ASSERT_TRUE(leader);
  command(*original, CommandKind::Crash, *leader);  // changes the raft.leader gauge
  original->runUntil(ms(1000));

  auto replayed = makeSim(options, 7);
  for (const Command& c : original->commandLog()) replayed->replay(c);
  replayed->runUntil(ms(1000));

  EXPECT_EQ(replayed->kernel().trace().hash(), original->kernel().trace().hash());
  const auto& a = original->kernel().metrics().samples();
  const auto& b = replayed->kernel().metrics().samples();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(a[i].values, b[i].values) << "sample at " << toSeconds(a[i].at) << " s";
}

}  // namespace
}  // namespace cs::leader_election
