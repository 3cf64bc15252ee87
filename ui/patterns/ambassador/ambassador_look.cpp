// The Ambassador world's visual vocabulary. See ambassador_look.h.
#include "ambassador_look.h"

#include <clusterscope/ambassador/ambassador_view.h>
#include <QObject>
#include <QPainter>
#include <algorithm>
#include <string_view>

#include "../../src/canvas/crash_mark.h"
#include "../../src/session.h"
#include "../rpc/rpc_look.h"

namespace cs::ui::ambassador {
namespace {

using namespace rpc_look;
using cs::ambassador::AmbassadorView;
using cs::ambassador::InboundView;
using cs::ambassador::OutboundView;
using cs::ambassador::UpstreamView;

constexpr QSizeF kService(100, 62);
constexpr QSizeF kSidecar(82, 62);
// Between a service and its sidecar: close, because they share a host.
constexpr double kHop = 10;
constexpr double kPodOffset = kService.width() + kHop + kSidecar.width();
// How far above a pod's service its badges stand: over the pod's outline,
// which runs 12 above the box.
constexpr double kPodBadgeLift = 18;
constexpr double kColumn = 400;
constexpr double kRow = 380;

const QColor kSidecarFill("#00796b");
const QColor kRogueFill("#7b1f3a");

struct Place {
  std::string_view name;
  double x, y;
};
constexpr Place kPlaces[] = {
    {"client", 0, 0.95 * kRow},
    {"app", kColumn, 0.5 * kRow},
    {"ambassador", kColumn + kPodOffset, 0.5 * kRow},
    {"b1-ambassador", 2.9 * kColumn, 0},
    {"b1", 2.9 * kColumn + kPodOffset, 0},
    {"b2-ambassador", 2.9 * kColumn, kRow},
    {"b2", 2.9 * kColumn + kPodOffset, kRow},
    {"rogue", 1.7 * kColumn, -0.5 * kRow},
};

constexpr std::pair<std::string_view, std::string_view> kCalls[] = {{"client", "app"},
                                                                    {"ambassador", "b1-ambassador"},
                                                                    {"ambassador", "b2-ambassador"},
                                                                    {"rogue", "b1-ambassador"}};

// The sidecars stand where their names say; their kind comes from the view.
bool isSidecarName(std::string_view name) {
  return name == "ambassador" || name.ends_with("-ambassador");
}

// App's sidecar stands on app's right; a replica's on its replica's left.
double podDirection(const AmbassadorView& view, NodeId sidecar) {
  return sidecar == view.outbound.id ? -1 : 1;
}

// The dashed outline of the pod, drawn by the sidecar around itself and its service.
void paintPod(QPainter* p, const AmbassadorView& view, NodeId sidecar) {
  const Theme& t = currentTheme();
  const QRectF mine = box(kSidecar);
  const double direction = podDirection(view, sidecar);
  const QRectF service = box(kService).translated(direction * kPodOffset, 0);
  const QRectF pod = (mine | service).adjusted(-12, -12, 12, 12);
  p->setPen(QPen(t.mutedText, t.lineWidth, Qt::DashLine));
  p->setBrush(Qt::NoBrush);
  p->drawRoundedRect(pod, 22, 22);
  // The local hop: a short, thick bridge instead of a network link.
  const double edge = direction * kSidecar.width();
  p->setPen(QPen(kSidecarFill.darker(130), 8, Qt::SolidLine, Qt::FlatCap));
  p->drawLine(QPointF(edge, 0), QPointF(edge + direction * kHop, 0));
}

// One line of a sidecar's card.
void cardLine(QPainter* p, const QRectF& body, int row, const QString& text, bool strong = false) {
  p->setFont(font(p, 16, strong));
  p->drawText(QRectF(body.left() + 4, body.top() + 38 + row * 24, body.width() - 8, 24),
              Qt::AlignCenter, text);
}

void paintOutboundCard(QPainter* p, const OutboundView& out, const QRectF& body) {
  p->setPen(QColor("#ffffff"));
  if (!out.inUse) {
    cardLine(p, body, 0, QObject::tr("OFF"), true);
    cardLine(p, body, 1, QObject::tr("app calls b1"));
    cardLine(p, body, 2, QObject::tr("directly"));
    return;
  }
  auto onOff = [](bool on) { return on ? QObject::tr("on") : QObject::tr("off"); };
  cardLine(p, body, 0, QObject::tr("retries %1").arg(onOff(out.retries)), out.retries);
  cardLine(p, body, 1, QObject::tr("hedging %1").arg(onOff(out.hedging)), out.hedging);
  cardLine(p, body, 2,
           out.budgetExhausted > 0 ? QObject::tr("budget hit ×%1").arg(out.budgetExhausted)
                                   : QObject::tr("retried %1").arg(out.retriesSent));
}

void paintInboundCard(QPainter* p, const InboundView& in, const QRectF& body) {
  p->setPen(QColor("#ffffff"));
  cardLine(p, body, 0, QObject::tr("checks identity"));
  cardLine(p, body, 1, QObject::tr("passed %1").arg(in.forwarded));
  cardLine(p, body, 2, QObject::tr("refused %1").arg(in.refused), in.refused > 0);
}

}  // namespace

NodeLayout AmbassadorLook::layout(const PatternView&,
                                  const std::vector<NodeSnapshot>& nodes) const {
  NodeLayout l;
  l.positions.assign(nodes.size(), QPointF());
  double extra = 0;  // a node this world does not name goes below, in a row
  for (const auto& n : nodes) {
    auto it = std::find_if(std::begin(kPlaces), std::end(kPlaces),
                           [&](const Place& p) { return p.name == n.name; });
    l.positions[n.id] =
        it != std::end(kPlaces) ? QPointF(it->x, it->y) : QPointF(extra++ * kColumn, 1.8 * kRow);
  }
  // Room below on the left for the legend, and above for the clock.
  // The legend stands top left, above the client.
  l.sceneRect = QRectF(QPointF(-kService.width() - 30, -0.5 * kRow - kService.height() - 60),
                       QPointF(2.9 * kColumn + kPodOffset + kService.width() + 40,
                               (extra > 0 ? 1.8 : 1) * kRow + 140));
  return l;
}

bool AmbassadorLook::linked(const PatternView&, const NodeSnapshot& a,
                            const NodeSnapshot& b) const {
  return onCallGraph(kCalls, a, b);
}

LinkBadge AmbassadorLook::linkBadge(const PatternView& view, const std::vector<NodeSnapshot>& nodes,
                                    NodeId a, NodeId b) const {
  const AmbassadorView& world = viewOf<AmbassadorView>(view);
  const OutboundView& out = world.outbound;
  if (a >= nodes.size() || b >= nodes.size() || out.id >= nodes.size()) return {};
  const NodeId other = a == out.id ? b : b == out.id ? a : kNoNode;
  const UpstreamView* upstream = other == kNoNode ? nullptr : out.upstream(other);
  if (!upstream) return {};
  const InboundView* in = world.inboundOf(other);
  const NodeId replica = in ? in->service : other;
  const QString name = QString::fromStdString(nodes.at(replica).name);
  LinkBadge badge;
  const bool down = nodes[out.id].status == NodeStatus::Crashed;
  if (down || !out.inUse) {
    badge.title = QObject::tr("breaker ?");
    badge.detail =
        QObject::tr("ambassador %1").arg(down ? QObject::tr("down") : QObject::tr("off"));
    badge.fill = kDisabled;
    badge.text = QColor("#ffffff");
    return badge;
  }
  const cs::circuit_breaker::State state =
      out.breakers ? upstream->breaker.state : cs::circuit_breaker::State::DISABLED;
  badge = breakerBadge(state, -1, name);
  if (state == cs::circuit_breaker::State::CLOSED)
    badge.detail = QObject::tr("calls to %1 pass").arg(name);
  badge.healthPath = nodes[out.id].name + "->" + nodes[other].name;
  return badge;
}

double AmbassadorLook::inset(const PatternView& view, const NodeSnapshot& node, QPointF dir) const {
  return boxInset(viewOf<AmbassadorView>(view).isSidecar(node.id) ? kSidecar : kService, dir);
}

QPainterPath AmbassadorLook::nodeShape(const PatternView& view, const NodeSnapshot& node) const {
  QPainterPath p;
  p.addRoundedRect(box(viewOf<AmbassadorView>(view).isSidecar(node.id) ? kSidecar : kService), 14,
                   14);
  return p;
}

QRectF AmbassadorLook::nodeBounds(const NodeSnapshot& node) const {
  // A sidecar draws its pod, which reaches over its service. (No view here:
  // the bounds depend only on the node's name, which never changes.)
  if (isSidecarName(node.name)) return QRectF(-kPodOffset - 130, -110, 2 * (kPodOffset + 130), 230);
  // A service's badges stand over its pod (kPodBadgeLift), a little wider
  // than the box.
  return PatternLook::nodeBounds(node).united(
      QRectF(-kService.width() - 50, -kService.height() - kPodBadgeLift - 34,
             2 * kService.width() + 100, kPodBadgeLift + 34));
}

void AmbassadorLook::paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                               const NodePaintContext& c) const {
  const AmbassadorView& world = viewOf<AmbassadorView>(view);
  const bool dead = s.status == NodeStatus::Crashed;
  if (world.isSidecar(s.id)) {
    paintPod(p, world, s.id);
    const bool off = s.id == world.outbound.id && !world.outbound.inUse;
    const QColor fill = dead ? currentTheme().dead : off ? kDisabled : kSidecarFill;
    // Its pod already says whose it is; the full name is in the inspector.
    const QRectF body = paintBody(p, s, c, kSidecar, fill, QObject::tr("ambassador"));
    if (c.detail < 0.3) return;
    if (s.id == world.outbound.id)
      paintOutboundCard(p, world.outbound, body);
    else if (const InboundView* in = world.inboundOf(s.id))
      paintInboundCard(p, *in, body);
    if (dead) paintCrashMark(p, body);
    paintStatusLine(p, s, nullptr, body);
    paintTopBadges(p, s, body);
    return;
  }
  const rpc::ServiceView* service = world.service(s.id);
  const QColor fill = s.id == world.rogue && !dead ? kRogueFill : bodyFill(s, service);
  const QRectF body = paintBody(p, s, c, kService, fill);
  if (c.detail < 0.3) return;
  if (service)
    paintWorkers(p, s, *service, body, fill);
  else if (const rpc::ClientView* client = world.client(s.id))
    paintClientCounts(p, *client, body);
  if (dead) paintCrashMark(p, body);
  paintStatusLine(p, s, service, body);
  // A service stands in its pod: its badges go over the pod's outline, clear
  // of it and of the power buttons, rather than across them.
  paintTopBadges(p, s, service, service ? body.adjusted(0, -kPodBadgeLift, 0, 0) : body);
}

