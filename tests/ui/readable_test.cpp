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
#include <set>
#include <string>

#include "../patterns/leader_election/raft_logs.h"
#include "docks/event_log_model.h"
#include "docks/event_words.h"
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

// Every message of every bundled scenario reads in the log as its pattern's
// sentence, never a list of fields ("OpResult #1537: ok, value -1, version
// 1000000, count 0"): every message kind the run's vocabulary defines has a
// phrase, whether or not it flies in the first seconds, and no row shows a
// number no reader can use (an id or a stamp that long; in a message's
// sentence, a -1 for "none").
TEST_F(Readable, EveryMessageOfEveryPatternReadsAsASentence) {
  const QRegularExpression rawId(QStringLiteral("\\d{10,}"));
  const QRegularExpression sentinel(QStringLiteral("(^|[^\\w.])-1\\b"));
  std::set<std::string> patterns;
  for (const BundledScenario& b : bundledScenarios()) {
    const std::string& n = b.name;
    openAndPlay(QString::fromStdString(n), 3000);
    patterns.insert(w->session()->patternUi()->pattern);
    const Vocabulary& words = *mirror().vocabulary;
    const std::vector<MessagePhrase>& phrases = w->session()->patternUi()->messagePhrases;
    int kinds = 0;
    for (Label l = 1; l < words.size(); ++l) {
      if (words.info(l).kind != LabelKind::Message) continue;
      ++kinds;
      EXPECT_NE(findPhrase(phrases, words.info(l)), nullptr)
          << n << ": " << words.info(l).name << " has no sentence";
    }
    EXPECT_GT(kinds, 0) << n;
    int sent = 0;
    for (const DriverRecord& d : mirror().records) sent += d.record.kind == TraceKind::Sent;
    EXPECT_GT(sent, 0) << n;
    EventLogModel model;
    model.setSession(w->session());
    for (int row = 0; row < model.rowCount() && row < 3000; ++row) {
      const QString text = model.index(row, EventLogModel::Text).data().toString();
      EXPECT_FALSE(rawId.match(text).hasMatch()) << n << ": " << text.toStdString();
      // A message's sentence says what a -1 stands for.
      const bool message =
          static_cast<TraceKind>(model.index(row, 0).data(EventLogModel::KindRole).toInt()) ==
          TraceKind::Sent;
      EXPECT_FALSE(message && sentinel.match(text).hasMatch()) << n << ": " << text.toStdString();
    }
  }
  EXPECT_EQ(patterns.size(), 8u);
}

// The log's colours tell outcomes apart in every pattern: a refused or
// failed message or milestone in the failure colour, a done one in the
// success colour, a fault in its own; records of each pattern's real
// vocabulary and phrases.
TEST_F(Readable, TheEventLogColoursOutcomesInEveryPattern) {
  struct Case {
    const char* what;
    LabelKind kind;
    std::vector<std::int64_t> v;
    EventTone tone;
  };
  const std::vector<std::pair<const char*, std::vector<Case>>> scenarios = {
      {"shard-stale",
       {{"OpResult", LabelKind::Message, {16, 1}, EventTone::Failure},
        {"OpResult", LabelKind::Message, {16, 0}, EventTone::Success},
        {"MigrationOutcome", LabelKind::Message, {3, 1}, EventTone::Failure},
        {"MigrationOutcome", LabelKind::Message, {3, 0}, EventTone::Success},
        {"stale-config", LabelKind::Milestone, {}, EventTone::Failure},
        {"migration-aborted", LabelKind::Milestone, {}, EventTone::Failure},
        {"op-gave-up", LabelKind::Milestone, {}, EventTone::Failure},
        {"chunk-split", LabelKind::Milestone, {}, EventTone::Success}}},
      {"pubsub-poison",
       {{"Nack", LabelKind::Message, {1, 12, 5, 0}, EventTone::Failure},
        {"Ack", LabelKind::Message, {1, 1, 12}, EventTone::Success},
        {"PublishAck", LabelKind::Message, {3, 1, 12}, EventTone::Success},
        {"Push", LabelKind::Message, {1, 12, 3, 7, 1, 0}, EventTone::Plain},
        {"publish-retried", LabelKind::Milestone, {}, EventTone::Failure},
        {"dead-lettered", LabelKind::Milestone, {}, EventTone::Failure},
        {"message-acked", LabelKind::Milestone, {}, EventTone::Success}}},
      {"breaker-trips",
       {{"Reply", LabelKind::Message, {4, 1}, EventTone::Failure},
        {"Reply", LabelKind::Message, {4, 0}, EventTone::Success},
        {"breaker-opened", LabelKind::Milestone, {}, EventTone::Failure},
        {"breaker-closed", LabelKind::Milestone, {}, EventTone::Success}}},
      {"ambassador-identity",
       {{"Reply", LabelKind::Message, {4, 1, 403}, EventTone::Failure},
        {"identity-rejected", LabelKind::Milestone, {}, EventTone::Failure},
        {"retry-succeeded", LabelKind::Milestone, {}, EventTone::Success}}},
      {"fig-shadow-finds-bug",
       {{"Reply", LabelKind::Message, {4, 0, 12, 0, 1, 1}, EventTone::Success},
        {"shadow-mismatch", LabelKind::Milestone, {}, EventTone::Failure},
        {"canary-aborted", LabelKind::Milestone, {}, EventTone::Failure},
        {"route-rolled-back", LabelKind::Milestone, {}, EventTone::Failure},
        {"route-moved", LabelKind::Milestone, {}, EventTone::Success}}},
  };
  for (const auto& [scenario, cases] : scenarios) {
    openAndPlay(QString::fromLatin1(scenario), 100);
    const Vocabulary& words = *mirror().vocabulary;
    const std::vector<MessagePhrase>& phrases = w->session()->patternUi()->messagePhrases;
    for (const Case& c : cases) {
      const std::optional<Label> label = words.find(c.kind, c.what);
      ASSERT_TRUE(label) << scenario << ": " << c.what;
      TraceRecord r;
      r.kind = c.kind == LabelKind::Message ? TraceKind::Sent : TraceKind::Milestone;
      r.label = *label;
      std::copy(c.v.begin(), c.v.end(), r.v.begin());
      EXPECT_EQ(eventTone(&words, r, phrases), c.tone) << scenario << ": " << c.what;
    }
    TraceRecord crash;
    crash.kind = TraceKind::Crashed;
    EXPECT_EQ(eventTone(&words, crash, phrases), EventTone::Fault) << scenario;
  }
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
