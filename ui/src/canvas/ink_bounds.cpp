// Measuring an item's ink. See ink_bounds.h.
#include "ink_bounds.h"

#include <QGraphicsItem>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <QStyleOptionGraphicsItem>
#include <limits>

namespace cs::ui {
namespace {

// Draws nothing; remembers the device box of everything it is asked to draw.
class InkEngine : public QPaintEngine {
 public:
  InkEngine() : QPaintEngine(QPaintEngine::AllFeatures) {}
  bool begin(QPaintDevice*) override { return true; }
  bool end() override { return true; }
  void updateState(const QPaintEngineState&) override {}
  Type type() const override { return QPaintEngine::User; }

  void drawPath(const QPainterPath& path) override { shape(path.boundingRect()); }
  void drawPolygon(const QPointF* points, int count, PolygonDrawMode) override {
    QPolygonF polygon;
    for (int i = 0; i < count; ++i) polygon << points[i];
    shape(polygon.boundingRect());
  }
  void drawLines(const QLineF* lines, int count) override {
    for (int i = 0; i < count; ++i) shape(QRectF(lines[i].p1(), lines[i].p2()).normalized());
  }
  void drawRects(const QRectF* rects, int count) override {
    for (int i = 0; i < count; ++i) shape(rects[i]);
  }
  void drawEllipse(const QRectF& r) override { shape(r); }
  void drawPoints(const QPointF* points, int count) override {
    for (int i = 0; i < count; ++i) shape(QRectF(points[i], QSizeF(1e-3, 1e-3)));
  }
  void drawPixmap(const QRectF& r, const QPixmap&, const QRectF&) override { add(r); }
  void drawImage(const QRectF& r, const QImage&, const QRectF&, Qt::ImageConversionFlags) override {
    add(r);
  }
  void drawTextItem(const QPointF& at, const QTextItem& item) override {
    if (item.text().trimmed().isEmpty() || state->pen().style() == Qt::NoPen ||
        state->pen().color().alpha() == 0)
      return;
    add(QRectF(at.x(), at.y() - item.ascent(), item.width(), item.ascent() + item.descent()));
  }

  QRectF found;

 private:
  // A shape is inked by its fill or its outline, whichever is drawn.
  void shape(QRectF r) {
    const QPen pen = state->pen();
    const bool outlined = pen.style() != Qt::NoPen && pen.color().alpha() > 0;
    const bool filled = state->brush().style() != Qt::NoBrush && state->brush().color().alpha() > 0;
    if (!outlined && !filled) return;
    if (outlined) {
      const double half = pen.widthF() / 2;
      r.adjust(-half, -half, half, half);
    }
    add(r);
  }
  void add(const QRectF& r) { found |= state->transform().mapRect(r); }
};

class InkDevice : public MeasuringDevice {
 public:
  InkDevice() : MeasuringDevice(QSize(1 << 24, 1 << 24)) {}
  QPaintEngine* paintEngine() const override { return &engine; }
  mutable InkEngine engine;
};

}  // namespace

int MeasuringDevice::metric(PaintDeviceMetric m) const {
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

QRectF inkBounds(QGraphicsItem* item, double scale) {
  if (scale <= 0) scale = 1;
  InkDevice device;
  QPainter p(&device);
  // At the canvas's scale, as the item's paint() decides its level of detail
  // from the painter's transform.
  p.setWorldTransform(item->sceneTransform() * QTransform::fromScale(scale, scale));
  QStyleOptionGraphicsItem option;
  option.exposedRect = item->boundingRect();
  item->paint(&p, &option, nullptr);
  p.end();
  const QRectF r = device.engine.found;
  return r.isNull() ? QRectF() : QRectF(r.topLeft() / scale, r.size() / scale);
}

}  // namespace cs::ui
