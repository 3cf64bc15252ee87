// The Sharding look's drawing. See shard_paint.h.
#include "shard_paint.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <algorithm>

#include "../../src/canvas/shapes.h"

namespace cs::ui::sharding {
namespace {

using cs::sharding::Chunk;
using cs::sharding::MigrationPhase;
using cs::sharding::Partitioning;
using cs::sharding::Position;

const QColor kShardColours[] = {QColor("#1f77b4"), QColor("#2ca02c"), QColor("#9467bd"),
                                QColor("#e377c2"), QColor("#17becf"), QColor("#bcbd22"),
                                QColor("#8c564b"), QColor("#ff7f0e")};

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

// Where position `pos` falls across the bar, 0..1. Ranged keys in use fill
// most of it; the last chunk's run to MaxKey is squeezed into the end.
double fraction(const ShardingView& v, Position pos) {
  if (v.mode != Partitioning::Ranged)
    return static_cast<double>(pos) / static_cast<double>(v.space);
  const double cap = static_cast<double>(v.keySpace) * 1.25;
  const auto p = static_cast<double>(pos);
  if (p <= cap) return 0.92 * p / cap;
  return 0.92 + 0.08 * std::min(1.0, (p - cap) / (static_cast<double>(v.space) - cap));
}

}  // namespace

QColor shardColour(const ShardingView& view, NodeId shard) {
  for (std::size_t i = 0; i < view.shards.size(); ++i)
    if (view.shards[i].id == shard) return kShardColours[i % std::size(kShardColours)];
  return QColor("#9e9e9e");
}

QString versionLabel(cs::sharding::Version v) {
  return QStringLiteral("v%1.%2").arg(v.major).arg(v.minor);
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
  const bool dead = s.status == NodeStatus::Crashed;
  const QColor f = dead ? t.dead : fill;
  p->setPen(QPen(f.darker(150), lw * 1.5));
  p->setBrush(f);
  p->drawRoundedRect(body, 14, 14);
  if (c.detail >= 0.3) {
    p->setFont(font(p, 28, true));
    p->setPen(QColor("#ffffff"));
    p->drawText(QRectF(body.left(), body.top() + 4, body.width(), 36), Qt::AlignCenter,
                QString::fromStdString(s.name));
  }
  if (dead) {
    p->setPen(QPen(QColor("#b00020"), lw * 3, Qt::SolidLine, Qt::RoundCap));
    p->drawLine(body.topLeft() + QPointF(20, 12), body.bottomRight() - QPointF(20, 12));
    p->drawLine(body.bottomLeft() + QPointF(20, -12), body.topRight() + QPointF(-20, 12));
  }
  if (s.status == NodeStatus::Paused)
    paintPill(p, body, QObject::tr("paused"), QColor("#6d4c41"), body.center().x());
  return body;
}

void paintPill(QPainter* p, const QRectF& body, const QString& text, const QColor& bg, double x) {
  p->setFont(font(p, 22, true));
  const double w = QFontMetricsF(p->font()).horizontalAdvance(text) + 20;
  const QRectF r(x - w / 2, body.top() - 34, w, 32);
  p->setPen(QPen(bg.darker(140), 1.5));
  p->setBrush(bg);
  p->drawRoundedRect(r, 14, 14);
  p->setPen(QColor("#ffffff"));
  p->drawText(r, Qt::AlignCenter, text);
}

void paintMapBar(QPainter* p, const QRectF& r, const ShardingView& v) {
  const Theme& t = currentTheme();
  p->setFont(font(p, 26, true));
  p->setPen(t.text);
  const QString mode = QString::fromUtf8(partitioningName(v.mode).data());
  p->drawText(QRectF(r.left(), r.top() - 40, r.width(), 34), Qt::AlignLeft | Qt::AlignVCenter,
              QObject::tr("shard map %1 · %2 · %3 chunks · %4 migrations committed, %5 aborted")
                  .arg(versionLabel(v.version), mode)
                  .arg(v.chunks.size())
                  .arg(v.committedMigrations)
                  .arg(v.abortedMigrations));
  auto xOf = [&](Position pos) { return r.left() + r.width() * fraction(v, pos); };
  p->setPen(Qt::NoPen);
  for (const Chunk& c : v.chunks) {
    const QRectF slice(QPointF(xOf(c.range.lo), r.top()), QPointF(xOf(c.range.hi), r.bottom()));
    p->setBrush(shardColour(v, c.owner));
    p->drawRect(slice);
    if (c.jumbo) {
      p->setBrush(QBrush(QColor("#000000"), Qt::BDiagPattern));
      p->drawRect(slice.adjusted(-3, 0, 3, 0));
    }
  }
  // Chunk edges, when there are few enough to see.
  if (v.chunks.size() <= 200) {
    p->setPen(QPen(t.background, 1.5));
    for (const Chunk& c : v.chunks)
      p->drawLine(QPointF(xOf(c.range.lo), r.top()), QPointF(xOf(c.range.lo), r.bottom()));
  }
  p->setPen(QPen(t.text, 1.5));
  p->setBrush(Qt::NoBrush);
  p->drawRect(r);
  p->setFont(font(p, 22, false));
  p->drawText(QRectF(r.left(), r.bottom() + 2, 200, 28), Qt::AlignLeft, QObject::tr("key 0"));
  p->drawText(QRectF(r.right() - 400, r.bottom() + 2, 400, 28), Qt::AlignRight,
              v.mode == Partitioning::Ranged ? QObject::tr("MaxKey")
              : v.mode == Partitioning::ModN ? QObject::tr("slot 839 (hash mod 840)")
                                             : QObject::tr("hash 2³²"));
  // Migrations: the ranges outlined, the phase written under them.
  for (const auto& m : v.migrations) {
    const QColor to = shardColour(v, m.recipient);
    for (const auto& range : m.ranges) {
      const QRectF s(QPointF(xOf(range.lo) - 2, r.top() - 6),
                     QPointF(std::max(xOf(range.hi), xOf(range.lo) + 4) + 2, r.bottom() + 6));
      p->setPen(QPen(to, 5));
      p->setBrush(Qt::NoBrush);
      p->drawRect(s);
    }
    const double x = xOf(m.ranges.empty() ? 0 : m.ranges.front().lo);
    QString label = QObject::tr("migration %1 → %2: %3")
                        .arg(m.id)
                        .arg(QString::fromStdString(
                                 v.shard(m.recipient) ? v.shard(m.recipient)->name : std::string()),
                             phaseWord(m.phase));
    if (m.phase == MigrationPhase::Clone && m.keys > 0)
      label += QStringLiteral(" %1%").arg(100 * m.cloned / m.keys);
    p->setFont(font(p, 22, true));
    p->setPen(t.text);
    const double w = QFontMetricsF(p->font()).horizontalAdvance(label) + 10;
    const double left = std::clamp(x, r.left(), r.right() - w);
    p->drawText(
        QRectF(left, r.bottom() + 30 + 28 * static_cast<double>(&m - &v.migrations[0]), w, 28),
        Qt::AlignLeft, label);
  }
}

}  // namespace cs::ui::sharding
