// Messages never hide a node's name or labels (issue 13): in lecture mode at
// 1920×1080, at every moment of a scenario's first seconds with messages in
// flight, the pixels of every piece of a node's text are the same with the
// messages drawn as without them. Messages fly under the nodes, and a label
// stands on a plate of the canvas's colour. UI thread only.
#include <gtest/gtest.h>
#include <QImage>
#include <QPainter>
#include <string>
#include <vector>

#include "canvas/link_item.h"
#include "readable_fixture.h"

namespace cs::ui {
namespace {

// The paint engine of TextSizeEngine, remembering instead where, in device
// pixels, each piece of text stands.
class TextPlaceEngine : public TextSizeEngine {
 public:
  void drawTextItem(const QPointF& at, const QTextItem& item) override {
    if (item.text().trimmed().isEmpty()) return;
    const QFontMetricsF fm(item.font());
    const QRectF r(at.x(), at.y() - fm.ascent(), fm.horizontalAdvance(item.text()), fm.height());
    places.push_back({state->transform().mapRect(r).toAlignedRect(), item.text()});
  }
  struct Place {
    QRect rect;
    QString text;
  };
  std::vector<Place> places;
};

class TextPlaceDevice : public MeasuringDevice {
 public:
  explicit TextPlaceDevice(QSize size) : MeasuringDevice(size) {}
  QPaintEngine* paintEngine() const override { return &engine; }
  mutable TextPlaceEngine engine;
};

class LabelsOverMessages : public Readable, public ::testing::WithParamInterface<const char*> {
 protected:
  // The scene as the view shows it, with only the items `keep` accepts.
  template <class Keep>
  void render(QPaintDevice* device, Keep keep) {
    ClusterView* v = w->view();
    std::vector<QGraphicsItem*> hidden;
    for (QGraphicsItem* item : w->scene()->items())
      if (item->isVisible() && !keep(item)) {
        item->hide();
        hidden.push_back(item);
      }
    QPainter p(device);
    p.setTransform(v->viewportTransform());
    const QRectF shown = v->mapToScene(v->viewport()->rect()).boundingRect();
    w->scene()->render(&p, shown, shown);
    p.end();
    for (QGraphicsItem* item : hidden) item->show();
  }
  static bool isNode(QGraphicsItem* item) { return item->type() == NodeItem::Type; }
  static bool isNodeOrMessage(QGraphicsItem* item) {
    return item->type() == NodeItem::Type || item->type() == MessageItem::Type;
  }
  // A node's text over which a message shows now; empty when none.
  std::string hiddenLabel() {
    const QSize size = w->view()->viewport()->size();
    TextPlaceDevice places(size);
    render(&places, isNode);
    QImage alone(size, QImage::Format_ARGB32_Premultiplied), with(alone);
    alone.fill(Qt::transparent);
    with.fill(Qt::transparent);
    render(&alone, isNode);
    render(&with, isNodeOrMessage);
    for (const TextPlaceEngine::Place& place : places.engine.places) {
      const QRect r = place.rect.intersected(alone.rect());
      for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
          if (alone.pixel(x, y) != with.pixel(x, y))
            return QStringLiteral("\"%1\" at (%2, %3)").arg(place.text).arg(x).arg(y).toStdString();
    }
    return {};
  }
};

TEST_P(LabelsOverMessages, InLectureMode) {
  openAndPlay(QString::fromLatin1(GetParam()), 300);
  enterLecture();
  int moments = 0;
  for (int i = 0; i < 400 && moments < 60; ++i) {
    w->session()->stepEvent();
    ASSERT_TRUE(settled());
    if (w->scene()->messageItemCount() == 0) continue;
    ++moments;
    const std::string hidden = hiddenLabel();
    ASSERT_TRUE(hidden.empty()) << "at " << toSeconds(mirror().status.now)
                                << " s a message shows through " << hidden;
  }
  EXPECT_GT(moments, 10);
}
INSTANTIATE_TEST_SUITE_P(Scenarios, LabelsOverMessages,
                         ::testing::Values("partition-minority", "ambassador-unsafe",
                                           "cqrs-flash-sale"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
                           return name;
                         });

}  // namespace
}  // namespace cs::ui
