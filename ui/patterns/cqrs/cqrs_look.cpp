// The CQRS world's visual vocabulary. See cqrs_look.h.
#include "cqrs_look.h"

#include <QObject>
#include <QPainter>
#include <QStringList>
#include <QtMath>
#include <algorithm>
#include <string_view>

#include "../../src/canvas/crash_mark.h"
#include "../../src/canvas/shapes.h"
#include "../../src/session.h"
#include "../../src/theme.h"
#include "cqrs_panel.h"

namespace cs::ui::cqrs {
namespace {

using cs::cqrs::ProjectorView;
using cs::cqrs::ReplicaView;

enum class Kind { Store, Clerk, Shoppers, Browsers, Projector, Database, Handler, Replica };

// Compact enough that, fitted to a 1080p lecture canvas, 20 px of scene is
// 14 px or more on screen: the smallest text on this canvas is 20 px.
constexpr int kSmallText = 20;
constexpr QSizeF kSmallHalf(125, 62);
constexpr QSizeF kDatabaseHalf(175, 62);
constexpr QSizeF kStoreHalf(150, 72);
constexpr QSizeF kProjectorHalf(190, 62);
constexpr QSizeF kReplicaHalf(140, 50);
// The write lane's two rows; the read lane's projectors in a 2×2 block under
// the store, the replicas in two columns right of them.
constexpr double kTopRowY = -370;
constexpr double kSecondRowY = -220;
constexpr double kProjectorX = 920;
constexpr double kProjectorGapX = 400;
constexpr double kProjectorY = -195;
constexpr double kProjectorGapY = 140;
constexpr double kBrowsersX = 1480;
constexpr double kReplicaX = 1665;
constexpr double kReplicaGapX = 300;
constexpr double kReplicaY = -235;
constexpr double kReplicaGapY = 112;
constexpr double kTop = -500;
constexpr double kPanelTop = 175;
constexpr double kPanelBottom = 470;
constexpr double kLeft = -160;
// Room top right for the legend and the clock.
constexpr double kRight = 2450;
// The positions axis on the panel's left, the stale read and the listing on its right.
constexpr double kAxisRight = 1300;
constexpr double kCardLeft = 1560;

const QColor kClientFill("#6a3fb5");
const QColor kWriteFill("#1f6fb2");
const QColor kStoreFill("#263238");
const QColor kDatabaseFill("#6d4c41");

const ProjectorView* projectorOf(const CqrsView& v, NodeId n) {
  for (const auto& p : v.projectors)
    if (p.id == n) return &p;
  return nullptr;
}

Kind kindOf(const CqrsView& v, NodeId n) {
  if (n == v.write.store) return Kind::Store;
  if (projectorOf(v, n)) return Kind::Projector;
  if (n == v.database.id) return Kind::Database;
  for (const auto& h : v.write.handlers)
    if (h.id == n) return Kind::Handler;
  for (const auto& r : v.replicas)
    if (r.id == n) return Kind::Replica;
  // Clerk, shoppers, browsers come right after the store, in that order.
  if (n == v.write.store + 1) return Kind::Clerk;
  if (n == v.write.store + 2) return Kind::Shoppers;
  return Kind::Browsers;
}

QSizeF halfOf(Kind k) {
  switch (k) {
    case Kind::Store:
      return kStoreHalf;
    case Kind::Projector:
      return kProjectorHalf;
    case Kind::Replica:
      return kReplicaHalf;
    case Kind::Database:
      return kDatabaseHalf;
    default:
      return kSmallHalf;
  }
}

const ReplicaView* replicaOf(const CqrsView& v, NodeId n) {
  for (const auto& r : v.replicas)
    if (r.id == n) return &r;
  return nullptr;
}

int replicaIndex(const CqrsView& v, NodeId n) {
  int i = 0;
  for (const auto& r : v.replicas) {
    if (r.id == n) return i;
    ++i;
  }
  return 0;
}

void text(QPainter* p, const QRectF& r, int pixels, bool bold, const QString& s,
          int flags = Qt::AlignCenter) {
  p->setFont(font(p, pixels, bold));
  p->drawText(r, flags, s);
}

QRectF paintBox(QPainter* p, const NodeSnapshot& s, const NodePaintContext& c, QSizeF half,
                QColor fill, bool faded) {
  const Theme& t = currentTheme();
  if (s.status == NodeStatus::Crashed) fill = t.dead;
  if (faded) fill.setAlpha(70);
  const QRectF body = box(half);
  if (c.highlighted) {
    p->setPen(QPen(t.selection, t.lineWidth * 3));
    p->setBrush(Qt::NoBrush);
    p->drawRoundedRect(body.adjusted(-9, -9, 9, 9), 20, 20);
  }
  // A faded box on the canvas's own colour, so that no message flying
  // under it shows through its name.
  if (faded) {
    p->setPen(Qt::NoPen);
    p->setBrush(t.background);
    p->drawRoundedRect(body, 14, 14);
  }
  p->setPen(QPen(fill.darker(150), t.lineWidth * 1.5));
  p->setBrush(fill);
  p->drawRoundedRect(body, 14, 14);
  if (c.detail >= 0.3) {
    p->setPen(faded ? t.mutedText : QColor("#ffffff"));
    text(p, QRectF(body.left(), body.top() + 2, body.width(), 30), 22, true,
         QString::fromStdString(s.name));
    if (s.status == NodeStatus::Paused)
      text(p, QRectF(body.left(), body.top() - 28, body.width(), 26), kSmallText, true,
           QObject::tr("paused"));
  }
  return body;
}

// A pool as a row of worker squares (filled: busy) and a queue bar.
void paintPool(QPainter* p, const cs::cqrs::PoolView& pool, const QRectF& r) {
  const int shown = std::min(pool.workers, 16);
  const double cell = std::min(16.0, (r.width() * 0.5) / std::max(shown, 1));
  for (int w = 0; w < shown; ++w) {
    p->setPen(QPen(QColor("#ffffff"), 1));
    p->setBrush(w < pool.busy ? QColor("#ffca28") : Qt::NoBrush);
    p->drawRect(QRectF(r.left() + w * (cell + 2), r.top(), cell, cell));
  }
  const QRectF bar(r.left() + r.width() * 0.55, r.top(), r.width() * 0.45, cell);
  p->setPen(QPen(QColor("#ffffff"), 1));
  p->setBrush(Qt::NoBrush);
  p->drawRect(bar);
  if (pool.queueCapacity > 0 && pool.queued > 0) {
    const double f = std::min(1.0, static_cast<double>(pool.queued) / pool.queueCapacity);
    p->setBrush(f > 0.8 ? kStaleColour : QColor("#ffca28"));
    p->drawRect(QRectF(bar.left(), bar.top(), bar.width() * f, bar.height()));
  }
}

void paintProjector(QPainter* p, const ProjectorView& pr, const QRectF& b) {
  p->setPen(QColor("#ffffff"));
  text(p, QRectF(b.left(), b.top() + 30, b.width(), 24), kSmallText, true,
       QObject::tr("checkpoint %1 · lag %2").arg(pr.position).arg(pr.lagEvents));
  QString mode = pr.live ? QObject::tr("live") : QObject::tr("catching up");
  if (pr.lagUs > 0) mode += QObject::tr(" · oldest %1").arg(millis(pr.lagUs));
  if (pr.rebuilding)
    mode += QObject::tr(" · blue/green v%1 at %2").arg(pr.epoch + 1).arg(pr.rebuildPosition);
  if (pr.rebuildingInPlace) mode += QObject::tr(" · rebuilding in place");
  if (!pr.idempotent) mode += QObject::tr(" · NOT idempotent");
  if (pr.highWater) mode += QObject::tr(" · high-water");
  p->setPen(pr.idempotent && !pr.highWater ? QColor("#ffffff") : QColor("#ffcdd2"));
  text(p, QRectF(b.left(), b.top() + 54, b.width(), 24), kSmallText, !pr.idempotent || pr.highWater,
       mode);
  // One bar per partition, right of its caption: the events waiting in it.
  p->setPen(QColor("#ffffff"));
  text(p, QRectF(b.left() + 12, b.top() + 80, 250, 24), kSmallText, false,
       pr.workers == 1 ? QObject::tr("backlog, 1 partition")
                       : QObject::tr("backlog, %1 partitions").arg(pr.workers),
       Qt::AlignLeft | Qt::AlignVCenter);
  const double barsLeft = b.left() + 268, barsWidth = b.right() - 12 - barsLeft;
  const double w = barsWidth / std::max<std::size_t>(pr.partitionDepths.size(), 1);
  int maxDepth = 10;
  for (int d : pr.partitionDepths) maxDepth = std::max(maxDepth, d);
  for (std::size_t i = 0; i < pr.partitionDepths.size(); ++i) {
    const double h = 22.0 * pr.partitionDepths[i] / maxDepth;
    p->setPen(QPen(QColor("#ffffff"), 1));
    p->setBrush(QColor("#80cbc4"));
    p->drawRect(QRectF(barsLeft + i * w + 1, b.top() + 103 - h, std::max(w - 2, 1.0), h));
  }
}

void paintReplica(QPainter* p, const ReplicaView& r, const QRectF& b) {
  p->setPen(QColor("#ffffff"));
  text(p, QRectF(b.left(), b.top() + 30, b.width(), 24), kSmallText, false,
       r.synced ? QObject::tr("at %1 · %2 behind").arg(r.position).arg(r.lagEvents)
                : QObject::tr("copying the model…"));
  paintPool(p, r.pool, QRectF(b.left() + 14, b.top() + 60, b.width() - 28, 16));
  if (r.waiting > 0) {
    p->setPen(QColor("#ffe0b2"));
    text(p, QRectF(b.left(), b.top() + 76, b.width(), 24), kSmallText, false,
         QObject::tr("%1 waiting for a position").arg(r.waiting));
  }
}

}  // namespace

int CqrsLook::messageClassCount() const {
  return static_cast<int>(MessageClass::Other) + 1;
}

int CqrsLook::classify(const Vocabulary* vocabulary, const Message& m) const {
  if (!vocabulary || m.kind == kNoLabel || m.kind >= vocabulary->size())
    return static_cast<int>(MessageClass::Other);
  const LabelInfo& info = vocabulary->info(m.kind);
  const std::string& n = info.name;
  MessageClass c = MessageClass::Other;
  if (n == "Command" || n == "CommandResult" || n == "Load" || n == "Loaded" || n == "Append" ||
      n == "AppendAck")
    c = MessageClass::Command;
  else if (n == "ReadAll" || n == "ReadAllReply" || n == "Subscribe" || n == "EventAppeared")
    c = MessageClass::Subscription;
  else if (n == "ModelDelta" || n == "ModelCopy" || n == "SyncRequest")
    c = MessageClass::Delta;
  else if (n == "Query")
    c = MessageClass::Query;
  else if (n == "QueryResult") {
    const auto i = info.fieldIndex("outcome");
    const std::int64_t outcome = i ? m.fields[*i] : 0;
    c = outcome == 1   ? MessageClass::Stale
        : outcome == 2 ? MessageClass::Rejected
                       : MessageClass::Answer;
  }
  return static_cast<int>(c);
}

GlyphLook CqrsLook::messageLook(int messageClass, const Theme& t, double r) const {
  GlyphLook l;
  switch (static_cast<MessageClass>(messageClass)) {
    case MessageClass::Command:
      l.fill = kWriteFill;
      l.shape = polygon(4, r * 1.3, 0);
      l.legend = QObject::tr("order (command)");
      break;
    case MessageClass::Subscription:
      l.fill = QColor("#26a69a");
      l.shape.addEllipse(QPointF(0, 0), r, r);
      l.legend = QObject::tr("event to the projector");
      break;
    case MessageClass::Delta:
      l.fill = kProjectorFill;
      l.shape = polygon(6, r * 1.2, 0);
      l.legend = QObject::tr("read model update");
      break;
    case MessageClass::Query:
      l.fill = QColor("#8e24aa");
      l.shape.addEllipse(QPointF(0, 0), r * 0.9, r * 0.9);
      l.legend = QObject::tr("query");
      break;
    case MessageClass::Answer:
      l.fill = QColor("#2e9e44");
      l.shape.addEllipse(QPointF(0, 0), r * 0.9, r * 0.9);
      l.legend = QObject::tr("answer");
      break;
    case MessageClass::Stale:
      l.fill = kStaleColour;
      l.shape = polygon(3, r * 1.4, M_PI / 2);
      l.legend = QObject::tr("answer marked stale");
      break;
    case MessageClass::Rejected:
      l.fill = QColor("#424242");
      l.shape = polygon(4, r, M_PI / 4);
      l.legend = QObject::tr("rejected: queue full");
      break;
    case MessageClass::Other:
      l.fill = t.other;
      l.shape.addEllipse(QPointF(0, 0), r * 0.9, r * 0.9);
      l.legend = QObject::tr("other");
      break;
  }
  return l;
}

std::vector<int> CqrsLook::legendMessageOrder() const {
  std::vector<int> v;
  for (int c = 0; c < static_cast<int>(MessageClass::Other); ++c) v.push_back(c);
  return v;
}

NodeLayout CqrsLook::layout(const PatternView& pattern,
                            const std::vector<NodeSnapshot>& nodes) const {
  const CqrsView& v = viewOf<CqrsView>(pattern);
  NodeLayout l;
  l.positions.assign(nodes.size(), QPointF());
  for (const auto& n : nodes) {
    QPointF at;
    switch (kindOf(v, n.id)) {
      case Kind::Clerk:
        at = QPointF(0, kTopRowY);
        break;
      case Kind::Shoppers:
        at = QPointF(0, kSecondRowY);
        break;
      case Kind::Handler: {
        // Two columns of two rows (more handlers wrap to further columns).
        int i = 0;
        for (const auto& h : v.write.handlers) {
          if (h.id == n.id) break;
          ++i;
        }
        at = QPointF(315 + (i / 2) * 270, i % 2 == 0 ? kTopRowY : kSecondRowY);
        break;
      }
      case Kind::Store:
        at = QPointF(kProjectorX + kProjectorGapX / 2, kTopRowY);
        break;
      case Kind::Projector: {
        // One per read model they keep, two by two under the store.
        const auto i = projectorOf(v, n.id) - v.projectors.data();
        at = QPointF(kProjectorX + static_cast<double>(i % 2) * kProjectorGapX,
                     kProjectorY + static_cast<double>(i / 2) * kProjectorGapY);
        break;
      }
      case Kind::Database:
        at = QPointF(kDatabaseHalf.width() - kSmallHalf.width(), kSecondRowY + 155);
        break;
      case Kind::Replica: {
        const int i = replicaIndex(v, n.id);
        at = QPointF(kReplicaX + (i % 2) * kReplicaGapX, kReplicaY + (i / 2) * kReplicaGapY);
        break;
      }
      case Kind::Browsers:
        // Beside the store, over the replicas: the top right stays free for the clock.
        at = QPointF(kBrowsersX, kTopRowY);
        break;
    }
    l.positions[n.id] = at;
  }
  l.sceneRect = QRectF(QPointF(kLeft, kTop), QPointF(kRight, kPanelBottom + 10));
  return l;
}

bool CqrsLook::linked(const PatternView& pattern, const NodeSnapshot& a,
                      const NodeSnapshot& b) const {
  const CqrsView& v = viewOf<CqrsView>(pattern);
  const Kind ka = kindOf(v, a.id), kb = kindOf(v, b.id);
  auto pair = [&](Kind x, Kind y) { return (ka == x && kb == y) || (ka == y && kb == x); };
  auto active = [&](const NodeSnapshot& n) {
    const ReplicaView* r = replicaOf(v, n.id);
    return r && r->active;
  };
  if (v.oneModel)
    return pair(Kind::Shoppers, Kind::Database) || pair(Kind::Browsers, Kind::Database);
  return pair(Kind::Shoppers, Kind::Handler) || pair(Kind::Clerk, Kind::Handler) ||
         pair(Kind::Handler, Kind::Store) || pair(Kind::Store, Kind::Projector) ||
         (pair(Kind::Projector, Kind::Replica) && (active(a) || active(b))) ||
         (pair(Kind::Browsers, Kind::Replica) && (active(a) || active(b)));
}

double CqrsLook::inset(const PatternView& pattern, const NodeSnapshot& node, QPointF dir) const {
  return boxInset(halfOf(kindOf(viewOf<CqrsView>(pattern), node.id)), dir);
}

QPainterPath CqrsLook::nodeShape(const PatternView& pattern, const NodeSnapshot& node) const {
  QPainterPath p;
  p.addRoundedRect(box(halfOf(kindOf(viewOf<CqrsView>(pattern), node.id))), 14, 14);
  return p;
}

QRectF CqrsLook::nodeBounds(const NodeSnapshot&) const {
  const QSizeF h = kProjectorHalf;
  return QRectF(-h.width() - 12, -h.height() - 40, 2 * h.width() + 24, 2 * h.height() + 80);
}

void CqrsLook::paintNode(QPainter* p, const PatternView& pattern, const NodeSnapshot& s,
                         const NodePaintContext& c) const {
  const CqrsView& v = viewOf<CqrsView>(pattern);
  const Kind kind = kindOf(v, s.id);
  const bool cqrsPart = kind == Kind::Handler || kind == Kind::Store || kind == Kind::Projector ||
                        kind == Kind::Replica || kind == Kind::Clerk;
  bool faded = (v.oneModel && cqrsPart) || (!v.oneModel && kind == Kind::Database);
  QColor fill = kClientFill;
  if (kind == Kind::Handler) fill = kWriteFill;
  if (kind == Kind::Store) fill = kStoreFill;
  if (kind == Kind::Projector) fill = kProjectorFill;
  if (kind == Kind::Database) fill = kDatabaseFill;
  const ReplicaView* r = replicaOf(v, s.id);
  if (r) {
    fill = kReplicaFill;
    faded = faded || !r->active;
  }
  const QRectF b = paintBox(p, s, c, halfOf(kind), fill, faded);
  if (c.detail >= 0.3 && !faded && s.status != NodeStatus::Crashed) {
    p->setPen(QColor("#ffffff"));
    switch (kind) {
      case Kind::Store:
        text(p, QRectF(b.left(), b.top() + 34, b.width(), 26), 22, true,
             QObject::tr("head %1").arg(v.write.head));
        text(p, QRectF(b.left(), b.top() + 62, b.width(), 24), kSmallText, false,
             QObject::tr("write side: the truth"));
        break;
      case Kind::Projector:
        paintProjector(p, *projectorOf(v, s.id), b);
        break;
      case Kind::Replica:
        paintReplica(p, *r, b);
        break;
      case Kind::Database:
        text(p, QRectF(b.left(), b.top() + 32, b.width(), 24), kSmallText, false,
             QObject::tr("reads and orders, one queue"));
        paintPool(p, v.database.pool, QRectF(b.left() + 14, b.top() + 64, b.width() - 28, 16));
        break;
      case Kind::Shoppers:
        text(p, QRectF(b.left(), b.top() + 32, b.width(), 24), kSmallText, false,
             QObject::tr("%1 orders/s").arg(v.orderRate, 0, 'g', 3));
        text(p, QRectF(b.left(), b.top() + 56, b.width(), 24), kSmallText, true,
             QObject::tr("order p99 %1").arg(millis(v.orderP99Us)));
        text(p, QRectF(b.left(), b.top() + 80, b.width(), 24), kSmallText, false,
             v.tokens ? QObject::tr("tokens on") : QObject::tr("tokens off"));
        break;
      case Kind::Browsers:
        text(p, QRectF(b.left(), b.top() + 32, b.width(), 24), kSmallText, false,
             QObject::tr("%1 reads/s").arg(static_cast<int>(v.readRate)));
        text(p, QRectF(b.left(), b.top() + 56, b.width(), 24), kSmallText, true,
             QObject::tr("query p99 %1").arg(millis(v.queryP99Us)));
        break;
      case Kind::Handler:
        for (const auto& h : v.write.handlers)
          if (h.id == s.id)
            text(p, QRectF(b.left(), b.top() + 34, b.width(), 24), kSmallText, false,
                 QObject::tr("done %1 · queued %2").arg(h.done).arg(h.queued));
        if (v.write.validateOnReadModel) {
          p->setPen(QColor("#ffcdd2"));
          text(p, QRectF(b.left(), b.top() + 60, b.width(), 24), kSmallText, true,
               QObject::tr("checks the listing!"));
        }
        break;
      case Kind::Clerk:
        text(p, QRectF(b.left(), b.top() + 34, b.width(), 24), kSmallText, false,
             QObject::tr("restocks"));
        break;
    }
  }
  if (s.status == NodeStatus::Crashed) paintCrashMark(p, b);
}

QRectF CqrsLook::panelBounds(const PatternView&, const std::vector<NodeSnapshot>&) const {
  return QRectF(QPointF(kLeft, kPanelTop), QPointF(kRight, kPanelBottom));
}

void CqrsLook::paintPanel(QPainter* p, const PatternView& pattern,
                          const std::vector<NodeSnapshot>&) const {
  paintCqrsPanel(
      p, viewOf<CqrsView>(pattern),
      {QRectF(QPointF(kLeft, kPanelTop), QPointF(kRight, kPanelBottom)), kAxisRight, kCardLeft});
}

std::vector<NodeAction> CqrsLook::nodeActions(const PatternView& pattern,
                                              const NodeSnapshot& n) const {
  const CqrsView& v = viewOf<CqrsView>(pattern);
  std::vector<NodeAction> a;
  switch (kindOf(v, n.id)) {
    case Kind::Projector: {
      // This read model only: the others serve on.
      const std::string node = std::to_string(n.id);
      a.push_back({QObject::tr("Rebuild in place"), true, runVerb("rebuild", {"in-place", node})});
      a.push_back(
          {QObject::tr("Rebuild blue/green"), true, runVerb("rebuild", {"blue-green", node})});
      break;
    }
    case Kind::Shoppers:
      a.push_back({QObject::tr("Order product-1"), true, runVerb("order", {"1"})});
      break;
    default:
      break;
  }
  return a;
}

std::vector<PatternKnob> CqrsLook::knobs(const PatternView& pattern,
                                         const std::vector<NodeSnapshot>&) const {
  const CqrsView& v = viewOf<CqrsView>(pattern);
  int active = 0;
  for (const auto& r : v.replicas) active += r.active ? 1 : 0;
  std::vector<PatternKnob> k;
  k.push_back(buttonKnob("flash-sale", QObject::tr("Flash sale"),
                         QObject::tr("Five times the reads and orders for 10 s"),
                         runVerb("flash-sale", {"10", "5"})));
  PatternKnob add = buttonKnob("add-replica", QObject::tr("+ Replica"),
                               QObject::tr("Another read replica takes a copy and serves queries"),
                               runVerb("add-replica", {}));
  add.enabled = !v.oneModel && active < 8;
  k.push_back(add);
  PatternKnob remove = buttonKnob("remove-replica", QObject::tr("− Replica"),
                                  QObject::tr("A read replica leaves (never fewer than two)"),
                                  runVerb("remove-replica", {}));
  remove.enabled = !v.oneModel && active > 2;
  k.push_back(remove);
  int partitions = 1;
  bool idempotent = true, highWater = false;
  for (const auto& pr : v.projectors) {
    partitions = std::max(partitions, pr.workers);
    idempotent = idempotent && pr.idempotent;
    highWater = highWater || pr.highWater;
  }
  PatternKnob part =
      buttonKnob("add-partition", QObject::tr("+ Partition"),
                 QObject::tr("Every projector applies events in one more partition: lag falls"),
                 runVerb("projector-partitions", {std::to_string(std::min(partitions + 1, 8))}));
  part.enabled = !v.oneModel && partitions < 8;
  k.push_back(part);
  k.push_back(buttonKnob("rebuild-in-place", QObject::tr("Rebuild in place"),
                         QObject::tr("Empty every read model and replay the log: queries see "
                                     "them empty, then partial (a projector's menu: one alone)"),
                         runVerb("rebuild", {"in-place"})));
  k.push_back(buttonKnob("rebuild-blue-green", QObject::tr("Rebuild blue/green"),
                         QObject::tr("Build new read models beside the old; each switches when "
                                     "it has caught up (a projector's menu: one alone)"),
                         runVerb("rebuild", {"blue-green"})));
  k.push_back(switchKnob("tokens", QObject::tr("Read your writes"),
                         QObject::tr("\"My orders\" carries the order's position and waits for it"),
                         v.tokens, switchVerb("tokens")));
  k.push_back(
      safetyRule(switchKnob("idempotent", QObject::tr("Idempotent projectors"),
                            QObject::tr("Off: events replayed after a crash are counted twice "
                                        "(unsafe)"),
                            idempotent, switchVerb("idempotent"))));
  k.push_back(safetyRule(switchKnob(
      "validate-read-model", QObject::tr("Validate on read model"),
      QObject::tr("Orders check the stock on the listing, which lags, instead of the write "
                  "model: sold items that are gone (unsafe)"),
      v.write.validateOnReadModel, [](Session& s, bool on) {
        s.apply(patternCommand("validate", {on ? "read-model" : "write-model"}));
      })));
  k.push_back(safetyRule(
      switchKnob("high-water", QObject::tr("High-water checkpoint"),
                 QObject::tr("Save the highest position applied, not the gap-aware one: "
                             "a crash skips events (unsafe)"),
                 highWater, [](Session& s, bool on) {
                   s.apply(patternCommand("checkpoint", {on ? "high-water" : "gap-aware"}));
                 })));
  return k;
}

}  // namespace cs::ui::cqrs
