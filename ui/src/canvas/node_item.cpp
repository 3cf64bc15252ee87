// Drawing and clicking one node. See node_item.h.
#include "node_item.h"

#include <QCursor>
#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <algorithm>
#include <cmath>

#include "../theme.h"
#include "cluster_scene.h"
#include "fitted_text.h"
#include "pattern_look.h"
#include "shapes.h"

namespace cs::ui {
namespace {
constexpr double kFollowHalo = 7;  // how far a followed node's halo reaches out
constexpr double kPowerRadius = 12;
// The button's centre sits this far in from the corner of the node's box, so
// that it straddles a round node's rim as well as a box's corner.
constexpr double kPowerInset = 8;
// Below this scale a look's own text (its secondary lines are drawn at 16
// scene px or so) would be 6 px or less on screen: the look draws its shapes
// only, and the canvas writes each node's name, the one label that matters
// most, at a size that reads (most patterns in a laptop's 1280×720 window).
constexpr double kOwnTextScale = 0.4;
// The name's height on screen then, at the normal theme's type.
constexpr double kNamePixels = 12;
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
  const double scale = option->levelOfDetailFromTransform(p->worldTransform());
  c.detail = scale < kOwnTextScale ? 0 : scale;
  if (!view_) return;
  look_->paintNode(p, *view_, snapshot_, c);
  if (c.detail < NodePaintContext::kLabels && !look_->namesItself(*view_, snapshot_))
    paintName(p, scale);
  paintPowerButton(p);
}

void NodeItem::paintName(QPainter* p, double scale) const {
  if (scale <= 0) return;
  const Theme& t = currentTheme();
  // Sized on screen, not in the scene; inside the item's bounds, narrowed
  // only for a name longer than they are wide.
  const int pixels = static_cast<int>(std::lround(kNamePixels * t.fontPointSize / 11.0 / scale));
  const QFont f = font(p, std::max(1, pixels), true);
  p->setFont(f);
  const QString name = QString::fromStdString(snapshot_.name);
  const QRectF body =
      body_.isEmpty() ? QRectF(-kRadius, -kRadius, 2 * kRadius, 2 * kRadius) : body_;
  // Wider than a narrow body (a circle) where the look's drawing has room
  // around it; a box at least twice as wide as it is high holds its name
  // inside, narrowed if need be.
  const bool box = body.width() >= 2 * body.height();
  const double room =
      box ? body.width() : std::max(body.width(), look_->nodeBounds(snapshot_).width());
  const double wide = std::min(room, QFontMetricsF(f).horizontalAdvance(name) + 8 / scale);
  const double high = std::min(body.height(), f.pixelSize() * 1.4);
  // A crashed node's name stands at its top, clear of the "crashed" plate
  // the look draws in the middle.
  const double top =
      snapshot_.status == NodeStatus::Crashed ? body.top() + 2 : body.center().y() - high / 2;
  const QRectF chip(body.center().x() - wide / 2, top, wide, high);
  // A plate of the canvas's own surface, so the name reads on any fill.
  QColor plate = t.surface;
  plate.setAlpha(225);
  p->setPen(Qt::NoPen);
  p->setBrush(plate);
  p->drawRoundedRect(chip, chip.height() / 3, chip.height() / 3);
  p->setPen(t.text);
  drawFittedText(p, chip.adjusted(3 / scale, 0, -3 / scale, 0), Qt::AlignCenter, name);
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
