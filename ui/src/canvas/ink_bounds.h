// Where an item's painting puts ink: the box around everything its paint()
// draws (shapes with their pen, text by its glyphs' box, images), found by
// painting it into a paint engine that draws nothing. The overlay (hint,
// legend) avoids this rather than a node's clickable shape, so that it hides
// none of what a look draws around a node: tags, pills, labels under it.
// UI thread only.
#pragma once

#include <QPaintDevice>
#include <QRectF>
#include <QSize>

class QGraphicsItem;

namespace cs::ui {

// A device of `size` pixels at 96 dpi for a paint engine that measures what
// would be drawn rather than drawing it; a subclass gives the engine.
class MeasuringDevice : public QPaintDevice {
 public:
  explicit MeasuringDevice(QSize size) : size_(size) {}

 protected:
  int metric(PaintDeviceMetric m) const override;

 private:
  QSize size_;
};

// What `item` draws, in scene coordinates, when the canvas shows the scene
// at `scale` screen pixels per scene unit (a look draws less text when
// small); empty when it draws nothing.
QRectF inkBounds(QGraphicsItem* item, double scale);

}  // namespace cs::ui
