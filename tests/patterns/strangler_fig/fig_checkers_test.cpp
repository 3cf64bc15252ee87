// The Strangler Fig checkers fed by hand: the trace records of one client
// request through a facade in the shadow stage — the primary forward to
// legacy, the mirrored copy to the new service, both replies — and then the
// facade's answer to the client, right or wrong. Checks that the checker
// tells the primary's answer from a shadow's by the forward each reply
// answers, and the window of requests it keeps them in. Test thread only.
#include <gtest/gtest.h>

#include "fig_test_support.h"
#include "patterns/strangler_fig/canary_split_checker.h"
#include "patterns/strangler_fig/request_window.h"

namespace cs::strangler_fig {
namespace {

using namespace testing;

constexpr NodeId kPrices = kFirstService + 1;  // the pricing service
constexpr RequestId kRequest = 7;

class AnswerCheckerByHand : public ::testing::Test {
 protected:
  AnswerCheckerByHand()
      : sim_(world({{"rate", 0}})),
        rpc_(fig(*sim_).rpc().words()),
        checker_(rpc_, fig(*sim_).words(), figNodes()) {}

  // One Sent record of the request, from `from` to `to`.
  void sent(Label label, NodeId from, NodeId to, MessageId msg, MessageId cause,
            const std::array<std::int64_t, 6>& v) {
    TraceRecord r;
    r.label = label;
    r.node = from;
    r.peer = to;
    r.msg = msg;
    r.cause = cause;
    r.request = kRequest;
    r.v = v;
    checker_.onRecord(r);
  }
  void request(NodeId from, NodeId to, MessageId msg, MessageId cause, std::int64_t flags) {
    // call, method, deadline, args {key, value, flags}
    sent(rpc_.request, from, to, msg, cause, {1, kPricesRoute, 0, 3, 0, flags});
  }
  void reply(NodeId from, NodeId to, MessageId msg, MessageId cause, std::int64_t value) {
    // call, status, values {value, stamp, version, served by}
    sent(rpc_.reply, from, to, msg, cause,
         {1, static_cast<std::int64_t>(rpc::Status::Ok), value, 0, 1, 0});
  }
  // The shadow stage up to the facade's answer: legacy answers 500, then
  // the candidate 501 (the last reply to reach the facade is not the one
  // the client must get).
  void shadowed() {
    request(kClient, kFacade1, 10, 0, 0);
    request(kFacade1, kLegacy, 11, 10, 0);
    request(kFacade1, kPrices, 12, 10, kFlagMirror);
    reply(kLegacy, kFacade1, 13, 11, 500);
    reply(kPrices, kFacade1, 14, 12, 501);
  }
  std::vector<std::string> broken() { return checker_.takeViolations(); }
  // Exactly one violation so far, saying `what`.
  void expectBroken(const char* what) {
    const auto v = broken();
    ASSERT_EQ(v.size(), 1u);
    EXPECT_NE(v[0].find(what), std::string::npos) << v[0];
  }

  std::unique_ptr<Simulation> sim_;
  const rpc::Words& rpc_;
  AnswerChecker checker_;
};

TEST_F(AnswerCheckerByHand, TheClientGettingThePrimarysAnswerIsFine) {
  shadowed();
  reply(kFacade1, kClient, 15, 10, 500);
  EXPECT_TRUE(broken().empty());
}

TEST_F(AnswerCheckerByHand, TheClientGettingTheShadowsAnswerIsAViolation) {
  shadowed();
  reply(kFacade1, kClient, 15, 10, 501);
  expectBroken("a shadow's answer reached a client");
}

TEST_F(AnswerCheckerByHand, AnOkAnswerWithoutAnOkPrimaryIsAViolation) {
  request(kClient, kFacade1, 10, 0, 0);
  request(kFacade1, kLegacy, 11, 10, 0);
  reply(kFacade1, kClient, 12, 10, 500);
  expectBroken("though its primary did not answer Ok");
}

TEST_F(AnswerCheckerByHand, ForwardingOneRequestTwiceAsAPrimaryIsAViolation) {
  request(kClient, kFacade1, 10, 0, 0);
  request(kFacade1, kLegacy, 11, 10, 0);
  request(kFacade1, kPrices, 12, 10, 0);
  expectBroken("forwarded twice as a primary");
}

// A canary route at 25% and facade-1 forwarding its requests: `toNew` of
// every four to the new service.
class CanarySplitByHand : public ::testing::Test {
 protected:
  CanarySplitByHand()
      : sim_(world({{"rate", 0}})), checker_(fig(*sim_).rpc().words(), figNodes(), table_) {
    table_.set(kPricesRoute, Stage::Canary, 1, SimTime{0});
  }
  void forward(int requests, int toNew) {
    for (int i = 0; i < requests; ++i) {
      TraceRecord r;
      r.label = fig(*sim_).rpc().words().request;
      r.node = kFacade1;
      r.peer = i % 4 < toNew ? kPrices : kLegacy;
      r.msg = ++msg_;
      r.v = {1, kPricesRoute, 0, 3, 0, 0};
      checker_.onRecord(r);
    }
  }

