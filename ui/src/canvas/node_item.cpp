// Drawing and clicking one node. See node_item.h.
#include "node_item.h"

#include <QCursor>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include "../theme.h"
#include "cluster_scene.h"
#include "pattern_look.h"

namespace cs::ui {
namespace {
constexpr double kFollowHalo = 7;  // how far a followed node's halo reaches out
constexpr double kPowerRadius = 12;
// The button's centre sits this far in from the corner of the node's box, so
// that it straddles a round node's rim as well as a box's corner.
constexpr double kPowerInset = 8;
}  // namespace

NodeItem::NodeItem(NodeId id, const PatternLook* look) : id_(id), look_(look) {
  setAcceptedMouseButtons(Qt::LeftButton);
  setCursor(Qt::PointingHandCursor);
  setToolTip(QObject::tr(
      "Click to inspect this node; click its power button (top right) to fail or restart it."));
  setZValue(10);
  snapshot_.id = id;
}

void NodeItem::setSnapshot(const NodeSnapshot& s, std::shared_ptr<const PatternView> view) {
  // nodeBounds() depends on the name, and the power button on the body's box.
  const QRectF body = view ? look_->nodeShape(*view, s).boundingRect() : QRectF();
  if (s.name != snapshot_.name || body != body_) prepareGeometryChange();
  body_ = body;
  snapshot_ = s;
  view_ = std::move(view);
  update();
}

void NodeItem::setNow(SimTime now) {
  if (now_ == now) return;
  now_ = now;
  if (hasRunningCountdown()) update();
}

void NodeItem::setHighlighted(bool on) {
  if (highlighted_ == on) return;
  highlighted_ = on;
  update();
}

void NodeItem::setFollowed(bool on) {
  if (followed_ == on) return;
  prepareGeometryChange();
  followed_ = on;
  update();
}

bool NodeItem::hasRunningCountdown() const {
  return view_ && snapshot_.status == NodeStatus::Up && look_->animated(*view_, snapshot_);
}

QRectF NodeItem::powerButton() const {
  const QRectF body =
      body_.isEmpty() ? QRectF(-kRadius, -kRadius, 2 * kRadius, 2 * kRadius) : body_;
  const QPointF centre(body.right() - kPowerInset, body.top() + kPowerInset);
  return {centre.x() - kPowerRadius, centre.y() - kPowerRadius, 2 * kPowerRadius, 2 * kPowerRadius};
}

QRectF NodeItem::boundingRect() const {
  const QRectF r = look_->nodeBounds(snapshot_).united(powerButton().adjusted(-2, -2, 2, 2));
  return followed_ ? r.adjusted(-kFollowHalo, -kFollowHalo, kFollowHalo, kFollowHalo) : r;
}

QPainterPath NodeItem::bodyShape() const {
  if (!view_) return {};
  return look_->nodeShape(*view_, snapshot_);
}

QPainterPath NodeItem::shape() const {
  QPainterPath path = bodyShape();
  if (!view_) return path;
  QPainterPath button;
  button.addEllipse(powerButton());
  return path.united(button);
}

void NodeItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) {
  p->setRenderHint(QPainter::Antialiasing);
  if (followed_) {
    // Under the node: a halo along its outline, in the selection's colour.
    QColor halo = currentTheme().selection;
    halo.setAlpha(110);
    p->setPen(QPen(halo, 2 * kFollowHalo, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p->setBrush(Qt::NoBrush);
    p->drawPath(bodyShape());
  }
  NodePaintContext c;
  c.now = now_;
  c.highlighted = highlighted_;
  c.detail = option->levelOfDetailFromTransform(p->worldTransform());
  if (!view_) return;
  look_->paintNode(p, *view_, snapshot_, c);
  paintPowerButton(p);
}

void NodeItem::paintPowerButton(QPainter* p) const {
  // The universal power symbol: red on a running node (it fails it), green
  // on a crashed one (it restarts it).
  const Theme& t = currentTheme();
  const QRectF r = powerButton();
  const bool crashed = snapshot_.status == NodeStatus::Crashed;
  const QColor ink = crashed ? t.leader : t.blocked;
  p->save();
  p->setPen(QPen(ink, 1.5));
  p->setBrush(t.surface);
  p->drawEllipse(r);
  const QRectF ring = r.adjusted(6, 6, -6, -6);
  p->setPen(QPen(ink, 2, Qt::SolidLine, Qt::RoundCap));
  p->setBrush(Qt::NoBrush);
  p->drawArc(ring, 120 * 16, -300 * 16);
  p->drawLine(QPointF(r.center().x(), r.top() + 4), QPointF(r.center().x(), r.center().y()));
  p->restore();
}

void NodeItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
  event->setAccepted(event->button() == Qt::LeftButton);
}

void NodeItem::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !shape().contains(event->pos())) return;
  auto* s = dynamic_cast<ClusterScene*>(scene());
  if (!s) return;
  QPainterPath button;
  button.addEllipse(powerButton());
  if (button.contains(event->pos()))
    s->nodePowerClicked(id_);
  else
    s->nodeItemClicked(id_);
}

}  // namespace cs::ui
