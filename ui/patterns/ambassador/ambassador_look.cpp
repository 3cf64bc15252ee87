// The Ambassador world's visual vocabulary. See ambassador_look.h.
#include "ambassador_look.h"

#include <QObject>
#include <QPainter>
#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "../../src/session.h"
#include "../rpc/rpc_look.h"

namespace cs::ui::ambassador {
namespace {

using namespace rpc_look;

constexpr QSizeF kService(100, 62);
constexpr QSizeF kSidecar(82, 62);
// Between a service and its sidecar: close, because they share a host.
constexpr double kHop = 10;
constexpr double kPodOffset = kService.width() + kHop + kSidecar.width();
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

bool isSidecar(const NodeSnapshot& s) {
  return s.role == "ambassador";
}

// App's sidecar stands on app's right; a replica's on its replica's left.
double podDirection(const NodeSnapshot& sidecar) {
  return sidecar.name == "ambassador" ? -1 : 1;
}

int number(const NodeSnapshot& s, std::string_view name) {
  return std::atoi(fieldOf(s, name).c_str());
}

// The dashed outline of the pod, drawn by the sidecar around itself and its service.
void paintPod(QPainter* p, const NodeSnapshot& s) {
  const Theme& t = currentTheme();
  const QRectF mine = box(kSidecar);
  const QRectF service = box(kService).translated(podDirection(s) * kPodOffset, 0);
  const QRectF pod = (mine | service).adjusted(-12, -12, 12, 12);
  p->setPen(QPen(t.mutedText, t.lineWidth, Qt::DashLine));
  p->setBrush(Qt::NoBrush);
  p->drawRoundedRect(pod, 22, 22);
  // The local hop: a short, thick bridge instead of a network link.
  const double edge = podDirection(s) * kSidecar.width();
  p->setPen(QPen(kSidecarFill.darker(130), 8, Qt::SolidLine, Qt::FlatCap));
  p->drawLine(QPointF(edge, 0), QPointF(edge + podDirection(s) * kHop, 0));
}

// One line of a sidecar's card.
void cardLine(QPainter* p, const QRectF& body, int row, const QString& text, bool strong = false) {
  p->setFont(font(p, 16, strong));
  p->drawText(QRectF(body.left() + 4, body.top() + 38 + row * 24, body.width() - 8, 24),
              Qt::AlignCenter, text);
}

void paintOutboundCard(QPainter* p, const NodeSnapshot& s, const QRectF& body) {
  p->setPen(QColor("#ffffff"));
  if (fieldOf(s, "in use") == "no") {
    cardLine(p, body, 0, QObject::tr("OFF"), true);
    cardLine(p, body, 1, QObject::tr("app calls b1"));
    cardLine(p, body, 2, QObject::tr("directly"));
    return;
  }
  auto onOff = [](const std::string& v) {
    return v == "off" ? QObject::tr("off") : QObject::tr("on");
  };
  cardLine(p, body, 0, QObject::tr("retries %1").arg(onOff(fieldOf(s, "retries"))),
           fieldOf(s, "retries") != "off");
  cardLine(p, body, 1, QObject::tr("hedging %1").arg(onOff(fieldOf(s, "hedging"))),
           fieldOf(s, "hedging") != "off");
  const int exhausted = number(s, "budget exhausted");
  cardLine(p, body, 2,
           exhausted > 0 ? QObject::tr("budget hit ×%1").arg(exhausted)
                         : QObject::tr("retried %1").arg(number(s, "retries sent")));
}

void paintInboundCard(QPainter* p, const NodeSnapshot& s, const QRectF& body) {
  p->setPen(QColor("#ffffff"));
  cardLine(p, body, 0, QObject::tr("checks identity"));
  cardLine(p, body, 1, QObject::tr("passed %1").arg(number(s, "forwarded")));
  const int refused = number(s, "refused (identity)");
  cardLine(p, body, 2, QObject::tr("refused %1").arg(refused), refused > 0);
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

LinkBadge AmbassadorLook::linkBadge(const PatternView&, const std::vector<NodeSnapshot>& nodes,
                                    NodeId a, NodeId b) const {
  if (a >= nodes.size() || b >= nodes.size()) return {};
  const NodeSnapshot* out = nodes[a].name == "ambassador"   ? &nodes[a]
                            : nodes[b].name == "ambassador" ? &nodes[b]
                                                            : nullptr;
  const NodeSnapshot& other = out == &nodes[a] ? nodes[b] : nodes[a];
  if (!out || !isSidecar(other)) return {};
  const std::string replica = other.name.substr(0, other.name.find('-'));  // "b1"
  const QString name = QString::fromStdString(replica);
  LinkBadge badge;
  if (out->status == NodeStatus::Crashed || fieldOf(*out, "in use") == "no") {
    badge.title = QObject::tr("breaker ?");
    badge.detail =
        QObject::tr("ambassador %1")
            .arg(out->status == NodeStatus::Crashed ? QObject::tr("down") : QObject::tr("off"));
    badge.fill = kDisabled;
    badge.text = QColor("#ffffff");
    return badge;
  }
  const std::string state = fieldOf(*out, "breaker " + other.name);
  badge = breakerBadge(state == "off" ? "DISABLED" : state, -1, name);
  if (state == "CLOSED") badge.detail = QObject::tr("calls to %1 pass").arg(name);
  badge.healthPath = "path.ambassador->" + other.name;
  return badge;
}

double AmbassadorLook::inset(const PatternView&, const NodeSnapshot& node, QPointF dir) const {
  return boxInset(isSidecar(node) ? kSidecar : kService, dir);
}

QPainterPath AmbassadorLook::nodeShape(const PatternView&, const NodeSnapshot& node) const {
  QPainterPath p;
  p.addRoundedRect(box(isSidecar(node) ? kSidecar : kService), 14, 14);
  return p;
}

QRectF AmbassadorLook::nodeBounds(const NodeSnapshot& node) const {
  // A sidecar draws its pod, which reaches over its service.
  if (isSidecar(node)) return QRectF(-kPodOffset - 130, -110, 2 * (kPodOffset + 130), 230);
  return PatternLook::nodeBounds(node);
}

void AmbassadorLook::paintNode(QPainter* p, const PatternView&, const NodeSnapshot& s,
                               const NodePaintContext& c) const {
  const bool dead = s.status == NodeStatus::Crashed;
  if (isSidecar(s)) {
    paintPod(p, s);
    const bool off = fieldOf(s, "in use") == "no";
    const QColor fill = dead ? currentTheme().dead : off ? kDisabled : kSidecarFill;
    // Its pod already says whose it is; the full name is in the inspector.
    const QRectF body = paintBody(p, s, c, kSidecar, fill, QObject::tr("ambassador"));
    if (c.detail < 0.3) return;
    if (s.name == "ambassador")
      paintOutboundCard(p, s, body);
    else
      paintInboundCard(p, s, body);
    if (dead) paintCrossOut(p, body);
    paintStatusLine(p, s, body);
    paintTopBadges(p, s, body);
    return;
  }
  const QColor fill = s.name == "rogue" && !dead ? kRogueFill : bodyFill(s);
  const QRectF body = paintBody(p, s, c, kService, fill);
  if (c.detail < 0.3) return;
  if (s.member)
    paintWorkers(p, s, body, fill);
  else
    paintClientCounts(p, s, body);
  if (dead) paintCrossOut(p, body);
  paintStatusLine(p, s, body);
  paintTopBadges(p, s, body);
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

std::vector<NodeAction> AmbassadorLook::nodeActions(const PatternView&,
                                                    const NodeSnapshot& n) const {
  std::vector<NodeAction> v;
  if (n.name != "b1" && n.name != "b2") return v;
  v.push_back(
      {QObject::tr("Make it slow (300 ms per call)"), true, runVerb("sick", {n.name, "300"})});
  v.push_back(
      {QObject::tr("Make it fail half its calls"), true, runVerb("sick", {n.name, "8", "0.5"})});
  v.push_back({QObject::tr("Heal it"), isSick(n), runVerb("recover", {n.name})});
  return v;
}

std::vector<PatternKnob> AmbassadorLook::knobs(const PatternView&,
                                               const std::vector<NodeSnapshot>& nodes) const {
  const NodeSnapshot* out = nullptr;
  const NodeSnapshot* rogue = nullptr;
  for (const auto& n : nodes) {
    if (n.name == "ambassador") out = &n;
    if (n.name == "rogue") rogue = &n;
  }
  auto knob = [](QString label, QString tip, bool checked, const char* verb) {
    return switchKnob(verb, std::move(label), std::move(tip), checked, switchVerb(verb));
  };
  const bool inUse = out && fieldOf(*out, "in use") != "no";
  std::vector<PatternKnob> v;
  v.push_back(knob(QObject::tr("Ambassador"),
                   QObject::tr("App's calls go through its sidecar (off: app calls b1 directly)"),
                   inUse, "ambassador"));
  v.push_back(knob(QObject::tr("Retries"),
                   QObject::tr("Retry failed tries with backoff and a budget"),
                   out && fieldOf(*out, "retries") != "off", "retries"));
  v.push_back(knob(QObject::tr("Hedging"),
                   QObject::tr("Send a second try to the other replica after a latency threshold"),
                   out && fieldOf(*out, "hedging") != "off", "hedging"));
  v.push_back(knob(QObject::tr("Rogue caller"),
                   QObject::tr("A client without a valid identity calls b1's ambassador"),
                   rogue && std::atof(fieldOf(*rogue, "rate").c_str()) > 0, "rogue"));
  const NodeSnapshot* b2 = nullptr;
  for (const auto& n : nodes)
    if (n.name == "b2") b2 = &n;
  v.push_back(switchKnob(
      "b2-slow", QObject::tr("b2 slow"), QObject::tr("Replica b2 takes 300 ms per call"),
      b2 && isSick(*b2), [](Session& s, bool on) {
        s.apply(on ? patternCommand("sick", {"b2", "300"}) : patternCommand("recover", {"b2"}));
      }));
  return v;
}

}  // namespace cs::ui::ambassador
