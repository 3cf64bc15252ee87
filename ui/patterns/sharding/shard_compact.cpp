// The Sharding nodes' compact forms. See shard_compact.h.
#include "shard_compact.h"

#include <QObject>
#include <vector>

#include "../../src/canvas/compact_lines.h"
#include "shard_paint.h"

namespace cs::ui::sharding {
namespace {

const QColor kInk("#ffffff");

}  // namespace

void writeCompactShard(QPainter* p, const cs::sharding::ShardView& s, bool hot, bool crashed,
                       const QRectF& body) {
  std::vector<CompactLine> lines;
  if (!crashed && !s.member) {
    lines.push_back({{QObject::tr("spare")}, kInk, false});
  } else if (!crashed) {
    const QString chunks =
        s.ownedChunks == 1 ? QObject::tr("1 chunk") : QObject::tr("%1 chunks").arg(s.ownedChunks);
    const QString keys = QObject::tr("%1 keys").arg(s.keys);
    // One line where the box is wide enough for both, else a line each.
    const QString both = chunks + QStringLiteral(" · ") + keys;
    if (fitsCompactLine(p, body, both, false)) {
      lines.push_back({{both}, kInk, false});
    } else {
      lines.push_back({{chunks}, kInk, false});
      lines.push_back({{keys}, kInk, false});
    }
    const QString load = hot ? QObject::tr("HOT %1 ops/s").arg(s.opsPerSecond)
                             : QObject::tr("%1 ops/s").arg(s.opsPerSecond);
    lines.push_back({{load + QObject::tr(" · queue %1").arg(s.queued), load}, kInk, hot});
    if (s.draining) lines.push_back({{QObject::tr("draining")}, kInk, true});
  }
  writeCompactForm(p, body, {{QString::fromStdString(s.name)}, kInk, true}, lines);
}

void writeCompactRouter(QPainter* p, const cs::sharding::RouterView& r, const QString& name,
                        bool crashed, const QRectF& body) {
  std::vector<CompactLine> lines;
  if (!crashed) {
    const QString map = r.knowsMap ? QObject::tr("map %1").arg(versionLabel(r.mapVersion))
                                   : QObject::tr("no map yet");
    lines.push_back({{r.stale ? map + QObject::tr(" (stale)") : map}, kInk, r.stale});
    lines.push_back({{QObject::tr("StaleConfig retries %1").arg(r.staleRetries),
                      QObject::tr("retries %1").arg(r.staleRetries)},
                     kInk,
                     false});
  }
  writeCompactForm(p, body, {{name}, kInk, true}, lines);
}

void writeCompactConfig(QPainter* p, const cs::sharding::ShardingView& v, const QString& name,
                        bool crashed, const QRectF& body) {
  std::vector<CompactLine> lines;
  if (!crashed) {
    lines.push_back({{QObject::tr("map %1").arg(versionLabel(v.version))}, kInk, false});
    if (!v.versioned) lines.push_back({{QObject::tr("UNSAFE: no versions")}, kInk, true});
  }
  writeCompactForm(p, body, {{name}, kInk, true}, lines);
}

}  // namespace cs::ui::sharding
