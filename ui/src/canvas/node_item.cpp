// Drawing and clicking one node. See node_item.h.
#include "node_item.h"

#include <QCursor>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

#include "../../patterns/leader_election/raft_look.h"
#include "../theme.h"
#include "cluster_scene.h"

namespace cs::ui {
namespace {

constexpr double kR = NodeItem::kRadius;

QString nodeLabel(NodeId id) {
  return id == kNoNode ? QStringLiteral("—") : QString::number(id);
}

}  // namespace

NodeItem::NodeItem(NodeId id) : id_(id) {
  setAcceptedMouseButtons(Qt::LeftButton);
  setCursor(Qt::PointingHandCursor);
  setZValue(10);
  snapshot_.id = id;
}

void NodeItem::setSnapshot(const NodeSnapshot& s) {
  snapshot_ = s;
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

bool NodeItem::hasRunningCountdown() const {
  return snapshot_.countdown && snapshot_.status == NodeStatus::Up;
}

QRectF NodeItem::boundingRect() const {
  // Room for the labels at the largest theme's labelScale (1.5), so a theme
  // change never needs a geometry change.
  return QRectF(-kR - 62, -kR - 56, 2 * kR + 124, 2 * kR + 56 + 86);
}

QPainterPath NodeItem::shape() const {
  QPainterPath p;
  p.addEllipse(QPointF(0, 0), kR + 12, kR + 12);
  return p;
}

void NodeItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) {
  const Theme& t = currentTheme();
  const NodeSnapshot& s = snapshot_;
  const bool dead = s.status == NodeStatus::Crashed;
  const double lw = t.lineWidth;
  p->setRenderHint(QPainter::Antialiasing);

  // The election timer: a ring that empties as the deadline approaches.
  if (hasRunningCountdown()) {
    const auto& c = *s.countdown;
    const double total = static_cast<double>((c.deadline - c.start).count());
    const double left = static_cast<double>((c.deadline - now_).count());
    const double frac = total > 0 ? std::clamp(left / total, 0.0, 1.0) : 0.0;
    const QRectF ring(-kR - 9, -kR - 9, 2 * kR + 18, 2 * kR + 18);
    p->setPen(QPen(t.link, lw * 1.5));
    p->setBrush(Qt::NoBrush);
    p->drawEllipse(ring);
    p->setPen(QPen(t.timer, lw * 2.5, Qt::SolidLine, Qt::FlatCap));
    p->drawArc(ring, 90 * 16, static_cast<int>(frac * 360 * 16));
  }

  if (highlighted_) {
    p->setPen(QPen(t.selection, lw * 3));
    p->setBrush(Qt::NoBrush);
    p->drawEllipse(QPointF(0, 0), kR + 16, kR + 16);
  }

  // Body: role by colour and by shape, so it reads without colour too.
  const QColor fill = dead ? t.dead : leader_election::roleColor(s.role, t);
  const QColor outline = fill.darker(150);
  p->setPen(QPen(outline, lw * 1.5));
  p->setBrush(fill);
  switch (leader_election::roleShape(s.role)) {
    case leader_election::RoleShape::Hexagon:
      p->drawPath(leader_election::polygon(6, kR * 1.08, M_PI / 6));
      break;
    case leader_election::RoleShape::Box:
      p->drawRoundedRect(QRectF(-kR, -kR * 0.8, 2 * kR, 1.6 * kR), 12, 12);
      break;
    case leader_election::RoleShape::Crowned:
      p->drawEllipse(QPointF(0, 0), kR, kR);
      p->setPen(QPen(t.surface, lw * 1.5));
      p->setBrush(Qt::NoBrush);
      p->drawEllipse(QPointF(0, 0), kR - 6, kR - 6);
      if (!dead) paintCrown(p, outline);
      break;
    default:
      p->drawEllipse(QPointF(0, 0), kR, kR);
  }

  // Too small to read (a very large cluster): the shape and colour say enough.
  const double detail = option->levelOfDetailFromTransform(p->worldTransform());
  if (detail < 0.3) {
    if (dead) {
      p->setPen(QPen(QColor("#b00020"), lw * 3));
      p->drawLine(QPointF(-kR * 0.8, -kR * 0.8), QPointF(kR * 0.8, kR * 0.8));
      p->drawLine(QPointF(-kR * 0.8, kR * 0.8), QPointF(kR * 0.8, -kR * 0.8));
    }
    return;
  }

  // The term, large enough to read from the back of the room.
  const QColor onFill = QColor("#ffffff");
  QFont f = p->font();
  f.setFamily(QStringLiteral("DejaVu Sans"));
  if (s.term >= 0) {
    f.setPixelSize(13);
    f.setBold(false);
    p->setFont(f);
    p->setPen(onFill);
    p->drawText(QRectF(-kR, -kR * 0.72, 2 * kR, 16), Qt::AlignCenter, QStringLiteral("term"));
    f.setPixelSize(40);
    f.setBold(true);
    p->setFont(f);
    p->drawText(QRectF(-kR, -kR * 0.42, 2 * kR, kR * 1.2), Qt::AlignCenter,
                QString::number(s.term));
  } else if (s.role == "client") {
    f.setPixelSize(18);
    f.setBold(true);
    p->setFont(f);
    p->setPen(onFill);
    p->drawText(QRectF(-kR, -kR, 2 * kR, 2 * kR), Qt::AlignCenter, QStringLiteral("client"));
  }

  if (dead) {
    p->setPen(QPen(QColor("#b00020"), lw * 3, Qt::SolidLine, Qt::RoundCap));
    const double d = kR * 0.8;
    p->drawLine(QPointF(-d, -d), QPointF(d, d));
    p->drawLine(QPointF(-d, d), QPointF(d, -d));
  }

  // Name and vote under the node, larger on a projector.
  const double k = t.labelScale;
  const double nameHeight = 24 * k, stateHeight = 22 * k, halfWidth = kR + 40 * k;
  f.setPixelSize(static_cast<int>(20 * k));
  f.setBold(true);
  p->setFont(f);
  p->setPen(t.text);
  const QString name =
      QString::fromStdString(s.name.empty() ? "node " + std::to_string(id_) : s.name);
  QString state = dead ? QStringLiteral("crashed") : QString::fromStdString(s.role);
  p->drawText(QRectF(-halfWidth, kR + 12, 2 * halfWidth, nameHeight), Qt::AlignCenter, name);
  f.setPixelSize(static_cast<int>(16 * k));
  f.setBold(false);
  p->setFont(f);
  p->setPen(dead ? t.blocked : t.mutedText);
  if (s.term >= 0 && !dead) state += QStringLiteral(" · voted ") + nodeLabel(s.votedFor);
  if (!s.member && !dead) state.clear();
  p->drawText(QRectF(-halfWidth, kR + 12 + nameHeight, 2 * halfWidth, stateHeight), Qt::AlignCenter,
              state);

  // Fault badges on the upper corners.
  auto badge = [&](QPointF at, const QString& text, const QColor& bg) {
    f.setPixelSize(14);
    f.setBold(true);
    p->setFont(f);
    const QRectF r(at.x() - 30, at.y() - 11, 60, 22);
    p->setPen(Qt::NoPen);
    p->setBrush(bg);
    p->drawRoundedRect(r, 11, 11);
    p->setPen(QColor("#ffffff"));
    p->drawText(r, Qt::AlignCenter, text);
  };
  if (s.status == NodeStatus::Paused) badge(QPointF(kR, -kR + 4), "paused", QColor("#6d4c41"));
  if (s.slowBy.count() > 0) badge(QPointF(-kR, -kR + 4), "slow", QColor("#ad5c00"));
}

void NodeItem::paintCrown(QPainter* p, const QColor& outline) const {
  const Theme& t = currentTheme();
  const double w = kR * 1.1, h = kR * 0.55, y = -kR - 4;
  QPainterPath crown;
  crown.moveTo(-w / 2, y);
  crown.lineTo(-w / 2, y - h);
  crown.lineTo(-w / 4, y - h * 0.45);
  crown.lineTo(0, y - h * 1.1);
  crown.lineTo(w / 4, y - h * 0.45);
  crown.lineTo(w / 2, y - h);
  crown.lineTo(w / 2, y);
  crown.closeSubpath();
  p->setPen(QPen(outline.darker(120), t.lineWidth));
  p->setBrush(t.crown);
  p->drawPath(crown);
}

void NodeItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
  event->setAccepted(event->button() == Qt::LeftButton);
}

void NodeItem::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !shape().contains(event->pos())) return;
  if (auto* s = dynamic_cast<ClusterScene*>(scene())) s->nodeItemClicked(id_);
}

}  // namespace cs::ui
