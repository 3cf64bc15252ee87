// Following requests through real runs: a checkout in the shop hop by hop
// (client -> frontend -> orders -> payment and back), with times that add
// up and match the trace's own records; a checkout whose payment call timed
// out; and a Raft vote request's round with its replies.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "clusterscope/request_path.h"
#include "clusterscope/scenario.h"
#include "clusterscope/simulation.h"

namespace cs {
namespace {

using namespace std::chrono_literals;

std::vector<TraceRecord> allRecords(const Simulation& sim) {
  std::vector<TraceRecord> out;
  EXPECT_EQ(sim.kernel().trace().firstRetained(), 1u) << "the ring forgot the run's start";
  sim.kernel().trace().copySince(0, out);
  return out;
}

// Every end-user request, in the order each began.
std::vector<RequestId> requests(const std::vector<TraceRecord>& records) {
  std::vector<RequestId> ids;
  std::set<RequestId> seen;
  for (const TraceRecord& r : records)
    if (r.kind == TraceKind::Sent && r.request != 0 && seen.insert(r.request).second)
      ids.push_back(r.request);
  return ids;
}

std::vector<std::string> names(const RequestPath& p, const Vocabulary& v) {
  std::vector<std::string> out;
  if (p.hops.empty()) return out;
  out.push_back(v.nodeName(p.hops.front().from));
  for (const Hop& h : p.hops) out.push_back(v.nodeName(h.to));
  return out;
}

TEST(FollowRequest, CheckoutHopsChainThroughTheShopAndAddUp) {
  ScenarioRunner runner(loadScenario("breaker-trips"));
  runner.beginStep(0);  // a healthy shop
  ASSERT_TRUE(runner.runStep());
  const Simulation& sim = runner.simulation();
  const Vocabulary& v = sim.kernel().vocabulary();
  const std::vector<TraceRecord> records = allRecords(sim);

  int checkouts = 0;
  for (RequestId id : requests(records)) {
    const RequestPath p = requestPath(records, {id, {}}, &v);
    const auto chain = names(p, v);
    // A checkout, answered before the step ended.
    if (chain.size() != 7 || chain[3] != "payment" || !p.finished) continue;
    ++checkouts;
    const std::string client = chain[0];
    EXPECT_NE(client.find("client"), std::string::npos) << client;
    EXPECT_EQ(chain, (std::vector<std::string>{client, "frontend", "orders", "payment", "orders",
                                               "frontend", client}));
    ASSERT_TRUE(p.finished);
    ASSERT_TRUE(p.answeredAt);
    // Each hop's times are its own Sent and Delivered records'.
    for (const Hop& h : p.hops) {
      ASSERT_EQ(h.fate, HopFate::Delivered);
      EXPECT_EQ(h.status, 0) << "a healthy shop answers ok";
      for (const TraceRecord& r : records) {
        if (r.msg != h.msg || (r.flags & kFlagDuplicate)) continue;
        if (r.kind == TraceKind::Sent) {
          EXPECT_EQ(r.at, h.sentAt);
        } else if (r.kind == TraceKind::Delivered) {
          EXPECT_EQ(r.at, h.endedAt);
        }
      }
    }
    EXPECT_EQ(v.info(p.hops[0].kind).name, "Request");
    EXPECT_EQ(v.info(p.hops[5].kind).name, "Reply");
    // On the wire, then at the receiver until it passes the request on or
    // answers: together, end to end.
    SimDuration sum{0};
    for (std::size_t i = 0; i < p.hops.size(); ++i) {
      sum += p.hops[i].network();
      if (i + 1 < p.hops.size()) {
        ASSERT_TRUE(p.hops[i].atReceiver) << "hop " << i;
        EXPECT_EQ(p.hops[i].sentAt + p.hops[i].network() + *p.hops[i].atReceiver,
                  p.hops[i + 1].sentAt);
        sum += *p.hops[i].atReceiver;
      }
    }
    EXPECT_FALSE(p.hops.back().atReceiver);
    EXPECT_EQ(sum, p.total());
    EXPECT_EQ(p.total(), *p.answeredAt - p.begin);
    EXPECT_GT(p.hops[2].atReceiver.value_or(0us), 0us) << "payment takes time to charge";
  }
  EXPECT_GT(checkouts, 50) << "3 s of 50 checkouts a second";
}

TEST(FollowRequest, PaymentTimeoutIsOnItsHop) {
  ScenarioRunner runner(loadScenario("breaker-trips"));
  runner.beginStep(0);
  ASSERT_TRUE(runner.runStep());
  runner.beginStep(1);  // payment turns slow; the breaker opens
  ASSERT_TRUE(runner.runStep());
  const Simulation& sim = runner.simulation();
  const Vocabulary& v = sim.kernel().vocabulary();
  const std::vector<TraceRecord> records = allRecords(sim);

  int timedOut = 0;
  for (RequestId id : requests(records)) {
    const RequestPath p = requestPath(records, {id, {}}, &v);
    for (const Hop& h : p.hops) {
      if (!h.timedOutAt) continue;
      ++timedOut;
      EXPECT_EQ(v.nodeName(h.from), "orders");
      EXPECT_EQ(v.nodeName(h.to), "payment");
      EXPECT_EQ(*h.timedOutAt - h.sentAt, 300ms) << "orders' payment timeout";
    }
  }
  EXPECT_GT(timedOut, 0);
}

TEST(FollowRequest, VoteRequestRoundLightsUpWithItsReplies) {
  ScenarioRunner runner(loadScenario("basic-election"));
  for (std::size_t step : {0, 1}) {  // an election starts; a leader is elected
    runner.beginStep(step);
    ASSERT_TRUE(runner.runStep());
  }
  const Simulation& sim = runner.simulation();
  const Vocabulary& v = sim.kernel().vocabulary();
  const std::vector<TraceRecord> records = allRecords(sim);
  const Label requestVote = *v.find(LabelKind::Message, "RequestVote");
  const Label voteReply = *v.find(LabelKind::Message, "RequestVoteReply");

  const TraceRecord* firstReply = nullptr;
  for (const TraceRecord& r : records)
    if (r.kind == TraceKind::Sent && r.label == voteReply) {
      firstReply = &r;
      break;
    }
  ASSERT_NE(firstReply, nullptr);
  const FollowKey key = followKeyFor(firstReply->msg, records);
  ASSERT_EQ(key.request, 0u);
  EXPECT_EQ(key.roots.size(), 4u) << "a candidate asks each of the other four servers";
  EXPECT_EQ(followKeyFor(key.roots.front(), records), key);

  const RequestPath p = requestPath(records, key, &v);
  std::set<MessageId> members;
  int votes = 0, replies = 0;
  for (const Hop& h : p.hops) {
    members.insert(h.msg);
    if (h.kind == requestVote) ++votes;
    if (h.kind == voteReply) {
      ++replies;
      EXPECT_TRUE(members.count(h.cause)) << "a reply answers a request of the round";
    }
  }
  EXPECT_EQ(votes, 4);
  EXPECT_GE(replies, 1);
  EXPECT_LE(replies, 4);
  EXPECT_EQ(p.nodes.size(), 5u);
}

}  // namespace
}  // namespace cs
