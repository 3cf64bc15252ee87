// Drawing one link. See link_item.h.
#include "link_item.h"

#include <QPainter>
#include <QtMath>

#include "../theme.h"

namespace cs::ui {

LinkItem::LinkItem(NodeId a, NodeId b) : a_(a), b_(b) {
  setZValue(0);
  setAcceptedMouseButtons(Qt::NoButton);
}

void LinkItem::setEnds(QPointF a, QPointF b) {
  if (a == pa_ && b == pb_) return;
  prepareGeometryChange();
  pa_ = a;
  pb_ = b;
}

void LinkItem::setBlocked(bool ab, bool ba) {
  if (ab == ab_ && ba == ba_) return;
  ab_ = ab;
  ba_ = ba;
  setZValue(ab || ba ? 1 : 0);
  update();
}

QRectF LinkItem::boundingRect() const {
  return QRectF(pa_, pb_).normalized().adjusted(-16, -16, 16, 16);
}

void LinkItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
  const Theme& t = currentTheme();
  p->setRenderHint(QPainter::Antialiasing);
  if (!ab_ && !ba_) {
    p->setPen(QPen(t.link, t.lineWidth));
    p->drawLine(pa_, pb_);
    return;
  }
  QPen pen(t.blocked, t.lineWidth * 1.6, Qt::DashLine, Qt::FlatCap);
  p->setPen(pen);
  p->drawLine(pa_, pb_);
  // A cross in the middle says "nothing passes here".
  const QPointF mid = (pa_ + pb_) / 2;
  const double d = 7;
  p->setPen(QPen(t.blocked, t.lineWidth * 1.6, Qt::SolidLine, Qt::RoundCap));
  if (ab_ && ba_) {
    p->drawLine(mid + QPointF(-d, -d), mid + QPointF(d, d));
    p->drawLine(mid + QPointF(-d, d), mid + QPointF(d, -d));
    return;
  }
  // One way only: an arrow head pointing the blocked way.
  const QPointF from = ab_ ? pa_ : pb_, to = ab_ ? pb_ : pa_;
  const QLineF dir(from, to);
  const double angle = std::atan2(dir.dy(), dir.dx());
  const QPointF tip = mid + QPointF(std::cos(angle), std::sin(angle)) * 8;
  const QPointF l = tip - QPointF(std::cos(angle - 0.5), std::sin(angle - 0.5)) * 16;
  const QPointF r = tip - QPointF(std::cos(angle + 0.5), std::sin(angle + 0.5)) * 16;
  p->drawLine(tip, l);
  p->drawLine(tip, r);
}

}  // namespace cs::ui
