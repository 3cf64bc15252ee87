// Each pattern's own controls and glyphs in the window, offscreen: the
// toolbar's switches follow the engine and change it, Raft's buttons keep
// their shortcuts and leave with Raft, the Ambassador's sidecars stand in
// pods beside their services, and the breaker's health circle measures the
// calls on its path; the breaker band records the trip.
#include <gtest/gtest.h>
#include <QAction>
#include <QToolBar>

#include <clusterscope/ambassador/ambassador_view.h>
#include <clusterscope/circuit_breaker/shop_view.h>

#include "../patterns/circuit_breaker/breaker_band.h"
#include "pattern_ui.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

constexpr const char* kAmbassadorWorld = R"({
  "title": "Ambassador world",
  "description": "Two seconds of the ambassador's world.",
  "pattern": "ambassador",
  "seed": 3,
  "steps": [{"title": "Run", "narration": "Calls flow.", "until": {"after": 2}}]
})";

constexpr NodeId kApp = 1, kAmbassador = 2, kB1 = 3, kB1Ambassador = 4, kRogue = 7;
constexpr NodeId kOrders = 3, kPayment = 5;

class PatternControls : public Window {
 protected:
  // A pattern's toolbar button, by its id ("breaker").
  QAction* knob(const QString& id) { return w->findChild<QAction*>(QStringLiteral("knob.") + id); }
  std::string field(NodeId node, std::string_view name) {
    for (const auto& [k, v] : mirror().nodes.at(node).fields)
      if (k == name) return v;
    return {};
  }
  bool onToolbar(QAction* a) {
    for (QToolBar* bar : w->findChildren<QToolBar*>())
      if (bar->actions().contains(a)) return true;
    return false;
  }
  void runFirstStep() {
    w->session()->setSpeed(Driver::kFlatOut);
    w->session()->togglePlay();
    ASSERT_TRUE(until([this] { return mirror().status.conditionMet && !mirror().status.playing; }));
  }
};

TEST_F(PatternControls, TheBreakerSwitchFollowsTheEngineAndChangesIt) {
  openShopPaused();
  QAction* breaker = nullptr;
  ASSERT_TRUE(until([&] { return (breaker = knob(QStringLiteral("breaker"))) != nullptr; }));
  EXPECT_TRUE(onToolbar(breaker));
  ASSERT_TRUE(breaker->isCheckable());
  EXPECT_TRUE(breaker->isChecked());
  breaker->trigger();  // the user switches it off
  ASSERT_TRUE(until([&] { return field(kOrders, "breaker (payment)") == "DISABLED"; }));
  EXPECT_EQ(viewOf<cs::circuit_breaker::ShopView>(*mirror().view).breaker.state,
            cs::circuit_breaker::State::DISABLED);
  EXPECT_TRUE(until([&] { return !breaker->isChecked(); }));
  breaker->trigger();
  ASSERT_TRUE(until([&] { return field(kOrders, "breaker (payment)") == "CLOSED"; }));
  EXPECT_TRUE(until([&] { return breaker->isChecked(); }));
}

// The switch that takes a safety rule away says so, for the monkey and any
// other caller that must tell a lesson's violation from a bug; the others do not.
TEST_F(PatternControls, OnlyASafetyRulesSwitchIsMarkedAsOne) {
  openShopPaused();
  QAction* failFast = nullptr;
  ASSERT_TRUE(until([&] { return (failFast = knob(QStringLiteral("fail-fast"))) != nullptr; }));
  EXPECT_TRUE(failFast->property("safetyRule").toBool());
  ASSERT_NE(knob(QStringLiteral("breaker")), nullptr);
  EXPECT_FALSE(knob(QStringLiteral("breaker"))->property("safetyRule").toBool());
}

// The inspector shows orders' breaker and its window from the typed view;
// the other services have no breaker section.
TEST_F(PatternControls, TheInspectorShowsTheBreakersWindow) {
  openShopPaused();
  runFirstStep();
  const PatternUi* ui = findPatternUi("circuit-breaker");
  ASSERT_NE(ui, nullptr);
  ASSERT_TRUE(ui->inspector);
  const QString html = ui->inspector(mirror(), *mirror().view, kOrders);
  EXPECT_TRUE(html.contains(QStringLiteral("breaker for payment"))) << html.toStdString();
  EXPECT_TRUE(html.contains(QStringLiteral("CLOSED"))) << html.toStdString();
  EXPECT_TRUE(html.contains(QStringLiteral("✓"))) << "a healthy window holds successes";
  EXPECT_TRUE(ui->inspector(mirror(), *mirror().view, kPayment).isEmpty());
}

TEST_F(PatternControls, RaftButtonsKeepTheirShortcutsAndLeaveWithRaft) {
  openPaused();
  QAction* isolate = nullptr;
  ASSERT_TRUE(until([&] { return (isolate = knob(QStringLiteral("isolate-leader"))) != nullptr; }));
  EXPECT_EQ(isolate->shortcut(), QKeySequence(QStringLiteral("Ctrl+L")));
  ASSERT_NE(knob(QStringLiteral("client-write")), nullptr);
  EXPECT_EQ(knob(QStringLiteral("client-write"))->shortcut(),
            QKeySequence(QStringLiteral("Ctrl+W")));
  openShopPaused();
  ASSERT_TRUE(until([&] { return knob(QStringLiteral("breaker")) != nullptr; }));
  QCoreApplication::processEvents();  // the old actions are deleted later
  EXPECT_EQ(knob(QStringLiteral("isolate-leader")), nullptr);
  EXPECT_EQ(knob(QStringLiteral("client-write")), nullptr);
}

