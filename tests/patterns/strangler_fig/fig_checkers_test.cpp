// The Strangler Fig checkers fed by hand: the trace records of one client
// request through a facade in the shadow stage — the primary forward to
// legacy, the mirrored copy to the new service, both replies — and then the
// facade's answer to the client, right or wrong. Checks that the checker
// tells the primary's answer from a shadow's by the forward each reply
// answers, and the window of requests it keeps them in. Test thread only.
#include <gtest/gtest.h>

#include "fig_test_support.h"
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

}  // namespace
}  // namespace cs::strangler_fig
