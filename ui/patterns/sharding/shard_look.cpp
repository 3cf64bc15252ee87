// The Sharding world's visual vocabulary. See shard_look.h.
#include "shard_look.h"

#include <QObject>
#include <QPainter>
#include <QtMath>
#include <algorithm>

#include "../../src/canvas/fitted_text.h"
#include "../../src/canvas/shapes.h"
#include "../../src/session.h"
#include "shard_compact.h"
#include "shard_paint.h"
#include "shard_regions.h"
#include "shard_ring.h"

namespace cs::ui::sharding {
namespace {

using cs::sharding::NodeKind;
using cs::sharding::Partitioning;
using cs::sharding::RouterView;
using cs::sharding::ShardView;

constexpr QSizeF kShardHalf(150, 96);
constexpr QSizeF kRouterHalf(165, 84);
constexpr QSizeF kConfigHalf(170, 62);
constexpr double kShardSpacing = 330;
constexpr double kShardLeft = -200;
// The shards' rows stand just under the map, with room above the top row
// for the arcs of migrations between its shards, and the config server
// ends the top row on the right: the canvas is wide rather than tall, as a
// projector's screen under the caption band is.
constexpr double kRowY[] = {-40, 210};
constexpr double kRouterX = -720;
constexpr QPointF kConfigAt(kShardLeft + 4 * kShardSpacing + 30, kRowY[0]);
constexpr QRectF kBar(-860, -420, 1740, 70);
// Ring mode's map where the bar would be: the ring on the left, its top
// where the bar's title stands (clear of the view's hint above), with the
// shares beside it.
constexpr QRectF kRing(-860, -470, 1300, 300);
// A shard serving at least twice the members' mean, and this many
// operations per second, is drawn hot.
constexpr std::int64_t kHotFloor = 20;

bool isHot(const ShardingView& v, const ShardView& s) {
  std::int64_t sum = 0, members = 0;
  for (const ShardView& x : v.shards)
    if (x.member) {
      sum += x.opsPerSecond;
      ++members;
    }
  return s.member && s.opsPerSecond >= kHotFloor && members > 1 &&
         s.opsPerSecond * members >= 2 * sum;
}

QSizeF halfOf(const ShardingView& v, NodeId node) {
  switch (v.kind(node)) {
    case NodeKind::Config:
      return kConfigHalf;
    case NodeKind::Router:
      return kRouterHalf;
    case NodeKind::Shard:
      return kShardHalf;
  }
  return kShardHalf;
}

// A line of a box: 22 px, so that it reads at 14 px or more on a projector's
// 1920×1080 (the whole map and both rows of shards on the canvas).
void text(QPainter* p, const QRectF& r, bool bold, const QString& s) {
  p->setFont(font(p, 22, bold));
  drawFittedText(p, r, Qt::AlignCenter, s);
}

QRectF line(const QRectF& body, int i) {
  return QRectF(body.left() + 6, body.top() + 42 + 30 * i, body.width() - 12, 30);
}

void paintShard(QPainter* p, const ShardingView& v, const ShardView& s, const NodeSnapshot& n,
                const NodePaintContext& c) {
  const bool hot = isHot(v, s);
  QColor fill = s.member ? shardColour(v, s.id).darker(130) : QColor("#b0b7bb");
  if (hot) fill = QColor("#c62828");
  const QRectF body = paintBody(p, n, c, kShardHalf, fill);
  if (c.detail < NodePaintContext::kLabels) {
    writeCompactShard(p, s, hot, n.status == NodeStatus::Crashed, body);
    return;
  }
  p->setPen(QColor("#ffffff"));
  if (!s.member) {
    text(p, line(body, 0), false, QObject::tr("spare"));
    text(p, line(body, 1), false, QObject::tr("add-shard brings it in"));
    return;
  }
  text(p, line(body, 0), false,
       (s.ownedChunks == 1 ? QObject::tr("%1 keys · 1 chunk").arg(s.keys)
                           : QObject::tr("%1 keys · %2 chunks").arg(s.keys).arg(s.ownedChunks)));
  text(p, line(body, 1), hot, QObject::tr("%1 ops/s · queue %2").arg(s.opsPerSecond).arg(s.queued));
  text(p, line(body, 2), false,
       s.knowsMap ? QObject::tr("metadata %1").arg(versionLabel(s.mapVersion))
                  : QObject::tr("metadata: refreshing"));
  // As its routers saw it over the last second: far from its clients, slow.
  if (s.lastSecondLatencyUs > 0)
    text(p, line(body, 3), false,
         QObject::tr("latency %1 ms, p99 %2")
             .arg(static_cast<double>(s.lastSecondLatencyUs) / 1000.0, 0, 'f', 0)
             .arg(static_cast<double>(s.lastSecondP99Us) / 1000.0, 0, 'f', 0));
  if (s.draining) paintPill(p, body, QObject::tr("draining"), QColor("#6d4c41"), -60);
  if (hot) paintPill(p, body, QObject::tr("HOT"), QColor("#8e0000"), 70);
}

void paintRouter(QPainter* p, const RouterView& r, const NodeSnapshot& n, const NodePaintContext& c,
                 bool bouncing) {
  const QRectF body =
      paintBody(p, n, c, kRouterHalf, r.stale ? QColor("#ad5c00") : QColor("#455a64"));
  if (c.detail < NodePaintContext::kLabels) {
    writeCompactRouter(p, r, QString::fromStdString(n.name), n.status == NodeStatus::Crashed, body);
    return;
  }
  p->setPen(QColor("#ffffff"));
  text(p, line(body, 0), r.stale,
       r.knowsMap
           ? QObject::tr("map %1%2")
                 .arg(versionLabel(r.mapVersion), r.stale ? QObject::tr(" (stale)") : QString())
           : QObject::tr("no map yet"));
  text(p, line(body, 1), false, QObject::tr("StaleConfig retries %1").arg(r.staleRetries));
  // Over the last second: the `latency-1s` metric a scenario's narration quotes.
  if (r.lastSecondLatencyUs > 0)
    text(p, line(body, 2), false,
         QObject::tr("mean latency %1 ms")
             .arg(static_cast<double>(r.lastSecondLatencyUs) / 1000.0, 0, 'f', 1));
  if (r.lastFanout > 0)
    text(p, line(body, 3), false, QObject::tr("range query: %1 shards").arg(r.lastFanout));
  // The StaleConfig glyph's red: the answer that bounced it.
  if (bouncing)
    paintPill(p, body, QObject::tr("StaleConfig: refresh, retry"), QColor("#d32f2f"), 0);
}

void paintConfig(QPainter* p, const ShardingView& v, const NodeSnapshot& n,
                 const NodePaintContext& c) {
  const QRectF body = paintBody(p, n, c, kConfigHalf, QColor("#263238"));
  if (c.detail < NodePaintContext::kLabels) {
    writeCompactConfig(p, v, QString::fromStdString(n.name), n.status == NodeStatus::Crashed, body);
    return;
  }
  p->setPen(QColor("#ffffff"));
  text(p, line(body, 0), false,
       QObject::tr("map %1 · balancer %2")
           .arg(versionLabel(v.version), v.balancerOn ? QObject::tr("on") : QObject::tr("off")));
  if (!v.versioned) paintPill(p, body, QObject::tr("UNSAFE: no versions"), QColor("#b00020"), 0);
}

Grid grid() {
  Grid g;
  g.routerX = kRouterX;
  g.shardLeft = kShardLeft;
  g.shardSpacing = kShardSpacing;
  g.columns = 4;
  g.firstRowY = kRowY[0];
  g.rowSpacing = kRowY[1] - kRowY[0];
  g.config = kConfigAt;
  g.shardHalf = kShardHalf;
  g.routerHalf = kRouterHalf;
  g.configHalf = kConfigHalf;
  return g;
}

}  // namespace

std::vector<RegionBand> ShardLook::bands(const PatternView& pattern,
                                         const std::vector<NodeSnapshot>& nodes) const {
  std::vector<QPointF> positions(nodes.size());
  return layoutByRegion(viewOf<ShardingView>(pattern), grid(), positions);
}

NodeLayout ShardLook::layout(const PatternView& pattern,
                             const std::vector<NodeSnapshot>& nodes) const {
  const ShardingView& v = viewOf<ShardingView>(pattern);
  NodeLayout l;
  l.positions.assign(nodes.size(), QPointF());
  int routers = 0, shards = 0;
  for (const auto& n : nodes) {
    switch (v.kind(n.id)) {
      case NodeKind::Config:
        l.positions[n.id] = kConfigAt;
        break;
      case NodeKind::Router:
        l.positions[n.id] = QPointF(kRouterX, kRowY[0] + (kRowY[1] - kRowY[0]) * routers++);
        break;
      case NodeKind::Shard: {
        const int i = shards++;
        l.positions[n.id] = QPointF(kShardLeft + kShardSpacing * (i % 4), kRowY[i / 4 % 2]);
        break;
      }
    }
  }
  // Room top right for the clock, beside the map bar.
  l.sceneRect = QRectF(
      QPointF(kBar.left() - 40, kBar.top() - 130),
      QPointF(kConfigAt.x() + kConfigHalf.width() + 40, kRowY[1] + kShardHalf.height() + 80));
  // With regions, each region's nodes stand together in a band of their own.
  for (const RegionBand& b : layoutByRegion(v, grid(), l.positions))
    l.sceneRect = l.sceneRect.united(b.area.adjusted(-20, 0, 0, 60));
  return l;
}

bool ShardLook::linked(const PatternView& pattern, const NodeSnapshot& a,
                       const NodeSnapshot& b) const {
  // Routers talk to the config server and to shards; shards to the config
  // server. Shards talk to each other only while migrating.
  const ShardingView& v = viewOf<ShardingView>(pattern);
  const NodeKind ka = v.kind(a.id), kb = v.kind(b.id);
  if (!a.member || !b.member) return false;
  return ka != kb;
}

double ShardLook::inset(const PatternView& pattern, const NodeSnapshot& node, QPointF dir) const {
  return boxInset(halfOf(viewOf<ShardingView>(pattern), node.id), dir);
}

QPainterPath ShardLook::nodeShape(const PatternView& pattern, const NodeSnapshot& node) const {
  QPainterPath p;
  p.addRoundedRect(box(halfOf(viewOf<ShardingView>(pattern), node.id)), 14, 14);
  return p;
}

QRectF ShardLook::nodeBounds(const NodeSnapshot&) const {
  const QSizeF h = kShardHalf.expandedTo(kRouterHalf).expandedTo(kConfigHalf);
  return QRectF(-h.width() - 12, -h.height() - 40, 2 * h.width() + 24, 2 * h.height() + 90);
}

void ShardLook::paintNode(QPainter* p, const PatternView& pattern, const NodeSnapshot& s,
                          const NodePaintContext& c) const {
  const ShardingView& v = viewOf<ShardingView>(pattern);
  switch (v.kind(s.id)) {
    case NodeKind::Config:
      paintConfig(p, v, s, c);
      break;
    case NodeKind::Router:
      if (const RouterView* r = v.router(s.id)) paintRouter(p, *r, s, c, bouncing(s.id, c.now));
      break;
    case NodeKind::Shard:
      if (const ShardView* sh = v.shard(s.id)) paintShard(p, v, *sh, s, c);
      break;
  }
}

bool ShardLook::namesItself(const PatternView&, const NodeSnapshot&) const {
  return true;
}

void ShardLook::observe(const PatternView& pattern, SimTime now) const {
  const ShardingView& v = viewOf<ShardingView>(pattern);
  // Going back in time forgets what was seen after.
  if (now < lastSeen_ || retries_.size() != v.routers.size()) retries_.assign(v.routers.size(), {});
  lastSeen_ = now;
  for (std::size_t i = 0; i < v.routers.size(); ++i) {
    Retries& r = retries_[i];
    const bool first = r.router == kNoNode;
    r.router = v.routers[i].id;
    if (v.routers[i].staleRetries > r.count && !first) r.grewAt = now;
    r.count = v.routers[i].staleRetries;
  }
}

bool ShardLook::bouncing(NodeId router, SimTime now) const {
  for (const Retries& r : retries_)
    if (r.router == router) return now >= r.grewAt && now - r.grewAt < kBounce;
  return false;
}

std::vector<MoveArrow> ShardLook::moves(const PatternView& pattern,
                                        const std::vector<NodeSnapshot>& nodes) const {
  const ShardingView& v = viewOf<ShardingView>(pattern);
  if (v.migrations.empty()) return {};
  return moveArrows(v, layout(pattern, nodes).positions, kShardHalf);
}

QRectF ShardLook::panelBounds(const PatternView& pattern,
                              const std::vector<NodeSnapshot>& nodes) const {
  QRectF r = viewOf<ShardingView>(pattern).mode == Partitioning::Ring
                 ? kRing.adjusted(-10, -10, 10, 10)
                 : kBar.adjusted(-10, -kMapBarRoomAbove, 10, kMapBarRoomBelow);
  for (const RegionBand& b : bands(pattern, nodes)) r = r.united(b.area.adjusted(-4, -4, 4, 4));
  return r.united(moveArrowsBounds(moves(pattern, nodes)));
}

void ShardLook::paintPanel(QPainter* p, const PatternView& pattern,
                           const std::vector<NodeSnapshot>& nodes) const {
  const ShardingView& v = viewOf<ShardingView>(pattern);
  paintRegionBands(p, v, bands(pattern, nodes));
  if (v.mode == Partitioning::Ring) {
    paintMapRing(p, kRing, v);
  } else {
    paintMapBar(p, kBar, v);
    paintZoneLine(p, kBar, v);
  }
  paintMoveArrows(p, moves(pattern, nodes));
}

MessageClass classifyMessage(const Vocabulary* vocabulary, const Message& m) {
  if (!vocabulary || m.kind == kNoLabel || m.kind >= vocabulary->size()) return MessageClass::Other;
  const LabelInfo& info = vocabulary->info(m.kind);
  const std::string& n = info.name;
  if (n == "Op") return MessageClass::Operation;
  if (n == "OpResult") return m.fields[1] == 1 ? MessageClass::Stale : MessageClass::Answer;
  if (n == "GetMap" || n == "MapIs") return MessageClass::Map;
  if (n == "SplitChunk") return MessageClass::Other;
  return MessageClass::Migration;
}

int ShardLook::messageClassCount() const {
  return static_cast<int>(MessageClass::Other) + 1;
}

int ShardLook::classify(const Vocabulary* vocabulary, const Message& message) const {
  return static_cast<int>(classifyMessage(vocabulary, message));
}

GlyphLook ShardLook::messageLook(int messageClass, const Theme& t, double r) const {
  GlyphLook l;
  switch (static_cast<MessageClass>(messageClass)) {
    case MessageClass::Operation:
      l.fill = QColor("#1565c0");
      l.shape.addEllipse(QPointF(0, 0), r, r);
      l.legend = QObject::tr("operation (with the router's map version)");
      break;
    case MessageClass::Answer:
      l.fill = QColor("#2e9e44");
      l.shape = polygon(3, r * 1.2, -M_PI / 2);
      l.legend = QObject::tr("answer");
      break;
    case MessageClass::Stale:
      l.fill = QColor("#d32f2f");
      l.shape = polygon(5, r * 1.5, -M_PI / 2);
      l.legend = QObject::tr("StaleConfig: refresh and retry");
      break;
    case MessageClass::Map:
      l.fill = QColor("#6a3fb5");
      l.shape.addRect(QRectF(-r * 0.8, -r * 0.8, r * 1.6, r * 1.6));
      l.legend = QObject::tr("shard map asked for / sent");
      break;
    case MessageClass::Migration:
      l.fill = QColor("#ef6c00");
      l.shape = polygon(4, r * 1.4, 0);
      l.legend = QObject::tr("migration (clone, catch-up, commit)");
      break;
    case MessageClass::Other:
      l.fill = t.other;
      l.shape.addEllipse(QPointF(0, 0), r * 0.7, r * 0.7);
      l.legend = QObject::tr("other");
      break;
  }
  return l;
}

std::vector<int> ShardLook::legendMessageOrder() const {
  std::vector<int> v;
  for (int c = 0; c < static_cast<int>(MessageClass::Other); ++c) v.push_back(c);
  return v;
}

QString ShardLook::paintLegendSymbol(QPainter* p, int, QPointF c, double r) const {
  p->setPen(Qt::NoPen);
  p->setBrush(QColor("#c62828"));
  p->drawRoundedRect(QRectF(c.x() - r * 1.3, c.y() - r * 0.8, r * 2.6, r * 1.6), 3, 3);
  return QObject::tr("hot shard (twice the mean load)");
}

std::vector<NodeAction> ShardLook::nodeActions(const PatternView& pattern,
                                               const NodeSnapshot& n) const {
  const ShardingView& v = viewOf<ShardingView>(pattern);
  std::vector<NodeAction> a;
  if (const ShardView* s = v.shard(n.id); s && s->member) {
    const std::string index = std::to_string(n.id - v.shards.front().id + 1);
    a.push_back({QObject::tr("Remove this shard (drain it first)"), !s->draining,
                 runVerb("remove-shard", {index})});
  }
  if (v.kind(n.id) == NodeKind::Router) {
    a.push_back({QObject::tr("Range query over keys 0-999"), true, runVerb("scan", {"0", "1000"})});
    a.push_back({QObject::tr("Write key 42"), true, runVerb("write", {"42"})});
  }
  return a;
}

std::vector<PatternKnob> ShardLook::knobs(const PatternView& pattern,
                                          const std::vector<NodeSnapshot>&) const {
  const ShardingView& v = viewOf<ShardingView>(pattern);
  std::size_t members = 0;
  NodeId last = kNoNode;
  for (const ShardView& s : v.shards)
    if (s.member) {
      ++members;
      if (!s.draining) last = s.id;
    }
  std::vector<PatternKnob> k;
  PatternKnob add = buttonKnob("add-shard", QObject::tr("Add shard"),
                               QObject::tr("A spare shard joins; the balancer (or the ring, or "
                                           "mod N) gives it chunks"),
                               runVerb("add-shard", {}));
  add.enabled = members < v.shards.size();
  k.push_back(add);
  PatternKnob remove =
      buttonKnob("remove-shard", QObject::tr("Remove shard"),
                 QObject::tr("The last shard drains: its chunks migrate away, then it leaves"),
                 runVerb("remove-shard",
                         {std::to_string(last == kNoNode ? 1 : last - v.shards.front().id + 1)}));
  remove.enabled = members > 1 && last != kNoNode;
  k.push_back(remove);
  k.push_back(switchKnob("balancer", QObject::tr("Balancer"),
                         QObject::tr("Split big or busy chunks and move chunks from the most to "
                                     "the least loaded shard"),
                         v.balancerOn, switchVerb("balancer")));
  k.push_back(buttonKnob("hot-key", QObject::tr("Hot key"),
                         QObject::tr("Most operations go to one key: its chunk splits down to a "
                                     "jumbo chunk that cannot move"),
                         runVerb("distribution", {"hot-key"})));
  k.push_back(buttonKnob("increasing-keys", QObject::tr("Increasing keys"),
                         QObject::tr("Writes take ever larger order ids: with ranged chunks they "
                                     "all land on the last chunk"),
                         runVerb("distribution", {"increasing"})));
  k.push_back(buttonKnob("uniform-keys", QObject::tr("Uniform keys"),
                         QObject::tr("Every key as likely as any other"),
                         runVerb("distribution", {"uniform"})));
  // Data locality: each router's clients' keys pinned to its region.
  PatternKnob zones = switchKnob(
      "zones", QObject::tr("Zones"),
      QObject::tr("Pin each router's customers' keys to the shards of its region (EU keys to "
                  "eu): the balancer moves them home and their latency drops. Off: any shard "
                  "may hold any key"),
      !v.zones.empty(), switchVerb("zones"));
  zones.enabled = !v.regions.empty() && !v.clientKeys.empty() && v.mode == Partitioning::Ranged;
  k.push_back(zones);
  PatternKnob crash = buttonKnob("crash-donor", QObject::tr("Crash donor"),
                                 QObject::tr("Crash the shard donating a chunk, mid-migration"),
                                 runVerb("crash-donor", {}));
  crash.enabled = !v.migrations.empty();
  k.push_back(crash);
  k.push_back(
      safetyRule(switchKnob("versioned", QObject::tr("Versioned routing"),
                            QObject::tr("Safety rule: each operation carries the router's map "
                                        "version, and a shard with newer metadata answers "
                                        "StaleConfig. Off, a stale router's write lands on a shard "
                                        "that gave the chunk away, and is lost."),
                            v.versioned, switchVerb("versioned"))));
  return k;
}

}  // namespace cs::ui::sharding
