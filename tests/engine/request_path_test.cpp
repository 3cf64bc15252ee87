// Following a request through hand-built trace records: the hops in causal
// order, their network time and time at the receiver, failures, drops,
// timeouts, duplicates, and a broadcast's causal chain.
#include <gtest/gtest.h>

#include <numeric>

#include "clusterscope/request_path.h"

namespace cs {
namespace {

using namespace std::chrono_literals;

constexpr NodeId kClient = 0, kFrontend = 1, kOrders = 2, kPayment = 3;

// A label as the kernel defines one: its part in an exchange, and the
// fields that correlate it and say a Reply's outcome, by name ("" for none).
Label define(Vocabulary& v, LabelKind kind, std::string name, std::vector<std::string> fields,
             Exchange exchange, const std::string& correlation = "",
             const std::string& outcome = "") {
  LabelInfo info;
  info.kind = kind;
  info.name = std::move(name);
  info.fields = std::move(fields);
  info.exchange = exchange;
  if (!correlation.empty()) info.correlation = info.fieldIndex(correlation);
  if (!outcome.empty()) {
    info.outcome = info.fieldIndex(outcome);
    info.valueNames = {"ok", "error", "rejected", "timeout"};
  }
  return v.define(std::move(info));
}

// The RPC layer's words, under names of one's choosing.
struct RpcNames {
  std::string request, reply, timedOut;
};

// Defines labels 1 to 6 in the same order under any names.
void defineWords(Vocabulary& v, const RpcNames& n, bool typed = true) {
  const Exchange request = typed ? Exchange::Request : Exchange::OneWay;
  const Exchange reply = typed ? Exchange::Reply : Exchange::OneWay;
  const Exchange gaveUp = typed ? Exchange::GaveUp : Exchange::OneWay;
  define(v, LabelKind::Message, n.request, {"call", "method", "deadline", "arg0", "arg1", "arg2"},
         request, typed ? "call" : "");
  define(v, LabelKind::Message, n.reply, {"call", "status", "value0", "value1", "value2", "value3"},
         reply, typed ? "call" : "", typed ? "status" : "");
  define(v, LabelKind::Milestone, n.timedOut, {"call", "method"}, gaveUp, typed ? "call" : "");
  define(v, LabelKind::Message, "RequestVote", {"term"}, request);
  define(v, LabelKind::Message, "RequestVoteReply", {"term", "granted"}, reply);
  define(v, LabelKind::Message, "AppendEntries", {"term"}, request);
}

class RequestPathTest : public ::testing::Test {
 protected:
  RequestPathTest() { defineWords(vocabulary_, {"Request", "Reply", "timed-out"}); }

  void message(TraceKind kind, SimTime at, MessageId msg, NodeId from, NodeId to, Label label,
               RequestId request, MessageId cause, std::array<std::int64_t, 6> v = {},
               DropReason reason = DropReason::None, std::uint8_t flags = 0) {
    TraceRecord r;
    r.seq = records_.size() + 1;
    r.at = at;
    r.msg = msg;
    r.request = request;
    r.cause = cause;
    r.v = v;
    r.node = from;
    r.peer = to;
    r.label = label;
    r.kind = kind;
    r.reason = reason;
    r.flags = flags;
    records_.push_back(r);
  }
  // A message that is sent at `sent` and delivered at `delivered`.
  void hop(SimTime sent, SimTime delivered, MessageId msg, NodeId from, NodeId to, Label label,
           RequestId request, MessageId cause, std::array<std::int64_t, 6> v = {}) {
    message(TraceKind::Sent, sent, msg, from, to, label, request, cause, v);
    message(TraceKind::Delivered, delivered, msg, from, to, label, request, cause, v);
  }
  void milestone(SimTime at, NodeId node, NodeId peer, Label label, std::array<std::int64_t, 6> v) {
    TraceRecord r;
    r.seq = records_.size() + 1;
    r.at = at;
    r.node = node;
    r.peer = peer;
    r.label = label;
    r.kind = TraceKind::Milestone;
    r.v = v;
    records_.push_back(r);
  }
  RequestPath path(const FollowKey& key) { return requestPath(records_, key, &vocabulary_); }

