// The Strangler Fig world's visual vocabulary. See fig_look.h.
#include "fig_look.h"

#include <QObject>
#include <QPainter>
#include <algorithm>
#include <string_view>

#include "../../src/canvas/crash_mark.h"
#include "../../src/session.h"
#include "../rpc/rpc_look.h"
#include "fig_route_table.h"

namespace cs::ui::strangler_fig {
namespace {

using namespace rpc_look;
using cs::strangler_fig::DataSync;
using cs::strangler_fig::NewServiceView;
using cs::strangler_fig::RouteView;

constexpr QSizeF kBox(100, 56);
// The mirrored copy a facade sends in the shadow stage: one class past the
// RPC layer's.
constexpr int kMirror = kMessageClassCount;

struct Place {
  std::string_view name;
  double x, y;
};
// Low and wide, to suit a projector's 16:9 under its caption band: the
// controller and the sync connector (no links) above the facades and legacy.
constexpr Place kPlaces[] = {
    {"client", 0, 280},     {"facade-1", 270, 150}, {"facade-2", 270, 410},   {"legacy", 540, 150},
    {"legacy-2", 540, 410}, {"catalog", 810, -40},  {"pricing", 810, 110},    {"cart", 810, 260},
    {"orders", 810, 410},   {"account", 810, 560},  {"controller", 270, -30}, {"sync", 540, -30},
};

bool isFacade(std::string_view n) {
  return n == "facade-1" || n == "facade-2";
}
bool isLegacy(std::string_view n) {
  return n == "legacy" || n == "legacy-2";
}

const NewServiceView* newService(const FigView& v, NodeId id) {
  for (const auto& s : v.services)
    if (s.service.id == id) return &s;
  return nullptr;
}

void cardLine(QPainter* p, const QRectF& body, int row, const QString& text, bool strong = false) {
  p->setFont(font(p, 17, strong));
  p->drawText(QRectF(body.left() + 4, body.top() + 36 + row * 22, body.width() - 8, 22),
              Qt::AlignCenter, text);
}

// Under a box, where rpc_look puts the p99: one line of our own.
void underLine(QPainter* p, const QRectF& body, const QString& text, const QColor& colour) {
  p->setPen(colour);
  p->setFont(font(p, 17, true));
  p->drawText(QRectF(body.left() - 40, body.bottom() + 4, body.width() + 80, 22), Qt::AlignCenter,
              text);
}

int routesServedBy(const FigView& v, bool legacy) {
  int n = 0;
  for (const RouteView& r : v.routes)
    n += legacy ? r.stage < Stage::Migrated : r.stage >= Stage::Canary;
  return n;
}

// Nothing needs the monolith any more: it may be switched off.
bool everyRouteRetired(const FigView& v) {
  return std::all_of(v.routes.begin(), v.routes.end(),
                     [](const RouteView& r) { return r.stage == Stage::Retired; });
}

}  // namespace

NodeLayout FigLook::layout(const PatternView&, const std::vector<NodeSnapshot>& nodes) const {
  NodeLayout l;
  l.positions.assign(nodes.size(), QPointF());
  double extra = 0;
  for (const auto& n : nodes) {
    auto it = std::find_if(std::begin(kPlaces), std::end(kPlaces),
                           [&](const Place& p) { return p.name == n.name; });
    l.positions[n.id] =
        it != std::end(kPlaces) ? QPointF(it->x, it->y) : QPointF(extra++ * 330, 700);
  }
  const QRectF table = routeTableBounds();
  // The table stands low enough to leave room above it for the clock the
  // view draws in its corner.
  l.sceneRect = QRectF(QPointF(-kBox.width() - 40, -140),
                       QPointF(table.right() + 30, std::max(table.bottom(), 650.0) + 20));
  return l;
}

bool FigLook::linked(const PatternView&, const NodeSnapshot& a, const NodeSnapshot& b) const {
  auto joins = [](std::string_view x, std::string_view y) {
    if (x == "client") return isFacade(y);
    if (isFacade(x))
      return isLegacy(y) || (!isFacade(y) && y != "controller" && y != "sync" && y != "client");
    return false;
  };
  return joins(a.name, b.name) || joins(b.name, a.name);
}

double FigLook::inset(const PatternView&, const NodeSnapshot&, QPointF dir) const {
  return boxInset(kBox, dir);
}

QPainterPath FigLook::nodeShape(const PatternView&, const NodeSnapshot&) const {
  QPainterPath p;
  p.addRoundedRect(box(kBox), 14, 14);
  return p;
}

void FigLook::paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                        const NodePaintContext& c) const {
  const FigView& world = viewOf<FigView>(view);
  const Theme& t = currentTheme();
  const bool dead = s.status == NodeStatus::Crashed;
  if (const NewServiceView* ns = newService(world, s.id)) {
    const QColor fill = dead ? t.dead : kNewFill;
    const QRectF body = paintBody(p, s, c, kBox, fill);
    if (c.detail < 0.3) return;
    paintWorkers(p, s, ns->service, body, fill);
    if (dead) paintCrashMark(p, body);
    paintTopBadges(p, s, body);
    // The seeded bug takes the line under the box: a pill above it would
    // stand on the line of the service above (the lag is in the charts).
    if (ns->priceBug || ns->checkoutBug)
      underLine(
          p, body,
          ns->priceBug ? QObject::tr("BUG: rounds prices") : QObject::tr("BUG: checkout fails"),
          kSick);
    else if (world.dataSync == DataSync::ChangeDataCapture && world.cdcStopped)
      underLine(p, body, QObject::tr("CDC stopped: legacy off"), t.mutedText);
    else if (world.dataSync == DataSync::ChangeDataCapture)
      underLine(
          p, body,
          ns->pendingChanges
              ? QObject::tr("CDC lag %1 (%2)").arg(millisText(ns->lag)).arg(ns->pendingChanges)
              : QObject::tr("CDC caught up"),
          ns->pendingChanges ? QColor("#ef6c00") : t.mutedText);
    else
      underLine(p, body,
                ns->diverged ? QObject::tr("%1 entities diverged").arg(ns->diverged)
                             : QObject::tr("stores agree"),
                ns->diverged ? kSick : t.mutedText);
    return;
  }
  if (s.id == world.legacy.id || s.id == world.legacySecondary.id) {
    const rpc::ServiceView& svc = s.id == world.legacy.id ? world.legacy : world.legacySecondary;
    const QColor fill = dead ? t.dead : kLegacyFill;
    const QRectF body =
        paintBody(p, s, c, kBox, fill,
                  s.id == world.legacy.id ? QObject::tr("legacy") : QObject::tr("legacy-2"));
    if (c.detail < 0.3) return;
    paintWorkers(p, s, svc, body, fill);
    const bool off = dead && !world.legacyOn;
    if (off)
      paintSwitchedOffMark(p, body);
    else if (dead)
      paintCrashMark(p, body);
    paintTopBadges(p, s, body);
    if (off)
      underLine(p, body, QObject::tr("nothing routes here"), t.mutedText);
    else if (s.id == world.legacy.id)
      underLine(p, body,
                QObject::tr("serves %1 of %2 routes")
                    .arg(routesServedBy(world, true))
                    .arg(world.routes.size()),
                t.text);
    else
      underLine(p, body, QObject::tr("noise baseline"), t.mutedText);
    return;
  }
  if (!world.clients.empty() && s.id == world.clients.front().id) {
    const QRectF body = paintBody(p, s, c, kBox, bodyFill(s, nullptr));
    if (c.detail < 0.3) return;
    paintClientCounts(p, world.clients.front(), body);
    paintTopBadges(p, s, body);
    return;
  }
  const bool facade =
      std::find(world.facades.begin(), world.facades.end(), s.id) != world.facades.end();
  const QColor fill = dead ? t.dead : facade ? QColor("#5e35b1") : QColor("#00695c");
  const QRectF body = paintBody(p, s, c, kBox, fill);
  if (c.detail < 0.3) return;
  p->setPen(QColor("#ffffff"));
  if (facade) {
    cardLine(p, body, 0, QObject::tr("routing proxy"));
    const int toNew = routesServedBy(world, false);
    cardLine(
        p, body, 1,
        toNew == 1 ? QObject::tr("1 route to new") : QObject::tr("%1 routes to new").arg(toNew),
        true);
    cardLine(p, body, 2, world.mirrorWrites ? QObject::tr("MIRRORS WRITES") : QString(),
             world.mirrorWrites);
  } else if (s.id == world.controller) {
    cardLine(p, body, 0, QObject::tr("rollout"));
    cardLine(p, body, 1,
             world.autoAnalysis ? QObject::tr("analysis on") : QObject::tr("analysis off"), true);
  } else if (s.id == world.sync) {
    const bool cdc = world.dataSync == DataSync::ChangeDataCapture;
    cardLine(p, body, 0, cdc ? QObject::tr("CDC connector") : QObject::tr("reconciler"));
    if (!cdc)
      cardLine(
          p, body, 1,
          world.reconcile ? QObject::tr("repaired %1").arg(world.reconciled) : QObject::tr("OFF"),
          true);
  }
  if (dead) paintCrashMark(p, body);
  paintTopBadges(p, s, body);
}