TEST_F(PatternControls, AmbassadorsStandInPodsBesideTheirServices) {
  openFilePaused(QStringLiteral("ambassador.json"), kAmbassadorWorld);
  ASSERT_EQ(mirror().nodes.size(), 8u);
  const ClusterScene* scene = w->scene();
  // Co-located: side by side, closer than any two networked nodes, and no
  // network link drawn between them.
  const QPointF app = scene->nodePosition(kApp), amb = scene->nodePosition(kAmbassador);
  EXPECT_DOUBLE_EQ(app.y(), amb.y());
  EXPECT_LT(amb.x() - app.x(), 200);
  EXPECT_GT(amb.x(), app.x()) << "app's sidecar stands on its right";
  EXPECT_LT(scene->nodePosition(kB1Ambassador).x(), scene->nodePosition(kB1).x());
  EXPECT_EQ(link(kApp, kAmbassador), nullptr);
  EXPECT_EQ(link(kB1, kB1Ambassador), nullptr);
  // The sidecar draws the pod over its service.
  EXPECT_GT(scene->nodeItem(kAmbassador)->boundingRect().width(),
            scene->nodeItem(kApp)->boundingRect().width() * 2);
  // Networked hops: client -> app, ambassador -> b1's ambassador (with the
  // replica's breaker badge), rogue -> b1's ambassador.
  EXPECT_NE(link(0, kApp), nullptr);
  EXPECT_NE(link(kRogue, kB1Ambassador), nullptr);
  LinkItem* toB1 = link(kAmbassador, kB1Ambassador);
  ASSERT_NE(toB1, nullptr);
  // The badge tells b1's breaker, as the ambassador's view has it.
  const auto& world = viewOf<cs::ambassador::AmbassadorView>(*mirror().view);
  const cs::ambassador::UpstreamView* b1 = world.outbound.upstream(kB1Ambassador);
  ASSERT_NE(b1, nullptr);
  EXPECT_EQ(
      toB1->badge().title.toStdString(),
      world.outbound.breakers ? cs::circuit_breaker::stateName(b1->breaker.state) : "NO BREAKER");
  EXPECT_EQ(toB1->badge().healthPath, "ambassador->b1-ambassador");
}

TEST_F(PatternControls, AmbassadorSwitchesFollowTheEngine) {
  openFilePaused(QStringLiteral("ambassador.json"), kAmbassadorWorld);
  QAction* ambassador = nullptr;
  ASSERT_TRUE(until([&] { return (ambassador = knob(QStringLiteral("ambassador"))) != nullptr; }));
  for (const char* id : {"retries", "hedging", "rogue", "b2-slow"})
    ASSERT_NE(knob(QString::fromLatin1(id)), nullptr) << id;
  EXPECT_TRUE(ambassador->isChecked());
  EXPECT_EQ(knob(QStringLiteral("hedging"))->isChecked(), field(kAmbassador, "hedging") != "off");
  ambassador->trigger();
  ASSERT_TRUE(until([&] { return field(kApp, "calls B via") == "b1"; }));
  EXPECT_EQ(field(kAmbassador, "in use"), "no");
  EXPECT_TRUE(until([&] { return !ambassador->isChecked(); }));
  QAction* rogue = knob(QStringLiteral("rogue"));
  ASSERT_TRUE(rogue->isChecked());
  rogue->trigger();
  EXPECT_TRUE(until([&] { return !rogue->isChecked(); }));
}

TEST_F(PatternControls, TheHealthCircleMeasuresTheCallsOnItsPath) {
  openFilePaused(QStringLiteral("ambassador.json"), kAmbassadorWorld);
  runFirstStep();
  LinkItem* toB1 = link(kAmbassador, kB1Ambassador);
  ASSERT_NE(toB1, nullptr);
  // The client sends 100 requests a second, spread over two replicas.
  EXPECT_GT(toB1->badge().volume, 20);
  EXPECT_LT(toB1->badge().volume, 100);
  EXPECT_LT(toB1->badge().errorPercent, 5);
}

// The band over the charts shows the breaker's trip: CLOSED, then OPEN.
TEST_F(PatternControls, TheBreakerBandShowsTheTrip) {
  openShopPaused();
  runFirstStep();  // three healthy seconds
  for (std::size_t step : {1u, 2u}) {
    // Payment turns slow and the breaker opens; then it fails fast until HALF_OPEN.
    w->session()->nextStep();
    ASSERT_TRUE(until([&] {
      return mirror().status.step == step && mirror().status.conditionMet &&
             !mirror().status.playing;
    }));
  }
  auto* band = w->findChild<BreakerBand*>(QStringLiteral("breakerBand"));
  ASSERT_NE(band, nullptr);
  ASSERT_TRUE(until([&] { return !band->rows().empty() && band->isVisible(); }));
  ASSERT_TRUE(until([&] { return band->rows()[0].segments.size() >= 2; }));
  const auto& row = band->rows()[0];
  EXPECT_EQ(row.name, QStringLiteral("orders → payment"));
  EXPECT_EQ(row.segments[0].state, cs::circuit_breaker::State::CLOSED);
  EXPECT_EQ(row.segments[1].state, cs::circuit_breaker::State::OPEN);
  EXPECT_GT(row.segments[1].to - row.segments[1].from, 2.5) << "OPEN for its wait duration";
}

// Help > About this pattern has something to say for every pattern.
TEST(PatternExplainers, EveryPatternHasOne) {
  for (const auto& info : allPatterns()) {
    QFile f(
        QStringLiteral(":/clusterscope/explainers/%1.md").arg(QString::fromStdString(info.name)));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << info.name;
    EXPECT_TRUE(f.readAll().startsWith("# ")) << info.name;
  }
}

}  // namespace
}  // namespace cs::ui
