// The window as the app opens it on a laptop's 1280×720 (issue 13): the
// narration's step counter apart from the scenario's title; every event
// log cell in view whole, no time or sentence cut to "…"; a canvas that
// keeps its height when a timeline lane appears mid-demo.
#include <clusterscope/scenario.h>
#include <gtest/gtest.h>
#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QTableView>
#include <string>

#include "docks/event_log_dock.h"
#include "docks/event_log_model.h"
#include "docks/narration_dock.h"
#include "readable_fixture.h"
#include "timeline/timeline_widget.h"

namespace cs::ui {
namespace {

class LaptopWindow : public Readable {
 protected:
  // Every cell the log shows now is whole: the time, node and kind on one
  // line within their columns, the sentence wrapped within its row.
  void checkLogCells(const std::string& at) {
    QTableView* table = w->eventLog()->table();
    const int margin =
        table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1;
    const int first = table->rowAt(0);
    ASSERT_GE(first, 0) << at << ": the log shows no row";
    int checked = 0;
    for (int row = first; row < table->model()->rowCount(); ++row) {
      const QRect shown = table->visualRect(table->model()->index(row, 0));
      if (shown.top() >= table->viewport()->height()) break;
      for (int col = 0; col < EventLogModel::ColumnCount; ++col) {
        const QModelIndex i = table->model()->index(row, col);
        const QString text = i.data(Qt::DisplayRole).toString();
        if (text.isEmpty()) continue;
        const QVariant f = i.data(Qt::FontRole);
        const QFontMetrics fm(f.isValid() ? f.value<QFont>() : table->font());
        const int width = table->columnWidth(col) - 2 * margin;
        const std::string cell =
            at + ", row " + std::to_string(row) + ": \"" + text.toStdString() + "\"";
        if (col != EventLogModel::Text) {
          EXPECT_LE(fm.horizontalAdvance(text), width) << cell << " is cut";
          continue;
        }
        for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts))
          EXPECT_LE(fm.horizontalAdvance(word), width)
              << cell << ": \"" << word.toStdString() << "\" is wider than its column";
        const int high =
            fm.boundingRect(QRect(0, 0, width, 1 << 20), Qt::TextWordWrap, text).height();
        EXPECT_LE(high, table->rowHeight(row))
            << cell << " needs " << high << " px, has " << table->rowHeight(row);
        ++checked;
      }
    }
    EXPECT_GE(checked, 2) << at;
  }
};

// The counter ("step 1 of 6") never shares a line with the scenario's
// title: the title reads whole, wrapped if it must, and the counter stands
// on a line of its own.
TEST_F(LaptopWindow, TheStepCounterStandsApartFromTheTitle) {
  launchOnLaptop();
  auto* narration = w->findChild<NarrationDock*>(QStringLiteral("narration"));
  ASSERT_NE(narration, nullptr);
  auto* title = narration->findChild<QLabel*>(QStringLiteral("scenarioTitle"));
  auto* counter = narration->findChild<QLabel*>(QStringLiteral("stepCounter"));
  ASSERT_NE(title, nullptr);
  ASSERT_NE(counter, nullptr);
  for (const BundledScenario& b : bundledScenarios()) {
    ASSERT_TRUE(w->openScenario(QString::fromStdString(b.name), std::nullopt, false));
    ASSERT_TRUE(settled());
    const Scenario sc = parseScenario(b.json, "bundled:" + b.name);
    if (sc.steps.empty()) continue;
    DriverStatus s = mirror().status;
    s.step = 0;
    s.stepCount = sc.steps.size();
    narration->showStatus(sc, s);
    for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
    ASSERT_TRUE(counter->text().startsWith(QStringLiteral("step 1 of"))) << b.name;
    const QRect t(title->mapTo(narration, QPoint()), title->size());
    const QRect c(counter->mapTo(narration, QPoint()), counter->size());
    EXPECT_TRUE(c.top() >= t.bottom() || c.bottom() <= t.top())
        << b.name << ": the counter stands beside the title \"" << title->text().toStdString()
        << "\"";
    EXPECT_GE(title->height(), title->heightForWidth(title->width()))
        << b.name << ": the title is cut: \"" << title->text().toStdString() << "\"";
    EXPECT_GE(t.width(), narration->width() * 3 / 4)
        << b.name << ": the title does not have the dock's width";
  }
}

// One scenario of each pattern, a few seconds in: every cell in view whole.
TEST_F(LaptopWindow, EventLogCellsReadWholeOnALaptop) {
  launchOnLaptop();
  for (const Hall& h : kOnePerPattern) {
    openAndPlay(QString::fromLatin1(h.scenario), 12'000);
    for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
    checkLogCells(std::string(h.scenario) + " at 1280x720");
  }
}

// The canvas as high after a scenario's first steps and a crash as at its
// start, whatever lanes (a fault's, the pattern's own) the timeline gained.
TEST_F(LaptopWindow, TheCanvasKeepsItsHeightWhenATimelineLaneAppears) {
  launchOnLaptop();
  bool sawPatternLane = false;
  for (const Hall& h : kOnePerPattern) {
    ASSERT_TRUE(w->openScenario(QString::fromLatin1(h.scenario), std::nullopt, false));
    ASSERT_TRUE(settled());
    for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
    const int before = w->view()->height();
    // On through the first steps as a lecturer's → takes them, to 10 s at most.
    const SimTime limit = fromMillis(10'000);
    for (std::size_t step = 0; step < 3 && mirror().status.now < limit; ++step) {
      w->session()->setSpeed(Driver::kFlatOut);
      w->session()->nextStep();
      ASSERT_TRUE(until([&] {
        const DriverStatus& s = mirror().status;
        return (s.step == step && s.step < s.stepCount && (s.conditionMet || s.stepFailed) &&
                !s.playing) ||
               s.now >= limit;
      })) << h.scenario
          << " step " << step + 1;
      if (mirror().status.playing) w->session()->togglePlay();
      ASSERT_TRUE(settled());
    }
    // A crash: the timeline gains the node's fault lane.
    w->session()->toggleFailed(mirror().nodes.front().id);
    w->session()->stepEvent();
    ASSERT_TRUE(settled());
    for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
    EXPECT_FALSE(w->timeline()->lanes().empty()) << h.scenario << ": no fault lane";
    sawPatternLane = sawPatternLane || !w->timeline()->patternLanes().empty();
    EXPECT_EQ(w->view()->height(), before)
        << h.scenario << ": the canvas moved as the timeline gained "
        << w->timeline()->lanes().size() << " fault lanes and "
        << w->timeline()->patternLanes().size() << " of the pattern's";
  }
  EXPECT_TRUE(sawPatternLane) << "no scenario showed a lane of its pattern's";
}

}  // namespace
}  // namespace cs::ui
