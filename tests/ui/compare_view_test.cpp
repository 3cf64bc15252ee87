// The compare view, offscreen: View > Compare… opens the shop twice, breaker
// off | on, captioned; play, step and next step keep both runs at the same
// simulated time; a click on a node of either canvas and a toolbar knob
// reach both runs at the same time; the charts draw both runs, two series
// per measure; the timeline seeks both; closing returns to the window it
// replaced.
#include <gtest/gtest.h>
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QStatusBar>

#include "compare/compare_charts.h"
#include "compare/compare_dialog.h"
#include "compare/compare_window.h"
#include "timeline/timeline_widget.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

constexpr NodeId kPayment = 5;

class CompareView : public Window {
 protected:
  void TearDown() override {
    compare.reset();
    Window::TearDown();
  }
  // The shop with the breaker off (cascading-failure) and on, paused.
  void openCompare() {
    ASSERT_TRUE(w->openScenario(QStringLiteral("cascading-failure"), std::nullopt, false));
    ASSERT_TRUE(settled());
    compare = std::make_unique<CompareWindow>(
        makeComparison(*w->session()->scenario(), parseOptionChange("breaker=on", "test")),
        std::nullopt, false);
    compare->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(compare.get()));
    ASSERT_TRUE(bothSettled());
  }
  const DriverStatus& status(int run) { return compare->session(run)->mirror().status; }
  // A has handled every action and stopped; B has caught up with it.
  bool bothSettled() {
    return until([this] {
      Session* a = compare->session(0);
      Session* b = compare->session(1);
      const DriverStatus& sa = a->mirror().status;
      const DriverStatus& sb = b->mirror().status;
      return sa.commandsHandled >= a->driver()->commandsPosted() && !sa.playing && !sa.busy &&
             sb.commandsHandled >= b->driver()->commandsPosted() && sb.run > 0 &&
             sb.now == sa.now && sb.step == sa.step;
    });
  }
  std::vector<TraceRecord> commands(int run) {
    std::vector<TraceRecord> v;
    for (const auto& r : compare->session(run)->mirror().records)
      if (r.record.kind == TraceKind::Command) v.push_back(r.record);
    return v;
  }
  // What the last command of a run was, in the event log's words.
  std::string lastCommandText(int run) {
    const auto& rs = compare->session(run)->mirror().records;
    for (auto it = rs.rbegin(); it != rs.rend(); ++it)
      if (it->record.kind == TraceKind::Command) return it->text;
    return {};
  }
  static CompareWindow* openCompareWindow() {
    for (QWidget* top : QApplication::topLevelWidgets())
      if (auto* c = qobject_cast<CompareWindow*>(top); c && c->isVisible()) return c;
    return nullptr;
  }

  std::unique_ptr<CompareWindow> compare;
};

TEST_F(CompareView, ViewCompareOpensBothVariantsCaptionedAndClosingReturns) {
  ASSERT_TRUE(w->openScenario(QStringLiteral("cascading-failure"), std::nullopt, false));
  ASSERT_TRUE(settled());
  QAction* open = w->action(QStringLiteral("view.compare"));
  ASSERT_NE(open, nullptr);
  open->trigger();
  auto* dialog = w->findChild<CompareDialog*>();
  ASSERT_NE(dialog, nullptr);
  EXPECT_TRUE(dialog->suggestions().contains(QStringLiteral("breaker=on")));
  EXPECT_FALSE(dialog->suggestions().contains(QStringLiteral("breaker=off")))
      << "the scenario already has the breaker off";
  dialog->field()->setCurrentText(QStringLiteral("breaker=on"));
  dialog->accept();
  CompareWindow* c = nullptr;
  ASSERT_TRUE(until([&] { return (c = openCompareWindow()) != nullptr; }));
  EXPECT_TRUE(c->caption(0)->text().contains(QStringLiteral("breaker off")));
  EXPECT_TRUE(c->caption(1)->text().contains(QStringLiteral("breaker on")));
  EXPECT_FALSE(w->isVisible()) << "the compare view takes the window's place";
  ASSERT_TRUE(until([&] {
    return c->session(0)->mirror().status.run > 0 && c->session(1)->mirror().status.run > 0;
  }));
  EXPECT_EQ(c->session(0)->mirror().status.seed, c->session(1)->mirror().status.seed);
  c->action(QStringLiteral("compare.close"))->trigger();
  EXPECT_TRUE(until([&] { return w->isVisible() && !openCompareWindow(); }));
}

