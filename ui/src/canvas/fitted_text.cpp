// See fitted_text.h.
#include "fitted_text.h"

#include <QFontMetricsF>
#include <algorithm>

#include "../theme.h"

namespace cs::ui {

void drawFittedText(QPainter* p, const QRectF& box, int flags, const QString& text) {
  const QFont before = p->font();
  const double wide = QFontMetricsF(before).horizontalAdvance(text);
  if (wide > box.width() && box.width() > 0) {
    QFont narrower = before;
    // Pixel sizes are whole: round down so that the result fits.
    const double size = before.pixelSize() > 0 ? before.pixelSize() : before.pointSizeF();
    const double fitted = std::max(1.0, size * box.width() / wide);
    if (before.pixelSize() > 0)
      narrower.setPixelSize(static_cast<int>(fitted));
    else
      narrower.setPointSizeF(fitted);
    p->setFont(narrower);
  }
  p->drawText(box, flags, text);
  p->setFont(before);
}

void drawLabelPlate(QPainter* p, const QRectF& box, int flags, const QString& text) {
  if (text.isEmpty()) return;
  QRectF ink = QFontMetricsF(p->font()).boundingRect(box, flags, text);
  ink.setLeft(std::max(ink.left(), box.left()));
  ink.setRight(std::min(ink.right(), box.right()));
  p->save();
  p->setPen(Qt::NoPen);
  p->setBrush(currentTheme().background);
  p->drawRoundedRect(ink.adjusted(-4, -2, 4, 2), 6, 6);
  p->restore();
}

}  // namespace cs::ui
