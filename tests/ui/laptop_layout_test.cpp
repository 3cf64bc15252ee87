// What the window shows whole on a laptop's 1280×720 and in lecture mode at
// 1920×1080 (issue 13's screen problems): every bundled step's state box,
// its expectations in words, uncut; the canvas's hint and clock over no node
// and no panel; every toolbar button reachable; the Strangler Fig's route
// table readable.
#include <clusterscope/scenario.h>
#include <gtest/gtest.h>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolBar>
#include <algorithm>
#include <string>
#include <vector>

#include "canvas/shapes.h"
#include "docks/metric_words.h"
#include "docks/narration_dock.h"
#include "readable_fixture.h"

namespace cs::ui {
namespace {

// What a step's expectations could come out as when its condition is met,
// long readings included: metrics by the run's description of them.
std::vector<ExpectOutcome> outcomesOf(const ScenarioStep& step, const Mirror& mirror) {
  std::vector<ExpectOutcome> v;
  for (const StepExpectation& e : step.expect) {
    ExpectOutcome o;
    o.held = true;
    if (e.kind == StepExpectation::Kind::Metric) {
      o.reading = " = 888.8 ms (expected at most 888 ms)";
      o.text = e.metric + o.reading;
      if (const auto id = mirror.metricIndex(e.metric)) o.metric = static_cast<MetricId>(*id);
    } else if (e.kind == StepExpectation::Kind::Milestone) {
      o.text = e.milestone + " at node-88 traced 88 times in the step (expected at least 88)";
    } else {
      o.text = "node-88 is crashed (expected crashed)";
    }
    v.push_back(std::move(o));
  }
  return v;
}

class LaptopLayout : public Readable {
 protected:
  // Each scenario's description, and every step shown at its end with its
  // expectations met: the paragraph and the state box are as tall as their
  // lines and whole on screen, no metric is named by its raw name, nothing
  // needs a scrollbar and the window stays on the screen. `only`: these
  // scenarios; empty, every bundled one.
  void checkEveryStepsState(const char* where, const std::vector<std::string>& only = {}) {
    auto* narration = w->findChild<NarrationDock*>(QStringLiteral("narration"));
    ASSERT_NE(narration, nullptr);
    auto* state = narration->findChild<QLabel*>(QStringLiteral("stepState"));
    auto* text = narration->findChild<QLabel*>(QStringLiteral("stepText"));
    ASSERT_NE(text, nullptr);
    auto* scroll = narration->findChild<QScrollArea*>();
    ASSERT_NE(state, nullptr);
    ASSERT_NE(scroll, nullptr);
    const QRect screen = w->screen()->geometry();
    int checked = 0;
    for (const BundledScenario& b : bundledScenarios()) {
      if (!only.empty() && std::find(only.begin(), only.end(), b.name) == only.end()) continue;
      ASSERT_TRUE(w->openScenario(QString::fromStdString(b.name), std::nullopt, false));
      ASSERT_TRUE(settled());
      const Scenario sc = parseScenario(b.json, "bundled:" + b.name);
      // Step `stepCount` is "not started": the description.
      for (std::size_t i = 0; i <= sc.steps.size(); ++i) {
        DriverStatus s = mirror().status;
        s.step = i;
        s.stepCount = sc.steps.size();
        s.conditionMet = true;
        s.stepFailed = false;
        s.playing = false;
        s.expectations =
            i < sc.steps.size() ? outcomesOf(sc.steps[i], mirror()) : std::vector<ExpectOutcome>{};
        narration->showStatus(sc, s);
        for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
        const std::string at = b.name + " step " + std::to_string(i + 1) + " " + where;
        EXPECT_GE(state->height(), state->heightForWidth(state->width()))
            << at << ": the state box is cut: \"" << state->text().toStdString() << "\"";
        EXPECT_GE(text->height(), text->heightForWidth(text->width()))
            << at << ": the paragraph is cut: \"" << text->text().toStdString() << "\"";
        EXPECT_EQ(text->visibleRegion().boundingRect(), text->rect())
            << at << ": the paragraph is not whole on screen";
        EXPECT_EQ(state->visibleRegion().boundingRect(), state->rect())
            << at << ": the state box is not whole on screen";
        EXPECT_EQ(scroll->verticalScrollBar()->maximum(), 0)
            << at << ": the narration needs a scrollbar";
        EXPECT_TRUE(screen.contains(w->frameGeometry()))
            << at << ": the window is " << w->frameGeometry().height() << " px high";
        for (std::size_t k = 0; k < s.expectations.size(); ++k) {
          if (!s.expectations[k].metric) continue;
          const QString raw = QString::fromStdString(sc.steps.at(i).expect[k].metric);
          EXPECT_FALSE(state->text().contains(raw))
              << at << ": a metric by its raw name: " << state->text().toStdString();
        }
        ++checked;
      }
    }
    EXPECT_GT(checked, only.empty() ? 150 : 10);
  }
  // The hint and the clock over the canvas hide no node and no panel.
  void checkOverlay(const std::string& at) {
    const QRect viewport = w->view()->viewport()->rect();
    const QRect hint = w->view()->hintRect();
    const QRect clock = w->view()->clockRect();
    for (const auto& [name, part] : drawnParts()) {
      if (!part.intersects(viewport)) continue;
      EXPECT_FALSE(hint.intersects(part)) << at << ": the hint hides " << name.toStdString();
      EXPECT_FALSE(clock.intersects(part)) << at << ": the clock hides " << name.toStdString();
    }
    if (!hint.isEmpty()) {
      EXPECT_TRUE(viewport.contains(hint)) << at;
      EXPECT_FALSE(hint.intersects(w->view()->legendRect())) << at;
    }
  }
};

// As the app opens on a laptop, maximised with its docks laid out as the
// window lays them out.
TEST_F(LaptopLayout, EveryStepsStateReadsWholeOnALaptop) {
  launchOnLaptop();
  checkEveryStepsState("at 1280x720");
}

// A window moved from a desktop to the laptop lays its docks out again.
TEST_F(LaptopLayout, EveryStepsStateReadsWholeMovedToALaptop) {
  moveToLaptop();
  checkEveryStepsState("moved to 1280x720", {"shard-zones", "cascading-failure", "retry-storm"});
}

TEST_F(LaptopLayout, EveryStepsStateReadsWholeInTheCaptionBand) {
  ASSERT_TRUE(w->openScenario(QStringLiteral("shard-zones"), std::nullopt, false));
  ASSERT_TRUE(settled());
  enterLecture();
  checkEveryStepsState("in lecture mode at 1920x1080");
}

// One scenario of each pattern on the laptop: the hint and the clock stand
// over no node; every button of the toolbars is on screen, none behind a
// toolbar's » (a pattern with more buttons than its row holds continues on
// the time row); the scenario picker is whole.
TEST_F(LaptopLayout, EveryButtonAndTheHintOnALaptop) {
  launchOnLaptop();
  for (const Hall& h : kOnePerPattern) {
    openAndPlay(QString::fromLatin1(h.scenario), 1500);
    for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
    checkOverlay(std::string(h.scenario) + " at 1280x720");
    int knobs = 0;
    for (const char* name : {"timeBar", "faultBar", "faultBar2"}) {
      auto* bar = w->findChild<QToolBar*>(QString::fromLatin1(name));
      ASSERT_NE(bar, nullptr) << name;
      if (!bar->isVisible()) continue;
      for (QAction* a : bar->actions()) {
        if (a->isSeparator() || !a->isVisible()) continue;
        QWidget* button = bar->widgetForAction(a);
        const bool shown =
            button && button->isVisible() && bar->rect().contains(button->geometry()) &&
            w->rect().contains(QRect(button->mapTo(w.get(), QPoint()), button->size()));
        EXPECT_TRUE(shown) << h.scenario << ": \"" << a->text().toStdString()
                           << "\" is not on screen";
        knobs += a->objectName().startsWith(QStringLiteral("knob."));
      }
    }
    // Each of the pattern's buttons on one of the rows.
    auto* faults = w->findChild<QMenu*>(QStringLiteral("faultsMenu"));
    ASSERT_NE(faults, nullptr);
    int inMenu = 0;
    for (QAction* a : faults->actions())
      inMenu += a->objectName().startsWith(QStringLiteral("knob."));
    EXPECT_GT(knobs, 0) << h.scenario;
    EXPECT_EQ(knobs, inMenu) << h.scenario;
    auto* picker = w->findChild<QWidget*>(QStringLiteral("scenarioPicker"));
    ASSERT_NE(picker, nullptr);
    EXPECT_TRUE(picker->isVisible());
    EXPECT_TRUE(w->rect().contains(QRect(picker->mapTo(w.get(), QPoint()), picker->size())))
        << "the scenario picker is cut off";
  }
}

TEST_F(LaptopLayout, TheHintAndClockHideNothingInLectureMode) {
  for (const Hall& h : kOnePerPattern) {
    openAndPlay(QString::fromLatin1(h.scenario), 1500);
    if (!w->isFullScreen()) enterLecture();
    for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
    checkOverlay(std::string(h.scenario) + " in lecture mode");
  }
}

// The route table's smallest text on a laptop reads at kReadablePixels or
// more (laptop_panels_test.cpp checks the other panels, in the window as
// the app opens it there).
TEST_F(LaptopLayout, TheRouteTableReadsOnALaptop) {
  moveToLaptop();
  openAndPlay(QStringLiteral("fig-one-route"), 8000);
  for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
  const TextSizeEngine::Found text = measurePanelText();
  ASSERT_GT(text.count, 20);
  EXPECT_GE(text.smallest, kReadablePixels)
      << "smallest route table text: \"" << text.text.toStdString() << "\" at " << text.smallest
      << " px";
}

TEST(MetricWords, SayWhatIsMeasured) {
  EXPECT_EQ(metricWords(MetricInfo::gauge("shard.router-1.latency-1s", "router", "router-1",
                                          "mean latency over 1 s", MetricUnit::Microseconds)),
            QStringLiteral("router-1 mean latency over 1 s"));
  EXPECT_EQ(metricWords(MetricInfo::gauge("client.browse-client.failed_5s", "client",
                                          "browse-client", "failed_5s", MetricUnit::Percent)),
            QStringLiteral("browse-client failed over the last 5 s"));
  EXPECT_EQ(metricWords(MetricInfo::counter("path.orders->payment.short_circuited", "path",
                                            "orders->payment", "short_circuited")),
            QStringLiteral("orders → payment short circuited"));
  EXPECT_EQ(metricWords(MetricInfo::gauge("es.crud_drift", "crud", "crud", "crud_drift")),
            QStringLiteral("crud drift"));
  EXPECT_EQ(metricWords(MetricInfo::gauge("svc.app.p99_5s_us", "service", "app", "p99_5s",
                                          MetricUnit::Microseconds)),
            QStringLiteral("app p99 over the last 5 s"));
  EXPECT_EQ(metricWords(MetricInfo::counter("pubsub.published", "pubsub", "", "published")),
            QStringLiteral("pubsub published"));
}

}  // namespace
}  // namespace cs::ui
