// The space-time diagram, offscreen: a lane per node, arrows whose ends are
// the trace's Sent and Delivered records, the two-way link with the Session
// (and so with the event log and the canvas), the node and kind filters,
// and a cluster too wide for the dock keeping its lanes readable. Also
// prints how long a repaint of 5,000 records takes. Waits are bounded
// safety nets, never timings.
#include <gtest/gtest.h>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QImage>
#include <QItemSelectionModel>
#include <QScrollBar>
#include <QTableView>
#include <QToolButton>
#include <algorithm>
#include <cstdio>
#include <map>

#include "canvas/pattern_look.h"
#include "docks/event_log_dock.h"
#include "docks/event_log_model.h"
#include "docks/spacetime_dock.h"
#include "docks/spacetime_view.h"
#include "pattern_ui.h"
#include "theme.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

class Spacetime : public Window {
 protected:
  SpacetimeDock* dock() { return w->spacetime(); }
  SpacetimeView* view() { return w->spacetime()->view(); }
  // Brings the dock's tab to the front and waits until it has a size.
  void showDiagram() {
    dock()->raise();
    ASSERT_TRUE(
        until([this] { return view()->isVisible() && view()->viewport()->height() > 100; }));
  }
  // Opens a bundled scenario paused and runs it to `seconds`.
  void openAndRun(const QString& name, double seconds) {
    ASSERT_TRUE(w->openScenario(name, std::nullopt, false));
    ASSERT_TRUE(settled());
    w->session()->driver()->runTo(fromSeconds(seconds));
    ASSERT_TRUE(settled());
    ASSERT_TRUE(until([this, seconds] { return mirror().status.now >= fromSeconds(seconds); }));
  }
  // A delivered arrow whose middle no other shown arrow passes within 10 px
  // of, scrolled into view; -1 if none.
  int lonelyArrow() {
    const auto& arrows = view()->index().arrows();
    for (std::size_t i = 0; i < arrows.size(); ++i) {
      if (arrows[i].endKind != ArrowEnd::Delivered || arrows[i].duplicate) continue;
      view()->scrollToArrow(i);
      const QPointF mid = view()->arrowInViewport(i).center();
      bool alone = true;
      for (std::size_t j = 0; j < arrows.size() && alone; ++j) {
        if (j == i) continue;
        const QLineF o = view()->arrowInViewport(j);
        for (double f = 0; f <= 1.0 && alone; f += 0.02)
          alone = QLineF(mid, o.pointAt(f)).length() > 10;
      }
      if (alone && view()->viewport()->rect().contains(mid.toPoint())) return static_cast<int>(i);
    }
    return -1;
  }
  int comboIndex(QComboBox* box, const QString& text) { return box->findText(text); }
};

TEST_F(Spacetime, HasOneLanePerNodeHeadedByItsName) {
  openPaused();
  showDiagram();
  EXPECT_EQ(dock()->windowTitle(), QStringLiteral("Space-time diagram"));
  EXPECT_EQ(view()->laneCount(), static_cast<int>(mirror().nodes.size()));
  for (const auto& n : mirror().nodes) EXPECT_TRUE(view()->layout().shows(n.id)) << n.name;
  EXPECT_NE(w->action("view.lecture"), nullptr);
  EXPECT_TRUE(dock()->toggleViewAction()->isChecked()) << "visible, as a tab beside the charts";
}