  std::unique_ptr<Simulation> sim_;
  RouteTable table_;
  CanarySplitChecker checker_;
  MessageId msg_ = 0;
};

TEST_F(CanarySplitByHand, ASplitAtTheWeightIsFine) {
  forward(1000, 1);
  EXPECT_TRUE(checker_.takeViolations().empty());
  EXPECT_EQ(checker_.split(kPricesRoute).toNew, 250u);
}

TEST_F(CanarySplitByHand, ASplitAtTwiceTheWeightIsAViolation) {
  forward(1000, 2);
  const auto v = checker_.takeViolations();
  ASSERT_EQ(v.size(), 1u) << "once per weight";
  EXPECT_NE(v[0].find("route prices at canary 25%"), std::string::npos) << v[0];
  EXPECT_NE(v[0].find("went to the new service"), std::string::npos) << v[0];
}

TEST_F(CanarySplitByHand, EachWeightIsCountedAfresh) {
  forward(1000, 1);
  // 50% now: the same forwards, a quarter to new, are far too few.
  table_.advance(kPricesRoute, SimTime{1});
  forward(1000, 1);
  const auto v = checker_.takeViolations();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_NE(v[0].find("at canary 50%"), std::string::npos) << v[0];
  EXPECT_EQ(checker_.split(kPricesRoute).requests, 1000u);
}

TEST(FigCanarySplit, TheFacadesSplitMatchesTheWeightInARun) {
  auto sim = world({{"routes", {{"prices", "canary-25"}}}, {"analysis", false}});
  sim->runUntil(SimTime{ms(10'000)});
  const auto& s = checker<CanarySplitChecker>(*sim).split(kPricesRoute);
  EXPECT_GT(s.requests, 100u);
  EXPECT_EQ(s.weight, 25);
  EXPECT_NEAR(static_cast<double>(s.toNew) / static_cast<double>(s.requests), 0.25, 0.08);
  EXPECT_TRUE(sim->violations().empty()) << violations(*sim);
}

TEST(FigRequestWindow, FindsByIdAcrossGapsAndForgetsFromTheOldest) {
  RequestWindow<int> w;
  w.add(5, 50);
  w.add(6, 60);
  w.add(9, 90);  // 7 and 8 skipped
  EXPECT_EQ(w.size(), 3u);
  ASSERT_NE(w.find(9), nullptr);
  EXPECT_EQ(*w.find(9), 90);
  EXPECT_EQ(w.find(7), nullptr);
  EXPECT_EQ(w.find(4), nullptr);
  EXPECT_EQ(w.find(10), nullptr);
  w.erase(6);
  EXPECT_EQ(w.find(6), nullptr);
  ASSERT_NE(w.find(5), nullptr);
  w.erase(5);  // the front: the slots up to 9 go with it
  EXPECT_EQ(w.size(), 1u);
  EXPECT_EQ(*w.find(9), 90);
  w.add(10, 100);
  w.dropOldest([](int v) { return v < 95; });
  EXPECT_EQ(w.find(9), nullptr);
  ASSERT_NE(w.find(10), nullptr);
  EXPECT_EQ(w.size(), 1u);
}

TEST(FigRequestWindow, GrowsPastItsFirstSizeKeepingEveryEntry) {
  RequestWindow<std::uint64_t> w;
  for (std::uint64_t id = 1; id <= 1000; ++id) w.add(id, id * 10);
  for (std::uint64_t id = 2; id <= 1000; id += 2) w.erase(id);
  EXPECT_EQ(w.size(), 500u);
  for (std::uint64_t id = 1; id <= 1000; ++id) {
    const std::uint64_t* v = w.find(id);
    if (id % 2 == 0) {
      EXPECT_EQ(v, nullptr) << id;
    } else {
      ASSERT_NE(v, nullptr) << id;
      EXPECT_EQ(*v, id * 10);
    }
  }
  w.dropOldest([](std::uint64_t v) { return v < 5000; });
  EXPECT_EQ(w.find(499), nullptr);
  ASSERT_NE(w.find(501), nullptr);
  EXPECT_EQ(w.size(), 250u);
}

}  // namespace
}  // namespace cs::strangler_fig
