// Lecture mode's clicker keys and "restart this step", offscreen: Space
// begins the next step and P plays or pauses; R begins the current step again
// and it runs exactly as it did the first time; the pointer ring is on; and
// → alone takes every bundled scenario from its first step to its last, each
// step run to its condition, exactly as a headless run takes it.
#include <clusterscope/scenario.h>
#include <gtest/gtest.h>
#include <QAction>
#include <QApplication>

#include "timeline/timeline_widget.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

class Lecture : public Window {
 protected:
  void runToCondition() {
    ASSERT_TRUE(until([this] { return mirror().status.conditionMet && !mirror().status.playing; }));
  }
  void enter() {
    w->setLectureMode(true);
    QApplication::setActiveWindow(w.get());
    ASSERT_TRUE(QTest::qWaitForWindowActive(w.get()));
  }
};

TEST_F(Lecture, SpaceBeginsTheNextStepAndPPlaysOrPauses) {
  openPaused();
  w->session()->setSpeed(Driver::kFlatOut);
  enter();
  EXPECT_TRUE(w->view()->pointerHighlight());
  EXPECT_FALSE(w->timeline()->isVisible()) << "canvas and narration only";
  QTest::keyClick(w.get(), Qt::Key_P);  // play: step 0 runs to its condition
  runToCondition();
  ASSERT_EQ(mirror().status.step, 0u);
  QTest::keyClick(w.get(), Qt::Key_Space);
  EXPECT_TRUE(until([this] { return mirror().status.step == 1; }));
  QTest::keyClick(w.get(), Qt::Key_Escape);
  EXPECT_FALSE(w->view()->pointerHighlight());
  EXPECT_TRUE(until([this] { return w->timeline()->isVisible(); }));
  EXPECT_EQ(w->action(QStringLiteral("sim.play"))->shortcut(), QKeySequence(Qt::Key_Space));
}

TEST_F(Lecture, RestartingAStepReplaysItIdentically) {
  openPaused();
  w->session()->setSpeed(Driver::kFlatOut);
  w->session()->togglePlay();
  runToCondition();
  w->session()->nextStep();  // the leader fails; another is elected
  ASSERT_TRUE(until([this] { return mirror().status.step == 1; }));
  runToCondition();
  const SimTime at = mirror().status.now;
  const std::uint64_t events = mirror().status.eventsProcessed;
  const std::uint64_t run = mirror().status.run;
  enter();
  QTest::keyClick(w.get(), Qt::Key_R);
  ASSERT_TRUE(until([&] { return mirror().status.run > run && mirror().status.step == 1; }));
  runToCondition();
  EXPECT_EQ(mirror().status.now, at);
  EXPECT_EQ(mirror().status.eventsProcessed, events);
}

// Issue 12: a clicker's → never skips a step that has not run. Pressed
// whenever the run rests or plays at its own pace (a press while it plays
// fast-forwards), → alone must reach the last step's condition along the very
// run a headless runner makes by running every step to its condition: a step
// begun early or a condition missed would change the trace.
TEST_F(Lecture, TheClickerAloneRunsEveryBundledScenarioToItsLastCondition) {
  enter();
  for (const BundledScenario& b : bundledScenarios()) {
    SCOPED_TRACE(b.name);
    ScenarioRunner headless(loadScenario(b.name));
    for (std::size_t i = 0; i < headless.stepCount(); ++i) {
      headless.beginStep(i);
      ASSERT_TRUE(headless.runStep()) << "step " << i + 1 << " headless";
    }
    ASSERT_TRUE(w->openScenario(QString::fromStdString(b.name), std::nullopt, false));
    ASSERT_TRUE(settled());
    const auto handled = [this] {
      return mirror().status.commandsHandled >= w->session()->driver()->commandsPosted();
    };
    const auto finished = [this] {
      const DriverStatus& s = mirror().status;
      return s.step + 1 == s.stepCount && s.conditionMet && !s.playing;
    };
    for (int presses = 0; !finished(); ++presses) {
      ASSERT_LT(presses, 200) << "the clicker never reached the end";
      ASSERT_FALSE(mirror().status.stepFailed) << "step " << mirror().status.step + 1;
      QTest::keyClick(w.get(), Qt::Key_Right);
      ASSERT_TRUE(until(handled));
      // Pressed again once the run rests, or plays at its own pace.
      ASSERT_TRUE(until([&] {
        const DriverStatus& s = mirror().status;
        return handled() && (!s.playing || !s.fastForward);
      }));
    }
    const DriverStatus& s = mirror().status;
    EXPECT_FALSE(s.stepFailed);
    EXPECT_EQ(s.now, headless.simulation().now());
    EXPECT_EQ(s.traceHash, headless.simulation().kernel().trace().hash());
  }
}

}  // namespace
}  // namespace cs::ui