QRectF FigLook::panelBounds(const PatternView&, const std::vector<NodeSnapshot>&) const {
  return routeTableBounds();
}

void FigLook::paintPanel(QPainter* p, const PatternView& view,
                         const std::vector<NodeSnapshot>&) const {
  paintRouteTable(p, viewOf<FigView>(view));
}

int FigLook::messageClassCount() const {
  return kMirror + 1;
}

int FigLook::classify(const Vocabulary* vocabulary, const Message& m) const {
  const MessageClass c = rpc_look::classify(vocabulary, m);
  // A Request's fields: call, method, deadline, key, value, flags.
  constexpr std::int64_t kApply = 100;
  if (c == MessageClass::Request && m.fields[1] < kApply && (m.fields[5] & 1)) return kMirror;
  return static_cast<int>(c);
}

GlyphLook FigLook::messageLook(int messageClass, const Theme& t, double r) const {
  if (messageClass == kMirror) {
    GlyphLook g = rpc_look::messageLook(MessageClass::Request, t, r);
    g.fill = kMirrorFill;
    g.legend = QObject::tr("mirrored copy (shadow)");
    return g;
  }
  return rpc_look::messageLook(static_cast<MessageClass>(messageClass), t, r);
}

std::vector<int> FigLook::legendMessageOrder() const {
  return {static_cast<int>(MessageClass::Request), kMirror, static_cast<int>(MessageClass::OkReply),
          static_cast<int>(MessageClass::ErrorReply), static_cast<int>(MessageClass::Rejected)};
}

