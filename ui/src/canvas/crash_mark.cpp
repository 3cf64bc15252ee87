// A crashed node's mark. See crash_mark.h.
#include "crash_mark.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

#include "../theme.h"
#include "shapes.h"

namespace cs::ui {

void paintCrashMark(QPainter* p, const QRectF& body, double nameBand) {
  const Theme& t = currentTheme();
  // A body too low for a band under its name is washed out whole.
  const double band = body.height() - nameBand >= 40 ? nameBand : 0;
  const QRectF below = body.adjusted(0, band, 0, 0);
  p->save();
  // The wash: the look's stale text shows through faintly, never competing
  // with the cross or the plate.
  QPainterPath rounded;
  rounded.addRoundedRect(body, 14, 14);
  QPainterPath lower;
  lower.addRect(below);
  QColor wash = t.dead;
  wash.setAlpha(215);
  p->setPen(Qt::NoPen);
  p->setBrush(wash);
  p->drawPath(rounded.intersected(lower));
  const QColor red("#b00020");
  const QRectF cross = below.adjusted(20, 10, -20, -10);
  p->setPen(QPen(red, t.lineWidth * 2.5, Qt::SolidLine, Qt::RoundCap));
  p->drawLine(cross.topLeft(), cross.bottomRight());
  p->drawLine(cross.bottomLeft(), cross.topRight());
  // The plate: white on red, over the cross's middle.
  p->setFont(font(p, 20, true));
  const QString word = QObject::tr("crashed");
  const double wide = QFontMetricsF(p->font()).horizontalAdvance(word) + 24;
  const double high = std::min(34.0, below.height());
  const QRectF plate(below.center().x() - wide / 2, below.center().y() - high / 2, wide, high);
  p->setPen(QPen(red.darker(140), 1.5));
  p->setBrush(red);
  p->drawRoundedRect(plate, high / 2, high / 2);
  p->setPen(QColor("#ffffff"));
  p->drawText(plate, Qt::AlignCenter, word);
  p->restore();
}

}  // namespace cs::ui
