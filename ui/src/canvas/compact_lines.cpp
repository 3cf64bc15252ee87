// A box's compact form. See compact_lines.h.
#include "compact_lines.h"

#include <QFontMetricsF>
#include <QPainter>
#include <cmath>
#include <vector>

#include "fitted_text.h"
#include "shapes.h"

namespace cs::ui {
namespace {
// The name stands out from the lines under it by this much.
constexpr double kNameScale = 1.2;
// A line's height in its type's size: spaced out, and set closer where a
// box would otherwise leave a line out.
constexpr double kSpacing = 1.3;
constexpr double kDenseSpacing = 1.15;
// How far from its box's edges a compact form keeps, in screen pixels.
constexpr double kMargin = 4;

// `box` less the margins a compact form keeps from its edges.
QRectF inside(const QPainter* p, const QRectF& box) {
  const double scale = screenScale(p);
  const double margin = scale > 0 ? kMargin / scale : 0;
  return box.adjusted(margin, margin / 2, -margin, -margin / 2);
}

}  // namespace

int compactPixels(const QPainter* p) {
  return readablePixels(p, 1);
}

int compactNamePixels(const QPainter* p) {
  return static_cast<int>(std::ceil(compactPixels(p) * kNameScale));
}

double compactLineHeight(const QPainter* p) {
  return std::ceil(compactPixels(p) * kSpacing);
}

bool fitsCompactLine(QPainter* p, const QRectF& box, const QString& text, bool bold) {
  return QFontMetricsF(font(p, compactPixels(p), bold)).horizontalAdvance(text) <=
         inside(p, box).width();
}

void writeCompactLine(QPainter* p, const QRectF& r, int pixels, const CompactLine& line,
                      Qt::Alignment align) {
  if (line.wordings.isEmpty()) return;
  p->setFont(font(p, pixels, line.bold));
  p->setPen(line.ink);
  const int flags = static_cast<int>(align | Qt::AlignVCenter);
  const QFontMetricsF fm(p->font());
  for (const QString& s : line.wordings)
    if (fm.horizontalAdvance(s) <= r.width()) {
      p->drawText(r, flags, s);
      return;
    }
  drawFittedText(p, r, flags, line.wordings.back());
}

double writeCompactForm(QPainter* p, const QRectF& box, const CompactLine& name,
                        const std::vector<CompactLine>& lines) {
  const QRectF room = inside(p, box);
  const int pixels = compactPixels(p);
  // The name a size larger and the lines spaced out where the box holds
  // them so; else the name at the lines' size and the lines set closer.
  int namePixels = compactNamePixels(p);
  double nameHeight = std::ceil(namePixels * kSpacing), lineHeight = compactLineHeight(p);
  if (nameHeight + lineHeight * static_cast<double>(lines.size()) > room.height()) {
    namePixels = pixels;
    nameHeight = lineHeight = std::ceil(pixels * kDenseSpacing);
  }
  // A name too long for the larger size is written at the lines' size.
  if (!name.wordings.isEmpty() &&
      QFontMetricsF(font(p, namePixels, name.bold)).horizontalAdvance(name.wordings.front()) >
          room.width())
    namePixels = pixels;
  double y = room.top();
  writeCompactLine(p, QRectF(room.left(), y, room.width(), std::min(nameHeight, room.height())),
                   namePixels, name);
  y += nameHeight;
  for (const CompactLine& line : lines) {
    if (y + lineHeight > room.bottom() + 0.5) break;
    writeCompactLine(p, QRectF(room.left(), y, room.width(), lineHeight), pixels, line);
    y += lineHeight;
  }
  return y;
}

}  // namespace cs::ui
