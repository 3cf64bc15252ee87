// Drawing one link. See link_item.h.
#include "link_item.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QtMath>
#include <algorithm>
#include <cmath>

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

void LinkItem::setBadge(const LinkBadge& badge) {
  if (badge.title == badge_.title && badge.detail == badge_.detail && badge.fill == badge_.fill &&
      badge.text == badge_.text && badge.volume == badge_.volume &&
      badge.errorPercent == badge_.errorPercent)
    return;
  if (badge.title.isEmpty() != badge_.title.isEmpty()) prepareGeometryChange();
  badge_ = badge;
  update();
}

QRectF LinkItem::boundingRect() const {
  QRectF r = QRectF(pa_, pb_).normalized().adjusted(-16, -16, 16, 16);
  if (!badge_.title.isEmpty()) r |= badgeRect() | healthRect();
  return r;
}

QRectF LinkItem::badgeArea() const {
  if (badge_.title.isEmpty()) return {};
  // The health circle's room even before its first measure, so that what
  // is placed around the badge stays clear of it once it shows.
  return badge_.healthPath.empty() ? badgeRect() : badgeRect() | healthRect();
}

QRectF LinkItem::badgeRect() const {
  // Above the link, so the messages on it stay visible.
  const QPointF mid = (pa_ + pb_) / 2;
  return QRectF(mid.x() - 88, mid.y() - 112, 176, 72);
}

QRectF LinkItem::healthRect() const {
  // Above the badge, as wide: the circle on the left, its numbers beside it.
  const QRectF b = badgeRect();
  return QRectF(b.left() - 30, b.top() - 80, b.width() + 30, 76);
}

void LinkItem::paintHealth(QPainter* p) const {
  if (badge_.healthPath.empty() || badge_.volume < 0) return;
  const QRectF area = healthRect();
  // The circle on the right, its numbers on its left: the view's clock
  // stands in the top right corner, over whatever reaches out that way.
  const QPointF c(area.right() - 40, area.center().y());
  // Hystrix's circle: its size grows with the call volume, its colour runs
  // from green (healthy) through amber to red as more calls fail.
  const double radius = std::clamp(5 + 2.5 * std::sqrt(badge_.volume), 5.0, 36.0);
  const double e = badge_.errorPercent;
  const QColor fill = e < 5    ? QColor("#43a047")
                      : e < 25 ? QColor("#fbc02d")
                      : e < 50 ? QColor("#fb8c00")
                               : QColor("#e53935");
  p->setPen(QPen(fill.darker(150), 2));
  p->setBrush(fill);
  if (badge_.volume > 0) p->drawEllipse(c, radius, radius);
  QFont f = p->font();
  f.setFamily(QStringLiteral("DejaVu Sans"));
  f.setPixelSize(17);
  f.setBold(true);
  p->setFont(f);
  p->setPen(currentTheme().text);
  const QRectF text(area.left(), area.top(), c.x() - 42 - area.left(), area.height());
  p->drawText(
      text, Qt::AlignRight | Qt::AlignVCenter,
      badge_.volume > 0
          ? QStringLiteral("%1 calls/s\n%2% failed").arg(badge_.volume, 0, 'f', 0).arg(e, 0, 'f', 0)
          : QStringLiteral("no calls"));
}

void LinkItem::paintBadge(QPainter* p) const {
  paintHealth(p);
  const QRectF r = badgeRect();
  const QPointF mid = (pa_ + pb_) / 2;
  p->setPen(QPen(badge_.fill.darker(140), 3));
  p->drawLine(QPointF(mid.x(), r.bottom()), mid);
  p->setBrush(badge_.fill);
  p->drawEllipse(mid, 6, 6);
  p->setPen(QPen(badge_.fill.darker(140), 2.5));
  p->setBrush(badge_.fill);
  p->drawRoundedRect(r, 16, 16);
  QFont f = p->font();
  f.setFamily(QStringLiteral("DejaVu Sans"));
  f.setPixelSize(26);
  f.setBold(true);
  // A long title ("NO BREAKER") shrinks to fit.
  while (f.pixelSize() > 12 && QFontMetricsF(f).horizontalAdvance(badge_.title) > r.width() - 16)
    f.setPixelSize(f.pixelSize() - 1);
  p->setFont(f);
  p->setPen(badge_.text);
  p->drawText(QRectF(r.left(), r.top() + 4, r.width(), 36), Qt::AlignCenter, badge_.title);
  f.setPixelSize(17);
  f.setBold(false);
  p->setFont(f);
  p->drawText(QRectF(r.left(), r.top() + 38, r.width(), 28), Qt::AlignCenter, badge_.detail);
}

void LinkItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
  const Theme& t = currentTheme();
  p->setRenderHint(QPainter::Antialiasing);
  if (!ab_ && !ba_) {
    p->setPen(QPen(t.link, t.lineWidth));
    p->drawLine(pa_, pb_);
    if (!badge_.title.isEmpty()) paintBadge(p);
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
  } else {
    paintOneWayArrow(p, mid);
  }
  if (!badge_.title.isEmpty()) paintBadge(p);
}

void LinkItem::paintOneWayArrow(QPainter* p, QPointF mid) const {
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