TEST_F(Spacetime, ArrowsRunFromEachSentRecordToItsDeliveredRecord) {
  openAndRun(QStringLiteral("leader-fails"), 1.5);
  showDiagram();
  std::map<std::pair<MessageId, bool>, TraceRecord> sent;
  for (const auto& d : mirror().records)
    if (d.record.kind == TraceKind::Sent)
      sent[{d.record.msg, (d.record.flags & kFlagDuplicate) != 0}] = d.record;
  std::map<std::pair<MessageId, bool>, const SpacetimeArrow*> arrows;
  for (const auto& a : view()->index().arrows()) arrows[{a.msg, a.duplicate}] = &a;
  int delivered = 0;
  for (const auto& d : mirror().records) {
    const TraceRecord& r = d.record;
    if (r.kind != TraceKind::Delivered && r.kind != TraceKind::Dropped) continue;
    const std::pair<MessageId, bool> key{r.msg, (r.flags & kFlagDuplicate) != 0};
    if (!sent.contains(key)) continue;
    ASSERT_TRUE(arrows.contains(key)) << d.text;
    const SpacetimeArrow& a = *arrows[key];
    EXPECT_EQ(a.from, sent[key].node);
    EXPECT_EQ(a.to, r.peer);
    EXPECT_EQ(a.sent, sent[key].at);
    EXPECT_EQ(a.end, r.at);
    EXPECT_EQ(a.endKind, r.kind == TraceKind::Delivered ? ArrowEnd::Delivered : ArrowEnd::Dropped);
    delivered += r.kind == TraceKind::Delivered;
  }
  EXPECT_GT(delivered, 20);
  // And on screen: from the sender's lane at the send time to the
  // receiver's lane at the delivery time.
  const auto& all = view()->index().arrows();
  const auto it = std::find_if(all.begin(), all.end(),
                               [](const auto& a) { return a.endKind == ArrowEnd::Delivered; });
  ASSERT_NE(it, all.end());
  const auto i = static_cast<std::size_t>(it - all.begin());
  const QLineF line = view()->arrowInViewport(i);
  const QPointF offset = view()->contentOffset();
  const SpacetimeLayout& layout = view()->layout();
  EXPECT_DOUBLE_EQ(line.p1().x(), layout.lane(it->from)->centre() + offset.x());
  EXPECT_DOUBLE_EQ(line.p2().x(), layout.lane(it->to)->centre() + offset.x());
  const double perSecond = view()->pixelsPerSecond();
  EXPECT_NEAR(line.p2().y() - line.p1().y(), toSeconds(it->end - it->sent) * perSecond, 1e-6);
}

TEST_F(Spacetime, ClickingAnArrowSelectsItsMessageAndTheEventLogFollows) {
  openAndRun(QStringLiteral("leader-fails"), 1.0);
  showDiagram();
  const int i = lonelyArrow();
  ASSERT_GE(i, 0);
  const SpacetimeArrow a = view()->index().arrows()[static_cast<std::size_t>(i)];
  const QPoint at = view()->arrowInViewport(static_cast<std::size_t>(i)).center().toPoint();
  QTest::mouseClick(view()->viewport(), Qt::LeftButton, {}, at);
  EXPECT_EQ(w->session()->selectedMessage(), a.msg);
  EXPECT_EQ(w->session()->selectedNode(), a.from);
  EXPECT_EQ(view()->highlightedArrow(), i);
  const QModelIndexList rows = w->eventLog()->table()->selectionModel()->selectedRows();
  ASSERT_EQ(rows.size(), 1);
  EXPECT_EQ(rows.first().data(EventLogModel::MessageRole).toULongLong(), a.msg);
}

TEST_F(Spacetime, ClickingALaneHeaderSelectsTheNode) {
  openAndRun(QStringLiteral("leader-fails"), 1.0);
  showDiagram();
  const Lane* lane = view()->layout().lane(2);
  ASSERT_NE(lane, nullptr);
  view()->horizontalScrollBar()->setValue(0);
  const QPoint at(static_cast<int>(lane->centre() + view()->contentOffset().x()), 8);
  QTest::mouseClick(view()->viewport(), Qt::LeftButton, {}, at);
  EXPECT_EQ(w->session()->selectedNode(), 2u);
  EXPECT_EQ(w->session()->selectedMessage(), 0u);
}

