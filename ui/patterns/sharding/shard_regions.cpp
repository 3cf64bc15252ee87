// Region bands and the zone line. See shard_regions.h. UI thread only.
#include "shard_regions.h"

#include <QLocale>
#include <QObject>
#include <QPainter>
#include <algorithm>

#include "../../src/canvas/compact_lines.h"
#include "../../src/canvas/fitted_text.h"
#include "../../src/canvas/shapes.h"
#include "../../src/theme.h"
#include "shard_paint.h"

namespace cs::ui::sharding {
namespace {

using cs::sharding::ShardingView;

// Room around a region's boxes inside its band, and the name's pill.
constexpr double kMargin = 18;
constexpr QSizeF kLabel(190, 112);

QString regionName(const ShardingView& v, int region) {
  if (region < 0 || static_cast<std::size_t>(region) >= v.regions.size()) return {};
  return QString::fromStdString(v.regions[static_cast<std::size_t>(region)]);
}

// Each region's tint: the first two read as different at a glance, on the
// light and the dark theme alike.
QColor regionColour(int region) {
  static const QColor kColours[] = {QColor("#1e88e5"), QColor("#f4511e"), QColor("#43a047"),
                                    QColor("#8e24aa")};
  return kColours[static_cast<std::size_t>(region) % std::size(kColours)];
}

QString keyRange(const cs::sharding::Range& r) {
  const QLocale locale(QLocale::English);
  return QObject::tr("%1–%2").arg(locale.toString(r.lo), locale.toString(r.hi - 1));
}

}  // namespace

std::vector<RegionBand> layoutByRegion(const ShardingView& v, const Grid& g,
                                       std::vector<QPointF>& positions) {
  if (v.regions.empty()) return {};
  auto put = [&](NodeId id, QPointF at) {
    if (id < positions.size()) positions[id] = at;
  };
  const auto columns = static_cast<std::size_t>(g.columns);
  const double half = std::max(g.shardHalf.height(), g.routerHalf.height());
  // Every band as wide as the widest row: the shards' columns, and the
  // config server's at the end of its region's first row.
  const double right = std::max(
      g.shardLeft + g.shardSpacing * static_cast<double>(columns - 1) + g.shardHalf.width(),
      g.config.x() + g.configHalf.width());
  std::vector<RegionBand> bands;
  double rowY = g.firstRowY;
  for (int region = 0; region < static_cast<int>(v.regions.size()); ++region) {
    std::vector<NodeId> routers, shards;
    for (const auto& r : v.routers)
      if (r.region == region) routers.push_back(r.id);
    for (const auto& s : v.shards)
      if (s.region == region) shards.push_back(s.id);
    if (routers.empty() && shards.empty()) continue;
    const std::size_t rows =
        std::max({std::size_t{1}, (shards.size() + columns - 1) / columns, routers.size()});
    for (std::size_t i = 0; i < shards.size(); ++i)
      put(shards[i], QPointF(g.shardLeft + g.shardSpacing * static_cast<double>(i % columns),
                             rowY + g.rowSpacing * static_cast<double>(i / columns)));
    for (std::size_t i = 0; i < routers.size(); ++i)
      put(routers[i], QPointF(g.routerX, rowY + g.rowSpacing * static_cast<double>(i)));
    if (region == v.configRegion) put(v.config, QPointF(g.config.x(), rowY));
    const double lastRow = rowY + g.rowSpacing * static_cast<double>(rows - 1);
    RegionBand b;
    b.region = region;
    b.area = QRectF(QPointF(g.routerX - g.routerHalf.width() - kMargin, rowY - half - kMargin),
                    QPointF(right + kMargin, lastRow + half + kMargin));
    // Between the routers' column and the first shard, level with the row.
    const double gapLeft = g.routerX + g.routerHalf.width();
    const double gapRight = g.shardLeft - g.shardHalf.width();
    b.label = QRectF(QPointF((gapLeft + gapRight - kLabel.width()) / 2, rowY - kLabel.height() / 2),
                     kLabel);
    bands.push_back(b);
    rowY = lastRow + g.rowSpacing;
  }
  return bands;
}

void paintRegionBands(QPainter* p, const ShardingView& v, const std::vector<RegionBand>& bands) {
  const Theme& t = currentTheme();
  const QLocale locale(QLocale::English);
  for (const RegionBand& b : bands) {
    const QColor c = regionColour(b.region);
    QColor fill = c;
    fill.setAlpha(30);
    QColor edge = c;
    edge.setAlpha(170);
    p->setPen(QPen(edge, 4, Qt::DashLine));
    p->setBrush(fill);
    p->drawRoundedRect(b.area, 28, 28);
    // The name, the ocean's latency and the keys a zone pins here, on a pill
    // that keeps them legible over the links beneath.
    p->setPen(QPen(c.darker(130), 2));
    p->setBrush(t.background);
    p->drawRoundedRect(b.label, 16, 16);
    const QString name = regionName(v, b.region);
    // With two regions, the other one by name: "40 ms to us".
    const QString other =
        v.regions.size() == 2 ? regionName(v, 1 - b.region) : QObject::tr("the others");
    const QString ms = locale.toString(static_cast<double>(v.regionLatencyUs) / 1000.0, 'g', 4);
    QString pinned;
    for (const auto& z : v.zones)
      if (z.region == b.region)
        pinned += (pinned.isEmpty() ? QString() : QStringLiteral(", ")) + keyRange(z.range);
    if (readablePixels(p, 22) > 22) {
      // On a small canvas (a laptop's window) the pill holds its name and
      // latency, shortened, at a size that reads.
      writeCompactForm(p, b.label,
                       {{QObject::tr("region %1").arg(name), name}, c.darker(140), true},
                       {{{QObject::tr("%1 ms to %2").arg(ms, other), QObject::tr("%1 ms").arg(ms)},
                         t.text,
                         false},
                        {{pinned.isEmpty() ? QObject::tr("no zone") : pinned}, t.text, false}});
      continue;
    }
    p->setPen(c.darker(140));
    p->setFont(font(p, 30, true));
    const QRectF line0(b.label.left() + 6, b.label.top() + 6, b.label.width() - 12, 38);
    drawFittedText(p, line0, Qt::AlignCenter, QObject::tr("region %1").arg(name));
    p->setPen(t.text);
    p->setFont(font(p, 22, false));
    const QRectF line1 = line0.translated(0, 36).adjusted(0, 0, 0, -8);
    drawFittedText(p, line1, Qt::AlignCenter, QObject::tr("%1 ms to %2").arg(ms, other));
    drawFittedText(p, line1.translated(0, 30), Qt::AlignCenter,
                   pinned.isEmpty() ? QObject::tr("no zone") : pinned);
  }
}

void paintZoneLine(QPainter* p, const QRectF& bar, const ShardingView& v) {
  if (v.regions.empty()) return;
  QString text;
  for (const auto& z : v.zones)
    text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) +
            QObject::tr("%1 keys %2").arg(regionName(v, z.region), keyRange(z.range));
  // Under the names of the bar's ends, a line of the bar's type.
  const double line = mapBarLine(p);
  writeCompactLine(p, QRectF(bar.left(), bar.bottom() + 2 + line, bar.width(), line),
                   readablePixels(p, 22),
                   {text.isEmpty() ? QStringList{QObject::tr("zones: none (any key on any shard)"),
                                                 QObject::tr("zones: none")}
                                   : QStringList{QObject::tr("zones: %1").arg(text)},
                    currentTheme().text, true},
                   Qt::AlignLeft);
}

}  // namespace cs::ui::sharding