  Vocabulary vocabulary_;
  const Label request_ = 1, reply_ = 2, timedOut_ = 3, vote_ = 4, voteReply_ = 5, heartbeat_ = 6;
  std::vector<TraceRecord> records_;
};

SimTime t(std::int64_t us) {
  return SimTime{us};
}

TEST_F(RequestPathTest, ChainInCausalOrderWithTimesThatAddUp) {
  constexpr RequestId kR = 42, kOther = 43;
  hop(t(0), t(1000), 1, kClient, kFrontend, request_, kR, 0, {1});
  // Another request's messages in between belong to it, not to this one.
  hop(t(100), t(900), 2, kClient, kFrontend, request_, kOther, 0, {2});
  hop(t(1500), t(2500), 3, kFrontend, kOrders, request_, kR, 1, {1});
  hop(t(1600), t(2600), 4, kFrontend, kOrders, request_, kOther, 2, {2});
  hop(t(4000), t(5000), 5, kOrders, kFrontend, reply_, kR, 3, {1, 0});
  hop(t(5200), t(6000), 6, kFrontend, kClient, reply_, kR, 1, {1, 0});

  const RequestPath p = path({kR, {}});
  ASSERT_EQ(p.hops.size(), 4u);
  const std::vector<MessageId> ids{p.hops[0].msg, p.hops[1].msg, p.hops[2].msg, p.hops[3].msg};
  EXPECT_EQ(ids, (std::vector<MessageId>{1, 3, 5, 6}));
  EXPECT_EQ(p.hops[1].from, kFrontend);
  EXPECT_EQ(p.hops[1].to, kOrders);
  EXPECT_EQ(p.hops[2].kind, reply_);
  EXPECT_EQ(p.hops[2].cause, 3u);
  EXPECT_EQ(p.hops[0].network(), 1000us);
  EXPECT_EQ(p.hops[3].network(), 800us);
  // Frontend held the request 500 us before passing it on, orders 1.5 ms
  // before answering, frontend 200 us before answering the client.
  ASSERT_TRUE(p.hops[0].atReceiver && p.hops[1].atReceiver && p.hops[2].atReceiver);
  EXPECT_EQ(*p.hops[0].atReceiver, 500us);
  EXPECT_EQ(*p.hops[1].atReceiver, 1500us);
  EXPECT_EQ(*p.hops[2].atReceiver, 200us);
  EXPECT_FALSE(p.hops[3].atReceiver);  // the client sent nothing more
  EXPECT_EQ(p.nodes, (std::vector<NodeId>{kClient, kFrontend, kOrders}));
  EXPECT_TRUE(p.finished);
  ASSERT_TRUE(p.answeredAt);
  EXPECT_EQ(*p.answeredAt, t(6000));
  EXPECT_EQ(p.total(), 6000us);
  SimDuration sum{0};
  for (const Hop& h : p.hops) sum += h.network() + h.atReceiver.value_or(SimDuration{0});
  EXPECT_EQ(sum, p.total());
}

TEST_F(RequestPathTest, FailedReplyDropAndTimeoutAreShownAsSuch) {
  constexpr RequestId kR = 7;
  hop(t(0), t(1000), 1, kClient, kFrontend, request_, kR, 0, {1});
  hop(t(1000), t(2000), 2, kFrontend, kOrders, request_, kR, 1, {1});
  hop(t(2000), t(3000), 3, kOrders, kPayment, request_, kR, 2, {9});
  // Another call by orders to payment (another request) times out too.
  milestone(t(302'000), kOrders, kPayment, timedOut_, {8});
  milestone(t(302'000), kOrders, kPayment, timedOut_, {9});
  hop(t(302'000), t(303'000), 4, kOrders, kFrontend, reply_, kR, 2, {1, 1});
  message(TraceKind::Sent, t(303'100), 5, kFrontend, kClient, reply_, kR, 1, {1, 1});
  message(TraceKind::Dropped, t(304'000), 5, kFrontend, kClient, reply_, kR, 1, {1, 1},
          DropReason::Loss);

  const RequestPath p = path({kR, {}});
  ASSERT_EQ(p.hops.size(), 5u);
  ASSERT_TRUE(p.hops[2].timedOutAt);
  EXPECT_EQ(*p.hops[2].timedOutAt - p.hops[2].sentAt, 300ms);
  EXPECT_FALSE(p.hops[1].timedOutAt);
  EXPECT_EQ(p.hops[3].status, 1);  // an error reply
  EXPECT_EQ(p.hops[0].status, 0);
  EXPECT_EQ(p.hops[4].fate, HopFate::Dropped);
  EXPECT_EQ(p.hops[4].dropReason, DropReason::Loss);
  EXPECT_EQ(p.hops[4].network(), 900us);
  EXPECT_FALSE(p.answeredAt);  // the answer never reached the client
  EXPECT_TRUE(p.finished);
  EXPECT_EQ(p.end, t(304'000));
  EXPECT_EQ(p.total(), 304'000us);

  RequestFilter filter({kR, {}}, &vocabulary_);
  int timeouts = 0;
  for (const TraceRecord& r : records_)
    if (filter.add(r) && r.kind == TraceKind::Milestone) ++timeouts;
  EXPECT_EQ(timeouts, 1);  // call 8 is another request's
}

TEST_F(RequestPathTest, CallsAndTimeoutsAreKnownByTheirPartNotTheirNames) {
  constexpr RequestId kR = 7;
  hop(t(0), t(1000), 1, kClient, kOrders, request_, kR, 0, {9});
  milestone(t(300'000), kClient, kOrders, timedOut_, {9});
  hop(t(301'000), t(302'000), 2, kOrders, kClient, reply_, kR, 1, {9, 2});

  // Other names, the same parts: the same path.
  Vocabulary renamed;
  defineWords(renamed, {"Ask", "Answer", "gave-up"});
  const RequestPath p = requestPath(records_, {kR, {}}, &renamed);
  ASSERT_EQ(p.hops.size(), 2u);
  ASSERT_TRUE(p.hops[0].timedOutAt);
  EXPECT_EQ(*p.hops[0].timedOutAt, t(300'000));
  EXPECT_EQ(p.hops[1].status, 2);
  EXPECT_EQ(renamed.valueName(reply_, p.hops[1].status), "rejected");

  // The usual names without the parts: no call, no timeout, no outcome.
  Vocabulary untyped;
  defineWords(untyped, {"Request", "Reply", "timed-out"}, false);
  const RequestPath q = requestPath(records_, {kR, {}}, &untyped);
  ASSERT_EQ(q.hops.size(), 2u);
  EXPECT_FALSE(q.hops[0].timedOutAt);
  EXPECT_EQ(q.hops[1].status, 0);
}

TEST_F(RequestPathTest, InFlightHopLeavesThePathUnfinished) {
  hop(t(0), t(1000), 1, kClient, kFrontend, request_, 5, 0, {1});
  message(TraceKind::Sent, t(1200), 2, kFrontend, kOrders, request_, 5, 1, {1});
  const RequestPath p = path({5, {}});
  ASSERT_EQ(p.hops.size(), 2u);
  EXPECT_EQ(p.hops[1].fate, HopFate::InFlight);
  EXPECT_FALSE(p.finished);
  EXPECT_EQ(p.end, t(1000));
  EXPECT_EQ(*p.hops[0].atReceiver, 200us);
}

TEST_F(RequestPathTest, DuplicateCopyIsAHopOfItsOwn) {
  hop(t(0), t(1000), 1, kClient, kFrontend, request_, 5, 0, {1});
  message(TraceKind::Sent, t(0), 1, kClient, kFrontend, request_, 5, 0, {1}, DropReason::None,
          kFlagDuplicate);
  message(TraceKind::Delivered, t(3000), 1, kClient, kFrontend, request_, 5, 0, {1},
          DropReason::None, kFlagDuplicate);
  const RequestPath p = path({5, {}});
  ASSERT_EQ(p.hops.size(), 2u);
  EXPECT_FALSE(p.hops[0].duplicate);
  EXPECT_TRUE(p.hops[1].duplicate);
  EXPECT_EQ(p.hops[0].network(), 1000us);
  EXPECT_EQ(p.hops[1].network(), 3000us);
}

TEST_F(RequestPathTest, MessageWithARequestIdIsFollowedByIt) {
  hop(t(0), t(1000), 1, kClient, kFrontend, request_, 99, 0);
  EXPECT_EQ(followKeyFor(1, records_), (FollowKey{99, {}}));
  EXPECT_TRUE(followKeyFor(12345, records_).empty());  // no record of it
  EXPECT_TRUE(requestPath(records_, FollowKey{}, &vocabulary_).hops.empty());
}

TEST_F(RequestPathTest, VoteReplyFollowsItsElectionRound) {
  // Candidate 0 asks 1, 2 and 3 for their votes at once; 1 and 2 answer.
  for (MessageId m = 10; m <= 12; ++m)
    message(TraceKind::Sent, t(100), m, 0, static_cast<NodeId>(m - 9), vote_, 0, 0, {2});
  // At the same instant: a heartbeat from 0 (another kind) and a vote
  // request from 4 (another sender) are not part of the round.
  message(TraceKind::Sent, t(100), 20, 0, 1, heartbeat_, 0, 0, {2});
  message(TraceKind::Sent, t(100), 21, 4, 1, vote_, 0, 0, {2});
  for (MessageId m = 10; m <= 12; ++m)
    message(TraceKind::Delivered, t(600), m, 0, static_cast<NodeId>(m - 9), vote_, 0, 0, {2});
  hop(t(700), t(1300), 13, 1, 0, voteReply_, 0, 10, {2, 1});
  hop(t(800), t(1400), 14, 2, 0, voteReply_, 0, 11, {2, 1});
  hop(t(900), t(1500), 15, 1, 4, voteReply_, 0, 21, {2, 0});  // answers 4's request

  const FollowKey fromReply = followKeyFor(14, records_);
  EXPECT_EQ(fromReply.roots, (std::vector<MessageId>{10, 11, 12}));
  EXPECT_EQ(followKeyFor(10, records_), fromReply);

  const RequestPath p = path(fromReply);
  std::vector<MessageId> ids;
  for (const Hop& h : p.hops) ids.push_back(h.msg);
  EXPECT_EQ(ids, (std::vector<MessageId>{10, 11, 12, 13, 14}));
  EXPECT_EQ(*p.hops[0].atReceiver, 100us);  // node 1 answered 100 us after the request came
  EXPECT_FALSE(p.answeredAt);               // a causal chain has no end-user origin
  EXPECT_EQ(p.total(), 1300us);
  EXPECT_EQ(p.nodes, (std::vector<NodeId>{0, 1, 2, 3}));
}

}  // namespace
}  // namespace cs
