// The window offscreen, for tests: a MainWindow shown on a scenario file
// with two Raft steps, with settings of its own in a temporary folder, and helpers that open
// bundled scenarios paused, wait for the driver to settle (a bounded safety net, never a timing),
// find canvas items, click nodes (to select them) and their power buttons (to fail or restart
// them). UI thread only.
#pragma once

#include <gtest/gtest.h>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageBox>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <memory>

#include "canvas/cluster_scene.h"
#include "canvas/cluster_view.h"
#include "canvas/link_item.h"
#include "canvas/node_item.h"
#include "main_window.h"
#include "session.h"
#include "theme.h"
#include "two_steps.h"

namespace cs::ui {

class Window : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir.isValid());
    path = dir.filePath("two-steps.json");
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(fixtures::kTwoSteps);
    f.close();
    // Each test its own settings, in its own folder: what one test's window
    // saves (theme, geometry, dock layout) is never another's start.
    for (QSettings::Format format : {QSettings::NativeFormat, QSettings::IniFormat})
      QSettings::setPath(format, QSettings::UserScope, dir.filePath("settings"));
    // The theme is the application's: a test that left lecture mode's
    // projector type behind would give the next window larger docks.
    applyTheme(Theme::byId(QStringLiteral("light")));
    w = std::make_unique<MainWindow>();
    w->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(w.get()));
  }
  void TearDown() override {
    for (QMessageBox* box : w->findChildren<QMessageBox*>()) box->close();
    w.reset();
  }

  // Processes events until `done` holds; a safety net of 20 s, not a timing.
  bool until(const std::function<bool()>& done) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
      if (t.elapsed() > 20'000) return false;
      QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
      w->session()->drain();
    }
    return true;
  }
  const Mirror& mirror() { return w->session()->mirror(); }
  bool settled() {
    return until([this] {
      const DriverStatus& s = mirror().status;
      return s.commandsHandled >= w->session()->driver()->commandsPosted() && !s.playing && !s.busy;
    });
  }
  bool sawRecord(TraceKind kind, NodeId node, std::size_t from = 0) {
    const auto& rs = mirror().records;
    for (std::size_t i = from; i < rs.size(); ++i)
      if (rs[i].record.kind == kind && rs[i].record.node == node) return true;
    return false;
  }
  void openPaused() {
    ASSERT_TRUE(w->openScenario(path, std::nullopt, false));
    ASSERT_TRUE(settled());
    ASSERT_EQ(mirror().nodes.size() >= 5, true);
  }
  void openShopPaused() {
    ASSERT_TRUE(w->openScenario(QStringLiteral("breaker-trips"), std::nullopt, false));
    ASSERT_TRUE(settled());
    ASSERT_EQ(mirror().nodes.size(), 6u);
  }
  void openFilePaused(const QString& name, const char* json) {
    const QString file = dir.filePath(name);
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(json);
    f.close();
    ASSERT_TRUE(w->openScenario(file, std::nullopt, false));
    ASSERT_TRUE(settled());
  }
  LinkItem* link(NodeId a, NodeId b) {
    for (QGraphicsItem* item : w->scene()->items())
      if (auto* l = qgraphicsitem_cast<LinkItem*>(item))
        if ((l->a() == a && l->b() == b) || (l->a() == b && l->b() == a)) return l;
    return nullptr;
  }
  void clickNode(NodeId id) {
    ClusterView* v = w->view();
    const QPoint at = v->mapFromScene(w->scene()->nodePosition(id));
    QTest::mouseClick(v->viewport(), Qt::LeftButton, {}, at);
  }
  void clickPower(NodeId id) {
    ClusterView* v = w->view();
    NodeItem* item = w->scene()->nodeItem(id);
    ASSERT_NE(item, nullptr);
    const QPoint at = v->mapFromScene(item->mapToScene(item->powerButton().center()));
    QTest::mouseClick(v->viewport(), Qt::LeftButton, {}, at);
  }

  QTemporaryDir dir;
  QString path;
  std::unique_ptr<MainWindow> w;
};

}  // namespace cs::ui
