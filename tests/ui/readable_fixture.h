// What the readability tests share (issue 13): a paint engine that measures
// how large, in device pixels, each piece of canvas text is drawn; the two
// screens readable_main.cpp sets up; a window fixture that opens and plays a
// scenario, moves to the laptop or enters lecture mode, and measures the
// canvas; one scenario of each pattern. UI thread only.
#pragma once

#include <clusterscope/scenario.h>
#include <gtest/gtest.h>
#include <QApplication>
#include <QPaintEngine>
#include <QScreen>
#include <QStringList>
#include <QWindow>
#include <algorithm>
#include <cmath>
#include <functional>
#include <iostream>
#include <limits>
#include <string>

#include "canvas/cluster_view.h"
#include "canvas/ink_bounds.h"
#include "canvas/message_item.h"
#include "canvas/node_item.h"
#include "canvas/panel_item.h"
#include "window_fixture.h"

namespace cs::ui {

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
    found.all << item.text();
  }
  struct Found {
    double smallest = std::numeric_limits<double>::infinity();
    QString text;
    int count = 0;
    QStringList all;  // every piece of text, in the order drawn
  } found;
};

class TextSizeDevice : public MeasuringDevice {
 public:
  explicit TextSizeDevice(QSize size) : MeasuringDevice(size) {}
  QPaintEngine* paintEngine() const override { return &engine; }
  mutable TextSizeEngine engine;
};

// A gtest-safe test name from a scenario's (and a node's) name:
// "es-last-item" -> "es_last_item".
inline std::string testNameOf(std::string words) {
  std::replace(words.begin(), words.end(), '-', '_');
  return words;
}

inline QScreen* screenNamed(const QString& name) {
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
  // A window opened on the laptop's 1280×720 as the app opens it on a first
  // launch there (MainWindow::showAtLaunch): maximised, its docks laid out
  // for that size. What a user sees, unlike a window moved to the laptop.
  void launchOnLaptop() {
    QScreen* laptop = screenNamed(QStringLiteral("laptop"));
    ASSERT_NE(laptop, nullptr);
    w.reset();
    w = std::make_unique<MainWindow>();
    w->setScreen(laptop);
    w->move(laptop->availableGeometry().topLeft());
    w->showAtLaunch();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(w.get()));
    const QRect room = laptop->availableGeometry();
    ASSERT_TRUE(until([&] {
      return w->screen() == laptop && w->isMaximized() && room.contains(w->frameGeometry()) &&
             w->frameGeometry().height() >= room.height() - 8;
    })) << "the window is "
        << w->frameGeometry().width() << "x" << w->frameGeometry().height() << " on "
        << w->screen()->name().toStdString();
    // The docks' layout for that size lands after the first show.
    QTest::qWait(0);
    for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
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
  // The smallest text of the look's panel alone, in screen pixels.
  TextSizeEngine::Found measurePanelText() {
    return measureAlone([](QGraphicsItem* item) { return item->type() == PanelItem::Type; });
  }
  // The text of the items `kept` keeps, drawn alone, in screen pixels.
  TextSizeEngine::Found measureAlone(const std::function<bool(QGraphicsItem*)>& kept) {
    std::vector<QGraphicsItem*> hidden;
    for (QGraphicsItem* item : w->scene()->items())
      if (!kept(item) && item->isVisible()) {
        item->hide();
        hidden.push_back(item);
      }
    const TextSizeEngine::Found text = measureText();
    for (QGraphicsItem* item : hidden) item->show();
    return text;
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
inline const Hall kOnePerPattern[] = {
    {"Raft", "basic-election"},           {"CircuitBreaker", "breaker-trips"},
    {"Ambassador", "ambassador-hedging"}, {"PubSub", "pubsub-fan-out"},
    {"EventSourcing", "es-every-change"}, {"Sharding", "shard-add-a-shard"},
    {"StranglerFig", "fig-one-route"},    {"Cqrs", "cqrs-flash-sale"}};
}  // namespace cs::ui
