// See fitted_text.h.
#include "fitted_text.h"

#include <QFontMetricsF>
#include <algorithm>

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

}  // namespace cs::ui