int AmbassadorLook::messageClassCount() const {
  return kMessageClassCount;
}

int AmbassadorLook::classify(const Vocabulary* vocabulary, const Message& message) const {
  return static_cast<int>(rpc_look::classify(vocabulary, message));
}

GlyphLook AmbassadorLook::messageLook(int messageClass, const Theme& t, double r) const {
  return rpc_look::messageLook(static_cast<MessageClass>(messageClass), t, r);
}

std::vector<int> AmbassadorLook::legendMessageOrder() const {
  std::vector<int> v;
  for (auto c : {MessageClass::Request, MessageClass::OkReply, MessageClass::ErrorReply,
                 MessageClass::Rejected, MessageClass::Fallback, MessageClass::Forbidden})
    v.push_back(static_cast<int>(c));
  return v;
}

QString AmbassadorLook::paintLegendSymbol(QPainter* p, int row, QPointF c, double r) const {
  if (row == 0) return paintServiceLegend(p, c, r);
  if (row == 1) {
    p->setPen(Qt::NoPen);
    p->setBrush(kSidecarFill);
    p->drawRoundedRect(QRectF(c.x() - r, c.y() - r * 0.9, r * 2, r * 1.8), 3, 3);
    return QObject::tr("ambassador (sidecar)");
  }
  p->setPen(QPen(currentTheme().mutedText, 1.5, Qt::DashLine));
  p->setBrush(Qt::NoBrush);
  p->drawRoundedRect(QRectF(c.x() - r * 1.3, c.y() - r * 0.9, r * 2.6, r * 1.8), 4, 4);
  return QObject::tr("pod: one host, no hop");
}

