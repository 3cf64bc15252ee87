// A pattern that only this test knows plugs into the engine and the window
// through the two registries and nothing else: a ring of beacons passing a
// flash along, with its own view type (how many flashes each beacon has
// seen), its own look (a square per beacon, brighter the more it has seen)
// and its own chart (the run's flashes counter). The window draws it and
// charts its metric without a line of shared code knowing it.
#include <clusterscope/errors.h>
#include <clusterscope/pattern.h>
#include <gtest/gtest.h>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QPainter>
#include <QVBoxLayout>
#include <QValueAxis>

#include "canvas/pattern_look.h"
#include "docks/chart_dock.h"
#include "docks/chart_util.h"
#include "pattern_ui.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

constexpr const char* kPattern = "beacon-ring";

// ---- The engine side ----

struct BeaconView : PatternView {
  std::vector<std::int64_t> seen;  // flashes seen, by node
};

class Beacon : public Node {
 public:
  Beacon(Label flash, Metrics* metrics, MetricId counter, int ring)
      : flash_(flash), metrics_(metrics), counter_(counter), ring_(ring) {}
  void onStart() override {
    if (id() == 0) setTimer(SimDuration{100'000}, 0);
  }
  void onMessage(const Message&) override { pass(); }
  void onTimer(TimerHandle, std::uint64_t) override { pass(); }
  void onCrash() override {}
  std::int64_t seen = 0;

 private:
  void pass() {
    ++seen;
    metrics_->add(counter_);
    send(static_cast<NodeId>((id() + 1) % ring_), flash_, {});
  }
  Label flash_;
  Metrics* metrics_;
  MetricId counter_;
  int ring_;
};

class BeaconRing : public Pattern {
 public:
  void build(Kernel& kernel) override {
    const Label flash = kernel.defineMessage("Flash", {}, Exchange::OneWay);
    MetricInfo info;
    info.name = "beacon.flashes";
    info.family = "beacon";
    info.measure = "flashes";
    const MetricId counter = kernel.metrics().define(std::move(info));
    for (int i = 0; i < 3; ++i)
      kernel.addNode(std::make_unique<Beacon>(flash, &kernel.metrics(), counter, 3));
  }
  void validate(const Kernel&, const Command& c) const override {
    throw InputError("do", "no verb", "\"" + c.verb + "\"");
  }
  void apply(Kernel&, const Command&) override {}
  std::vector<std::pair<std::string, std::string>> verbs() const override { return {}; }
  NodeSnapshot snapshot(const Kernel& kernel, NodeId node) const override {
    NodeSnapshot s;
    s.id = node;
    s.name = "beacon " + std::to_string(node);
    s.status = kernel.status(node);
    s.role = "beacon";
    return s;
  }
  std::shared_ptr<const PatternView> view(const Kernel& kernel) const override {
    auto v = std::make_shared<BeaconView>();
    for (NodeId n = 0; n < kernel.nodeCount(); ++n)
      v->seen.push_back(static_cast<const Beacon&>(kernel.node(n)).seen);
    return v;
  }
  std::optional<NodeId> resolve(const Kernel&, std::string_view) const override {
    return std::nullopt;
  }
  std::vector<std::unique_ptr<Checker>> checkers(const Kernel&) const override { return {}; }
};

// ---- The window side ----

// What the look drew last, for the test to read.
struct Drawn {
  std::map<NodeId, std::int64_t> seen;
};
Drawn& drawn() {
  static Drawn d;
  return d;
}

class BeaconLook : public PatternLook {
 public:
  NodeLayout layout(const PatternView&, const std::vector<NodeSnapshot>& nodes) const override {
    NodeLayout l;
    for (std::size_t i = 0; i < nodes.size(); ++i)
      l.positions.emplace_back(200.0 * static_cast<double>(i), 0.0);
    l.sceneRect = QRectF(-100, -100, 200.0 * static_cast<double>(nodes.size()) + 100, 200);
    return l;
  }
  bool linked(const PatternView&, const NodeSnapshot&, const NodeSnapshot&) const override {
    return true;
  }
  double inset(const PatternView&, const NodeSnapshot&, QPointF) const override { return 30; }
  void paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                 const NodePaintContext&) const override {
    const std::int64_t seen = viewOf<BeaconView>(view).seen.at(s.id);
    drawn().seen[s.id] = seen;
    p->fillRect(QRectF(-30, -30, 60, 60), QColor::fromHsv(50, 255, 100 + int(seen % 155)));
  }
  QPainterPath nodeShape(const PatternView&, const NodeSnapshot&) const override {
    QPainterPath path;
    path.addRect(-30, -30, 60, 60);
    return path;
  }
  int messageClassCount() const override { return 1; }
  int classify(const Vocabulary*, const Message&) const override { return 0; }
  GlyphLook messageLook(int, const Theme&, double r) const override {
    QPainterPath path;
    path.addEllipse(QPointF(0, 0), r, r);
    return {QColor("#ffb300"), path, QStringLiteral("flash")};
  }
  int legendSymbolRows() const override { return 0; }
  QString paintLegendSymbol(QPainter*, int, QPointF, double) const override { return {}; }
  std::vector<int> legendMessageOrder() const override { return {0}; }
  std::vector<NodeAction> nodeActions(const PatternView&, const NodeSnapshot&) const override {
    return {};
  }
};

class BeaconCharts : public PatternCharts {
 public:
  explicit BeaconCharts(QWidget* parent) : PatternCharts(parent) {
    auto* layout = new QVBoxLayout(this);
    view_ = makeView(makeTimeChart(), this);
    series = new QLineSeries;
    view_->chart()->addSeries(series);
    series->attachAxis(axis(view_, Qt::Horizontal));
    series->attachAxis(axis(view_, Qt::Vertical));
    layout->addWidget(view_);
  }
  void refresh(const Mirror& m, double, double) override {
    QList<QPointF> points;
    const auto id = m.metricIndex("beacon", "", "flashes");
    for (const MetricSample& s : m.samples)
      if (id && *id < s.values.size())
        points.append({toSeconds(s.at), static_cast<double>(s.values[*id])});
    series->replace(points);
  }
  QLineSeries* series;

