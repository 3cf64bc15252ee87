// Following a request in the window, offscreen: a checkout in the shop is
// clicked on the canvas and followed with F; its messages are marked on the
// canvas and the others dimmed, the nodes it visited are ringed, its arrows
// are the diagram's followed ones, and the inspector lists its hops. Hops
// that happen later join it; it survives seeking back and forth; Esc stops
// it. A Raft vote reply is followed by its causal chain. Waits are bounded
// safety nets, never timings.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "canvas/message_item.h"
#include "docks/hop_table.h"
#include "docks/inspector_dock.h"
#include "docks/spacetime_dock.h"
#include "docks/spacetime_view.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

class Follow : public Window {
 protected:
  const FollowedRequest& followed() { return w->session()->followed(); }
  InspectorDock* inspector() { return w->findChild<InspectorDock*>(); }
  SpacetimeView* diagram() { return w->spacetime()->view(); }
  void runTo(double seconds) {
    w->session()->driver()->runTo(fromSeconds(seconds));
    ASSERT_TRUE(settled());
    ASSERT_TRUE(until([this, seconds] { return mirror().status.now >= fromSeconds(seconds); }));
  }
  void seek(SimTime t) {
    w->session()->seek(t);
    ASSERT_TRUE(settled());
    ASSERT_TRUE(until([this, t] { return mirror().status.now == t; }));
  }
  // Clicks the first message in flight that carries a request id and is
  // not under another; returns its id (0 if none could be clicked).
  MessageId clickRequestMessage() {
    for (const auto& f : mirror().inFlight) {
      if (f.message.request == 0 || f.duplicate) continue;
      MessageItem* item = w->scene()->messageItem(f.message.id);
      if (!item || !item->isVisible()) continue;
      const QPoint at = w->view()->mapFromScene(item->sceneBoundingRect().center());
      QTest::mouseClick(w->view()->viewport(), Qt::LeftButton, {}, at);
      if (w->session()->selectedMessage() == f.message.id) return f.message.id;
    }
    return 0;
  }
  std::string nodeName(NodeId id) { return mirror().vocabulary->nodeName(id); }
  // The followed arrows of the diagram, as message ids.
  std::set<MessageId> followedArrowMessages() {
    std::set<MessageId> ids;
    for (std::size_t i : diagram()->followedArrowIndices())
      ids.insert(diagram()->index().arrows()[i].msg);
    return ids;
  }
  std::set<MessageId> hopMessages() {
    std::set<MessageId> ids;
    for (const Hop& h : followed().path().hops) ids.insert(h.msg);
    return ids;
  }
};