TEST_F(CompareView, ABadOptionIsExplainedAndTheDialogStaysOpen) {
  ASSERT_TRUE(w->openScenario(QStringLiteral("cascading-failure"), std::nullopt, false));
  ASSERT_TRUE(settled());
  CompareDialog dialog(*w->session()->scenario(), w.get());
  dialog.show();
  dialog.field()->setCurrentText(QStringLiteral("breaker=3"));
  dialog.accept();
  EXPECT_TRUE(dialog.isVisible());
  EXPECT_TRUE(dialog.error()->isVisible());
  EXPECT_TRUE(
      dialog.error()->text().contains(QStringLiteral("options.breaker: expected true or false")))
      << dialog.error()->text().toStdString();
  dialog.field()->setCurrentText(QStringLiteral("brakes=on"));
  dialog.accept();
  EXPECT_TRUE(dialog.error()->text().contains(QStringLiteral("options.brakes")));
  EXPECT_FALSE(dialog.comparison().has_value());
}

TEST_F(CompareView, StepPlayAndNextStepKeepBothAtTheSameTime) {
  openCompare();
  for (int i = 0; i < 30; ++i) compare->action(QStringLiteral("sim.step"))->trigger();
  ASSERT_TRUE(bothSettled());
  EXPECT_GT(status(0).now, SimTime{0});
  EXPECT_EQ(status(1).now, status(0).now);

  for (int i = 0; i < 5; ++i) compare->action(QStringLiteral("sim.faster"))->trigger();
  ASSERT_TRUE(until([&] { return status(0).speed == 5.0; })) << "×0.1 and five ] later";
  compare->action(QStringLiteral("sim.play"))->trigger();
  // Step 1 ends after 3 s: the leader pauses there, the follower with it.
  ASSERT_TRUE(bothSettled());
  EXPECT_TRUE(status(0).conditionMet);
  EXPECT_EQ(status(0).now, SimTime{3'000'000});
  EXPECT_EQ(status(1).now, SimTime{3'000'000});

  compare->action(QStringLiteral("sim.next"))->trigger();
  ASSERT_TRUE(until([&] { return status(0).step == 1 && status(1).step == 1; }));
  compare->action(QStringLiteral("sim.play"))->trigger();  // pause
  ASSERT_TRUE(bothSettled());
  EXPECT_EQ(status(1).now, status(0).now);
  // Step 2's action (payment turns slow) was applied to both at the step's start.
  const auto a = commands(0), b = commands(1);
  ASSERT_FALSE(a.empty());
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.back().at, SimTime{3'000'000});
  EXPECT_EQ(b.back().at, a.back().at);
}

TEST_F(CompareView, AClickOnEitherCanvasAndAKnobReachBothRuns) {
  openCompare();
  compare->session(0)->driver()->runTo(SimTime{1'000'000});
  ASSERT_TRUE(bothSettled());
  compare->scene(1)->nodePowerClicked(kPayment);  // on B's canvas
  ASSERT_TRUE(bothSettled());
  ASSERT_TRUE(until([&] {
    return compare->session(0)->mirror().nodes[kPayment].status == NodeStatus::Crashed &&
           compare->session(1)->mirror().nodes[kPayment].status == NodeStatus::Crashed;
  }));
  auto a = commands(0), b = commands(1);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(b.back().at, SimTime{1'000'000});
  EXPECT_EQ(a.back().at, b.back().at);

  QAction* knob = nullptr;
  ASSERT_TRUE(until([&] {
    return (knob = compare->findChild<QAction*>(QStringLiteral("knob.naive-retries"))) != nullptr;
  }));
  compare->session(0)->driver()->runTo(SimTime{1'500'000});
  ASSERT_TRUE(bothSettled());
  knob->trigger();
  compare->session(0)->driver()->runTo(SimTime{1'600'000});
  ASSERT_TRUE(bothSettled());
  a = commands(0);
  b = commands(1);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(b.back().at, SimTime{1'500'000});
  EXPECT_EQ(a.back().at, SimTime{1'500'000});
  EXPECT_NE(lastCommandText(1).find("naive-retries"), std::string::npos) << lastCommandText(1);
  EXPECT_EQ(lastCommandText(1), lastCommandText(0));
}