 private:
  QChartView* view_;
};

constexpr const char* kScenario = R"({
  "title": "A ring of beacons",
  "description": "A flash goes round.",
  "pattern": "beacon-ring",
  "seed": 1,
  "options": {},
  "steps": [{"title": "Flash", "narration": "Round it goes.", "until": {"after": 2}}]
})";

void registerOnce() {
  if (findPattern(kPattern)) return;
  registerPattern({kPattern, "Beacon ring", [](const nlohmann::json&) {
                     return std::unique_ptr<Pattern>(std::make_unique<BeaconRing>());
                   }});
  PatternUi ui;
  ui.pattern = kPattern;
  ui.look = [] { return std::make_unique<BeaconLook>(); };
  ui.charts = [](QWidget* parent) { return new BeaconCharts(parent); };
  registerPatternUi(std::move(ui));
}

class PlugIn : public Window {};

TEST_F(PlugIn, APatternRegisteredByATestIsDrawnAndCharted) {
  registerOnce();
  drawn().seen.clear();
  openFilePaused("beacons.json", kScenario);
  w->session()->setSpeed(Driver::kFlatOut);
  w->session()->togglePlay();
  ASSERT_TRUE(until([this] { return mirror().status.conditionMet; }));
  ASSERT_TRUE(settled());

  // Its look draws its nodes from its own view.
  ASSERT_EQ(mirror().nodes.size(), 3u);
  ASSERT_NE(w->scene()->nodeItem(2), nullptr);
  w->view()->grab();
  const auto& seen = viewOf<BeaconView>(*mirror().view).seen;
  ASSERT_EQ(drawn().seen.size(), 3u);
  for (NodeId n = 0; n < 3; ++n) EXPECT_EQ(drawn().seen[n], seen[n]) << "beacon " << n;
  EXPECT_GT(seen[0], 10);

  // Its chart plots its metric.
  auto* charts = dynamic_cast<BeaconCharts*>(w->findChild<ChartDock*>()->charts());
  ASSERT_NE(charts, nullptr);
  ASSERT_TRUE(until([&] { return charts->series->count() > 10; }));
  EXPECT_GT(charts->series->at(charts->series->count() - 1).y(), 10);
}

TEST_F(PlugIn, APatternTheWindowHasNoPartForIsRefusedByName) {
  if (!findPattern("beacon-ring-no-window"))
    registerPattern(
        {"beacon-ring-no-window", "Beacons without a window", [](const nlohmann::json&) {
           return std::unique_ptr<Pattern>(std::make_unique<BeaconRing>());
         }});
  std::string json = kScenario;
  json.replace(json.find("\"beacon-ring\""), 13, "\"beacon-ring-no-window\"");
  const QString file = dir.filePath("orphan.json");
  QFile f(file);
  ASSERT_TRUE(f.open(QIODevice::WriteOnly));
  f.write(json.c_str());
  f.close();
  QString error;
  EXPECT_FALSE(w->session()->open(file, std::nullopt, false, &error));
  EXPECT_TRUE(error.contains(QStringLiteral("beacon-ring-no-window"))) << error.toStdString();
}

}  // namespace
}  // namespace cs::ui
