// The branch tree, offscreen: after actions at three past moments it draws
// four branches, each under its parent with its line starting at its fork
// time on the parent's line; the current one is highlighted; clicking a row
// switches to that branch; the timeline pins the forks off the history it
// shows; after "previous step" and an action, the old branch is still there
// to switch back to. Waits are a bounded safety net.
#include <QAction>
#include <QFrame>
#include <QToolButton>

#include "timeline/branch_button.h"
#include "timeline/branch_tree_view.h"
#include "timeline/timeline_widget.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

constexpr SimTime sec(double s) {
  return SimTime{static_cast<std::int64_t>(s * 1e6)};
}

class BranchTreeWindow : public Window {
 protected:
  void seekTo(SimTime t) {
    w->session()->seek(t);
    ASSERT_TRUE(until([&] { return mirror().status.now == t; }));
    ASSERT_TRUE(settled());
  }
  // Crashes the first node from `from` on that is up at t; returns it.
  NodeId crashAt(SimTime t, NodeId from, std::size_t branches) {
    seekTo(t);
    NodeId node = from;
    while (mirror().node(node)->status == NodeStatus::Crashed) ++node;
    Command c;
    c.kind = CommandKind::Crash;
    c.node = node;
    w->session()->apply(c);
    EXPECT_TRUE(
        until([&] { return mirror().timeline && mirror().timeline->branches.size() == branches; }));
    EXPECT_TRUE(settled());
    return node;
  }
  void runTo(SimTime t) {
    w->session()->driver()->runTo(t);
    ASSERT_TRUE(settled());
  }
  // Branch 1 runs to 4 s; branch 2 crashes a node at 1 s and runs to 3 s;
  // branch 3 crashes another at 2 s of branch 2; branch 4 crashes one at 3 s
  // of branch 1 and is current.
  void makeFourBranches() {
    openPaused();
    runTo(sec(4));
    crashed[1] = crashAt(sec(1), 0, 2);
    runTo(sec(3));
    crashed[2] = crashAt(sec(2), 1, 3);
    w->session()->switchBranch(0);
    ASSERT_TRUE(until([&] { return mirror().status.branch == 0; }));
    crashed[3] = crashAt(sec(3), 2, 4);
    ASSERT_EQ(mirror().status.branch, 3u);
  }
  BranchButton* button() { return w->findChild<BranchButton*>(QStringLiteral("branches")); }
  const Timeline& timeline() { return *mirror().timeline; }
  std::string title(std::size_t branch, const char* at) {
    return "crash node " + std::to_string(crashed[branch]) + " at " + at;
  }

  NodeId crashed[4] = {};  // by branch: the node whose crash forked it
};

TEST_F(BranchTreeWindow, DrawsEachBranchFromItsForkPointOnItsParent) {
  makeFourBranches();
  BranchButton* b = button();
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->text(), QStringLiteral("Branch 4 of 4"));
  b->showTree();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(b->popup()));
  BranchTreeView* tree = b->tree();
  const std::vector<std::size_t> order = {0, 1, 2, 3};  // each under its parent, as made
  ASSERT_EQ(tree->order(), order);
  for (std::size_t i = 1; i < order.size(); ++i)
    EXPECT_GT(tree->rowRect(i).top(), tree->rowRect(i - 1).top());

  struct Expect {
    std::size_t branch, parent;
    SimTime at;
    std::string title;
  };
  for (const Expect& e :
       {Expect{1, 0, sec(1), title(1, "1.0 s")}, Expect{2, 1, sec(2), title(2, "2.0 s")},
        Expect{3, 0, sec(3), title(3, "3.0 s")}}) {
    const BranchInfo& info = timeline().branches[e.branch];
    EXPECT_EQ(info.parent, e.parent);
    EXPECT_EQ(info.forkedAt, e.at);
    EXPECT_EQ(branchTitle(info).toStdString(), e.title);
    const QPointF fork = tree->forkPoint(e.branch);
    EXPECT_DOUBLE_EQ(fork.x(), tree->xOf(e.at)) << "branch " << e.branch;
    EXPECT_NEAR(fork.y(), tree->rowRect(e.parent).center().y(), 1.0) << "branch " << e.branch;
  }
  EXPECT_EQ(tree->branchDetail(timeline().branches[2]).toStdString(),
            "from branch 2 · reached 2.0 s");

  // The current branch's row carries its colour; another's does not.
  const QImage img = tree->grab().toImage();
  EXPECT_EQ(img.pixelColor(2, tree->rowRect(3).center().y()), branchColour(3));
  EXPECT_NE(img.pixelColor(2, tree->rowRect(1).center().y()), branchColour(1));
}

TEST_F(BranchTreeWindow, ClickingARowSwitchesToThatBranch) {
  makeFourBranches();
  BranchButton* b = button();
  b->showTree();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(b->popup()));
  BranchTreeView* tree = b->tree();
  QTest::mouseClick(tree, Qt::LeftButton, {}, tree->rowRect(1).center());
  ASSERT_TRUE(until([&] { return mirror().status.branch == 1 && !mirror().status.busy; }));
  EXPECT_FALSE(b->popup()->isVisible());
  EXPECT_EQ(b->text(), QStringLiteral("Branch 2 of 4"));
  EXPECT_EQ(mirror().status.head, sec(3));
  EXPECT_EQ(mirror().node(crashed[1])->status, NodeStatus::Crashed) << "branch 2's crash";
  // The timeline pins branch 3, which forks off branch 2, and where branch 2
  // left branch 1; branch 4 forked from branch 1 after that, off this history.
  const std::vector<std::size_t> pins = {2, 1};
  EXPECT_EQ(w->timeline()->forks(), pins);
}

TEST_F(BranchTreeWindow, TheBKeyOpensTheTree) {
  makeFourBranches();
  w->action(QStringLiteral("time.branches"))->trigger();
  EXPECT_TRUE(button()->popup()->isVisible());
}

TEST_F(BranchTreeWindow, PreviousStepKeepsTheBranchToSwitchBackTo) {
  openPaused();
  w->session()->setSpeed(Driver::kFlatOut);
  w->session()->togglePlay();
  ASSERT_TRUE(until([&] { return mirror().status.conditionMet && !mirror().status.playing; }));
  w->session()->nextStep();
  ASSERT_TRUE(until([&] {
    return mirror().status.step == 1 && mirror().status.conditionMet && !mirror().status.playing;
  }));
  const SimTime end = mirror().status.now;
  const std::uint64_t hash = mirror().status.traceHash;
  w->action(QStringLiteral("sim.previous"))->trigger();
  ASSERT_TRUE(until([&] {
    return mirror().status.step == 0 && mirror().status.conditionMet && !mirror().status.playing;
  }));
  crashAt(mirror().status.now, 0, 2);
  EXPECT_EQ(button()->text(), QStringLiteral("Branch 2 of 2"));
  button()->showTree();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(button()->popup()));
  BranchTreeView* tree = button()->tree();
  QTest::mouseClick(tree, Qt::LeftButton, {}, tree->rowRect(0).center());
  ASSERT_TRUE(until([&] { return mirror().status.branch == 0; }));
  ASSERT_TRUE(settled());
  seekTo(end);
  EXPECT_EQ(mirror().status.traceHash, hash) << "the old future, as it was";
}

}  // namespace
}  // namespace cs::ui