QString FigLook::paintLegendSymbol(QPainter* p, int row, QPointF c, double r) const {
  const QColor fills[] = {kLegacyFill, kNewFill, QColor("#5e35b1")};
  const QString texts[] = {QObject::tr("legacy monolith"), QObject::tr("new service"),
                           QObject::tr("facade")};
  p->setPen(Qt::NoPen);
  p->setBrush(fills[row]);
  p->drawRoundedRect(QRectF(c.x() - r, c.y() - r * 0.8, r * 2, r * 1.6), 3, 3);
  return texts[row];
}

std::vector<NodeAction> FigLook::nodeActions(const PatternView& view, const NodeSnapshot& n) const {
  const FigView& world = viewOf<FigView>(view);
  std::vector<NodeAction> v;
  const NewServiceView* ns = newService(world, n.id);
  if (!ns) return v;
  for (const RouteView& r : world.routes) {
    if (r.capability != ns->capability) continue;
    const QString name = QString::fromStdString(r.name);
    v.push_back(
        {QObject::tr("Advance %1 (now %2)").arg(name, QString::fromUtf8(stageName(r.stage))),
         r.stage != Stage::Retired, runVerb("advance", {r.name})});
    v.push_back({QObject::tr("Roll %1 back to legacy").arg(name),
                 r.stage != Stage::Legacy && r.stage != Stage::Retired,
                 runVerb("rollback", {r.name})});
    for (int w : cs::strangler_fig::kCanaryWeights)
      v.push_back({QObject::tr("Set %1 to canary at %2%").arg(name).arg(w),
                   r.stage != Stage::Retired && !(r.stage == Stage::Canary && r.weight == w),
                   runVerb("weight", {r.name, std::to_string(w)})});
  }
  return v;
}