TEST_F(Spacetime, SelectingAMessageElsewhereHighlightsAndRevealsItsArrow) {
  openAndRun(QStringLiteral("leader-fails"), 3.0);
  showDiagram();
  // An early message, far above the newest ones the diagram follows.
  const auto& arrows = view()->index().arrows();
  const auto it = std::find_if(arrows.begin(), arrows.end(), [](const auto& a) {
    return a.endKind == ArrowEnd::Delivered && !a.duplicate;
  });
  ASSERT_NE(it, arrows.end());
  const SpacetimeArrow a = *it;
  const auto i = static_cast<std::size_t>(it - arrows.begin());
  ASSERT_FALSE(view()->viewport()->rect().contains(view()->arrowInViewport(i).center().toPoint()));

  // Its send, picked in the event log as a user would.
  EventLogDock* log = w->eventLog();
  const auto& records = mirror().records;
  const auto sent = std::find_if(records.begin(), records.end(), [&a](const DriverRecord& d) {
    return d.record.kind == TraceKind::Sent && d.record.msg == a.msg;
  });
  ASSERT_NE(sent, records.end());
  const int row = static_cast<int>(sent - records.begin());
  auto* filter = static_cast<QSortFilterProxyModel*>(log->table()->model());
  const QModelIndex index = filter->mapFromSource(log->model()->index(row, 0));
  ASSERT_TRUE(index.isValid());
  log->table()->selectionModel()->select(
      index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  ASSERT_EQ(w->session()->selectedMessage(), a.msg);

  EXPECT_EQ(view()->highlightedArrow(), static_cast<int>(i));
  EXPECT_FALSE(view()->following());
  const QPointF mid = view()->arrowInViewport(i).center();
  ASSERT_TRUE(view()->viewport()->rect().contains(mid.toPoint()));
  // Drawn in the selection colour.
  const QImage shot = view()->viewport()->grab().toImage();
  const qreal dpr = shot.devicePixelRatio();
  const QColor seen = shot.pixelColor((mid * dpr).toPoint());
  const QColor want = currentTheme().selection;
  EXPECT_LT(std::abs(seen.red() - want.red()) + std::abs(seen.green() - want.green()) +
                std::abs(seen.blue() - want.blue()),
            40)
      << seen.name().toStdString();
}

TEST_F(Spacetime, NodeFilterShowsOneNodeAndTheLanesItTalksTo) {
  openAndRun(QStringLiteral("leader-fails"), 1.0);
  showDiagram();
  const NodeId client = static_cast<NodeId>(mirror().nodes.size() - 1);
  ASSERT_EQ(mirror().nodes[client].role, "client");
  const auto& arrows = view()->index().arrows();
  auto talk = [&arrows](NodeId a, NodeId b) {
    return std::any_of(arrows.begin(), arrows.end(), [a, b](const SpacetimeArrow& x) {
      return (x.from == a && x.to == b) || (x.from == b && x.to == a);
    });
  };
  // A server the client has not written to.
  NodeId quiet = 0;
  while (quiet < client && talk(quiet, client)) ++quiet;
  ASSERT_LT(quiet, client);
  const auto name = QString::fromStdString(mirror().nodes[quiet].name);
  dock()->nodeFilter()->setCurrentIndex(comboIndex(dock()->nodeFilter(), name));
  const SpacetimeLayout& layout = view()->layout();
  EXPECT_TRUE(layout.shows(quiet));
  EXPECT_FALSE(layout.shows(client));
  EXPECT_LT(view()->laneCount(), static_cast<int>(mirror().nodes.size()));
  for (const auto& n : mirror().nodes)
    if (n.id != quiet) {
      EXPECT_EQ(layout.shows(n.id), talk(quiet, n.id)) << n.name;
    }
  dock()->nodeFilter()->setCurrentIndex(0);
  EXPECT_EQ(view()->laneCount(), static_cast<int>(mirror().nodes.size()));
}

TEST_F(Spacetime, KindFilterWithCollapsedIdleLanesShrinksTheLanesItDoesNotReach) {
  openAndRun(QStringLiteral("leader-fails"), 1.0);
  showDiagram();
  const NodeId client = static_cast<NodeId>(mirror().nodes.size() - 1);
  dock()->kindFilter()->setCurrentIndex(comboIndex(dock()->kindFilter(), "RequestVote"));
  EXPECT_FALSE(view()->layout().lane(client)->collapsed) << "not collapsed until asked";
  dock()->collapseIdle()->setChecked(true);
  EXPECT_TRUE(view()->layout().lane(client)->collapsed);
  EXPECT_EQ(view()->layout().lane(client)->width, SpacetimeLayout::kCollapsedWidth);
  EXPECT_FALSE(view()->layout().lane(0)->collapsed);
  EXPECT_GE(view()->layout().lane(0)->width, view()->minimumLaneWidth());
  EXPECT_EQ(view()->laneCount(), static_cast<int>(mirror().nodes.size()));
}

TEST_F(Spacetime, FollowsTheNewestRecordsUntilTheUserScrollsUp) {
  openAndRun(QStringLiteral("leader-fails"), 1.0);
  showDiagram();
  QScrollBar* bar = view()->verticalScrollBar();
  ASSERT_GT(bar->maximum(), 0);
  EXPECT_TRUE(view()->following());
  EXPECT_EQ(bar->value(), bar->maximum());
  bar->setValue(bar->maximum() / 3);
  EXPECT_FALSE(view()->following());
  EXPECT_FALSE(dock()->followButton()->isChecked());
  const int reading = bar->value();
  w->session()->driver()->runTo(fromSeconds(2.0));
  ASSERT_TRUE(settled());
  ASSERT_TRUE(until([this] { return mirror().status.now >= fromSeconds(2.0); }));
  view()->index();
  EXPECT_EQ(bar->value(), reading) << "reading back stays where it is";
  EXPECT_LT(bar->value(), bar->maximum());
  QTest::mouseClick(dock()->followButton(), Qt::LeftButton);
  EXPECT_TRUE(view()->following());
  EXPECT_EQ(bar->value(), bar->maximum());
}

TEST_F(Spacetime, ReadingBackStaysOnTheSameMomentAsOldRecordsAreForgotten) {
  openAndRun(QStringLiteral("leader-fails"), 10.0);
  showDiagram();
  QScrollBar* bar = view()->verticalScrollBar();
  bar->setValue(bar->maximum() / 2);
  const SimTime reading = view()->timeAt(view()->headerHeight());
  const std::uint64_t forgotten = mirror().recordsForgotten;
  w->session()->driver()->runTo(fromSeconds(16.0));
  ASSERT_TRUE(settled());
  ASSERT_TRUE(until([this] { return mirror().status.now >= fromSeconds(16.0); }));
  view()->index();
  ASSERT_GT(mirror().recordsForgotten, forgotten) << "run long enough to forget records";
  const SimTime top = view()->timeAt(view()->headerHeight());
  EXPECT_LT(std::abs(toSeconds(top - reading)), 2 / view()->pixelsPerSecond());
}

TEST_F(Spacetime, PaintsInTheCurrentTheme) {
  openPaused();
  showDiagram();
  for (const QString id : {"dark", "projector", "light"}) {
    w->setTheme(id);
    // The first lane, under the time now: nothing but the background.
    const double x = view()->layout().lane(0)->left + view()->contentOffset().x() + 3;
    const QImage shot = view()->viewport()->grab().toImage();
    const QColor ground =
        shot.pixelColor(static_cast<int>(x * shot.devicePixelRatio()), shot.height() - 3);
    EXPECT_EQ(ground.name(), Theme::byId(id).surface.name()) << id.toStdString();
  }
}

// Leader election allows at most 9 servers (options.nodes: 3-9), so the
// largest Raft cluster is 9 servers and their client.
TEST_F(Spacetime, LargestRaftClusterKeepsLanesAtLeastTheMinimumWidth) {
  openFilePaused("nine.json", R"({
    "title": "Nine", "description": "Nine servers.", "pattern": "leader-election", "seed": 3,
    "options": {"nodes": 9},
    "steps": [{"title": "Elect", "narration": "They elect.",
               "until": {"milestone": "leader-elected", "within": 10}}]})");
  w->session()->driver()->runTo(fromSeconds(1.0));
  ASSERT_TRUE(settled());
  showDiagram();
  ASSERT_EQ(view()->laneCount(), 10);
  for (const Lane& l : view()->layout().lanes()) EXPECT_GE(l.width, view()->minimumLaneWidth());
  EXPECT_FALSE(view()->index().arrows().empty());
}

