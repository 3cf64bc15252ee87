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
#include "canvas/cluster_view.h"
#include "canvas/message_item.h"
#include "canvas/node_item.h"
#include "canvas/panel_item.h"
#include "docks/event_log_model.h"
#include "docks/narration_dock.h"
#include "window_fixture.h"

namespace cs::ui {
namespace {

// A paint engine that draws nothing and remembers how large, in device
// pixels, each piece of text would be.
class TextSizeEngine : public QPaintEngine {
 public:
  TextSizeEngine() : QPaintEngine(QPaintEngine::AllFeatures) {}
  bool begin(QPaintDevice*) override { return true; }
  bool end() override { return true; }
  void updateState(const QPaintEngineState&) override {}
  void drawPixmap(const QRectF&, const QPixmap&, const QRectF&) override {}
  void drawPath(const QPainterPath&) override {}
  void drawPolygon(const QPointF*, int, PolygonDrawMode) override {}
  void drawLines(const QLineF*, int) override {}
  void drawRects(const QRectF*, int) override {}
  void drawEllipse(const QRectF&) override {}
  void drawImage(const QRectF&, const QImage&, const QRectF&, Qt::ImageConversionFlags) override {}
  Type type() const override { return QPaintEngine::User; }
  void drawTextItem(const QPointF&, const QTextItem& item) override {
    if (item.text().trimmed().isEmpty()) return;
    const QTransform m = state->transform();
    const double scale = std::sqrt(std::abs(m.determinant()));
    const QFont f = item.font();
    const double px = f.pixelSize() > 0 ? f.pixelSize() : f.pointSizeF() * 96.0 / 72.0;
    if (px * scale < found.smallest) {
      found.smallest = px * scale;
      found.text = item.text();
    }
    ++found.count;
  }
  struct Found {
    double smallest = std::numeric_limits<double>::infinity();
    QString text;
    int count = 0;
  } found;
};

class TextSizeDevice : public QPaintDevice {
 public:
  explicit TextSizeDevice(QSize size) : size_(size) {}
  QPaintEngine* paintEngine() const override { return &engine; }
  mutable TextSizeEngine engine;

 protected:
  int metric(PaintDeviceMetric m) const override {
    switch (m) {
      case PdmWidth:
        return size_.width();
      case PdmHeight:
        return size_.height();
      case PdmDpiX:
      case PdmDpiY:
      case PdmPhysicalDpiX:
      case PdmPhysicalDpiY:
        return 96;
      case PdmDevicePixelRatio:
        return 1;
      case PdmDevicePixelRatioScaled:
        return static_cast<int>(QPaintDevice::devicePixelRatioFScale());
      case PdmDepth:
        return 32;
      case PdmNumColors:
        return std::numeric_limits<int>::max();
      default:
        return 0;
    }
  }

