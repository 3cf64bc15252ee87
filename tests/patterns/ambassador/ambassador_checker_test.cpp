// Tests of AmbassadorChecker on hand-made trace records, so each rule is seen
// to fire on its own: a rogue request reaching a replica, a request answered
// twice (also long after the first answer, not when the network delivered
// it twice, and not confused with another request of like id), extra tries beyond the retry budget;
// and a crash of the ambassador starting the counts afresh. Test thread only.
#include <gtest/gtest.h>

#include "patterns/ambassador/ambassador_checker.h"

namespace cs::ambassador {
namespace {

constexpr NodeId kApp = 1, kAmb = 2, kB1 = 3, kB1Amb = 4, kB2 = 5, kRogue = 7;

class AmbassadorCheckerTest : public ::testing::Test {
 protected:
  static rpc::Words requestWords() {
    rpc::Words w;
    w.request = 1;
    w.reply = 2;
    return w;
  }
  static CheckedNodes nodes() {
    CheckedNodes n;
    n.ambassador = kAmb;
    n.rogue = kRogue;
    n.replicas[0] = kB1;
    n.replicas[1] = kB2;
    return n;
  }
  static RetryBudget::Config budget() {
    RetryBudget::Config c;
    c.percent = 20;
    c.minPerSecond = 0;
    c.window = SimDuration{10'000'000};
    c.buckets = 10;
    return c;
  }

  // The app's request `msg` delivered to the ambassador at `ms`.
  void arrive(MessageId msg, std::int64_t ms) {
    TraceRecord r;
    r.kind = TraceKind::Delivered;
    r.label = words.request;
    r.msg = msg;
    r.node = kApp;
    r.peer = kAmb;
    r.at = SimTime{ms * 1000};
    checker.onRecord(r);
  }
  // The ambassador sends a try (Request) or its answer (Reply) for `msg`.
  void send(Label label, MessageId msg, std::int64_t ms, std::uint8_t flags = 0) {
    TraceRecord r;
    r.kind = TraceKind::Sent;
    r.label = label;
    r.cause = msg;
    r.node = kAmb;
    r.peer = label == words.request ? kB1Amb : kApp;
    r.at = SimTime{ms * 1000};
    r.flags = flags;
    checker.onRecord(r);
  }
  std::size_t violations() { return checker.takeViolations().size(); }

  rpc::Words words = requestWords();
  AmbassadorChecker checker{words, nodes(), budget()};
};

TEST_F(AmbassadorCheckerTest, ARequestAnsweredOnceIsFine) {
  for (MessageId m = 10; m < 20; ++m) {
    arrive(m, static_cast<std::int64_t>(m));
    send(words.request, m, static_cast<std::int64_t>(m));
    send(words.reply, m, static_cast<std::int64_t>(m) + 5);
  }
  EXPECT_EQ(violations(), 0u);
}

TEST_F(AmbassadorCheckerTest, ASecondAnswerIsCaughtEvenSecondsLater) {
  arrive(10, 0);
  send(words.request, 10, 0);
  send(words.reply, 10, 5);
  EXPECT_EQ(violations(), 0u);
  send(words.reply, 10, 6);
  EXPECT_EQ(violations(), 1u) << "a hedge's loser answered too";
  arrive(11, 100);
  send(words.reply, 11, 101);
  for (MessageId m = 12; m < 100; ++m) arrive(m, 100 + static_cast<std::int64_t>(m));
  send(words.reply, 11, 5'000);
  EXPECT_EQ(violations(), 1u) << "five seconds later, with newer requests in between";
}

TEST_F(AmbassadorCheckerTest, RequestsWhoseIdsShareLowBitsAreToldApart) {
  // Ids 2^16 apart, delivered in and out of order, answered newest first:
  // each answer counts against its own request only.
  constexpr MessageId kApart = MessageId{1} << 16;
  for (MessageId i : {1, 2, 4, 3, 0}) arrive(7 + i * kApart, static_cast<std::int64_t>(i));
  for (MessageId i = 5; i-- > 0;) send(words.reply, 7 + i * kApart, 10);
  EXPECT_EQ(violations(), 0u);
  send(words.reply, 7 + 2 * kApart, 11);
  EXPECT_EQ(violations(), 1u);
  send(words.reply, 7 + 5 * kApart, 12);
  EXPECT_EQ(violations(), 0u) << "a request never delivered is nobody's answer";
}

TEST_F(AmbassadorCheckerTest, ARequestTheNetworkDeliveredTwiceMayBeAnsweredTwice) {
  arrive(10, 0);
  arrive(10, 1);
  send(words.reply, 10, 5);
  send(words.reply, 10, 6);
  EXPECT_EQ(violations(), 0u);
  send(words.reply, 10, 7);
  EXPECT_EQ(violations(), 1u);
}

TEST_F(AmbassadorCheckerTest, ARogueRequestReachingAReplicaIsCaught) {
  TraceRecord r;
  r.kind = TraceKind::Delivered;
  r.label = words.request;
  r.node = kB1Amb;
  r.peer = kB1;
  r.request = (RequestId{kRogue} << 40) | 3;
  checker.onRecord(r);
  EXPECT_EQ(violations(), 1u);
  r.request = (RequestId{0} << 40) | 3;  // the client's, through app
  checker.onRecord(r);
  EXPECT_EQ(violations(), 0u);
}

TEST_F(AmbassadorCheckerTest, ExtraTriesBeyondTheBudgetAreCaught) {
  // 20% of 10 requests in the window: 2 extra tries.
  for (MessageId m = 1; m <= 10; ++m) {
    arrive(m, 0);
    send(words.request, m, 0);
  }
  send(words.request, 1, 10);
  send(words.request, 2, 10);
  send(words.request, 2, 10, kFlagDuplicate);  // a copy the network made is no try
  EXPECT_EQ(violations(), 0u);
  send(words.request, 3, 10);
  EXPECT_EQ(violations(), 1u);
}

TEST_F(AmbassadorCheckerTest, ACrashOfTheAmbassadorStartsAfresh) {
  arrive(10, 0);
  send(words.reply, 10, 5);
  TraceRecord crash;
  crash.kind = TraceKind::Crashed;
  crash.node = kAmb;
  checker.onRecord(crash);
  send(words.reply, 10, 6);
  EXPECT_EQ(violations(), 0u) << "forgotten with the crash";
}

}  // namespace
}  // namespace cs::ambassador