// ---- Without a window: a synthetic run of 50 nodes and 5,000 records ----

Mirror fiftyNodes() {
  auto vocabulary = std::make_shared<Vocabulary>();
  const Label vote = vocabulary->define(
      {LabelKind::Message, "RequestVote", {"term"}, {}, {}, Exchange::Request, {}, {}});
  const Label beat = vocabulary->define({LabelKind::Message,
                                         "AppendEntries",
                                         {"term", "a", "b", "c", "entries"},
                                         {},
                                         {},
                                         Exchange::Request,
                                         {},
                                         {}});
  const Label gossip =
      vocabulary->define({LabelKind::Message, "Gossip", {}, {}, {}, Exchange::OneWay, {}, {}});
  const Label elected = vocabulary->define(
      {LabelKind::Milestone, "leader-elected", {"term"}, "", {}, Exchange::OneWay, {}, {}});
  const Label kinds[] = {vote, beat, gossip};
  Mirror m;
  m.vocabulary = vocabulary;
  for (NodeId n = 0; n < 50; ++n) {
    NodeSnapshot s;
    s.id = n;
    s.name = "node " + std::to_string(n);
    s.role = n == 3 ? "leader" : "follower";
    m.nodes.push_back(s);
  }
  std::uint64_t seq = 0, x = 88172645463325252ULL;
  auto next = [&x] {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    return x;
  };
  auto add = [&](TraceKind kind, SimTime at, NodeId node, NodeId peer, MessageId msg, Label l) {
    TraceRecord r;
    r.seq = ++seq;
    r.kind = kind;
    r.at = at;
    r.node = node;
    r.peer = peer;
    r.msg = msg;
    r.label = l;
    m.records.push_back({r, "record " + std::to_string(r.seq)});
    return &m.records.back().record;
  };
  // 2,450 messages sent 2 ms apart, each taking 5 to 15 ms, delivered in
  // time order; one crash and restart and a milestone among them.
  std::vector<std::pair<SimTime, TraceRecord>> ends;
  for (MessageId id = 1; id <= 2450; ++id) {
    const SimTime at{static_cast<std::int64_t>(id) * 2000};
    while (!ends.empty() && ends.front().first <= at) {
      const TraceRecord& e = ends.front().second;
      add(TraceKind::Delivered, e.at, e.node, e.peer, e.msg, e.label);
      ends.erase(ends.begin());
    }
    const NodeId from = static_cast<NodeId>(next() % 50);
    const NodeId to = static_cast<NodeId>((from + 1 + next() % 49) % 50);
    TraceRecord* r = add(TraceKind::Sent, at, from, to, id, kinds[next() % 3]);
    r->due = at + SimDuration{5000 + static_cast<std::int64_t>(next() % 10000)};
    TraceRecord e = *r;
    e.at = r->due;
    ends.push_back({e.at, e});
    std::sort(ends.begin(), ends.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    if (id == 1000) add(TraceKind::Crashed, at, 7, kNoNode, 0, kNoLabel);
    if (id == 1500) add(TraceKind::Restarted, at, 7, kNoNode, 0, kNoLabel);
    if (id == 1200) add(TraceKind::Milestone, at, 3, kNoNode, 0, elected);
  }
  for (const auto& [t, e] : ends) add(TraceKind::Delivered, e.at, e.node, e.peer, e.msg, e.label);
  m.status.now = m.records.back().record.at;
  return m;
}

TEST(SpacetimeFiftyNodes, LanesStayAtLeastTheMinimumWidthAndTheViewScrollsSideways) {
  const Mirror m = fiftyNodes();
  ASSERT_EQ(m.records.size(), 4903u);
  SpacetimeView v;
  v.resize(900, 500);
  const auto look = findPatternUi("leader-election")->look();
  v.showMirror(&m, look.get());
  v.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&v));
  EXPECT_EQ(v.laneCount(), 50);
  for (const Lane& l : v.layout().lanes()) EXPECT_GE(l.width, v.minimumLaneWidth());
  EXPECT_GT(v.horizontalScrollBar()->maximum(), 0);
  EXPECT_EQ(v.index().arrows().size(), 2450u);
  EXPECT_EQ(v.index().stretches().size(), 1u);
}

