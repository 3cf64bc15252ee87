// Shapes and type every look draws with. See shapes.h.
#include "shapes.h"

#include <QPainter>
#include <QtMath>
#include <algorithm>
#include <cmath>

namespace cs::ui {

QFont font(QPainter* p, int pixels, bool bold) {
  QFont f = p->font();
  f.setFamily(QStringLiteral("DejaVu Sans"));
  f.setPixelSize(pixels);
  f.setBold(bold);
  return f;
}

double screenScale(const QPainter* p) {
  return std::sqrt(std::abs(p->worldTransform().determinant()));
}

int readablePixels(const QPainter* p, int pixels) {
  const double scale = screenScale(p);
  if (scale <= 0 || pixels * scale >= kReadablePixels) return pixels;
  // Whole pixels, rounded up, so that the type never reads under the minimum.
  int readable = static_cast<int>(std::ceil(kReadablePixels / scale));
  while (readable * scale < kReadablePixels) ++readable;
  return readable;
}

QRectF box(QSizeF half) {
  return QRectF(-half.width(), -half.height(), 2 * half.width(), 2 * half.height());
}

double boxInset(QSizeF half, QPointF dir) {
  const double dx = std::abs(dir.x()), dy = std::abs(dir.y());
  const double tx = dx > 1e-9 ? half.width() / dx : 1e9;
  const double ty = dy > 1e-9 ? half.height() / dy : 1e9;
  return std::min(tx, ty) + 6;
}

QPainterPath polygon(int sides, double r, double rotation) {
  QPainterPath p;
  for (int i = 0; i < sides; ++i) {
    const double a = rotation + 2 * M_PI * i / sides;
    const QPointF pt(r * std::cos(a), r * std::sin(a));
    if (i == 0)
      p.moveTo(pt);
    else
      p.lineTo(pt);
  }
  p.closeSubpath();
  return p;
}

}  // namespace cs::ui
