// The Pub/Sub look's boxes and badges. See pubsub_paint.h.
#include "pubsub_paint.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <QtMath>
#include <algorithm>
#include <cmath>

#include "../../src/canvas/fitted_text.h"

namespace cs::ui::pubsub {

QString millisText(double ms) {
  if (ms >= 1000) return QStringLiteral("%1 s").arg(ms / 1000, 0, 'g', 3);
  return QStringLiteral("%1 ms").arg(ms, 0, 'g', 3);
}

QRectF paintBody(QPainter* p, const NodeSnapshot& s, const NodePaintContext& c, QSizeF half,
                 const QColor& fill) {
  const Theme& t = currentTheme();
  const double lw = t.lineWidth;
  const QRectF body = box(half);
  if (c.highlighted) {
    p->setPen(QPen(t.selection, lw * 3));
    p->setBrush(Qt::NoBrush);
    p->drawRoundedRect(body.adjusted(-9, -9, 9, 9), 20, 20);
  }
  p->setPen(QPen(fill.darker(150), lw * 1.5));
  p->setBrush(fill);
  p->drawRoundedRect(body, 14, 14);
  if (c.detail < 0.3) return body;
  p->setFont(font(p, 22, true));
  p->setPen(QColor("#ffffff"));
  p->drawText(QRectF(body.left(), body.top() + 6, body.width(), 30), Qt::AlignCenter,
              QString::fromStdString(s.name));
  return body;
}

void paintPill(QPainter* p, const QRectF& body, const QString& text, const QColor& bg, double x) {
  p->setFont(font(p, 18, true));
  const double w = QFontMetricsF(p->font()).horizontalAdvance(text) + 20;
  const QRectF r(x - w / 2, body.top() - 30, w, 28);
  p->setPen(QPen(bg.darker(140), 1.5));
  p->setBrush(bg);
  p->drawRoundedRect(r, 14, 14);
  p->setPen(QColor("#ffffff"));
  p->drawText(r, Qt::AlignCenter, text);
}

void paintInnerPill(QPainter* p, const QRectF& body, const QString& text, const QColor& bg) {
  p->setFont(font(p, 18, true));
  const double w =
      std::min(body.width() - 8, QFontMetricsF(p->font()).horizontalAdvance(text) + 20);
  const QRectF r(body.center().x() - w / 2, body.bottom() - 31, w, 27);
  p->setPen(QPen(bg.darker(140), 1.5));
  p->setBrush(bg);
  p->drawRoundedRect(r, 13, 13);
  p->setPen(QColor("#ffffff"));
  drawFittedText(p, r.adjusted(6, 0, -6, 0), Qt::AlignCenter, text);
}

void paintFaultBadges(QPainter* p, const NodeSnapshot& s, const QRectF& body) {
  const double cx = body.center().x();
  if (s.status == NodeStatus::Paused)
    paintPill(p, body, QObject::tr("paused"), QColor("#6d4c41"), cx + 60);
  if (s.slowBy.count() > 0)
    paintPill(p, body, QObject::tr("slow link"), QColor("#ad5c00"), cx - 60);
}

}  // namespace cs::ui::pubsub