TEST_F(Follow, CheckoutLightsUpOnCanvasAndDiagramWithItsHops) {
  openShopPaused();
  w->spacetime()->raise();
  runTo(1.0);
  const MessageId picked = clickRequestMessage();
  ASSERT_NE(picked, 0u) << "no message with a request id could be clicked";
  const RequestId request = mirror().message(picked)->message.request;
  EXPECT_TRUE(w->action("view.follow")->isEnabled());
  EXPECT_TRUE(inspector()->text().contains(QStringLiteral("Follow request (F)")));

  QTest::keyClick(w.get(), Qt::Key_F);
  ASSERT_TRUE(followed().active());
  EXPECT_EQ(followed().key().request, request);
  EXPECT_TRUE(w->action("view.stopFollowing")->isEnabled());

  // The canvas: this request's messages ringed, every other dimmed.
  using Mark = MessageItem::FollowMark;
  EXPECT_EQ(w->scene()->messageItem(picked)->followMark(), Mark::Followed);
  int dimmed = 0;
  for (const auto& f : mirror().inFlight) {
    MessageItem* item = w->scene()->messageItem(f.message.id);
    if (!item || f.duplicate) continue;
    EXPECT_EQ(item->followMark(), f.message.request == request ? Mark::Followed : Mark::Dimmed);
    if (f.message.request != request) ++dimmed;
  }
  EXPECT_GT(dimmed, 0);
  const RequestPath& before = followed().path();
  ASSERT_FALSE(before.hops.empty());
  for (const auto& n : mirror().nodes)
    EXPECT_EQ(w->scene()->nodeItem(n.id)->followed(), followed().visited(n.id)) << n.name;
  EXPECT_TRUE(w->scene()->nodeItem(before.hops.front().from)->followed());
  EXPECT_NE(nodeName(before.hops.front().from).find("client"), std::string::npos);

  // The diagram: the followed arrows are exactly the request's hops.
  EXPECT_EQ(followedArrowMessages(), hopMessages());

  // The inspector: the hop list, first hop from the client to frontend.
  const auto rows = hopRows(mirror(), followed().path());
  ASSERT_EQ(rows.size(), followed().path().hops.size());
  EXPECT_EQ(rows[0].to, QStringLiteral("frontend"));
  EXPECT_EQ(rows[0].kind, QStringLiteral("Request"));
  EXPECT_TRUE(inspector()->text().contains(QStringLiteral("Following Request")));
  EXPECT_TRUE(inspector()->text().contains(QStringLiteral("→ frontend")));
  const std::size_t hopsAtFirst = followed().path().hops.size();

  // Later batches bring its later hops, answered in well under 2 s.
  runTo(2.5);
  const RequestPath& full = followed().path();
  ASSERT_TRUE(full.answeredAt) << "the request was answered";
  EXPECT_GT(full.hops.size(), hopsAtFirst);
  EXPECT_EQ(full.hops.back().to, full.hops.front().from) << "the answer reaches the client";
  EXPECT_EQ(followedArrowMessages(), hopMessages());
  EXPECT_TRUE(inspector()->text().contains(QStringLiteral("(answered)")));
  const std::size_t allHops = full.hops.size();
  const SimTime secondHop = full.hops[1].sentAt;
  const SimTime answered = *full.answeredAt;

  // Seeking keeps it: back to its second hop, then forward to the head.
  seek(secondHop);
  ASSERT_TRUE(followed().active());
  EXPECT_EQ(followed().key().request, request);
  EXPECT_GE(followed().path().hops.size(), 1u);
  EXPECT_LT(followed().path().hops.size(), allHops);
  EXPECT_EQ(followedArrowMessages(), hopMessages());
  seek(mirror().status.head);
  EXPECT_EQ(followed().path().hops.size(), allHops);
  EXPECT_EQ(followedArrowMessages(), hopMessages());
  // Long after, when a rebuilt run's batch no longer reaches back to it, its
  // hops are still all there.
  runTo(9.0);
  seek(fromSeconds(8.5));
  EXPECT_GT(mirror().records.front().record.at, answered)
      << "the rebuilt run's records begin after the request ended";
  EXPECT_EQ(followed().path().hops.size(), allHops);

  // Esc stops following: nothing is marked any more.
  QTest::keyClick(w.get(), Qt::Key_Escape);
  EXPECT_FALSE(followed().active());
  EXPECT_TRUE(diagram()->followedArrowIndices().empty());
  for (const auto& n : mirror().nodes) EXPECT_FALSE(w->scene()->nodeItem(n.id)->followed());
  EXPECT_FALSE(inspector()->text().contains(QStringLiteral("Following")));
}

TEST_F(Follow, VoteReplyIsFollowedWithItsElectionRound) {
  openPaused();
  runTo(1.0);
  const Label reply = *mirror().vocabulary->find(LabelKind::Message, "RequestVoteReply");
  MessageId picked = 0;
  for (const auto& d : mirror().records)
    if (d.record.kind == TraceKind::Sent && d.record.label == reply) {
      picked = d.record.msg;
      break;
    }
  ASSERT_NE(picked, 0u) << "an election by 1 s";
  w->session()->selectMessage(picked);
  EXPECT_TRUE(inspector()->text().contains(QStringLiteral("Follow this message and its answers")));
  w->action("view.follow")->trigger();
  ASSERT_TRUE(followed().active());
  const auto servers = static_cast<std::size_t>(std::count_if(
      mirror().nodes.begin(), mirror().nodes.end(), [](const auto& n) { return n.member; }));
  EXPECT_EQ(followed().key().request, 0u);
  EXPECT_EQ(followed().key().roots.size(), servers - 1)
      << "the candidate's RequestVote to every other server";
  int votes = 0, replies = 0;
  for (const Hop& h : followed().path().hops) {
    const std::string kind = mirror().labelName(h.kind);
    votes += kind == "RequestVote";
    replies += kind == "RequestVoteReply";
  }
  EXPECT_EQ(votes, static_cast<int>(servers) - 1);
  EXPECT_GE(replies, 1);
  EXPECT_TRUE(inspector()->text().contains(QStringLiteral("RequestVote of")));
  EXPECT_EQ(followedArrowMessages(), hopMessages());
}

}  // namespace
}  // namespace cs::ui
