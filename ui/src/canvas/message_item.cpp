// Placing and drawing one message in flight. See message_item.h.
#include "message_item.h"

#include <QGraphicsSceneMouseEvent>
#include <QPainter>

#include "../theme.h"
#include "cluster_scene.h"

namespace cs::ui {

MessageItem::MessageItem() {
  setZValue(kZ);
  setAcceptedMouseButtons(Qt::LeftButton);
}

void MessageItem::setMessage(const Kernel::InFlight& f, const QPainterPath* shape, QColor fill) {
  id_ = f.message.id;
  from_ = f.message.from;
  to_ = f.message.to;
  sentAt_ = f.sentAt;
  due_ = f.due;
  lost_ = f.lost;
  fill_ = fill;
  applyOpacity();
  if (shape_ != shape) {
    prepareGeometryChange();
    shape_ = shape;
    bounds_ = shape_->boundingRect().adjusted(-6, -6, 6, 6);
  }
  update();
}

void MessageItem::place(SimTime now, QPointF start, QPointF end) {
  const double total = static_cast<double>((due_ - sentAt_).count());
  const double frac =
      total > 0 ? std::clamp(static_cast<double>((now - sentAt_).count()) / total, 0.0, 1.0) : 1.0;
  const QPointF at = start + (end - start) * frac;
  if (at != pos()) setPos(at);
}

void MessageItem::setHighlighted(bool on) {
  if (highlighted_ == on) return;
  prepareGeometryChange();
  highlighted_ = on;
  applyZ();
  update();
}

void MessageItem::setFollowMark(FollowMark mark) {
  if (followMark_ == mark) return;
  prepareGeometryChange();
  followMark_ = mark;
  applyOpacity();
  applyZ();
  update();
}

void MessageItem::applyOpacity() {
  // Dimmed far enough that the followed request's messages stand out, not
  // so far that the traffic around them disappears.
  const double base = lost_ ? 0.45 : 1.0;
  setOpacity(followMark_ == FollowMark::Dimmed ? base * 0.2 : base);
}

void MessageItem::applyZ() {
  setZValue(highlighted_ ? 30 : followMark_ == FollowMark::Followed ? 25 : kZ);
}

QRectF MessageItem::boundingRect() const {
  return highlighted_ || followMark_ == FollowMark::Followed ? bounds_.adjusted(-8, -8, 8, 8)
                                                             : bounds_;
}

QPainterPath MessageItem::shape() const {
  QPainterPath p;
  p.addRect(bounds_);
  return p;
}

void MessageItem::paint(QPainter* p, const QStyleOptionGraphicsItem*, QWidget*) {
  if (!shape_) return;
  const Theme& t = currentTheme();
  p->setRenderHint(QPainter::Antialiasing);
  if (highlighted_ || followMark_ == FollowMark::Followed) {
    // The selection's ring is solid; a followed message's is a lighter halo.
    const QRectF r = shape_->boundingRect();
    if (highlighted_) {
      p->setPen(QPen(t.selection, t.lineWidth * 2));
      p->setBrush(Qt::NoBrush);
    } else {
      p->setPen(QPen(t.selection, t.lineWidth * 1.25));
      QColor halo = t.selection;
      halo.setAlpha(60);
      p->setBrush(halo);
    }
    p->drawEllipse(r.center(), r.width() / 2 + 7, r.height() / 2 + 7);
  }
  p->setPen(QPen(t.surface, t.lineWidth * 0.75, lost_ ? Qt::DotLine : Qt::SolidLine));
  p->setBrush(fill_);
  p->drawPath(*shape_);
}

void MessageItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
  event->accept();
  if (auto* s = dynamic_cast<ClusterScene*>(scene())) s->messageItemClicked(id_, from_);
}

}  // namespace cs::ui