 private:
  QSize size_;
};

QScreen* screenNamed(const QString& name) {
  for (QScreen* s : QGuiApplication::screens())
    if (s->name() == name) return s;
  return nullptr;
}

class Readable : public Window {
 protected:
  // Opens the scenario and plays it flat out until `ms` of simulated time
  // or the first step's end, then pauses.
  void openAndPlay(const QString& scenario, std::int64_t ms) {
    ASSERT_TRUE(w->openScenario(scenario, std::nullopt, false));
    ASSERT_TRUE(settled());
    w->session()->setSpeed(Driver::kFlatOut);
    w->session()->togglePlay();
    ASSERT_TRUE(
        until([&] { return mirror().status.now >= fromMillis(ms) || !mirror().status.playing; }));
    if (mirror().status.playing) w->session()->togglePlay();
    ASSERT_TRUE(settled());
  }
  // Then steps on until messages are in flight.
  void openAndRun(const QString& scenario) {
    openAndPlay(scenario, 1500);
    for (int i = 0; i < 500 && w->scene()->messageItemCount() == 0; ++i) {
      w->session()->stepEvent();
      ASSERT_TRUE(settled());
    }
    ASSERT_GT(w->scene()->messageItemCount(), 0u) << "no message in flight to measure";
  }
  // Moves the window to the laptop's 1280×720, which it must fit.
  void moveToLaptop() {
    QScreen* laptop = screenNamed(QStringLiteral("laptop"));
    ASSERT_NE(laptop, nullptr);
    w->windowHandle()->setScreen(laptop);
    w->move(laptop->availableGeometry().topLeft());
    ASSERT_TRUE(until([&] {
      return w->screen() == laptop && laptop->availableGeometry().contains(w->frameGeometry());
    })) << "the window is "
        << w->frameGeometry().width() << "x" << w->frameGeometry().height()
        << " with its frame, on " << w->screen()->name().toStdString();
    QTest::qWait(0);
    QCoreApplication::processEvents();
  }
  void enterLecture() {
    w->setLectureMode(true);
    ASSERT_TRUE(until([this] {
      return w->isFullScreen() && w->view()->height() > 0 &&
             w->geometry().size() == w->screen()->geometry().size();
    }));
    // Let the narration band's deferred resize land.
    QTest::qWait(0);
    QCoreApplication::processEvents();
  }
  // The smallest canvas text, in screen pixels, as the view shows it now;
  // with `nodesOnly`, of the nodes' drawings alone.
  TextSizeEngine::Found measureText(bool nodesOnly = false) {
    ClusterView* v = w->view();
    std::vector<QGraphicsItem*> hidden;
    if (nodesOnly)
      for (QGraphicsItem* item : w->scene()->items())
        if (item->type() != NodeItem::Type && item->isVisible()) {
          item->hide();
          hidden.push_back(item);
        }
    TextSizeDevice device(v->viewport()->size());
    QPainter p(&device);
    p.setTransform(v->viewportTransform());
    const QRectF shown = v->mapToScene(v->viewport()->rect()).boundingRect();
    w->scene()->render(&p, shown, shown);
    p.end();
    for (QGraphicsItem* item : hidden) item->show();
    return device.engine.found;
  }
  // Where the nodes and the look's panel stand in the viewport.
  std::vector<std::pair<QString, QRect>> drawnParts() {
    std::vector<std::pair<QString, QRect>> parts;
    for (QGraphicsItem* item : w->scene()->items()) {
      if (!item->isVisible() || item->boundingRect().isEmpty()) continue;
      QString name;
      if (auto* n = qgraphicsitem_cast<NodeItem*>(item))
        name = QString::fromStdString(n->snapshot().name);
      else if (item->type() == PanelItem::Type)
        name = QStringLiteral("the panel");
      else
        continue;
      const QRectF scene = item->mapToScene(item->shape()).boundingRect();
      parts.emplace_back(name, w->view()->mapFromScene(scene).boundingRect());
    }
    return parts;
  }
  // The smallest message glyph across, in screen pixels.
  double smallestGlyph() {
    const double scale = w->view()->transform().m22();
    double smallest = std::numeric_limits<double>::infinity();
    for (QGraphicsItem* item : w->scene()->items())
      if (auto* m = qgraphicsitem_cast<MessageItem*>(item); m && m->isVisible()) {
        const QRectF r = m->glyphBounds();
        smallest = std::min(smallest, std::min(r.width(), r.height()) * scale);
      }
    return smallest;
  }
  void checkHall(const QString& scenario) {
    QScreen* hall = screenNamed(QStringLiteral("hall"));
    ASSERT_NE(hall, nullptr);
    ASSERT_EQ(w->screen(), hall);
    openAndRun(scenario);
    enterLecture();
    EXPECT_GE(w->view()->height(), hall->geometry().height() * 65 / 100)
        << "the canvas takes at least 65% of the screen's height";
    const TextSizeEngine::Found text = measureText();
    ASSERT_GT(text.count, 0);
    EXPECT_GE(text.smallest, 14.0) << "smallest canvas text: \"" << text.text.toStdString()
                                   << "\" at " << text.smallest << " px";
    const double glyph = smallestGlyph();
    EXPECT_GE(glyph, 14.0) << "the smallest message glyph, in px across";
    // READABLE_SHOTS=DIR keeps what was measured, to be looked at.
    if (const QString dir = qEnvironmentVariable("READABLE_SHOTS"); !dir.isEmpty()) {
      EXPECT_TRUE(w->grab().save(dir + QLatin1Char('/') + scenario + QStringLiteral(".png")));
    }
    std::cout << scenario.toStdString() << ": canvas " << w->view()->height()
              << " px high, text >= " << text.smallest << " px (\"" << text.text.toStdString()
              << "\"), glyphs >= " << glyph << " px\n";
  }
};

// One scenario of each pattern, named for its pattern.
struct Hall {
  const char* pattern;
  const char* scenario;
};
const Hall kOnePerPattern[] = {
    {"Raft", "basic-election"},           {"CircuitBreaker", "breaker-trips"},
    {"Ambassador", "ambassador-hedging"}, {"PubSub", "pubsub-fan-out"},
    {"EventSourcing", "es-every-change"}, {"Sharding", "shard-add-a-shard"},
    {"StranglerFig", "fig-one-route"},    {"Cqrs", "cqrs-flash-sale"}};
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
// screen; every bundled step's narration reads whole, without a scrollbar;
// the inspector, the docks and the status text are whole on screen.
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

  // Each bundled step's paragraph (and each scenario's description), whole.
  auto* narration = w->findChild<NarrationDock*>(QStringLiteral("narration"));
  ASSERT_NE(narration, nullptr);
  auto* scroll = narration->findChild<QScrollArea*>();
  ASSERT_NE(scroll, nullptr);
  int checked = 0;
  for (const BundledScenario& b : bundledScenarios()) {
    // Open, the scenario's own title and controls must fit too.
    ASSERT_TRUE(w->openScenario(QString::fromStdString(b.name), std::nullopt, false));
    ASSERT_TRUE(settled());
    for (int i = 0; i < 3; ++i) QCoreApplication::processEvents();
    EXPECT_TRUE(laptop->availableGeometry().contains(w->frameGeometry()))
        << b.name << ": the window is " << w->frameGeometry().width() << "x"
        << w->frameGeometry().height() << " with its frame";
    const Scenario sc = parseScenario(b.json, "bundled:" + b.name);
    std::vector<std::pair<std::string, std::string>> texts{{sc.title, sc.description}};
    for (const ScenarioStep& step : sc.steps) texts.emplace_back(step.title, step.narration);
    for (const auto& [title, paragraph] : texts) {
      narration->preview(QString::fromStdString(title), QString::fromStdString(paragraph));
      // The layout, then the paragraph's fit to the room it was given.
      for (int i = 0; i < 3; ++i) QCoreApplication::processEvents();
      EXPECT_EQ(scroll->verticalScrollBar()->maximum(), 0)
          << b.name << ": \"" << title << "\" needs a scrollbar at 1280×720";
      ++checked;
    }
  }
  EXPECT_GT(checked, 50);
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
