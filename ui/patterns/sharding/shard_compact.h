// The Sharding nodes' compact forms, for a canvas drawn so small (a laptop's
// window) that the look's own type would not read: a shard's chunks, keys
// and load (hot said in words), a router's map version and StaleConfig
// retries, the config server's map version. Written at kReadablePixels or
// more (compact_lines.h) from the typed view. UI thread only.
#pragma once

#include <clusterscope/sharding/shard_view.h>
#include <QRectF>
#include <QString>

class QPainter;

namespace cs::ui::sharding {

// A shard's name and compact form inside `body`; a crashed shard's name alone.
void writeCompactShard(QPainter* p, const cs::sharding::ShardView& s, bool hot, bool crashed,
                       const QRectF& body);
void writeCompactRouter(QPainter* p, const cs::sharding::RouterView& r, const QString& name,
                        bool crashed, const QRectF& body);
void writeCompactConfig(QPainter* p, const cs::sharding::ShardingView& v, const QString& name,
                        bool crashed, const QRectF& body);

}  // namespace cs::ui::sharding
