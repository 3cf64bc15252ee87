// Lecture mode's clicker keys and "restart this step", offscreen: Space
// begins the next step and P plays or pauses; R begins the current step again
// and it runs exactly as it did the first time; the pointer ring is on.
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

}  // namespace
}  // namespace cs::ui
