// Drawing the ring of tokens. See shard_ring.h.
#include "shard_ring.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <QPainterPath>
#include <QtMath>
#include <algorithm>
#include <cmath>

#include "../../src/canvas/compact_lines.h"
#include "../../src/canvas/shapes.h"
#include "../../src/theme.h"
#include "shard_paint.h"

namespace cs::ui::sharding {
namespace {

using cs::sharding::Chunk;
using cs::sharding::Position;
using cs::sharding::Range;
using cs::sharding::ShardingView;

constexpr double kThickness = 40;
constexpr double kTokenRadius = 8;

// Qt's angle (degrees, anticlockwise from three o'clock) of a position
// measured clockwise from twelve.
double angleOf(const ShardingView& v, Position pos) {
  return 90.0 - 360.0 * static_cast<double>(pos) / static_cast<double>(v.space);
}

// The band between radii `inner` and `outer` over [lo, hi).
QPainterPath band(const ShardingView& v, QPointF c, double inner, double outer, const Range& r) {
  const QRectF out(c.x() - outer, c.y() - outer, 2 * outer, 2 * outer);
  const QRectF in(c.x() - inner, c.y() - inner, 2 * inner, 2 * inner);
  const double a0 = angleOf(v, r.lo), a1 = angleOf(v, r.hi);
  QPainterPath path;
  path.arcMoveTo(out, a0);
  path.arcTo(out, a0, a1 - a0);
  path.arcTo(in, a1, a0 - a1);
  path.closeSubpath();
  return path;
}

}  // namespace

std::vector<RingToken> ringTokens(const ShardingView& v) {
  std::vector<RingToken> tokens;
  for (std::size_t i = 0; i + 1 < v.chunks.size(); ++i)
    tokens.push_back({v.chunks[i].range.hi - 1, v.chunks[i].owner});
  return tokens;
}

QPointF ringPoint(const ShardingView& v, Position pos, QPointF c, double radius) {
  const double a = qDegreesToRadians(angleOf(v, pos));
  return c + QPointF(radius * std::cos(a), -radius * std::sin(a));
}

QPointF ringCentre(const QRectF& area) {
  return QPointF(area.left() + area.height() / 2, area.center().y());
}

double ringRadius(const QRectF& area) {
  return area.height() / 2 - 14;
}

void paintMapRing(QPainter* p, const QRectF& area, const ShardingView& v) {
  const Theme& t = currentTheme();
  const QPointF c = ringCentre(area);
  const double outer = ringRadius(area), inner = outer - kThickness;
  // The chunks, then their edges in the background colour.
  p->setPen(QPen(t.background, 1.5));
  for (const Chunk& chunk : v.chunks) {
    p->setBrush(shardColour(v, chunk.owner));
    p->drawPath(band(v, c, inner, outer, chunk.range));
  }
  // Migrating ranges, outlined outside the ring in the recipient's colour.
  for (const auto& m : v.migrations) {
    p->setPen(QPen(shardColour(v, m.recipient), 6));
    p->setBrush(Qt::NoBrush);
    for (const Range& r : m.ranges) p->drawPath(band(v, c, outer + 4, outer + 12, r));
  }
  // The tokens, each a dot in its owner's colour on the outer edge.
  p->setPen(QPen(t.text, 2));
  for (const RingToken& token : ringTokens(v)) {
    p->setBrush(shardColour(v, token.owner));
    p->drawEllipse(ringPoint(v, token.at, c, outer - kThickness / 2), kTokenRadius, kTokenRadius);
  }
  // Where the hash space starts and which way it runs.
  p->setPen(QPen(t.text, 3));
  p->drawLine(ringPoint(v, 0, c, inner - 6), ringPoint(v, 0, c, outer + 6));
  // On a small canvas (a laptop's window) the words at a size that reads,
  // fewer of them.
  const int label = readablePixels(p, 22);
  const bool compact = label > 22;
  const double line = compact ? std::ceil(label * 1.3) : 30;
  p->setFont(font(p, label, false));
  p->setPen(t.text);
  // In the ring's hole: on a small canvas it holds the span alone.
  if (compact) {
    p->drawText(QRectF(c.x() - inner, c.y() - line / 2, 2 * inner, line), Qt::AlignCenter,
                QObject::tr("0 ↻ 2³²"));
  } else {
    p->drawText(QRectF(c.x() - inner, c.y() - line, 2 * inner, line), Qt::AlignCenter,
                QObject::tr("hashes"));
    p->drawText(QRectF(c.x() - inner, c.y(), 2 * inner, line), Qt::AlignCenter,
                QObject::tr("0 ↻ 2³²"));
  }

  // To the right: the title, then a row per member shard.
  const double left = c.x() + outer + 40;
  const QRectF text(left, area.top(), area.right() - left, area.height());
  const double titleHeight = compact ? line : 34;
  writeCompactLine(p, QRectF(text.left(), text.top(), text.width(), titleHeight),
                   compact ? label : 26, {{mapTitle(v), shortMapTitle(v)}, t.text, true},
                   Qt::AlignLeft);
  const double pitch = compact ? line + 2 : 32;
  double y = text.top() + titleHeight + 12;
  for (const auto& s : v.shards) {
    if (!s.member && s.ownedChunks == 0) continue;
    if (y + pitch > text.bottom() + 1) break;
    Position share = 0;
    for (const Chunk& chunk : v.chunks)
      if (chunk.owner == s.id) share += chunk.range.hi - chunk.range.lo;
    const double dot = std::min(pitch / 2 - 2, compact ? line / 3 : 11.0);
    p->setPen(QPen(t.text, 1.5));
    p->setBrush(shardColour(v, s.id));
    p->drawEllipse(QPointF(text.left() + dot + 1, y + pitch / 2), dot, dot);
    const QString name = QString::fromStdString(s.name);
    const QString percent =
        QString::number(100.0 * static_cast<double>(share) / static_cast<double>(v.space), 'f', 1);
    writeCompactLine(p, QRectF(text.left() + 2 * dot + 10, y, text.width() - 2 * dot - 10, pitch),
                     label,
                     {{QObject::tr("%1: %2 ranges, %3% of the ring, %4 keys")
                           .arg(name)
                           .arg(s.ownedChunks)
                           .arg(percent)
                           .arg(s.keys),
                       QObject::tr("%1: %2% · %3 keys").arg(name, percent).arg(s.keys)},
                      t.text,
                      false},
                     Qt::AlignLeft);
    y += pitch;
  }
}

}  // namespace cs::ui::sharding
