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
}  // namespace

NodeItem::NodeItem(NodeId id, const PatternLook* look) : id_(id), look_(look) {
  setAcceptedMouseButtons(Qt::LeftButton);
  setCursor(Qt::PointingHandCursor);
  setZValue(10);
  snapshot_.id = id;
}

void NodeItem::setSnapshot(const NodeSnapshot& s, std::shared_ptr<const PatternView> view) {
  if (s.name != snapshot_.name) prepareGeometryChange();  // nodeBounds() depends on it
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

QRectF NodeItem::boundingRect() const {
  const QRectF r = look_->nodeBounds(snapshot_);
  return followed_ ? r.adjusted(-kFollowHalo, -kFollowHalo, kFollowHalo, kFollowHalo) : r;
}

QPainterPath NodeItem::shape() const {
  if (!view_) return {};
  return look_->nodeShape(*view_, snapshot_);
}

void NodeItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) {
  p->setRenderHint(QPainter::Antialiasing);
  if (followed_) {
    // Under the node: a halo along its outline, in the selection's colour.
    QColor halo = currentTheme().selection;
    halo.setAlpha(110);
    p->setPen(QPen(halo, 2 * kFollowHalo, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p->setBrush(Qt::NoBrush);
    p->drawPath(shape());
  }
  NodePaintContext c;
  c.now = now_;
  c.highlighted = highlighted_;
  c.detail = option->levelOfDetailFromTransform(p->worldTransform());
  if (view_) look_->paintNode(p, *view_, snapshot_, c);
}

void NodeItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
  event->setAccepted(event->button() == Qt::LeftButton);
}

void NodeItem::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !shape().contains(event->pos())) return;
  if (auto* s = dynamic_cast<ClusterScene*>(scene())) s->nodeItemClicked(id_);
}

}  // namespace cs::ui
