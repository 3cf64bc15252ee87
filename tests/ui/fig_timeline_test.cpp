// The Strangler Fig's migration map on the timeline: one lane per route that
// left legacy, its stretches in the stage's colour, a mark where it was
// rolled back, drawn as of the moment shown; and the fig's toolbar knobs
// going through the engine as commands. Offscreen; waits are a bounded
// safety net.
#include <QAction>

#include "../../ui/patterns/strangler_fig/fig_route_table.h"
#include "canvas/pattern_look.h"
#include "timeline/timeline_widget.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

using cs::strangler_fig::FigView;
using cs::strangler_fig::Stage;

constexpr SimTime sec(double s) {
  return SimTime{static_cast<std::int64_t>(s * 1e6)};
}

// One long step and no analysis: only the user's hand moves a route.
constexpr const char* kByHand = R"({
  "title": "By hand", "description": "Routes moved only by the user.",
  "pattern": "strangler-fig", "seed": 3, "options": { "analysis": false },
  "steps": [ { "title": "Move", "narration": "Move routes.", "until": { "after": 60 } } ]
})";

// The same colour, but for the rounding of drawing it.
bool near(const QColor& a, const QColor& b) {
  return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
             std::abs(a.blue() - b.blue()) <
         24;
}

class FigWindow : public Window {
 protected:
  // catalog: shadow at 1 s, canary 50% at 2 s, rolled back at 4 s; shown at 5 s.
  void migrateAndRollBack() {
    openFilePaused(QStringLiteral("fig-by-hand.json"), kByHand);
    Driver* d = w->session()->driver();
    const std::vector<std::pair<double, Command>> plan = {
        {1, patternCommand("advance", {"catalog"})},
        {2, patternCommand("weight", {"catalog", "50"})},
        {4, patternCommand("rollback", {"catalog"})}};
    for (const auto& [at, command] : plan) {
      d->runTo(sec(at));
      ASSERT_TRUE(settled());
      w->session()->apply(command);
    }
    d->runTo(sec(5));
    ASSERT_TRUE(settled());
    ASSERT_TRUE(until([this] { return timeline()->height() >= timeline()->sizeHint().height(); }));
  }
  TimelineWidget* timeline() { return w->timeline(); }
  const FigView& view() { return static_cast<const FigView&>(*mirror().view); }
  QColor pixel(SimTime t, std::size_t lane) {
    const QImage img = timeline()->grab().toImage();
    return img.pixelColor(static_cast<int>(timeline()->xOf(t)) + 2,
                          static_cast<int>(timeline()->patternLaneY(lane)));
  }
};

TEST_F(FigWindow, EachMovedRouteHasALaneOfItsStagesWithTheRollbackMarked) {
  migrateAndRollBack();
  const auto& lanes = timeline()->patternLanes();
  ASSERT_EQ(lanes.size(), 1u) << "only catalog left legacy";
  EXPECT_EQ(lanes[0].name, QStringLiteral("catalog"));
  ASSERT_EQ(lanes[0].spans.size(), 4u);
  EXPECT_EQ(lanes[0].spans[1].from, sec(1));
  EXPECT_EQ(lanes[0].spans[2].text, QStringLiteral("canary 50%"));
  EXPECT_EQ(lanes[0].spans[2].to, sec(4));
  EXPECT_EQ(lanes[0].spans[3].to, sec(5)) << "the last stretch ends at the moment shown";
  ASSERT_EQ(lanes[0].marks.size(), 1u);
  EXPECT_EQ(lanes[0].marks[0].at, sec(4));
  // Drawn: the canary's colour where it was canary, the shadow's before it.
  using strangler_fig::stageColour;
  EXPECT_TRUE(near(pixel(sec(2), 0), lanes[0].spans[2].colour));
  EXPECT_EQ(lanes[0].spans[2].colour.hue(), stageColour(Stage::Canary).hue());
  EXPECT_TRUE(near(pixel(sec(1), 0), stageColour(Stage::Shadow)));
  EXPECT_NE(timeline()
                ->tipAt(QPointF(timeline()->xOf(sec(3)), timeline()->patternLaneY(0)))
                .indexOf(QStringLiteral("canary 50%")),
            -1);
}

TEST_F(FigWindow, SeekingBackShowsTheMapAsItWasThen) {
  migrateAndRollBack();
  w->session()->seek(sec(1.5));
  ASSERT_TRUE(until([this] { return mirror().status.now == sec(1.5) && !mirror().status.busy; }));
  const auto& lanes = timeline()->patternLanes();
  ASSERT_EQ(lanes.size(), 1u);
  EXPECT_EQ(lanes[0].spans.back().text, QStringLiteral("shadow"));
  EXPECT_TRUE(lanes[0].marks.empty()) << "the rollback has not happened yet";
}

TEST_F(FigWindow, TheToolbarSetsTheWeightAndSwitchesShadowingThroughTheEngine) {
  ASSERT_TRUE(w->openScenario(QStringLiteral("fig-one-route"), std::nullopt, false));
  ASSERT_TRUE(settled());
  auto* weight = w->findChild<QAction*>(QStringLiteral("knob.next-weight"));
  auto* shadow = w->findChild<QAction*>(QStringLiteral("knob.shadow"));
  ASSERT_TRUE(weight && shadow);
  EXPECT_FALSE(weight->isEnabled()) << "no route in canary";
  EXPECT_TRUE(shadow->isChecked());
  w->session()->apply(patternCommand("weight", {"catalog", "5"}));
  ASSERT_TRUE(settled());
  ASSERT_TRUE(until([&] { return weight->isEnabled(); }));
  weight->trigger();
  ASSERT_TRUE(settled());
  ASSERT_TRUE(until([&] { return view().routes[0].weight == 25; }));
  shadow->trigger();
  ASSERT_TRUE(settled());
  ASSERT_TRUE(until([&] { return !view().shadowOn; }));
  // Each knob was a command the engine logged and traced, so a replay does it again.
  std::size_t commands = 0;
  for (const DriverRecord& r : mirror().records) commands += r.record.kind == TraceKind::Command;
  EXPECT_EQ(commands, 3u);
}

}  // namespace
}  // namespace cs::ui
