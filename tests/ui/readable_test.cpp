// Readable from the back row, and fitting a laptop (issue 13), offscreen on
// the screens readable_main.cpp sets up: at 1280×720 nothing is cut off; at 1920×1080 in lecture
// mode the canvas takes at least 65% of the screen's height, its smallest text reads at 14 px or
// more and its message glyphs are 14 px or more across, for one scenario of each pattern; every row
// of the event log is written in words.
#include <clusterscope/scenario.h>
#include <gtest/gtest.h>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QPaintEngine>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QWindow>
#include <cmath>
#include <iostream>
#include <limits>
#include <string>

#include "../patterns/leader_election/raft_logs.h"
#include "docks/event_log_model.h"
#include "docks/narration_dock.h"
#include "pattern_ui.h"
#include "readable_fixture.h"

namespace cs::ui {
namespace {

class ReadsFromTheBackRow : public Readable, public ::testing::WithParamInterface<Hall> {};

TEST_P(ReadsFromTheBackRow, InLectureModeAt1080p) {
  checkHall(QString::fromLatin1(GetParam().scenario));
}
INSTANTIATE_TEST_SUITE_P(EachPattern, ReadsFromTheBackRow, ::testing::ValuesIn(kOnePerPattern),
                         [](const ::testing::TestParamInfo<Hall>& info) {
                           return std::string(info.param.pattern);
                         });

// On a laptop's 1280×720, in the normal window, one scenario of each pattern:
// no node's text is under 6.5 px (a canvas too small for a look's own text
// shows each node's name alone, at a size that reads); the legend stands
// over no node and not over the panel; messages pass under the nodes'
// labels.
class ReadsOnALaptop : public Readable, public ::testing::WithParamInterface<Hall> {};

TEST_P(ReadsOnALaptop, InTheNormalWindow) {
  moveToLaptop();
  const QString scenario = QString::fromLatin1(GetParam().scenario);
  openAndRun(scenario);
  QTest::qWait(0);
  QCoreApplication::processEvents();
  const TextSizeEngine::Found text = measureText(true);
  ASSERT_GT(text.count, 0);
  EXPECT_GE(text.smallest, 6.5) << "smallest node text: \"" << text.text.toStdString() << "\" at "
                                << text.smallest << " px";
  const QRect viewport = w->view()->viewport()->rect();
  const QRect legend = w->view()->legendRect();
  for (const auto& [name, at] : drawnParts()) {
    if (!at.intersects(viewport)) continue;
    EXPECT_FALSE(legend.intersects(at)) << "the legend hides " << name.toStdString();
  }
  const double nodeZ = w->scene()->nodeItem(0)->zValue();
  for (QGraphicsItem* item : w->scene()->items()) {
    if (auto* m = qgraphicsitem_cast<MessageItem*>(item); m && m->isVisible()) {
      EXPECT_LT(m->zValue(), nodeZ) << "a message drawn over the nodes' labels";
    }
  }
  if (const QString dir = qEnvironmentVariable("READABLE_SHOTS"); !dir.isEmpty()) {
    EXPECT_TRUE(w->grab().save(dir + QLatin1Char('/') + scenario + QStringLiteral("-720.png")));
  }
  std::cout << scenario.toStdString() << " at 1280x720: scale " << w->view()->transform().m11()
            << ", node text >= " << text.smallest << " px (\"" << text.text.toStdString()
            << "\")\n";
}
INSTANTIATE_TEST_SUITE_P(EachPattern, ReadsOnALaptop, ::testing::ValuesIn(kOnePerPattern),
                         [](const ::testing::TestParamInfo<Hall>& info) {
                           return std::string(info.param.pattern);
                         });

// On a laptop's 1280×720: the window moved there is no larger than the
// screen; the inspector, the docks and the status text are whole on screen.
TEST_F(Readable, FitsALaptop) {
  QScreen* laptop = screenNamed(QStringLiteral("laptop"));
  ASSERT_NE(laptop, nullptr);
  moveToLaptop();
  openAndPlay(QStringLiteral("retry-storm"), 3000);
  clickNode(1);
  ASSERT_TRUE(settled());
  QTest::qWait(0);
  QCoreApplication::processEvents();

  // Every dock shown, and the canvas, lies inside the window.
  const QRect inside = w->rect();
  for (QDockWidget* d : w->findChildren<QDockWidget*>())
    if (d->isVisible() && !d->visibleRegion().isEmpty()) {
      EXPECT_TRUE(inside.contains(QRect(d->mapTo(w.get(), QPoint(0, 0)), d->size())))
          << d->objectName().toStdString() << " is cut off";
    }
  EXPECT_GE(w->view()->height(), 240);

  // The inspector shows the selected service with room to read it.
  auto* inspector = w->findChild<QDockWidget*>(QStringLiteral("inspector"));
  ASSERT_NE(inspector, nullptr);
  EXPECT_TRUE(inspector->isVisible() && !inspector->visibleRegion().isEmpty());
  EXPECT_GE(inspector->height(), 90);

  // The status text: not pushed into the toolbar's overflow, not cut.
  auto* clock = w->findChild<QLabel*>(QStringLiteral("clock"));
  ASSERT_NE(clock, nullptr);
  ASSERT_TRUE(clock->isVisible()) << "the status text is in the toolbar's overflow";
  EXPECT_TRUE(clock->text().contains(QStringLiteral("seed")));
  EXPECT_GE(clock->width(), clock->fontMetrics().horizontalAdvance(clock->text()))
      << clock->text().toStdString();
  EXPECT_EQ(clock->visibleRegion().boundingRect(), clock->rect()) << "the status text is clipped";
  EXPECT_TRUE(inside.contains(QRect(clock->mapTo(w.get(), QPoint(0, 0)), clock->size())));

  // Each bundled step's paragraph and state, whole: laptop_layout_test.cpp.
}

// Every row of the event log, in every bundled scenario's first seconds, says
// what happened in words: no list of name=value fields, no "->".
TEST_F(Readable, TheEventLogSpeaksInWords) {
  const QRegularExpression dump(QStringLiteral("[A-Za-z]\\w*=-?\\w+[ ,]+[A-Za-z]\\w*=-?\\w+"));
  for (const BundledScenario& b : bundledScenarios()) {
    openAndPlay(QString::fromStdString(b.name), 3000);
    EventLogModel model;
    model.setSession(w->session());
    ASSERT_GT(model.rowCount(), 0) << b.name;
    int shown = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
      const QString text = model.index(row, EventLogModel::Text).data().toString();
      const QString time = model.index(row, EventLogModel::Time).data().toString();
      EXPECT_FALSE(dump.match(text).hasMatch()) << b.name << ": " << text.toStdString();
      EXPECT_FALSE(text.contains(QStringLiteral("->"))) << b.name << ": " << text.toStdString();
      EXPECT_FALSE(time.contains(QChar(0x2026))) << time.toStdString();
      if (++shown > 3000) break;
    }
  }
}

// Every message that flies in a Raft or CQRS scenario's first seconds reads
// in the log as its pattern's sentence, never a list of fields ("first id
// -2989417018791015353", "refusal 0, conflicts 0"): its kind has a phrase,
// and no row shows a number no reader can use (an id that long).
TEST_F(Readable, EveryMessageOfRaftAndCqrsReadsAsASentence) {
  const QRegularExpression rawId(QStringLiteral("\\d{10,}"));
  int scenarios = 0;
  for (const BundledScenario& b : bundledScenarios()) {
    const std::string& n = b.name;
    const bool raft = n == "basic-election" || n == "split-vote" || n == "partition-minority" ||
                      n == "leader-fails" || n == "leader-election-unsafe";
    if (!raft && n.rfind("cqrs-", 0) != 0) continue;
    ++scenarios;
    openAndPlay(QString::fromStdString(n), 3000);
    const Vocabulary& words = *mirror().vocabulary;
    const std::vector<MessagePhrase>& phrases = w->session()->patternUi()->messagePhrases;
    int sent = 0;
    for (const DriverRecord& d : mirror().records) {
      if (d.record.kind != TraceKind::Sent) continue;
      ++sent;
      EXPECT_NE(findPhrase(phrases, words.info(d.record.label)), nullptr)
          << n << ": " << words.info(d.record.label).name << " has no sentence";
    }
    EXPECT_GT(sent, 0) << n;
    EventLogModel model;
    model.setSession(w->session());
    for (int row = 0; row < model.rowCount() && row < 3000; ++row) {
      const QString text = model.index(row, EventLogModel::Text).data().toString();
      EXPECT_FALSE(rawId.match(text).hasMatch()) << n << ": " << text.toStdString();
    }
  }
  EXPECT_EQ(scenarios, 12);
}

// A follower's uncommitted x=1 of term 2, overwritten by the new leader's
// y=2 of term 3 (the paper's §5.3), stays on the canvas struck out; the run
// going back forgets it.
TEST(RaftLogs, AReplacedEntryIsRemembered) {
  using leader_election::LogEntryView;
  auto view = [](std::vector<LogEntryView> log) {
    leader_election::RaftView v;
    v.servers.resize(2);
    v.servers[0].id = 0;
    v.servers[1].id = 1;
    v.servers[1].log = std::move(log);
    return v;
  };
  leader_election::LogMemory memory;
  memory.observe(view({{1, 1, "a=0"}, {2, 2, "x=1"}}), fromMillis(100));
  EXPECT_TRUE(memory.replaced().empty());
  memory.observe(view({{1, 1, "a=0"}, {2, 3, "y=2"}}), fromMillis(200));
  ASSERT_EQ(memory.replaced().size(), 1u);
  EXPECT_EQ(memory.replaced()[0].server, 1u);
  EXPECT_EQ(memory.replaced()[0].index, 2);
  EXPECT_EQ(memory.replaced()[0].term, 2);
  EXPECT_EQ(memory.replaced()[0].text, "x=1");
  // Truncated without a replacement also counts; seen again, not twice.
  memory.observe(view({{1, 1, "a=0"}}), fromMillis(300));
  memory.observe(view({{1, 1, "a=0"}}), fromMillis(400));
  EXPECT_EQ(memory.replaced().size(), 2u);
  memory.observe(view({{1, 1, "a=0"}}), fromMillis(50));
  EXPECT_TRUE(memory.replaced().empty());
}

}  // namespace
}  // namespace cs::ui
