// Exports from the window, offscreen: the canvas as SVG holds the nodes'
// names; a replay saved from the window, with a node the user failed, plays
// back to the same trace hash; the metrics CSV has its header and rows.
#include <clusterscope/replay.h>
#include <gtest/gtest.h>
#include <QFile>
#include <QSignalSpy>

#include "docks/spacetime_dock.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

class Exports : public Window {
 protected:
  QString saveAndWait(const QString& name, void (Session::*save)(const QString&)) {
    const QString file = dir.filePath(name);
    QSignalSpy saved(w->session(), &Session::saved);
    (w->session()->*save)(file);
    EXPECT_TRUE(until([&] { return saved.count() > 0; }));
    return file;
  }
  QByteArray contents(const QString& file) {
    QFile f(file);
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << file.toStdString();
    return f.readAll();
  }
};

TEST_F(Exports, AnSvgOfTheCanvasNamesEveryNode) {
  openShopPaused();
  const QString file = dir.filePath(QStringLiteral("shop.svg"));
  ASSERT_TRUE(w->view()->saveSvg(file, QSize(1200, 700), QStringLiteral("shop")));
  const QByteArray svg = contents(file);
  EXPECT_TRUE(svg.contains("<svg"));
  for (const auto& n : mirror().nodes)
    EXPECT_TRUE(svg.contains(QByteArray::fromStdString(n.name))) << n.name;
  EXPECT_TRUE(svg.contains("CLOSED")) << "the breaker's badge";
}

TEST_F(Exports, AReplaySavedFromTheWindowPlaysBackToTheSameHash) {
  openPaused();
  clickPower(2);  // the user fails node 2 before the run begins
  ASSERT_TRUE(until([this] { return mirror().nodes[2].status == NodeStatus::Crashed; }));
  w->session()->setSpeed(Driver::kFlatOut);
  w->session()->togglePlay();
  ASSERT_TRUE(until([this] { return mirror().status.conditionMet && !mirror().status.playing; }));
  const QString file = saveAndWait(QStringLiteral("run.json"), &Session::saveReplay);
  const Replay replay = loadReplay(file.toStdString());
  bool crash = false;
  for (const Command& c : replay.commands) crash |= c.kind == CommandKind::Crash && c.node == 2;
  EXPECT_TRUE(crash) << "the user's click is in the log";
  ReplayPlayer player(replay);
  player.playToEnd();
  EXPECT_TRUE(player.hashMatches());
  EXPECT_EQ(player.simulation().now(), replay.end.at);
}

TEST_F(Exports, MetricsCsvHasAHeaderAndOneRowPerSample) {
  openShopPaused();
  w->session()->setSpeed(Driver::kFlatOut);
  w->session()->togglePlay();
  ASSERT_TRUE(until([this] { return mirror().status.conditionMet && !mirror().status.playing; }));
  const QByteArray csv =
      contents(saveAndWait(QStringLiteral("metrics.csv"), &Session::saveMetricsCsv));
  const QList<QByteArray> lines = csv.trimmed().split('\n');
  ASSERT_GT(lines.size(), 20);  // three seconds at ten samples a second
  EXPECT_TRUE(lines[0].startsWith("time_s,"));
  EXPECT_TRUE(lines[0].contains("svc.payment.ok"));
}

TEST_F(Exports, TheSpaceTimeDiagramSavesAsSvgAndPng) {
  openShopPaused();
  w->session()->setSpeed(Driver::kFlatOut);
  w->session()->togglePlay();
  ASSERT_TRUE(until([this] { return mirror().status.conditionMet && !mirror().status.playing; }));
  w->spacetime()->raise();
  QCoreApplication::processEvents();
  const QString svg = dir.filePath(QStringLiteral("diagram.svg"));
  ASSERT_TRUE(w->spacetime()->save(svg));
  const QByteArray text = contents(svg);
  EXPECT_TRUE(text.contains("<svg"));
  EXPECT_TRUE(text.contains("payment")) << "its lanes are named";
  const QString png = dir.filePath(QStringLiteral("diagram.png"));
  ASSERT_TRUE(w->spacetime()->save(png));
  EXPECT_FALSE(QImage(png).isNull());
}

}  // namespace
}  // namespace cs::ui
