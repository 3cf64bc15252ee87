// The invariants dock, offscreen: in each bundled "-unsafe" scenario the
// invariant it breaks turns red with the time it broke, and "Go to the
// violation" rewinds to that moment and selects the Violation record in the
// event log; in every other bundled scenario every invariant stays green over
// its first 5 s (whole runs over 41 seeds are the scenario tests' part).
// In lecture mode the strip of pills shows the same verdicts.
#include <gtest/gtest.h>
#include <QAction>
#include <QApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <utility>

#include "docks/event_log_dock.h"
#include "docks/event_log_model.h"
#include "docks/invariant_dock.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

class Invariants : public Window {
 protected:
  // Opens a bundled scenario paused and runs it, as fast as it goes and
  // through the steps whose conditions are met, to `seconds` of its clock.
  void runTo(const QString& name, double seconds) {
    ASSERT_TRUE(w->openScenario(name, std::nullopt, false));
    ASSERT_TRUE(settled());
    w->session()->driver()->runTo(fromSeconds(seconds));
    // The ambassador's load takes a debug build longer than the fixture's
    // 20 s safety net: a wider net, still not a timing.
    QElapsedTimer t;
    t.start();
    const auto done = [this] {
      const DriverStatus& s = mirror().status;
      return s.commandsHandled >= w->session()->driver()->commandsPosted() && !s.playing && !s.busy;
    };
    while (!done() && t.elapsed() < 240'000) {
      QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
      w->session()->drain();
    }
    ASSERT_TRUE(done());
  }
  // The dock's row for the invariant called `name`; -1 if it lists none.
  int rowOf(const std::string& name) {
    const auto& list = mirror().invariants;
    for (std::size_t i = 0; i < list.size(); ++i)
      if (list[i].name == name) return static_cast<int>(i);
    return -1;
  }
  QLabel* verdictLabel(int row) {
    auto* box = w->invariants()->findChild<QWidget*>(QStringLiteral("invariant.%1").arg(row));
    return box ? box->findChild<QLabel*>(QStringLiteral("verdict")) : nullptr;
  }
  std::uint64_t selectedRecord() {
    const QModelIndexList rows = w->eventLog()->table()->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : rows.first().data(EventLogModel::RecordSeqRole).toULongLong();
  }
};

std::vector<std::string> unsafeNames() {
  std::vector<std::string> v;
  for (const auto& b : bundledScenarios())
    if (!loadScenario(b.name).breaks.empty()) v.push_back(b.name);
  return v;
}

TEST_F(Invariants, EachUnsafeScenarioTurnsItsInvariantRedAndGoesToTheViolation) {
  const auto names = unsafeNames();
  ASSERT_EQ(names.size(), 4u) << "one per pattern";
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    const Scenario sc = loadScenario(name);
    // Past the moment each unsafe scenario breaks its rule (6.6 s at most).
    runTo(QString::fromStdString(name), 8);
    const int row = rowOf(sc.breaks.front());
    ASSERT_GE(row, 0);
    const InvariantVerdict v = mirror().invariants[row];
    ASSERT_TRUE(v.broken());
    QLabel* label = verdictLabel(row);
    ASSERT_NE(label, nullptr);
    EXPECT_TRUE(label->text().startsWith(QStringLiteral("✗ broken at")))
        << label->text().toStdString();
    EXPECT_TRUE(label->styleSheet().contains(QStringLiteral("#c62828"))) << "red";
    for (const auto& other : mirror().invariants) {
      if (other.name != v.name) {
        EXPECT_FALSE(other.broken()) << other.name;
      }
    }

    QPushButton* go = w->invariants()->goToButton(row);
    ASSERT_NE(go, nullptr);
    ASSERT_TRUE(go->isEnabled());
    const std::uint64_t run = mirror().status.run;
    go->click();
    ASSERT_TRUE(until([&] {
      return mirror().status.run > run && selectedRecord() == v.firstRecord;
    })) << "the event log selects the violation";
    EXPECT_EQ(mirror().status.now, v.firstBrokenAt) << "the run stands where it broke";
    bool found = false;
    for (const auto& r : mirror().records)
      if (r.record.seq == v.firstRecord) {
        found = true;
        EXPECT_EQ(r.record.kind, TraceKind::Violation);
        EXPECT_EQ(r.record.at, v.firstBrokenAt);
      }
    EXPECT_TRUE(found);
    // Rebuilt at that moment, the run has broken the rule exactly once so far.
    EXPECT_EQ(mirror().invariants[row].violations, 1u);
  }
}

TEST_F(Invariants, EveryOtherBundledScenarioStaysGreen) {
  for (const auto& b : bundledScenarios()) {
    if (!loadScenario(b.name).breaks.empty()) continue;
    SCOPED_TRACE(b.name);
    runTo(QString::fromStdString(b.name), 5);
    ASSERT_FALSE(mirror().invariants.empty());
    for (std::size_t i = 0; i < mirror().invariants.size(); ++i) {
      EXPECT_FALSE(mirror().invariants[i].broken())
          << mirror().invariants[i].name << ": " << mirror().invariants[i].firstText;
      QLabel* label = verdictLabel(static_cast<int>(i));
      ASSERT_NE(label, nullptr);
      EXPECT_EQ(label->text(), QStringLiteral("✓ held"));
      EXPECT_FALSE(w->invariants()->goToButton(static_cast<int>(i))->isEnabled());
    }
  }
}

TEST_F(Invariants, EachRuleSwitchIsOffInItsUnsafeScenarioAndTurnsTheRuleBackOn) {
  const std::pair<const char*, const char*> rules[] = {
      {"leader-election-unsafe", "election-restriction"},
      {"breaker-unsafe", "fail-fast"},
      {"pubsub-unsafe", "ack-after-processing"},
      {"ambassador-unsafe", "retry-budget"}};
  for (const auto& [scenario, id] : rules) {
    SCOPED_TRACE(scenario);
    ASSERT_TRUE(w->openScenario(QString::fromLatin1(scenario), std::nullopt, false));
    ASSERT_TRUE(settled());
    QAction* knob = nullptr;
    ASSERT_TRUE(until([&] {
      knob = w->findChild<QAction*>(QStringLiteral("knob.") + QString::fromLatin1(id));
      return knob != nullptr;
    }));
    ASSERT_TRUE(knob->isCheckable());
    EXPECT_FALSE(knob->isChecked()) << "the scenario removes the rule";
    knob->trigger();
    EXPECT_TRUE(until([&] {
      QAction* k = w->findChild<QAction*>(QStringLiteral("knob.") + QString::fromLatin1(id));
      return k && k->isChecked();
    })) << "the engine took the rule back";
  }
}

TEST_F(Invariants, LectureModeShowsTheVerdictsAsAStripOfPills) {
  EXPECT_FALSE(w->invariantStrip()->isVisible()) << "only in lecture mode";
  runTo(QStringLiteral("breaker-unsafe"), 5);
  w->setLectureMode(true);
  EXPECT_TRUE(until([this] { return w->invariantStrip()->isVisible(); }));
  ASSERT_EQ(w->invariantStrip()->pills().size(), mirror().invariants.size());
  QPushButton* pill = w->invariantStrip()->pills().front();
  EXPECT_TRUE(pill->isVisible());
  EXPECT_TRUE(pill->text().startsWith(QStringLiteral("✗"))) << pill->text().toStdString();
  EXPECT_TRUE(pill->text().contains(QStringLiteral("broken at")));
  w->setLectureMode(false);
  EXPECT_TRUE(until([this] { return !w->invariantStrip()->isVisible(); }));
}

}  // namespace
}  // namespace cs::ui
