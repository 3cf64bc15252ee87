// The rule switches in the window, offscreen: each pattern's knob that
// removes a safety rule is off in its bundled "-unsafe" scenario and, pressed,
// turns the rule back on in the engine; and in each of those scenarios the
// Invariants dock turns the rule it breaks red, and "Go to the violation"
// seeks the run to the instant it broke and selects that record in the event
// log.
#include <clusterscope/scenario.h>
#include <gtest/gtest.h>
#include <QAction>
#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>

#include <algorithm>
#include <iostream>
#include <utility>

#include "docks/event_log_dock.h"
#include "docks/event_log_model.h"
#include "docks/invariant_dock.h"
#include "docks/invariant_pill.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

class Invariants : public Window {};

// A pill too narrow for its rule shows as much as fits and ends in an
// ellipsis, so a cut reads as a cut; wide enough, it shows the whole rule.
TEST(InvariantPill, ACutSentenceEndsInAnEllipsisAndAWholeOneShowsWhole) {
  InvariantPill pill;
  pill.setStyleSheet(QStringLiteral("padding:2px 8px; font-size:20px;"));
  const QString rule = QStringLiteral(
      "✓ the log is append-only: contiguous revisions, increasing positions, each event id "
      "once, atomic batches");
  pill.setSentence(rule);
  pill.resize(300, 40);
  pill.show();
  QCoreApplication::processEvents();
  EXPECT_TRUE(pill.text().endsWith(QChar(0x2026))) << pill.text().toStdString();
  EXPECT_TRUE(rule.startsWith(pill.text().chopped(1)));
  EXPECT_LE(pill.fontMetrics().horizontalAdvance(pill.text()), 300 - 16);
  pill.resize(pill.fontMetrics().horizontalAdvance(rule) + 40, 40);
  QCoreApplication::processEvents();
  EXPECT_EQ(pill.text().toStdString(), rule.toStdString());
  EXPECT_EQ(pill.sentence(), rule);
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

// The verdict label the dock shows for invariant `name`, found by its row's
// name label's sibling; nullptr if none.
QLabel* verdictOf(InvariantDock* dock, const QString& name) {
  for (QLabel* l : dock->findChildren<QLabel*>()) {
    if (l->text() != name || !l->parentWidget()) continue;
    for (QLabel* sibling : l->parentWidget()->findChildren<QLabel*>())
      if (sibling->text().startsWith(QStringLiteral("✗")) ||
          sibling->text().startsWith(QStringLiteral("✓")))
        return sibling;
  }
  return nullptr;
}

// UNSAFE_WINDOW_SCENARIOS=a,b limits it to those (the sanitized tree's pick).
TEST_F(Invariants, EveryUnsafeScenarioTurnsItsRuleRedAndGoesToTheViolation) {
  const QStringList only =
      qEnvironmentVariable("UNSAFE_WINDOW_SCENARIOS").split(QLatin1Char(','), Qt::SkipEmptyParts);
  for (const BundledScenario& b : bundledScenarios()) {
    const Scenario sc = loadScenario(b.name);
    if (sc.breaks.empty()) continue;
    if (!only.isEmpty() && !only.contains(QString::fromStdString(b.name))) continue;
    QElapsedTimer took;
    took.start();
    SCOPED_TRACE(b.name);
    ASSERT_TRUE(w->openScenario(QString::fromStdString(b.name), std::nullopt, false));
    ASSERT_TRUE(settled());
    w->session()->setSpeed(Driver::kFlatOut);
    // Step by step until the rule the scenario sets out to break breaks.
    const auto brokenIndex = [&]() -> int {
      const InvariantList& list = mirror().invariants;
      for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i].broken()) return static_cast<int>(i);
      return -1;
    };
    for (std::size_t step = 0; step < sc.steps.size() && brokenIndex() < 0; ++step) {
      w->session()->nextStep();
      ASSERT_TRUE(until([&] {
        const DriverStatus& s = mirror().status;
        return s.step == step && (s.conditionMet || s.stepFailed) && !s.playing;
      }));
    }
    const int index = brokenIndex();
    ASSERT_GE(index, 0) << "no invariant broke";
    const InvariantVerdict broken = mirror().invariants[static_cast<std::size_t>(index)];
    EXPECT_NE(std::find(sc.breaks.begin(), sc.breaks.end(), broken.name), sc.breaks.end())
        << broken.name << " broke, not the rule the scenario names";

    InvariantDock* dock = w->invariants();
    ASSERT_TRUE(until([&] {
      QLabel* v = verdictOf(dock, QString::fromStdString(broken.name));
      return v && v->text().startsWith(QStringLiteral("✗ broken at"));
    })) << "the dock shows the rule broken";
    QLabel* verdict = verdictOf(dock, QString::fromStdString(broken.name));
    EXPECT_TRUE(verdict->styleSheet().contains(QStringLiteral("#c62828"))) << "in red";

    QPushButton* go = dock->goToButton(index);
    ASSERT_NE(go, nullptr);
    ASSERT_TRUE(go->isEnabled());
    QSignalSpy shown(dock, &InvariantDock::violationShown);
    go->click();
    ASSERT_TRUE(until([&] { return shown.count() > 0; })) << "the run reached the violation";
    EXPECT_EQ(shown.takeFirst().at(0).toULongLong(), broken.firstRecord);
    ASSERT_TRUE(settled());
    EXPECT_EQ(mirror().status.now, broken.firstBrokenAt) << "the timeline stands where it broke";
    const QModelIndexList selected = w->eventLog()->table()->selectionModel()->selectedRows();
    ASSERT_EQ(selected.size(), 1) << "the violation is selected in the event log";
    EXPECT_EQ(selected[0].data(EventLogModel::RecordSeqRole).toULongLong(), broken.firstRecord);
    std::cout << b.name << ": " << took.elapsed() << " ms\n";
  }
}

}  // namespace
}  // namespace cs::ui
