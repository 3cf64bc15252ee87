// The Event Sourcing world's visual vocabulary. See es_look.h.
#include "es_look.h"

#include <QObject>
#include <QPainter>
#include <QtMath>
#include <algorithm>
#include <string_view>

#include "../../src/canvas/crash_mark.h"
#include "../../src/canvas/fitted_text.h"
#include "../../src/canvas/shapes.h"
#include "../../src/session.h"
#include "es_compact.h"
#include "es_log_paint.h"

namespace cs::ui::event_sourcing {
namespace {

using cs::event_sourcing::ClientView;
using cs::event_sourcing::HandlerView;

constexpr QSizeF kClientHalf(115, 72);
constexpr QSizeF kHandlerHalf(165, 88);
constexpr QSizeF kStoreHalf(470, 320);
constexpr QSizeF kSmallHalf(125, 72);
constexpr double kHandlerX = 430;
constexpr double kStoreX = 1180;
constexpr double kStoreY = -60;
constexpr double kCrudY = 200;

const QColor kClientFill("#6a3fb5");
const QColor kHandlerFill("#1f6fb2");
const QColor kStoreFill("#263238");
const QColor kAnalyticsFill("#00796b");
const QColor kCrudFill("#6d4c41");

QSizeF halfOf(const EsView& view, NodeId node) {
  switch (view.kind(node)) {
    case NodeKind::Store:
      return kStoreHalf;
    case NodeKind::Handler:
      return kHandlerHalf;
    case NodeKind::Client:
      return kClientHalf;
    case NodeKind::Analytics:
    case NodeKind::Crud:
      return kSmallHalf;
  }
  return kClientHalf;
}

// No line smaller than 17 px: the canvas is drawn at about 0.86 of its size
// on a projector's 1920×1080, and a hall reads 14 px and up.
void text(QPainter* p, const QRectF& r, int pixels, bool bold, const QString& s,
          Qt::Alignment align = Qt::AlignCenter) {
  p->setFont(font(p, pixels, bold));
  drawFittedText(p, r, align, s);
}

QString count(std::uint64_t n) {
  return QString::number(n);
}

// The rounded body, the selection ring, the name and the fault marks.
QRectF paintBox(QPainter* p, const NodeSnapshot& s, const NodePaintContext& c, QSizeF half,
                QColor fill) {
  const Theme& t = currentTheme();
  const bool dead = s.status == NodeStatus::Crashed;
  if (dead) fill = t.dead;
  const QRectF body = box(half);
  if (c.highlighted) {
    p->setPen(QPen(t.selection, t.lineWidth * 3));
    p->setBrush(Qt::NoBrush);
    p->drawRoundedRect(body.adjusted(-9, -9, 9, 9), 20, 20);
  }
  p->setPen(QPen(fill.darker(150), t.lineWidth * 1.5));
  p->setBrush(fill);
  p->drawRoundedRect(body, 14, 14);
  if (c.detail >= 0.3) {
    p->setPen(QColor("#ffffff"));
    text(p, QRectF(body.left(), body.top() + 6, body.width(), 30), 22, true,
         QString::fromStdString(s.name));
    if (s.status == NodeStatus::Paused)
      text(p, QRectF(body.left(), body.top() - 30, body.width(), 26), 17, true,
           QObject::tr("paused"));
  }
  return body;
}

void paintHandler(QPainter* p, const HandlerView& h, const QRectF& body) {
  p->setPen(QColor("#ffffff"));
  if (h.holds) {
    text(p, QRectF(body.left(), body.top() + 40, body.width(), 26), 18, true,
         h.revision >= 0
             ? QObject::tr("holds %1 @ %2").arg(QString::fromStdString(h.stream)).arg(h.revision)
             : QObject::tr("holds %1 (no stream yet)").arg(QString::fromStdString(h.stream)));
    const QString how =
        h.snapshotRevision >= 0
            ? QObject::tr("snapshot at %1 + %2 events").arg(h.snapshotRevision).arg(h.folded)
        : h.cachedRevision >= 0
            ? QObject::tr("cached at %1 + %2 events").arg(h.cachedRevision).arg(h.folded)
            : QObject::tr("folded %1 events").arg(h.folded);
    text(p, QRectF(body.left(), body.top() + 66, body.width(), 24), 17, false, how);
  } else {
    text(p, QRectF(body.left(), body.top() + 52, body.width(), 26), 17, false,
         QObject::tr("holds nothing yet"));
  }
  text(p, QRectF(body.left(), body.top() + 96, body.width(), 24), 17, false,
       QObject::tr("done %1 · refused %2 · queued %3")
           .arg(count(h.done), count(h.refused), count(h.queued)));
  text(p, QRectF(body.left(), body.top() + 120, body.width(), 24), 17, h.conflicts > 0,
       QObject::tr("conflicts %1 · retries %2").arg(count(h.conflicts), count(h.retries)));
}

void paintStore(QPainter* p, const EsView& view, const QRectF& body) {
  const auto& s = view.store;
  p->setPen(QColor("#ffffff"));
  text(p, QRectF(body.left(), body.top() + 36, body.width(), 24), 17, false,
       QObject::tr("head %1 · %2 streams · %3 snapshots · %4 conflicts · %5 retries recognised")
           .arg(s.head)
           .arg(s.streams)
           .arg(s.snapshots)
           .arg(count(s.rejected))
           .arg(count(s.recognised)));
  const QRectF log(body.left() + 14, body.top() + 66, body.width() - 28, 330);
  p->setPen(Qt::NoPen);
  p->setBrush(QColor("#1c262b"));
  p->drawRoundedRect(log.adjusted(-4, -4, 4, 22), 8, 8);
  paintLog(p, s, log);
  paintProducts(p, view,
                QRectF(body.left() + 20, log.bottom() + 30, body.width() - 40,
                       body.bottom() - log.bottom() - 70));
  // Inside the box, white on the store's dark fill.
  const auto& st = view.settings;
  text(p, QRectF(body.left(), body.bottom() - 34, body.width(), 26), 17, true,
       QObject::tr("expected revision: %1 · event ids on retry: %2 · snapshots: %3 · writes v%4")
               .arg(st.expectExact ? QObject::tr("exact") : QObject::tr("ANY (unsafe)"))
               .arg(st.eventIds ? QObject::tr("same") : QObject::tr("fresh"))
               .arg(st.snapshotEvery > 0 ? QObject::tr("every %1").arg(st.snapshotEvery)
                                         : QObject::tr("off"))
               .arg(st.schema) +
           (st.cacheAggregates ? QObject::tr(" · aggregate cache") : QString()) +
           (st.buggyRelease ? QObject::tr(" · BUGGY RELEASE") : QString()));
}

std::int64_t field(const LabelInfo& info, const Message& m, std::string_view name) {
  const auto i = info.fieldIndex(name);
  return i && *i < m.fields.size() ? m.fields[*i] : 0;
}

}  // namespace

MessageClass classify(const Vocabulary* vocabulary, const Message& m) {
  if (!vocabulary || m.kind == kNoLabel || m.kind >= vocabulary->size()) return MessageClass::Other;
  const LabelInfo& info = vocabulary->info(m.kind);
  const std::string& n = info.name;
  if (n == "Command") return MessageClass::Command;
  if (n == "CommandResult") return MessageClass::Result;
  if (n == "Load" || n == "Loaded") return MessageClass::Load;
  if (n == "Append" || n == "SaveSnapshot") return MessageClass::Append;
  if (n == "AppendAck")
    return field(info, m, "outcome") == 2 ? MessageClass::Rejected : MessageClass::Ack;
  if (n == "ReadAll" || n == "ReadAllReply" || n == "Subscribe" || n == "EventAppeared")
    return MessageClass::Subscription;
  return MessageClass::Other;
}

NodeLayout EsLook::layout(const PatternView& pattern,
                          const std::vector<NodeSnapshot>& nodes) const {
  const EsView& view = viewOf<EsView>(pattern);
  NodeLayout l;
  l.positions.assign(nodes.size(), QPointF());
  const double handlers = static_cast<double>(view.handlers.size());
  for (const auto& n : nodes) {
    switch (view.kind(n.id)) {
      case NodeKind::Store:
        l.positions[n.id] = QPointF(kStoreX, kStoreY);
        break;
      case NodeKind::Handler: {
        double i = 0;
        for (const auto& h : view.handlers)
          if (h.id == n.id)
            break;
          else
            i += 1;
        l.positions[n.id] = QPointF(kHandlerX, (i - (handlers - 1) / 2) * 215 - 60);
        break;
      }
      case NodeKind::Client:
        l.positions[n.id] =
            QPointF(0, view.clients.empty() || view.clients[0].id == n.id ? -330 : -110);
        break;
      // Beside the store and under the clients rather than under the store:
      // a wide, low picture, to suit a projector's 16:9 under its caption band.
      case NodeKind::Analytics:
        l.positions[n.id] =
            QPointF(kStoreX + kStoreHalf.width() + 30 + kSmallHalf.width(), kStoreY);
        break;
      case NodeKind::Crud:
        l.positions[n.id] = QPointF(0, kCrudY);
        break;
    }
  }
  // Down to the store's last line, the CRUD service or the lowest handler.
  const double lowest =
      std::max({kStoreY + kStoreHalf.height() + 50, kCrudY + kSmallHalf.height() + 30,
                (handlers - 1) / 2 * 215 - 60 + kHandlerHalf.height() + 30});
  l.sceneRect =
      QRectF(QPointF(-kClientHalf.width() - 40, kStoreY - kStoreHalf.height() - 110),
             QPointF(kStoreX + kStoreHalf.width() + 130 + 2 * kSmallHalf.width(), lowest));
  return l;
}

bool EsLook::linked(const PatternView& pattern, const NodeSnapshot& a,
                    const NodeSnapshot& b) const {
  const EsView& view = viewOf<EsView>(pattern);
  const NodeKind ka = view.kind(a.id), kb = view.kind(b.id);
  auto pair = [&](NodeKind x, NodeKind y) { return (ka == x && kb == y) || (ka == y && kb == x); };
  return pair(NodeKind::Client, NodeKind::Handler) || pair(NodeKind::Handler, NodeKind::Store) ||
         pair(NodeKind::Analytics, NodeKind::Store) || pair(NodeKind::Client, NodeKind::Crud);
}

double EsLook::inset(const PatternView& pattern, const NodeSnapshot& node, QPointF dir) const {
  return boxInset(halfOf(viewOf<EsView>(pattern), node.id), dir);
}

QPainterPath EsLook::nodeShape(const PatternView& pattern, const NodeSnapshot& node) const {
  QPainterPath p;
  p.addRoundedRect(box(halfOf(viewOf<EsView>(pattern), node.id)), 14, 14);
  return p;
}

QRectF EsLook::nodeBounds(const NodeSnapshot&) const {
  const QSizeF h = kStoreHalf;
  return QRectF(-h.width() - 12, -h.height() - 40, 2 * h.width() + 24, 2 * h.height() + 80);
}

void EsLook::paintNode(QPainter* p, const PatternView& pattern, const NodeSnapshot& s,
                       const NodePaintContext& c) const {
  const EsView& view = viewOf<EsView>(pattern);
  const NodeKind kind = view.kind(s.id);
  const QColor fills[] = {kStoreFill, kHandlerFill, kClientFill, kAnalyticsFill, kCrudFill};
  const QRectF body = paintBox(p, s, c, halfOf(view, s.id), fills[static_cast<int>(kind)]);
  if (c.detail < NodePaintContext::kLabels && hasCompactForm(kind))
    paintCompact(p, view, s.id, QString::fromStdString(s.name), s.status == NodeStatus::Crashed,
                 body);
  // A crashed node shows its name and the cross, not its last state
  // under the cross (the store's log is back when it restarts).
  if (c.detail >= 0.3 && s.status != NodeStatus::Crashed) {
    p->setPen(QColor("#ffffff"));
    switch (kind) {
      case NodeKind::Store:
        paintStore(p, view, body);
        break;
      case NodeKind::Handler:
        if (const HandlerView* h = view.handler(s.id)) paintHandler(p, *h, body);
        break;
      case NodeKind::Client:
        if (const ClientView* cl = view.client(s.id)) {
          text(p, QRectF(body.left(), body.top() + 40, body.width(), 24), 17, false,
               QObject::tr("%1 commands/s").arg(cl->rate, 0, 'g', 4));
          text(p, QRectF(body.left(), body.top() + 66, body.width(), 24), 17, false,
               QObject::tr("done %1 · refused %2").arg(count(cl->done), count(cl->refused)));
        }
        break;
      case NodeKind::Analytics: {
        const auto& a = view.analytics;
        text(p, QRectF(body.left(), body.top() + 38, body.width(), 24), 17, false,
             QObject::tr("checkpoint %1 · lag %2").arg(a.checkpoint).arg(count(a.lag)));
        text(p, QRectF(body.left(), body.top() + 64, body.width(), 24), 17, a.oversold > 0,
             a.oversold > 0 ? QObject::tr("OVERSOLD seen %1×").arg(count(a.oversold))
             : a.live       ? QObject::tr("live")
                            : QObject::tr("catching up"));
        break;
      }
      case NodeKind::Crud:
        text(p, QRectF(body.left(), body.top() + 38, body.width(), 24), 17, false,
             QObject::tr("current state only"));
        text(p, QRectF(body.left(), body.top() + 62, body.width(), 24), 17, false,
             QObject::tr("no history, no replay"));
        break;
    }
  }
  if (s.status == NodeStatus::Crashed) paintCrashMark(p, body);
}

bool EsLook::namesItself(const PatternView& pattern, const NodeSnapshot& s) const {
  return hasCompactForm(viewOf<EsView>(pattern).kind(s.id));
}

int EsLook::messageClassCount() const {
  return static_cast<int>(MessageClass::Other) + 1;
}

int EsLook::classify(const Vocabulary* vocabulary, const Message& message) const {
  return static_cast<int>(event_sourcing::classify(vocabulary, message));
}

GlyphLook EsLook::messageLook(int messageClass, const Theme& t, double r) const {
  GlyphLook l;
  switch (static_cast<MessageClass>(messageClass)) {
    case MessageClass::Command:
      l.fill = kClientFill;
      l.shape = polygon(4, r * 1.4, 0);
      l.legend = QObject::tr("command");
      break;
    case MessageClass::Result:
      l.fill = QColor("#9575cd");
      l.shape.addEllipse(QPointF(0, 0), r * 0.75, r * 0.75);
      l.legend = QObject::tr("command result");
      break;
    case MessageClass::Load:
      l.fill = QColor("#78909c");
      l.shape.addRect(QRectF(-r * 0.7, -r * 0.7, r * 1.4, r * 1.4));
      l.legend = QObject::tr("load (events, snapshot)");
      break;
    case MessageClass::Append:
      l.fill = QColor("#26a69a");
      l.shape = polygon(6, r * 1.4, 0);
      l.legend = QObject::tr("append (expected revision)");
      break;
    case MessageClass::Ack:
      l.fill = QColor("#2e9e44");
      l.shape = polygon(3, r * 1.3, -M_PI / 2);
      l.legend = QObject::tr("append acknowledged");
      break;
    case MessageClass::Rejected:
      l.fill = QColor("#d32f2f");
      l.shape = polygon(3, r * 1.5, M_PI / 2);
      l.legend = QObject::tr("wrong expected version");
      break;
    case MessageClass::Subscription:
      l.fill = QColor("#00796b");
      l.shape.addEllipse(QPointF(0, 0), r, r);
      l.legend = QObject::tr("catch-up subscription");
      break;
    case MessageClass::Other:
      l.fill = t.other;
      l.shape.addEllipse(QPointF(0, 0), r * 0.7, r * 0.7);
      l.legend = QObject::tr("other");
      break;
  }
  return l;
}

std::vector<int> EsLook::legendMessageOrder() const {
  std::vector<int> v;
  for (int c = 0; c < static_cast<int>(MessageClass::Other); ++c) v.push_back(c);
  return v;
}

QString EsLook::paintLegendSymbol(QPainter* p, int, QPointF c, double r) const {
  p->setPen(QPen(QColor("#26a69a").darker(140), 2));
  p->setBrush(QColor("#26a69a"));
  p->drawEllipse(c, r * 0.6, r * 0.6);
  return QObject::tr("a stored event (hollow: schema v1)");
}

std::vector<NodeAction> EsLook::nodeActions(const PatternView& pattern,
                                            const NodeSnapshot& n) const {
  std::vector<NodeAction> v;
  switch (viewOf<EsView>(pattern).kind(n.id)) {
    case NodeKind::Store:
      v.push_back({QObject::tr("Lose the next acknowledgment"), true, runVerb("lose-ack", {})});
      if (viewOf<EsView>(pattern).store.retention.on)
        v.push_back({QObject::tr("Scavenge now"), true, runVerb("scavenge", {})});
      break;
    case NodeKind::Client:
      v.push_back({QObject::tr("Order product-1"), true, runVerb("order", {"1"})});
      v.push_back({QObject::tr("Receive 10 of product-1"), true, runVerb("restock", {"1", "10"})});
      break;
    case NodeKind::Analytics:
      v.push_back({QObject::tr("What was product-1's stock at 12 s?"), true,
                   runVerb("as-of", {"12", "1"})});
      break;
    case NodeKind::Handler:
    case NodeKind::Crud:
      break;
  }
  return v;
}

std::vector<PatternKnob> EsLook::knobs(const PatternView& pattern,
                                       const std::vector<NodeSnapshot>&) const {
  const EsView& view = viewOf<EsView>(pattern);
  const auto& st = view.settings;
  // The product last reserved, else the first: the race is for its last items.
  cs::event_sourcing::Position newest = 0;
  std::int64_t raced = 1;
  for (const auto& row : view.products)
    if (row.lastReservedAt > newest) {
      newest = row.lastReservedAt;
      raced = row.product;
    }
  // The newest delivery in the log: the event "correct" compensates.
  std::string received;
  for (const auto& e : view.store.recent)
    if (e.type == "StockReceived") received = std::to_string(e.position);
  std::vector<PatternKnob> v;
  v.push_back(buttonKnob("race", QObject::tr("Race for the last item"),
                         QObject::tr("Two shoppers order every item left of a product at once, "
                                     "through two handlers"),
                         runVerb("race", {std::to_string(raced)})));
  v.push_back(buttonKnob("lose-ack", QObject::tr("Lose an ack"),
                         QObject::tr("The store's next AppendAck is lost: the handler retries"),
                         runVerb("lose-ack", {})));
  PatternKnob deploy = buttonKnob("deploy-v2", QObject::tr("Deploy v2"),
                                  QObject::tr("Handlers write ItemReserved v2 (with a quantity); "
                                              "v1 events are upcast when read"),
                                  runVerb("deploy-v2", {}));
  deploy.enabled = st.schema < 2;
  v.push_back(deploy);
  PatternKnob correct =
      buttonKnob("correct", QObject::tr("Correct an event"),
                 QObject::tr("Append a compensating StockCorrected for the newest StockReceived"),
                 runVerb("correct", {received.empty() ? "1" : received}));
  correct.enabled = !received.empty();
  v.push_back(correct);
  v.push_back(switchKnob(
      "snapshots", QObject::tr("Snapshots"),
      QObject::tr("Keep a snapshot every 20 events per stream"), st.snapshotEvery > 0,
      [](Session& s, bool on) { s.apply(patternCommand("snapshots", {on ? "20" : "0"})); }));
  v.push_back(
      safetyRule(switchKnob("expected-any", QObject::tr("Expected revision: any"),
                            QObject::tr("Append without checking the revision: concurrent "
                                        "handlers oversell (unsafe)"),
                            !st.expectExact, [](Session& s, bool on) {
                              s.apply(patternCommand("expected-revision", {on ? "any" : "exact"}));
                            })));
  v.push_back(safetyRule(
      switchKnob("event-ids", QObject::tr("Same event ids on retry"),
                 QObject::tr("Off: a retried append gets fresh ids and may be stored twice"),
                 st.eventIds, switchVerb("event-ids"))));
  v.push_back(switchKnob("cache-aggregates", QObject::tr("Aggregate cache"),
                         QObject::tr("Handlers keep the aggregates they loaded and fold only "
                                     "the events after them"),
                         st.cacheAggregates, switchVerb("cache-aggregates")));
  v.push_back(safetyRule(switchKnob(
      "buggy-release", QObject::tr("Buggy release"),
      QObject::tr("On: the shop's code takes an order's items off twice, in "
                  "the handlers' fold and in the CRUD twin's rows. Off: the "
                  "fix; the log is replayed through it"),
      st.buggyRelease,
      [](Session& s, bool on) { s.apply(patternCommand(on ? "deploy-bug" : "fix-bug", {})); })));
  return v;
}

}  // namespace cs::ui::event_sourcing
