// The Sharding look's drawing. See shard_paint.h.
#include "shard_paint.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "../../src/canvas/compact_lines.h"
#include "../../src/canvas/shapes.h"

namespace cs::ui::sharding {
namespace {

using cs::sharding::Chunk;
using cs::sharding::Partitioning;
using cs::sharding::Position;

const QColor kShardColours[] = {QColor("#1f77b4"), QColor("#2ca02c"), QColor("#9467bd"),
                                QColor("#e377c2"), QColor("#17becf"), QColor("#bcbd22"),
                                QColor("#8c564b"), QColor("#ff7f0e")};

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

// The type the bar's words are written in: the lecture's sizes, or on a
// canvas so small that they would read under kReadablePixels (a laptop's
// window), the size that reads, with fewer words.
struct BarType {
  int title = 26, label = 22;
  double line = 28;
  bool compact = false;
};

BarType barType(const QPainter* p) {
  BarType b;
  b.label = readablePixels(p, b.label);
  b.compact = b.label > 22;
  if (b.compact) {
    b.title = b.label;
    b.line = std::ceil(b.label * 1.3);
  }
  return b;
}

double advance(QPainter* p, int pixels, bool bold, const QString& s) {
  return QFontMetricsF(font(p, pixels, bold)).horizontalAdvance(s);
}

// The names of the bar's two ends.
QString startName() {
  return QObject::tr("key 0");
}
QString endName(const ShardingView& v) {
  return v.mode == Partitioning::Ranged ? QObject::tr("MaxKey")
         : v.mode == Partitioning::ModN ? QObject::tr("slot 839 (hash mod 840)")
                                        : QObject::tr("hash 2³²");
}

// A jumbo chunk holds one key value, so on a bar of thousands of keys it
// is thinner than a pixel: it is drawn at least 14 px wide, outlined and
// hatched, with the word under the bar.
void paintJumboMarks(QPainter* p, const QRectF& r, const ShardingView& v, const BarType& type) {
  const Theme& t = currentTheme();
  // Clear of the names of the bar's ends.
  const double leftEnd = advance(p, type.label, false, startName()) + 20;
  const double rightEnd = advance(p, type.label, false, endName(v)) + 20;
  for (const Chunk& c : v.chunks) {
    if (!c.jumbo) continue;
    const double lo = r.left() + r.width() * fraction(v, c.range.lo);
    const double hi = r.left() + r.width() * fraction(v, c.range.hi);
    const double mid = (lo + hi) / 2, half = std::max(7.0, (hi - lo) / 2);
    const QRectF mark(mid - half, r.top() - 10, 2 * half, r.height() + 20);
    p->setPen(QPen(QColor("#000000"), 3));
    p->setBrush(shardColour(v, c.owner));
    p->drawRect(mark);
    p->setBrush(QBrush(QColor("#000000"), Qt::BDiagPattern));
    p->drawRect(mark);
    p->setFont(font(p, type.label, true));
    const QString word = QObject::tr("jumbo");
    const double w = QFontMetricsF(p->font()).horizontalAdvance(word) + 16;
    const double x = std::clamp(mid - w / 2, r.left() + leftEnd, r.right() - rightEnd - w);
    const QRectF box(x, r.bottom() + 12, w, type.line);
    p->setPen(Qt::NoPen);
    p->setBrush(QColor("#000000"));
    p->drawRoundedRect(box, 8, 8);
    p->setPen(QColor("#ffffff"));
    p->drawText(box, Qt::AlignCenter, word);
    p->setPen(QPen(t.text, 2));
    p->drawLine(QPointF(mid, r.bottom() + 10), QPointF(std::clamp(mid, x, x + w), r.bottom() + 12));
  }
}

// "migration 7 → shard-5".
QString migrationLabel(const ShardingView& v, const cs::sharding::MigrationView& m) {
  return QObject::tr("migration %1 → %2")
      .arg(m.id)
      .arg(QString::fromStdString(v.shard(m.recipient) ? v.shard(m.recipient)->name
                                                       : std::string()));
}

}  // namespace

QColor shardColourAt(std::size_t index) {
  return kShardColours[index % std::size(kShardColours)];
}

QColor shardColour(const ShardingView& view, NodeId shard) {
  for (std::size_t i = 0; i < view.shards.size(); ++i)
    if (view.shards[i].id == shard) return shardColourAt(i);
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

QString mapTitle(const ShardingView& v) {
  const QString chunks =
      v.chunks.size() == 1 ? QObject::tr("1 chunk") : QObject::tr("%1 chunks").arg(v.chunks.size());
  const QString migrations =
      v.committedMigrations == 1
          ? QObject::tr("1 migration committed")
          : QObject::tr("%1 migrations committed").arg(v.committedMigrations);
  return QObject::tr("shard map %1 · %2 · %3 · %4, %5 aborted")
      .arg(versionLabel(v.version), QString::fromUtf8(partitioningName(v.mode).data()), chunks,
           migrations)
      .arg(v.abortedMigrations);
}

QString shortMapTitle(const ShardingView& v) {
  const QString chunks =
      v.chunks.size() == 1 ? QObject::tr("1 chunk") : QObject::tr("%1 chunks").arg(v.chunks.size());
  return QObject::tr("shard map %1 · %2").arg(versionLabel(v.version), chunks);
}

double mapBarLine(const QPainter* p) {
  return barType(p).line;
}

void paintMapBar(QPainter* p, const QRectF& r, const ShardingView& v) {
  const Theme& t = currentTheme();
  const BarType type = barType(p);
  const double titleHeight = type.compact ? type.line : 34;
  writeCompactLine(p, QRectF(r.left(), r.top() - 6 - titleHeight, r.width(), titleHeight),
                   type.title, {{mapTitle(v), shortMapTitle(v)}, t.text, true}, Qt::AlignLeft);
  auto xOf = [&](Position pos) { return r.left() + r.width() * fraction(v, pos); };
  p->setPen(Qt::NoPen);
  for (const Chunk& c : v.chunks) {
    const QRectF slice(QPointF(xOf(c.range.lo), r.top()), QPointF(xOf(c.range.hi), r.bottom()));
    p->setBrush(shardColour(v, c.owner));
    p->drawRect(slice);
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
  p->setFont(font(p, type.label, false));
  p->drawText(QRectF(r.left(), r.bottom() + 2, r.width() / 2, type.line),
              Qt::AlignLeft | Qt::AlignVCenter, startName());
  p->drawText(QRectF(r.center().x(), r.bottom() + 2, r.width() / 2, type.line),
              Qt::AlignRight | Qt::AlignVCenter, endName(v));
  paintJumboMarks(p, r, v, type);
  // Migrations: the ranges outlined and named; the arrow between the shards
  // tells the phase.
  for (const auto& m : v.migrations) {
    const QColor to = shardColour(v, m.recipient);
    for (const auto& range : m.ranges) {
      const QRectF s(QPointF(xOf(range.lo) - 2, r.top() - 6),
                     QPointF(std::max(xOf(range.hi), xOf(range.lo) + 4) + 2, r.bottom() + 6));
      p->setPen(QPen(to, 5));
      p->setBrush(Qt::NoBrush);
      p->drawRect(s);
    }
  }
  // Their names under the ends' names (and the zones line, when regions
  // have one: paintZoneLine); on a small canvas as many as the room under
  // the bar holds, the last saying how many more run.
  const double top = r.bottom() + 2 + type.line + (v.regions.empty() ? 0 : type.line);
  const std::size_t room = type.compact
                               ? static_cast<std::size_t>(std::max(
                                     0.0, (r.bottom() + kMapBarRoomBelow - top) / type.line))
                               : v.migrations.size();
  p->setFont(font(p, type.label, true));
  p->setPen(t.text);
  for (std::size_t i = 0; i < v.migrations.size() && i < room; ++i) {
    const auto& m = v.migrations[i];
    const bool last = i + 1 == room && v.migrations.size() > room;
    const QString label = last ? QObject::tr("and %1 more migrations").arg(v.migrations.size() - i)
                               : migrationLabel(v, m);
    const double x = xOf(m.ranges.empty() ? 0 : m.ranges.front().lo);
    const double w = QFontMetricsF(p->font()).horizontalAdvance(label) + 10;
    const double left = std::clamp(x, r.left(), r.right() - w);
    p->drawText(QRectF(left, top + type.line * static_cast<double>(i), w, type.line),
                Qt::AlignLeft | Qt::AlignVCenter, label);
  }
}

}  // namespace cs::ui::sharding
