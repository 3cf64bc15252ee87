// Tests of BreakerChecker on hand-made trace records, so each rule is seen
// to fire on its own: a request while OPEN or FORCED_OPEN, too many probes
// while HALF_OPEN, and none of that after a crash of the owner (its breaker
// comes back CLOSED), for duplicates, or for other senders. Test thread only.
#include <gtest/gtest.h>

#include "patterns/circuit_breaker/breaker_checker.h"

namespace cs::circuit_breaker {
namespace {

constexpr NodeId kOwner = 3, kService = 5, kOther = 2;

class CheckerTest : public ::testing::Test {
 protected:
  void milestone(Label l, NodeId node = kOwner, std::int64_t v0 = 0) {
    TraceRecord r;
    r.kind = TraceKind::Milestone;
    r.label = l;
    r.node = node;
    r.peer = kService;
    r.v[0] = v0;
    checker.onRecord(r);
  }
  void request(std::int64_t call, NodeId from = kOwner, std::uint8_t flags = 0) {
    TraceRecord r;
    r.kind = TraceKind::Sent;
    r.label = rpcWords.request;
    r.node = from;
    r.peer = kService;
    r.v[0] = call;
    r.flags = flags;
    checker.onRecord(r);
  }
  void reply(std::int64_t call) {
    TraceRecord r;
    r.kind = TraceKind::Delivered;
    r.label = rpcWords.reply;
    r.node = kService;
    r.peer = kOwner;
    r.v[0] = call;
    checker.onRecord(r);
  }
  std::size_t violations() { return checker.takeViolations().size(); }

  static BreakerWords breakerWords() {
    BreakerWords w;
    w.opened = 10;
    w.halfOpen = 11;
    w.closed = 12;
    w.reset = 13;
    w.forcedOpen = 14;
    w.disabled = 15;
    return w;
  }
  static rpc::Words requestWords() {
    rpc::Words w;
    w.request = 1;
    w.reply = 2;
    w.timedOut = 5;
    return w;
  }

  BreakerWords words = breakerWords();
  rpc::Words rpcWords = requestWords();
  BreakerChecker checker{words, rpcWords, kOwner, kService, 2, true};
};

TEST_F(CheckerTest, ARequestWhileOpenOrForcedOpenIsAViolation) {
  request(1);
  EXPECT_EQ(violations(), 0u);
  milestone(words.opened);
  request(2);
  EXPECT_EQ(violations(), 1u);
  request(3, kOther);                  // another caller has no breaker here
  request(4, kOwner, kFlagDuplicate);  // the network's copy of an earlier send
  EXPECT_EQ(violations(), 0u);
  milestone(words.reset);
  request(5);
  EXPECT_EQ(violations(), 0u);
  milestone(words.forcedOpen);
  request(6);
  EXPECT_EQ(violations(), 1u);
  // A crash of the owner forgets the breaker: it restarts CLOSED.
  TraceRecord crash;
  crash.kind = TraceKind::Crashed;
  crash.node = kOwner;
  checker.onRecord(crash);
  EXPECT_EQ(checker.state(), State::CLOSED);
  request(7);
  EXPECT_EQ(violations(), 0u);
}

TEST_F(CheckerTest, HalfOpenAllowsOnlyThePermittedProbesOutstanding) {
  milestone(words.opened);
  milestone(words.halfOpen);
  request(1);
  request(2);
  EXPECT_EQ(violations(), 0u);
  request(3);
  EXPECT_EQ(violations(), 1u);
  milestone(words.opened);
  milestone(words.halfOpen);
  request(4);
  reply(4);  // answered
  request(5);
  milestone(rpcWords.timedOut, kOwner, 5);  // given up on
  request(6);
  request(7);
  EXPECT_EQ(violations(), 0u);
  request(8);
  EXPECT_EQ(violations(), 1u);
  milestone(words.closed);
  request(9);
  request(10);
  request(11);
  EXPECT_EQ(violations(), 0u);
}

}  // namespace
}  // namespace cs::circuit_breaker
