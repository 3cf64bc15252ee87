// The timeline under the canvas: it draws a fault band where a node was
// down and carries the milestones; dragging its handle seeks, and the
// mirror (so every dock) shows the moment dragged to; an action after
// seeking back starts a second branch that the branch button names.
// Offscreen; waits are a bounded safety net.
#include <QToolButton>

#include "theme.h"
#include "timeline/timeline_widget.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

constexpr SimTime sec(double s) {
  return SimTime{static_cast<std::int64_t>(s * 1e6)};
}

class TimelineWindow : public Window {
 protected:
  // Two-step Raft run: node 3 crashes at 2 s; paused at 4 s.
  void runWithACrash() {
    openPaused();
    Driver* d = w->session()->driver();
    d->runTo(sec(2));
    ASSERT_TRUE(settled());
    Command c;
    c.kind = CommandKind::Crash;
    c.node = 3;
    w->session()->apply(c);
    d->runTo(sec(4));
    ASSERT_TRUE(settled());
    ASSERT_EQ(mirror().status.head, sec(4));
    // The lanes make the timeline taller once the layout has run.
    ASSERT_TRUE(until([this] { return timeline()->height() >= timeline()->sizeHint().height(); }));
  }
  TimelineWidget* timeline() { return w->timeline(); }
  // How many pixels in column x of the timeline have colour c.
  int columnCount(int x, const QColor& c) {
    const QImage img = timeline()->grab().toImage();
    int n = 0;
    for (int y = 0; y < img.height(); ++y) n += img.pixelColor(x, y) == c;
    return n;
  }
};

TEST_F(TimelineWindow, ShowsMilestonesAndAFaultBandForACrashedNode) {
  runWithACrash();
  ASSERT_TRUE(mirror().timeline);
  EXPECT_FALSE(mirror().timeline->milestones.empty());
  // Node 3, which the user crashed (the scenario's own step fails the leader too).
  const auto& lanes = timeline()->lanes();
  ASSERT_NE(std::find(lanes.begin(), lanes.end(), 3), lanes.end());
  const QColor down = currentTheme().dead;
  // At 3 s node 3's band is drawn below the leader's (down since step 2); at 1 s it is not.
  const int at3 = columnCount(static_cast<int>(timeline()->xOf(sec(3))), down);
  const int at1 = columnCount(static_cast<int>(timeline()->xOf(sec(1))), down);
  EXPECT_GT(at3, at1);
  EXPECT_GT(at1, 0);
}

TEST_F(TimelineWindow, DraggingTheHandleSeeks) {
  runWithACrash();
  TimelineWidget* t = timeline();
  const int y = t->height() / 3;
  const QPoint from(static_cast<int>(t->xOf(sec(3.5))), y);
  const QPoint to(static_cast<int>(t->xOf(sec(1.5))), y);
  QTest::mousePress(t, Qt::LeftButton, {}, from);
  QTest::mouseMove(t, to);
  QTest::mouseRelease(t, Qt::LeftButton, {}, to);
  const SimTime target = t->timeAt(to.x());
  ASSERT_NEAR(static_cast<double>(target.count()), 1.5e6, 0.05e6);
  ASSERT_TRUE(until([&] { return mirror().status.now == target && !mirror().status.busy; }));
  EXPECT_EQ(mirror().status.head, sec(4));
  // The docks read a mirror rebuilt at the moment: nothing from after it, node 3 still up.
  ASSERT_FALSE(mirror().records.empty());
  EXPECT_LE(mirror().records.back().record.at, target);
  EXPECT_NE(mirror().node(3)->status, NodeStatus::Crashed);
}

TEST_F(TimelineWindow, AnActionAfterSeekingBackStartsABranch) {
  runWithACrash();
  w->session()->seek(sec(1));
  ASSERT_TRUE(until([&] { return mirror().status.now == sec(1); }));
  w->session()->toggleFailed(0);
  ASSERT_TRUE(until([&] { return mirror().timeline && mirror().timeline->branches.size() == 2; }));
  auto* button = w->findChild<QToolButton*>(QStringLiteral("branches"));
  ASSERT_NE(button, nullptr);
  EXPECT_EQ(button->text(), QStringLiteral("Branch 2 of 2"));
  EXPECT_EQ(mirror().status.head, sec(1));
  // The fork's pin says what forks there and the key of the branch list.
  const std::size_t fork = timeline()->forks().back();
  const QPointF pin(timeline()->xOf(mirror().timeline->branches[fork].forkedAt),
                    timeline()->height() / 3.0);
  const QString tip = timeline()->tipAt(pin);
  EXPECT_TRUE(tip.contains(QStringLiteral("began here"))) << tip.toStdString();
  EXPECT_TRUE(tip.contains(QStringLiteral("Branches: B"))) << tip.toStdString();
  w->session()->switchBranch(0);
  ASSERT_TRUE(until([&] { return mirror().status.branch == 0 && !mirror().status.busy; }));
  EXPECT_EQ(mirror().status.head, sec(4));
  EXPECT_EQ(button->text(), QStringLiteral("Branch 1 of 2"));
}

}  // namespace
}  // namespace cs::ui