// Not a pass/fail timing: prints the repaint time of 5,000 records at the
// fitted scale and zoomed out until every arrow is on screen, and fails only
// if a repaint is absurdly slow (a pathology, not a slow machine).
TEST(SpacetimeFiftyNodes, RepaintsFiveThousandRecordsQuickly) {
  const Mirror m = fiftyNodes();
  SpacetimeView v;
  v.resize(1200, 700);
  const auto look = findPatternUi("leader-election")->look();
  v.showMirror(&m, look.get());
  v.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&v));
  QImage image(v.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
  auto median = [&] {
    std::vector<double> ms;
    for (int i = 0; i < 15; ++i) {
      QElapsedTimer t;
      t.start();
      v.viewport()->render(&image);
      ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
  };
  const double fitted = median();
  v.zoomBy(v.viewport()->height() / (v.pixelsPerSecond() * toSeconds(m.status.now)) * 0.9);
  const double everything = median();
  SpacetimeIndex index;
  QElapsedTimer t;
  t.start();
  for (int i = 0; i < 10; ++i) index.rebuild(m, *look);
  const double rebuild = static_cast<double>(t.nsecsElapsed()) / 1e7;
  std::printf(
      "space-time, 5,000 records, 50 lanes: repaint %.2f ms fitted, %.2f ms all on screen; "
      "index rebuilt in %.2f ms\n",
      fitted, everything, rebuild);
  EXPECT_LT(rebuild, 250);
  EXPECT_LT(fitted, 250);
  EXPECT_LT(everything, 250);
}

}  // namespace
}  // namespace cs::ui