std::vector<PatternKnob> FigLook::knobs(const PatternView& view,
                                        const std::vector<NodeSnapshot>&) const {
  const FigView& world = viewOf<FigView>(view);
  bool priceBug = false, checkoutBug = false;
  for (const auto& s : world.services) {
    priceBug = priceBug || s.priceBug;
    checkoutBug = checkoutBug || s.checkoutBug;
  }
  auto knob = [](const char* verb, QString label, QString tip, bool checked) {
    return switchKnob(verb, std::move(label), std::move(tip), checked, switchVerb(verb));
  };
  std::vector<PatternKnob> v;
  v.push_back(buttonKnob("advance-next", QObject::tr("Advance a route"),
                         QObject::tr("Move the first route not yet retired one stage on"),
                         [routes = world.routes](Session& s) {
                           for (const RouteView& r : routes)
                             if (r.stage != Stage::Retired) {
                               s.apply(patternCommand("advance", {r.name}));
                               return;
                             }
                         }));
  v.push_back(buttonKnob("rollback-all", QObject::tr("Roll back all"),
                         QObject::tr("One facade update: every route not retired back to legacy"),
                         runVerb("rollback", {"all"})));
  v.push_back(buttonKnob("next-weight", QObject::tr("Set weight"),
                         QObject::tr("The first route in canary to its next weight: 5, 25, 50, "
                                     "100%, then 5% again"),
                         [routes = world.routes](Session& s) {
                           for (const RouteView& r : routes) {
                             if (r.stage != Stage::Canary) continue;
                             const auto& ws = cs::strangler_fig::kCanaryWeights;
                             const auto at = std::find(ws.begin(), ws.end(), r.weight);
                             const int next =
                                 at == ws.end() || at + 1 == ws.end() ? ws[0] : *(at + 1);
                             s.apply(patternCommand("weight", {r.name, std::to_string(next)}));
                             return;
                           }
                         }));
  v.back().enabled = std::any_of(world.routes.begin(), world.routes.end(),
                                 [](const RouteView& r) { return r.stage == Stage::Canary; });
  v.push_back(knob("shadow", QObject::tr("Shadow"),
                   QObject::tr("Mirror shadow routes to their new service and compare; off, "
                               "legacy alone serves them"),
                   world.shadowOn));
  v.push_back(buttonKnob("cutover", QObject::tr("Big-bang cutover"),
                         QObject::tr("Every route to the new services at one moment"),
                         runVerb("cutover", {})));
  v.push_back(buttonKnob("switch-off-legacy", QObject::tr("Switch legacy off"),
                         QObject::tr("Once every route is retired: the monolith goes"),
                         runVerb("switch-off-legacy", {})));
  v.back().enabled = world.legacyOn && everyRouteRetired(world);
  v.push_back(knob("price-bug", QObject::tr("Price bug"),
                   QObject::tr("The pricing service rounds prices ending in 5 up a cent"),
                   priceBug));
  v.push_back(knob("checkout-bug", QObject::tr("Checkout bug"),
                   QObject::tr("The orders service fails every checkout"), checkoutBug));
  v.push_back(
      knob("analysis", QObject::tr("Canary analysis"),
           QObject::tr("Promote or abort canaries automatically from error rate and latency"),
           world.autoAnalysis));
  v.push_back(knob("reconcile", QObject::tr("Reconcile"),
                   QObject::tr("With dual writes: compare the stores and repair what diverged"),
                   world.reconcile));
  v.push_back(
      safetyRule(knob("mirror-writes", QObject::tr("Mirror writes (unsafe)"),
                      QObject::tr("Safety rule off: shadow copies of writes happen for real, so a "
                                  "mirrored checkout charges the order twice"),
                      world.mirrorWrites)));
  return v;
}

}  // namespace cs::ui::strangler_fig
