// The Raft checkers catch what they promise to catch. A scripted "leader"
// node (a puppet that sends whatever it is told) makes real servers commit
// conflicting entries, which no correct leader would do.
#include "patterns/leader_election/raft_checkers.h"

#include <gtest/gtest.h>

#include "leader_election/raft_test_support.h"

namespace cs::leader_election {
namespace {

using testing::entry;
using testing::ms;
using testing::PuppetRig;

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
  PuppetRig rig;
  rig.append(0, 1, 0, 0, {entry(1, "x", "1")}, 1);
  rig.append(1, 1, 0, 0, {entry(1, "x", "1")}, 1);
  EXPECT_EQ(rig.servers[0]->commitIndex(), 1);
  EXPECT_TRUE(rig.violations.empty());
}

TEST(RaftCheckers, FlagsDifferentEntriesCommittedAtOneIndex) {
  PuppetRig rig;
  rig.append(0, 1, 0, 0, {entry(1, "x", "1")}, 1);
  rig.append(1, 1, 0, 0, {entry(1, "x", "2")}, 1);
  ASSERT_EQ(rig.violations.size(), 1u);
  EXPECT_EQ(rig.violations[0],
            "node 1 committed index 1 (term 1, x=2) but node 0 committed index 1 (term 1, x=1)");
}

TEST(RaftCheckers, FlagsACommittedEntryThatChanges) {
  PuppetRig rig;
  rig.append(0, 1, 0, 0, {entry(1, "x", "1")}, 1);
  ASSERT_TRUE(rig.violations.empty());
  rig.append(0, 2, 0, 0, {entry(2, "x", "9")}, 1);  // a later "leader" overwrites it
  ASSERT_EQ(rig.violations.size(), 1u);
  EXPECT_EQ(rig.violations[0],
            "node 0 changed its committed entry at index 1 (term 1, x=1) to index 1 (term 2, x=9)");
}

TEST(RaftCheckers, FlagsALeaderMissingACommittedEntry) {
  PuppetRig rig;
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
