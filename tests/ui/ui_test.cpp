// The window, offscreen: clicking a node fails and restarts it, the step
// action advances exactly one event, messages in flight have canvas items, a
// malformed scenario gives an error dialog instead of a crash, and lecture
// mode's Right key begins the next step. Waits are bounded safety nets; the
// engine's progress comes from step and flat-out commands, not from sleeping.
#include <gtest/gtest.h>
#include <QAbstractItemModel>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QGraphicsView>
#include <QLabel>
#include <QMessageBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <functional>

#include "canvas/cluster_scene.h"
#include "canvas/cluster_view.h"
#include "canvas/link_item.h"
#include "canvas/message_item.h"
#include "canvas/node_item.h"
#include "docks/event_log_dock.h"
#include "docks/event_log_model.h"
#include "main_window.h"
#include "session.h"

#include "window_fixture.h"

namespace cs::ui {
namespace {

// Issue 12: one gesture to look, one to break. A click selects a node and
// fails nothing; its power button fails it, and restarts it.
TEST_F(Window, ClickingANodeSelectsItAndItsPowerButtonFailsAndRestartsIt) {
  openPaused();
  clickNode(1);
  EXPECT_EQ(w->session()->selectedNode(), 1u);
  w->session()->stepEvent();
  ASSERT_TRUE(settled());
  EXPECT_FALSE(sawRecord(TraceKind::Crashed, 1)) << "a click only selects";
  EXPECT_EQ(mirror().nodes[1].status, NodeStatus::Up);
  clickPower(1);
  ASSERT_TRUE(until([this] { return sawRecord(TraceKind::Crashed, 1); }));
  EXPECT_EQ(mirror().nodes[1].status, NodeStatus::Crashed);
  ASSERT_TRUE(until([this] { return mirror().nodes[1].status == NodeStatus::Crashed; }));
  clickPower(1);
  ASSERT_TRUE(until([this] { return sawRecord(TraceKind::Restarted, 1); }));
  ASSERT_TRUE(until([this] { return mirror().nodes[1].status == NodeStatus::Up; }));
}

// The Circuit Breaker pattern gets its own look: every service and client
// has a node item, the call graph's links exist, orders -> payment carries
// the breaker's badge, and payment's power button crashes it.
TEST_F(Window, CircuitBreakerScenarioShowsTheShopAndPaymentsPowerButtonCrashesIt) {
  openShopPaused();
  for (const auto& n : mirror().nodes) {
    NodeItem* item = w->scene()->nodeItem(n.id);
    ASSERT_NE(item, nullptr) << n.name;
    EXPECT_TRUE(item->isVisible());
    EXPECT_EQ(item->snapshot().name, n.name);
  }
  constexpr NodeId kFrontend = 2, kOrders = 3, kCatalog = 4, kPayment = 5;
  EXPECT_NE(link(kFrontend, kOrders), nullptr);
  EXPECT_NE(link(kFrontend, kCatalog), nullptr);
  EXPECT_EQ(link(kCatalog, kPayment), nullptr) << "not a call graph: catalog never calls payment";
  LinkItem* breaker = link(kOrders, kPayment);
  ASSERT_NE(breaker, nullptr);
  EXPECT_EQ(breaker->badge().title, QStringLiteral("CLOSED"));
  // Left to right: clients, frontend, orders, payment.
  EXPECT_LT(w->scene()->nodePosition(0).x(), w->scene()->nodePosition(kFrontend).x());
  EXPECT_LT(w->scene()->nodePosition(kFrontend).x(), w->scene()->nodePosition(kOrders).x());
  EXPECT_LT(w->scene()->nodePosition(kOrders).x(), w->scene()->nodePosition(kPayment).x());

  clickPower(kPayment);
  ASSERT_TRUE(until([this] { return sawRecord(TraceKind::Crashed, kPayment); }));
  ASSERT_TRUE(until([this] { return mirror().nodes[kPayment].status == NodeStatus::Crashed; }));
}

// Going back to a Raft scenario brings Raft's look back: a mesh, no badges.
TEST_F(Window, LeaderElectionLooksLikeRaftAfterTheShop) {
  openShopPaused();
  openPaused();
  std::size_t links = 0;
  for (QGraphicsItem* item : w->scene()->items())
    if (auto* l = qgraphicsitem_cast<LinkItem*>(item)) {
      ++links;
      EXPECT_TRUE(l->badge().title.isEmpty());
    }
  const std::size_t n = mirror().nodes.size();
  std::size_t members = 0;
  for (const auto& node : mirror().nodes) members += node.member ? 1 : 0;
  // Every pair but client-client.
  EXPECT_EQ(links, n * (n - 1) / 2 - (n - members) * (n - members - 1) / 2);
  ASSERT_NE(w->scene()->nodeItem(0), nullptr);
  EXPECT_TRUE(w->scene()->nodeItem(0)->shape().contains(QPointF(NodeItem::kRadius, 0)));
}

TEST_F(Window, StepAdvancesExactlyOneEvent) {
  openPaused();
  for (int i = 0; i < 3; ++i) {
    const auto before = mirror().status.eventsProcessed;
    w->action("sim.step")->trigger();
    ASSERT_TRUE(settled());
    EXPECT_EQ(mirror().status.eventsProcessed, before + 1);
  }
}

TEST_F(Window, AMessageInFlightHasACanvasItem) {
  openPaused();
  for (int i = 0; i < 200 && mirror().inFlight.empty(); ++i) {
    w->action("sim.step")->trigger();
    ASSERT_TRUE(settled());
  }
  ASSERT_FALSE(mirror().inFlight.empty());
  for (const auto& f : mirror().inFlight) {
    if (f.duplicate) continue;
    MessageItem* item = w->scene()->messageItem(f.message.id);
    ASSERT_NE(item, nullptr) << "message " << f.message.id;
    EXPECT_TRUE(item->isVisible());
    EXPECT_EQ(item->from(), f.message.from);
  }
}

TEST_F(Window, AMalformedScenarioShowsAnErrorDialog) {
  const QString bad = dir.filePath("bad.json");
  QFile f(bad);
  ASSERT_TRUE(f.open(QIODevice::WriteOnly));
  f.write(R"({"title": "Bad", "pattern": "leader-election", "steps": [{"title": 3}]})");
  f.close();
  EXPECT_FALSE(w->openScenario(bad));
  QMessageBox* box = nullptr;
  ASSERT_TRUE(until([&] {
    for (QMessageBox* b : w->findChildren<QMessageBox*>())
      if (b->isVisible()) box = b;
    return box != nullptr;
  }));
  EXPECT_TRUE(box->text().contains("bad.json")) << box->text().toStdString();
  box->close();
  // The window carries on: a good file still opens.
  EXPECT_TRUE(w->openScenario(path, std::nullopt, false));
}

// The first step begins as the run is built; its narration must show at
// once, not a "not started" page cached from before the first batch.
TEST_F(Window, NarrationShowsTheFirstStepAsSoonAsTheRunBegins) {
  openPaused();
  ASSERT_EQ(mirror().status.step, 0u);
  auto* title = w->findChild<QLabel*>(QStringLiteral("stepTitle"));
  ASSERT_NE(title, nullptr);
  EXPECT_TRUE(until([&] { return title->text() == QStringLiteral("Elect"); }))
      << title->text().toStdString();
}

// The narration says "press →": the key must work outside lecture mode too.
TEST_F(Window, RightKeyBeginsTheNextStep) {
  openPaused();
  w->session()->setSpeed(Driver::kFlatOut);
  w->session()->togglePlay();
  ASSERT_TRUE(until([this] { return mirror().status.conditionMet && !mirror().status.playing; }));
  QApplication::setActiveWindow(w.get());
  ASSERT_TRUE(QTest::qWaitForWindowActive(w.get()));
  QTest::keyClick(w.get(), Qt::Key_Right);
  EXPECT_TRUE(until([this] { return mirror().status.step == 1; }));
}

// File > Export must save what the canvas shows, not a shifted copy with the
// legend over a node.
TEST_F(Window, ExportedImageMatchesTheCanvasOnScreen) {
  openPaused();
  QCoreApplication::processEvents();
  const QImage screen =
      w->view()->viewport()->grab().toImage().convertToFormat(QImage::Format_ARGB32);
  const QImage exported =
      w->view()->renderImage(screen.size()).convertToFormat(QImage::Format_ARGB32);
  ASSERT_EQ(screen.size(), exported.size());
  int differing = 0;
  for (int y = 0; y < screen.height(); y += 2)
    for (int x = 0; x < screen.width(); x += 2) {
      const QColor a = screen.pixelColor(x, y), b = exported.pixelColor(x, y);
      if (std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
              std::abs(a.blue() - b.blue()) >
          60)
        ++differing;
    }
  const double share = double(differing) / ((screen.width() / 2) * (screen.height() / 2));
  // fitInView keeps a small margin, so outlines differ by a pixel; a shifted
  // scene differs in about 10% of the pixels.
  EXPECT_LT(share, 0.05) << "exported image differs from the screen in " << share * 100
                         << "% of pixels";
}

// After a reset the node filter's combo falls back to "all"; the log must
// then show every record again, not stay filtered to the old node.
TEST_F(Window, NodeFilterFollowsTheComboAfterAReset) {
  openPaused();
  auto* combo = w->eventLog()->findChild<QComboBox*>(QStringLiteral("nodeFilter"));
  ASSERT_NE(combo, nullptr);
  w->eventLog()->findChild<QComboBox*>(QStringLiteral("kindFilter"))->setCurrentIndex(0);
  combo->setCurrentIndex(2);  // node 1
  w->action(QStringLiteral("sim.reset"))->trigger();
  ASSERT_TRUE(until([&] { return mirror().status.run >= 2 && combo->count() > 1; }));
  w->session()->setSpeed(Driver::kFlatOut);
  w->session()->togglePlay();
  ASSERT_TRUE(until([this] { return mirror().status.conditionMet && !mirror().status.playing; }));
  QCoreApplication::processEvents();
  if (combo->currentData().isValid()) GTEST_SKIP() << "the combo kept node 1";
  EXPECT_EQ(w->eventLog()->table()->model()->rowCount(), w->eventLog()->model()->rowCount())
      << "the combo says \"all\" but the log is still filtered";
}

// A hidden inspector skips refreshes; shown again it must show the present.
TEST_F(Window, InspectorCatchesUpWhenShownAgain) {
  openPaused();
  auto* inspector = w->findChild<QDockWidget*>(QStringLiteral("inspector"));
  ASSERT_NE(inspector, nullptr);
  auto* text = inspector->findChild<QTextBrowser*>();
  ASSERT_NE(text, nullptr);
  w->session()->selectNode(2);
  // As a user does, from the View menu: the dock shares its place with a tab.
  inspector->toggleViewAction()->trigger();
  w->session()->toggleFailed(2);
  ASSERT_TRUE(until([this] { return mirror().nodes[2].status == NodeStatus::Crashed; }));
  inspector->toggleViewAction()->trigger();
  QCoreApplication::processEvents();
  EXPECT_TRUE(text->toPlainText().contains(QStringLiteral("crashed")))
      << text->toPlainText().toStdString();
}

// A lecturer toggles lecture mode many times in a class: the docks must come
// back the same each time, not shrink a little more with every round trip.
TEST_F(Window, LectureModeRoundTripsKeepTheLayout) {
  openPaused();
  auto* inspector = w->findChild<QDockWidget*>(QStringLiteral("inspector"));
  auto* narration = w->findChild<QDockWidget*>(QStringLiteral("narration"));
  ASSERT_TRUE(inspector && narration);
  // Each switch posts its last layout step (a zero-time timer): let every
  // posted event run, however loaded the machine, instead of sleeping.
  auto settle = [] {
    for (int i = 0; i < 10; ++i) QCoreApplication::processEvents(QEventLoop::AllEvents);
  };
  auto roundTrip = [&] {
    w->setLectureMode(true);
    settle();
    w->setLectureMode(false);
    settle();
  };
  roundTrip();
  const int inspectorHeight = inspector->height(), narrationHeight = narration->height();
  for (int i = 0; i < 3; ++i) {
    roundTrip();
    EXPECT_EQ(inspector->height(), inspectorHeight) << "round trip " << i + 2;
    EXPECT_EQ(narration->height(), narrationHeight) << "round trip " << i + 2;
  }
}

TEST_F(Window, LectureModeRightKeyBeginsTheNextStep) {
  openPaused();
  w->session()->setSpeed(Driver::kFlatOut);
  w->session()->togglePlay();
  ASSERT_TRUE(until([this] { return mirror().status.conditionMet && !mirror().status.playing; }));
  ASSERT_EQ(mirror().status.step, 0u);
  w->setLectureMode(true);
  QApplication::setActiveWindow(w.get());
  ASSERT_TRUE(QTest::qWaitForWindowActive(w.get()));
  QTest::keyClick(w.get(), Qt::Key_Right);
  ASSERT_TRUE(until([this] { return mirror().status.step == 1; }));
  QTest::keyClick(w.get(), Qt::Key_Escape);
  EXPECT_FALSE(w->lectureMode());
}

}  // namespace
}  // namespace cs::ui