TEST_F(CompareView, EveryChartDrawsBothRunsNamedForTheirVariants) {
  openCompare();
  compare->session(0)->driver()->runTo(SimTime{8'000'000});
  ASSERT_TRUE(bothSettled());
  CompareCharts* charts = compare->charts();
  ASSERT_TRUE(until([&] {
    return !charts->views().empty() && charts->series(0, 0) && charts->series(0, 0)->count() > 5;
  }));
  ASSERT_EQ(charts->views().size(), 8u) << "OK and failed, for each of four services";
  bool sawCatalog = false;
  for (std::size_t i = 0; i < charts->views().size(); ++i) {
    const auto series = charts->views()[i]->chart()->series();
    ASSERT_EQ(series.size(), 2) << charts->measures()[i].title.toStdString();
    EXPECT_EQ(series[0]->name(), QStringLiteral("breaker off"));
    EXPECT_EQ(series[1]->name(), QStringLiteral("breaker on"));
    EXPECT_EQ(charts->series(i, 0)->pen().style(), Qt::SolidLine);
    EXPECT_EQ(charts->series(i, 1)->pen().style(), Qt::DashLine);
    EXPECT_NE(charts->series(i, 0)->pen().color(), charts->series(i, 1)->pen().color());
    EXPECT_GT(charts->series(i, 1)->count(), 5);
    sawCatalog = sawCatalog || charts->measures()[i].title.startsWith("catalog: OK");
  }
  EXPECT_TRUE(sawCatalog);
}

// Runs with different clusters: a node only run A has is failed there, and
// run B says why it could not follow.
TEST_F(CompareView, ACommandTheFollowerRefusesIsSaidNamingTheRun) {
  ASSERT_TRUE(w->openScenario(QStringLiteral("leader-fails"), std::nullopt, false));
  ASSERT_TRUE(settled());
  compare = std::make_unique<CompareWindow>(
      makeComparison(*w->session()->scenario(), parseOptionChange("nodes=3", "test")), std::nullopt,
      false);
  compare->show();
  ASSERT_TRUE(bothSettled());
  compare->scene(0)->nodePowerClicked(4);  // node 4 exists in A (5 nodes), not in B (3)
  ASSERT_TRUE(until([&] {
    return compare->session(0)->mirror().nodes[4].status == NodeStatus::Crashed &&
           compare->statusBar()->currentMessage().startsWith(QStringLiteral("B: "));
  }));
  EXPECT_TRUE(compare->statusBar()->currentMessage().contains(QStringLiteral("4")))
      << compare->statusBar()->currentMessage().toStdString();
}

// The same actions at the same moments give the same pair of runs: a compare
// run is as reproducible as a single one.
// Issue 12: the compare view's → is the clicker's too. It plays a step that
// has not run, fast-forwards it to its condition, and only then begins the
// next step, in both runs.
TEST_F(CompareView, NextNeverSkipsAStepThatHasNotRun) {
  openCompare();
  QAction* next = compare->action(QStringLiteral("sim.next"));
  const auto handled = [&] {
    return status(0).commandsHandled >= compare->session(0)->driver()->commandsPosted();
  };
  next->trigger();
  ASSERT_TRUE(until(handled));
  EXPECT_EQ(status(0).step, 0u) << "step 1 plays; it is not skipped";
  EXPECT_TRUE(status(0).playing);
  next->trigger();
  ASSERT_TRUE(until(handled));
  EXPECT_EQ(status(0).step, 0u);
  ASSERT_TRUE(bothSettled());
  EXPECT_TRUE(status(0).conditionMet);
  EXPECT_EQ(status(0).now, SimTime{3'000'000});
  EXPECT_EQ(status(1).now, SimTime{3'000'000});
  next->trigger();
  ASSERT_TRUE(until([&] { return status(0).step == 1 && status(1).step == 1; }));
}