std::vector<NodeAction> AmbassadorLook::nodeActions(const PatternView& view,
                                                    const NodeSnapshot& n) const {
  const AmbassadorView& world = viewOf<AmbassadorView>(view);
  std::vector<NodeAction> v;
  // The replicas: every service the outbound ambassador reaches through an
  // inbound one.
  const rpc::ServiceView* replica = nullptr;
  for (const InboundView& in : world.inbound)
    if (in.service == n.id) replica = world.service(n.id);
  if (!replica) return v;
  v.push_back(
      {QObject::tr("Make it slow (300 ms per call)"), true, runVerb("sick", {n.name, "300"})});
  v.push_back(
      {QObject::tr("Make it fail half its calls"), true, runVerb("sick", {n.name, "8", "0.5"})});
  v.push_back({QObject::tr("Heal it"), isSick(*replica), runVerb("recover", {n.name})});
  return v;
}

std::vector<PatternKnob> AmbassadorLook::knobs(const PatternView& view,
                                               const std::vector<NodeSnapshot>&) const {
  const AmbassadorView& world = viewOf<AmbassadorView>(view);
  const OutboundView& out = world.outbound;
  const rpc::ClientView* rogue = world.client(world.rogue);
  auto knob = [](QString label, QString tip, bool checked, const char* verb) {
    return switchKnob(verb, std::move(label), std::move(tip), checked, switchVerb(verb));
  };
  std::vector<PatternKnob> v;
  v.push_back(knob(QObject::tr("Ambassador"),
                   QObject::tr("App's calls go through its sidecar (off: app calls b1 directly)"),
                   out.inUse, "ambassador"));
  v.push_back(knob(QObject::tr("Retries"),
                   QObject::tr("Retry failed tries with backoff and a budget"), out.retries,
                   "retries"));
  v.push_back(knob(QObject::tr("Hedging"),
                   QObject::tr("Send a second try to the other replica after a latency threshold"),
                   out.hedging, "hedging"));
  v.push_back(safetyRule(
      knob(QObject::tr("Retry budget"),
           QObject::tr("Safety rule: extra tries only while the budget allows. Switch it "
                       "off to let every failure be retried."),
           out.retryBudget, "retry-budget")));
  v.push_back(knob(QObject::tr("Rogue caller"),
                   QObject::tr("A client without a valid identity calls b1's ambassador"),
                   rogue && rogue->rate > 0, "rogue"));
  const rpc::ServiceView* b2 = world.service(std::string_view("b2"));
  v.push_back(switchKnob(
      "b2-slow", QObject::tr("b2 slow"), QObject::tr("Replica b2 takes 300 ms per call"),
      b2 && isSick(*b2), [](Session& s, bool on) {
        s.apply(on ? patternCommand("sick", {"b2", "300"}) : patternCommand("recover", {"b2"}));
      }));
  return v;
}

}  // namespace cs::ui::ambassador
