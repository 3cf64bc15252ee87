// The Raft checkers catch what they promise to catch. A scripted "leader"
// node (a puppet that sends whatever it is told) makes real servers commit
// conflicting entries, which no correct leader would do.
#include "patterns/leader_election/raft_checkers.h"

#include <gtest/gtest.h>

#include "leader_election/raft_test_support.h"
#include "patterns/leader_election/raft_node.h"

namespace cs::leader_election {
namespace {

using testing::ms;

class Puppet : public Node {
 public:
  void onMessage(const Message&) override {}
  void onTimer(TimerHandle, std::uint64_t) override {}
  void onCrash() override {}
  using Node::send;
};

// Three real servers (0..2) that never time out on their own, and a puppet (3).
struct Rig {
  Rig() : kernel(1) {
    Options o;
    o.electionTimeoutMin = ms(60'000);
    o.electionTimeoutMax = ms(61'000);
    o.latency = ms(1);
    o.jitter = SimDuration{0};
    words = defineWords(kernel);
    for (int i = 0; i < 3; ++i) {
      auto n = std::make_unique<RaftNode>(o, words, 3);
      servers.push_back(n.get());
      kernel.addNode(std::move(n));
    }
    auto p = std::make_unique<Puppet>();
    puppet = p.get();
    kernel.addNode(std::move(p));
    kernel.network().setDefaultLink(o.link());
    safety = std::make_unique<ElectionSafetyChecker>(words.leaderElected);
    entries = std::make_unique<CommittedEntriesChecker>(words.leaderElected, 3);
    kernel.trace().addListener(safety.get());
    kernel.trace().addListener(entries.get());
    kernel.runUntil(kernel.now());  // starts the servers
  }
  ~Rig() {
    kernel.trace().removeListener(safety.get());
    kernel.trace().removeListener(entries.get());
  }

  // The puppet, posing as leader of `term`, tells `to` to hold `entries`
  // after prevLogIndex and to commit up to leaderCommit.
  void append(NodeId to, std::int64_t term, std::int64_t prevLogIndex, std::int64_t prevLogTerm,
              std::vector<LogEntry> list, std::int64_t leaderCommit) {
    Message m;
    m.to = to;
    m.kind = words.appendEntries;
    m.fields = AppendEntries{term, prevLogIndex, prevLogTerm, leaderCommit,
                             static_cast<std::int64_t>(list.size())}
                   .fields();
    if (!list.empty()) m.payload = std::make_shared<const EntriesPayload>(std::move(list));
    puppet->send(std::move(m));
    run(ms(5));
  }

  void run(SimDuration d) {
    const SimTime end = kernel.now() + d;
    while (kernel.nextEventTime() && *kernel.nextEventTime() <= end) {
      kernel.step();
      for (Checker* c :
           {static_cast<Checker*>(safety.get()), static_cast<Checker*>(entries.get())}) {
        c->afterEvent(kernel);
        for (auto& v : c->takeViolations()) violations.push_back(v);
      }
    }
    kernel.runUntil(end);
  }

  Kernel kernel;
  Words words;
  std::vector<RaftNode*> servers;
  Puppet* puppet = nullptr;
  std::unique_ptr<ElectionSafetyChecker> safety;
  std::unique_ptr<CommittedEntriesChecker> entries;
  std::vector<std::string> violations;
};

LogEntry entry(std::int64_t term, const char* key, const char* value) {
  return LogEntry{term, key, value, kNoNode, 0};
}

TEST(RaftCheckers, ElectionSafetyFlagsTwoLeadersInOneTerm) {
  ElectionSafetyChecker checker(7);
  TraceRecord r;
  r.kind = TraceKind::Milestone;
  r.label = 7;
  r.v[0] = 3;
  r.node = 1;
  checker.onRecord(r);
  r.node = 1;
  checker.onRecord(r);  // the same leader again is fine
  r.v[0] = 4;
  r.node = 2;
  checker.onRecord(r);  // another term is fine
  EXPECT_TRUE(checker.takeViolations().empty());
  r.v[0] = 3;
  r.node = 0;
  checker.onRecord(r);
  const auto v = checker.takeViolations();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "node 0 and node 1 were both elected leader in term 3");
}

TEST(RaftCheckers, AgreementOnCommittedEntriesIsQuiet) {
  Rig rig;
  rig.append(0, 1, 0, 0, {entry(1, "x", "1")}, 1);
  rig.append(1, 1, 0, 0, {entry(1, "x", "1")}, 1);
  EXPECT_EQ(rig.servers[0]->commitIndex(), 1);
  EXPECT_TRUE(rig.violations.empty());
}

TEST(RaftCheckers, FlagsDifferentEntriesCommittedAtOneIndex) {
  Rig rig;
  rig.append(0, 1, 0, 0, {entry(1, "x", "1")}, 1);
  rig.append(1, 1, 0, 0, {entry(1, "x", "2")}, 1);
  ASSERT_EQ(rig.violations.size(), 1u);
  EXPECT_EQ(rig.violations[0],
            "node 1 committed index 1 (term 1, x=2) but node 0 committed index 1 (term 1, x=1)");
}

TEST(RaftCheckers, FlagsACommittedEntryThatChanges) {
  Rig rig;
  rig.append(0, 1, 0, 0, {entry(1, "x", "1")}, 1);
  ASSERT_TRUE(rig.violations.empty());
  rig.append(0, 2, 0, 0, {entry(2, "x", "9")}, 1);  // a later "leader" overwrites it
  ASSERT_EQ(rig.violations.size(), 1u);
  EXPECT_EQ(rig.violations[0],
            "node 0 changed its committed entry at index 1 (term 1, x=1) to index 1 (term 2, x=9)");
}

TEST(RaftCheckers, FlagsALeaderMissingACommittedEntry) {
  Rig rig;
  rig.append(0, 1, 0, 0, {entry(1, "x", "1")}, 1);
  // Node 2 never got the entry; node 1 (with an empty log) elects it.
  rig.append(2, 5, 0, 0, {}, 0);
  rig.servers[2]->forceTimeout();
  rig.run(ms(10));
  ASSERT_EQ(rig.servers[2]->role(), Role::Leader);
  ASSERT_EQ(rig.violations.size(), 1u);
  EXPECT_EQ(rig.violations[0],
            "node 2 was elected leader in term 6 without the committed entry at index 1 (term 1, "
            "x=1)");
}

}  // namespace
}  // namespace cs::leader_election