TEST_F(CompareView, TheSameActionsGiveTheSameTwoRuns) {
  std::vector<std::uint64_t> hashes;
  for (int attempt = 0; attempt < 2; ++attempt) {
    openCompare();
    compare->session(0)->driver()->runTo(SimTime{1'250'000});
    ASSERT_TRUE(bothSettled());
    compare->scene(1)->nodePowerClicked(kPayment);
    // Step 2 begins now, in both, before step 1's time is up (the clicker's
    // → would play step 1 first).
    compare->session(0)->driver()->nextStep();
    compare->session(0)->driver()->runTo(SimTime{6'000'000});
    ASSERT_TRUE(bothSettled());
    hashes.push_back(status(0).traceHash);
    hashes.push_back(status(1).traceHash);
    compare.reset();
  }
  EXPECT_EQ(hashes[0], hashes[2]);
  EXPECT_EQ(hashes[1], hashes[3]);
  EXPECT_NE(hashes[0], hashes[1]);
}

// The speed shown is the speed run: the main window's, or the nearest the
// compare view offers when it offers no such speed.
TEST_F(CompareView, TheSpeedBoxShowsTheSpeedRun) {
  ASSERT_TRUE(w->openScenario(QStringLiteral("cascading-failure"), std::nullopt, false));
  ASSERT_TRUE(settled());
  const Comparison c =
      makeComparison(*w->session()->scenario(), parseOptionChange("breaker=on", "test"));
  for (auto [given, shown] : {std::pair{0.1, 0.1}, {0.01, 0.05}, {Driver::kFlatOut, 10.0}}) {
    compare = std::make_unique<CompareWindow>(c, std::nullopt, false, given);
    auto* box = compare->findChild<QComboBox*>(QStringLiteral("speed"));
    ASSERT_NE(box, nullptr);
    EXPECT_EQ(box->currentData().toDouble(), shown) << given;
    ASSERT_TRUE(until([&] { return status(0).run > 0; }));
    EXPECT_EQ(status(0).speed, shown) << given;
    compare.reset();
  }
}

// The timeline under the canvases seeks both runs: back to before a crash
// (payment up again in both), and forward to the head, where both runs are
// the ones they were before seeking.
TEST_F(CompareView, TheTimelineSeeksBothRuns) {
  openCompare();
  compare->session(0)->driver()->runTo(SimTime{1'250'000});
  ASSERT_TRUE(bothSettled());
  compare->scene(0)->nodePowerClicked(kPayment);
  compare->session(0)->driver()->runTo(SimTime{4'000'000});
  ASSERT_TRUE(bothSettled());
  const std::uint64_t hashA = status(0).traceHash, hashB = status(1).traceHash;

  TimelineWidget* t = compare->timeline();
  ASSERT_NE(t, nullptr);
  ASSERT_TRUE(t->isVisible());
  const QPoint at(static_cast<int>(t->xOf(SimTime{1'000'000})), t->height() / 3);
  QTest::mouseClick(t, Qt::LeftButton, {}, at);
  const SimTime target = t->timeAt(at.x());
  ASSERT_LT(target, SimTime{1'250'000});
  ASSERT_TRUE(until([&] { return status(0).now == target && status(1).now == target; }));
  ASSERT_TRUE(bothSettled());
  for (int run = 0; run < 2; ++run)
    EXPECT_NE(compare->session(run)->mirror().nodes[kPayment].status, NodeStatus::Crashed) << run;

  // Failing a node here forks run A; the pin names no branch list, which
  // the compare view has not.
  compare->scene(0)->nodePowerClicked(kPayment);
  ASSERT_TRUE(until([&] { return !t->forks().empty(); }));
  const QString tip = t->tipAt(
      QPointF(t->xOf(compare->session(0)->mirror().timeline->branches[t->forks().back()].forkedAt),
              t->height() / 3.0));
  EXPECT_TRUE(tip.contains(QStringLiteral("began here"))) << tip.toStdString();
  EXPECT_FALSE(tip.contains(QStringLiteral("Branches"))) << tip.toStdString();
  compare->session(0)->switchBranch(0);
  ASSERT_TRUE(until([&] { return status(0).branch == 0 && !status(0).busy; }));
  ASSERT_TRUE(bothSettled());

  compare->session(1)->seek(status(0).head);  // from B's side, as a knob would be
  ASSERT_TRUE(until([&] { return status(0).now == SimTime{4'000'000}; }));
  ASSERT_TRUE(bothSettled());
  EXPECT_EQ(status(0).traceHash, hashA);
  EXPECT_EQ(status(1).traceHash, hashB);
  for (int run = 0; run < 2; ++run)
    EXPECT_EQ(compare->session(run)->mirror().nodes[kPayment].status, NodeStatus::Crashed) << run;
}

}  // namespace
}  // namespace cs::ui
