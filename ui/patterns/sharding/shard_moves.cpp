// Drawing migrations as arrows between shards. See shard_moves.h.
#include "shard_moves.h"

#include <QFont>
#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <QPolygonF>
#include <algorithm>
#include <cmath>

#include "../../src/canvas/shapes.h"
#include "../../src/theme.h"
#include "shard_paint.h"

namespace cs::ui::sharding {
namespace {

using cs::sharding::MigrationPhase;
using cs::sharding::MigrationView;
using cs::sharding::ShardingView;

constexpr int kLabelPixels = 22;
constexpr double kLabelHeight = 32;
// How far above the top row the first arc's label stands, and how far apart
// the arcs of migrations running at once stand.
constexpr double kAboveRow = 70;
constexpr double kLaneStep = 44;

QFont labelFont() {
  QFont f(QStringLiteral("DejaVu Sans"));
  f.setPixelSize(kLabelPixels);
  f.setBold(true);
  return f;
}

double progressOf(const MigrationView& m) {
  switch (m.phase) {
    case MigrationPhase::Clone:
      return m.keys == 0 ? 0.6
                         : 0.6 * static_cast<double>(std::min(m.cloned, m.keys)) /
                               static_cast<double>(m.keys);
    case MigrationPhase::CatchUp:
      return 0.7;
    case MigrationPhase::CriticalSection:
      return 0.8;
    case MigrationPhase::Commit:
      return 0.9;
    case MigrationPhase::RangeDeletion:
      return 1.0;
    case MigrationPhase::Idle:
      break;
  }
  return 0;
}

QString labelOf(const ShardingView& v, const MigrationView& m, bool broken) {
  QString s = QObject::tr("migration %1 · %2").arg(m.id).arg(phaseWord(m.phase));
  if (m.phase == MigrationPhase::Clone)
    s += QObject::tr(" %1/%2 keys").arg(m.cloned).arg(m.keys);
  else if (m.phase == MigrationPhase::CriticalSection)
    s += QObject::tr(" (writes wait)");
  if (broken) {
    const auto* donor = v.shard(m.donor);
    s += donor && donor->crashed ? QObject::tr(" · donor down") : QObject::tr(" · recipient down");
  }
  return s;
}

QPointF at(const std::vector<QPointF>& positions, NodeId id) {
  return id < positions.size() ? positions[id] : QPointF();
}

}  // namespace

QString phaseWord(MigrationPhase p) {
  switch (p) {
    case MigrationPhase::Clone:
      return QObject::tr("clone");
    case MigrationPhase::CatchUp:
      return QObject::tr("catch-up");
    case MigrationPhase::CriticalSection:
      return QObject::tr("critical section");
    case MigrationPhase::Commit:
      return QObject::tr("commit");
    case MigrationPhase::RangeDeletion:
      return QObject::tr("range deletion");
    case MigrationPhase::Idle:
      break;
  }
  return {};
}

std::vector<MoveArrow> moveArrows(const ShardingView& v, const std::vector<QPointF>& positions,
                                  QSizeF half) {
  std::vector<MoveArrow> arrows;
  // The top row is the one nearest the map; the gap lies under it.
  double topRow = 1e18;
  for (const auto& s : v.shards) topRow = std::min(topRow, at(positions, s.id).y());
  const QFontMetricsF metrics(labelFont());
  int above = 0, between = 0;
  for (const MigrationView& m : v.migrations) {
    if (m.phase == MigrationPhase::Idle) continue;
    MoveArrow a;
    a.id = m.id;
    a.phase = m.phase;
    const auto* donor = v.shard(m.donor);
    const auto* recipient = v.shard(m.recipient);
    a.broken = (donor && donor->crashed) || (recipient && recipient->crashed);
    a.colour = shardColour(v, m.recipient);
    a.progress = progressOf(m);
    a.label = labelOf(v, m, a.broken);
    const QPointF from = at(positions, m.donor), to = at(positions, m.recipient);
    const double side = to.x() > from.x() ? 1 : to.x() < from.x() ? -1 : 0;
    // Leave and arrive off-centre, towards each other, clear of the name.
    // One above the other, the arrow runs down the left of the column so
    // that its label can stand beside it rather than over it.
    const double dx = side == 0 ? -0.6 * half.width() : 0.45 * half.width() * side;
    const bool overTop = from.y() == topRow && to.y() == topRow;
    double lane, pct = 0.5;
    QPointF start, end;
    if (overTop) {
      start = QPointF(from.x() + dx, from.y() - half.height() - 4);
      end = QPointF(to.x() - dx, to.y() - half.height() - 8);
      lane = start.y() - kAboveRow - kLaneStep * above++;
    } else {
      // Through the gap between the rows: a top-row shard leaves from its
      // bottom edge, a bottom-row one from its top edge.
      auto edge = [&](QPointF c, double gap) {
        return QPointF(c.x(),
                       c.y() == topRow ? c.y() + half.height() + gap : c.y() - half.height() - gap);
      };
      start = edge(from, 4) + QPointF(dx, 0);
      end = edge(to, 8) + QPointF(side == 0 ? dx : -dx, 0);
      // Between two bottom-row shards the arc rises into the gap; between
      // the rows it crosses it.
      lane = start.y() == end.y() ? start.y() - 30 : (start.y() + end.y()) / 2;
      pct = 0.5 + 0.18 * between++;
    }
    // A cubic whose tangents are vertical at both ends: it leaves one box
    // and enters the other square on, and peaks at about 3/4 of the lane.
    const double pull = (lane - 0.25 * (start.y() + end.y()) / 2) / 0.75;
    a.shaft.moveTo(start);
    if (start.x() == end.x())
      a.shaft.lineTo(end);
    else
      a.shaft.cubicTo(QPointF(start.x(), pull), QPointF(end.x(), pull), end);
    const QPointF mid = a.shaft.pointAtPercent(pct);
    const double w = metrics.horizontalAdvance(a.label) + 24;
    // Above an arc over the row, so that a short one between neighbours
    // stays in sight; in the gap, on the arc (or beside it), the only room.
    const double left = side == 0 ? mid.x() + 16 : mid.x() - w / 2;
    const double top = overTop ? mid.y() - 6 - kLabelHeight : mid.y() - kLabelHeight / 2;
    a.labelBox = QRectF(left, top, w, kLabelHeight);
    arrows.push_back(std::move(a));
  }
  return arrows;
}

QRectF moveArrowsBounds(const std::vector<MoveArrow>& arrows) {
  if (arrows.empty()) return {};
  QRectF r;
  for (const MoveArrow& a : arrows)
    r = r.united(a.shaft.boundingRect().adjusted(-20, -20, 20, 20)).united(a.labelBox);
  return r.adjusted(-4, -4, 4, 4);
}

void paintMoveArrows(QPainter* p, const std::vector<MoveArrow>& arrows) {
  const Theme& t = currentTheme();
  for (const MoveArrow& a : arrows) {
    const QColor colour = a.broken ? QColor("#b00020") : a.colour;
    // The whole way, faint and dashed; the way come, solid.
    p->setBrush(Qt::NoBrush);
    p->setPen(QPen(t.text, 4, Qt::DashLine, Qt::FlatCap));
    p->setOpacity(0.45);
    p->drawPath(a.shaft);
    p->setOpacity(1);
    QPolygonF done;
    const int steps = 48;
    for (int i = 0; i <= steps; ++i) {
      const double pct = a.progress * i / steps;
      done << a.shaft.pointAtPercent(pct);
    }
    p->setPen(QPen(colour, 9, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    if (a.progress > 0) p->drawPolyline(done);
    // The head, square on to the recipient's edge.
    const QPointF tip = a.shaft.pointAtPercent(1);
    const double angle = a.shaft.angleAtPercent(1) * M_PI / 180;
    const QPointF dir(std::cos(angle), -std::sin(angle)), normal(-dir.y(), dir.x());
    QPolygonF head;
    head << tip + dir * 6 << tip - dir * 22 + normal * 15 << tip - dir * 22 - normal * 15;
    p->setPen(QPen(colour.darker(140), 1.5));
    p->setBrush(a.progress >= 1 ? colour : t.background);
    p->drawPolygon(head);
    // The label, on a pill in the recipient's colour.
    p->setPen(QPen(colour.darker(150), 1.5));
    p->setBrush(colour.darker(125));
    p->drawRoundedRect(a.labelBox, 14, 14);
    p->setFont(font(p, kLabelPixels, true));
    p->setPen(QColor("#ffffff"));
    p->drawText(a.labelBox, Qt::AlignCenter, a.label);
  }
}

}  // namespace cs::ui::sharding
