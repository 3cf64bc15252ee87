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

namespace {

// The wash over all but the name, an optional red cross, and a plate saying
// `word` on `plateColour`.
void paintStoppedMark(QPainter* p, const QRectF& body, double nameBand, bool cross,
                      const QString& word, const QColor& plateColour) {
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
  if (cross) {
    const QRectF x = below.adjusted(20, 10, -20, -10);
    p->setPen(QPen(plateColour, t.lineWidth * 2.5, Qt::SolidLine, Qt::RoundCap));
    p->drawLine(x.topLeft(), x.bottomRight());
    p->drawLine(x.bottomLeft(), x.topRight());
  }
  // The plate: white on its colour, over the middle.
  p->setFont(font(p, 20, true));
  const double wide = QFontMetricsF(p->font()).horizontalAdvance(word) + 24;
  const double high = std::min(34.0, below.height());
  const QRectF plate(below.center().x() - wide / 2, below.center().y() - high / 2, wide, high);
  p->setPen(QPen(plateColour.darker(140), 1.5));
  p->setBrush(plateColour);
  p->drawRoundedRect(plate, high / 2, high / 2);
  p->setPen(QColor("#ffffff"));
  p->drawText(plate, Qt::AlignCenter, word);
  p->restore();
}

}  // namespace

void paintCrashMark(QPainter* p, const QRectF& body, double nameBand) {
  paintStoppedMark(p, body, nameBand, true, QObject::tr("crashed"), QColor("#b00020"));
}

void paintSwitchedOffMark(QPainter* p, const QRectF& body, double nameBand) {
  paintStoppedMark(p, body, nameBand, false, QObject::tr("switched off"), QColor("#546e7a"));
}

}  // namespace cs::ui
