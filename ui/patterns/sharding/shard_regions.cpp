// Region tags and the zone line. See shard_regions.h. UI thread only.
#include "shard_regions.h"

#include <QLocale>
#include <QObject>
#include <QPainter>

#include "../../src/canvas/shapes.h"
#include "../../src/theme.h"

namespace cs::ui::sharding {
namespace {

using cs::sharding::ShardingView;

QString regionName(const ShardingView& v, int region) {
  if (region < 0 || static_cast<std::size_t>(region) >= v.regions.size()) return {};
  return QString::fromStdString(v.regions[static_cast<std::size_t>(region)]);
}

int regionOf(const ShardingView& v, NodeId node) {
  if (node == v.config) return v.configRegion;
  if (const auto* s = v.shard(node)) return s->region;
  if (const auto* r = v.router(node)) return r->region;
  return -1;
}

}  // namespace

void paintRegionTag(QPainter* p, const ShardingView& v, NodeId node, const QRectF& body) {
  const QString name = regionName(v, regionOf(v, node));
  if (name.isEmpty()) return;
  p->setFont(font(p, 22, true));
  p->setPen(currentTheme().text);
  p->drawText(QRectF(body.left(), body.bottom() + 4, body.width(), 28), Qt::AlignHCenter,
              QObject::tr("region %1").arg(name));
}

void paintZoneLine(QPainter* p, const QRectF& bar, const ShardingView& v) {
  if (v.regions.empty()) return;
  const QLocale locale(QLocale::English);
  QString text;
  for (const auto& z : v.zones)
    text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) +
            QObject::tr("%1 keys %2–%3")
                .arg(regionName(v, z.region), locale.toString(z.range.lo),
                     locale.toString(z.range.hi - 1));
  p->setFont(font(p, 22, true));
  p->setPen(currentTheme().text);
  p->drawText(QRectF(bar.left(), bar.bottom() + 34, bar.width(), 30), Qt::AlignLeft,
              text.isEmpty() ? QObject::tr("zones: none (any key on any shard)")
                             : QObject::tr("zones: %1").arg(text));
}

}  // namespace cs::ui::sharding
