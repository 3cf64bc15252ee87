// The shop's visual vocabulary. See shop_look.h.
#include "shop_look.h"

#include <clusterscope/circuit_breaker/shop_view.h>
#include <QObject>
#include <QPainter>
#include <algorithm>
#include <string_view>

#include "../../src/canvas/crash_mark.h"
#include "../../src/session.h"
#include "../rpc/rpc_look.h"

namespace cs::ui::circuit_breaker {
namespace {

using namespace rpc_look;
using cs::circuit_breaker::ShopView;

// A service's box; it fits NodeItem::boundingRect() with its labels.
constexpr QSizeF kHalf(100, 62);
constexpr double kHalfWidth = kHalf.width();
constexpr double kHalfHeight = kHalf.height();
constexpr double kColumn = 400;
constexpr double kRow = 270;

struct Place {
  std::string_view name;
  double column, row;
};
constexpr Place kPlaces[] = {{"checkout-client", 0, 0}, {"browse-client", 0, 1},
                             {"frontend", 1, 0.5},      {"orders", 2, 0},
                             {"catalog", 2, 1},         {"payment", 3.15, 0}};

// Who calls whom: the lines of the call graph.
constexpr std::pair<std::string_view, std::string_view> kCalls[] = {{"checkout-client", "frontend"},
                                                                    {"browse-client", "frontend"},
                                                                    {"frontend", "orders"},
                                                                    {"frontend", "catalog"},
                                                                    {"orders", "payment"}};

}  // namespace

NodeLayout ShopLook::layout(const PatternView&, const std::vector<NodeSnapshot>& nodes) const {
  NodeLayout l;
  l.positions.assign(nodes.size(), QPointF());
  double extra = 0;  // a node the shop does not name goes below, in a row
  for (const auto& n : nodes) {
    auto it = std::find_if(std::begin(kPlaces), std::end(kPlaces),
                           [&](const Place& p) { return p.name == n.name; });
    if (it != std::end(kPlaces))
      l.positions[n.id] = QPointF(it->column * kColumn, it->row * kRow);
    else
      l.positions[n.id] = QPointF(extra++ * kColumn, 2 * kRow);
  }
  // Room on the right, under payment, for the legend, which is anchored to
  // the view's bottom right corner.
  const double bottom = (extra > 0 ? 2 : 1) * kRow + kHalfHeight + 190;
  // Room above for the clock the view draws in its top right corner.
  l.sceneRect = QRectF(QPointF(-kHalfWidth - 30, -kHalfHeight - 150),
                       QPointF(3.15 * kColumn + kHalfWidth + 110, bottom));
  return l;
}

bool ShopLook::linked(const PatternView&, const NodeSnapshot& a, const NodeSnapshot& b) const {
  return onCallGraph(kCalls, a, b);
}

LinkBadge ShopLook::linkBadge(const PatternView& view, const std::vector<NodeSnapshot>& nodes,
                              NodeId a, NodeId b) const {
  const ShopView& shop = viewOf<ShopView>(view);
  const cs::circuit_breaker::BreakerView& breaker = shop.breaker;
  const bool onBreakerLink = (a == breaker.owner && b == breaker.protectedService) ||
                             (b == breaker.owner && a == breaker.protectedService);
  if (!onBreakerLink || breaker.owner >= nodes.size() || breaker.protectedService >= nodes.size())
    return {};
  const NodeSnapshot& owner = nodes[breaker.owner];
  const QString protectedName = QString::fromStdString(nodes[breaker.protectedService].name);
  if (owner.status == NodeStatus::Crashed) {
    LinkBadge badge;
    badge.text = QColor("#ffffff");
    badge.title = QStringLiteral("breaker ?");
    badge.detail = QObject::tr("%1 is down").arg(QString::fromStdString(owner.name));
    badge.fill = kDisabled;
    return badge;
  }
  LinkBadge badge = breakerBadge(breaker.state, breaker.failureRate, protectedName);
  // The unsafe switch: OPEN, yet the calls go through.
  if (!shop.failFast && (breaker.state == cs::circuit_breaker::State::OPEN ||
                         breaker.state == cs::circuit_breaker::State::FORCED_OPEN))
    badge.detail = QObject::tr("NOT failing fast");
  badge.healthPath = owner.name + "->" + nodes[breaker.protectedService].name;
  return badge;
}

double ShopLook::inset(const PatternView&, const NodeSnapshot&, QPointF dir) const {
  return boxInset(kHalf, dir);
}

QPainterPath ShopLook::nodeShape(const PatternView&, const NodeSnapshot&) const {
  QPainterPath p;
  p.addRoundedRect(box(kHalf), 14, 14);
  return p;
}

void ShopLook::paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                         const NodePaintContext& c) const {
  const ShopView& shop = viewOf<ShopView>(view);
  const rpc::ServiceView* service = shop.service(s.id);
  const QColor fill = bodyFill(s, service);
  const QRectF body = paintBody(p, s, c, kHalf, fill);
  if (c.detail < 0.3) return;
  if (service)
    paintWorkers(p, s, *service, body, fill);
  else if (const rpc::ClientView* client = shop.client(s.id))
    paintClientCounts(p, *client, body);
  if (s.status == NodeStatus::Crashed) paintCrashMark(p, body);
  paintStatusLine(p, s, service, body);
  paintTopBadges(p, s, service, body);
  const cs::circuit_breaker::RetrierView* retrier = shop.retrier(s.id);
  if (retrier && retrier->naiveRetries > 0 && s.status != NodeStatus::Crashed)
    paintPill(p, body, QObject::tr("retries ×%1, at once").arg(retrier->naiveRetries),
              QColor("#e65100"), 0);
}

int ShopLook::messageClassCount() const {
  return kMessageClassCount;
}

int ShopLook::classify(const Vocabulary* vocabulary, const Message& message) const {
  return static_cast<int>(rpc_look::classify(vocabulary, message));
}

GlyphLook ShopLook::messageLook(int messageClass, const Theme& t, double r) const {
  return rpc_look::messageLook(static_cast<MessageClass>(messageClass), t, r);
}

std::vector<int> ShopLook::legendMessageOrder() const {
  std::vector<int> v;
  for (auto c : {MessageClass::Request, MessageClass::OkReply, MessageClass::ErrorReply,
                 MessageClass::Rejected, MessageClass::Fallback})
    v.push_back(static_cast<int>(c));
  return v;
}

QString ShopLook::paintLegendSymbol(QPainter* p, int, QPointF c, double r) const {
  // One row only: a sick or crashed service labels itself on the canvas.
  return paintServiceLegend(p, c, r);
}

std::vector<NodeAction> ShopLook::nodeActions(const PatternView& view,
                                              const NodeSnapshot& n) const {
  const ShopView& shop = viewOf<ShopView>(view);
  const std::string name = n.name;
  std::vector<NodeAction> v;
  const rpc::ServiceView* service = shop.service(n.id);
  if (!service) {
    v.push_back({QObject::tr("Triple the load for 5 s"), true, runVerb("burst", {name, "3", "5"})});
    return v;
  }
  v.push_back({QObject::tr("Make it slow (5 s per call)"), true, runVerb("sick", {name, "5000"})});
  v.push_back(
      {QObject::tr("Make it fail half its calls"), true, runVerb("sick", {name, "3", "0.5"})});
  v.push_back({QObject::tr("Heal it"), isSick(*service), runVerb("recover", {name})});
  if (n.id == shop.breaker.owner) {
    const bool off = !shop.breakerOn;
    v.push_back({off ? QObject::tr("Switch the breaker on") : QObject::tr("Switch the breaker off"),
                 true, runVerb("breaker", {off ? "on" : "off"})});
    v.push_back({QObject::tr("Force the breaker open"), !off, runVerb("force-open", {})});
    v.push_back({QObject::tr("Close the breaker"), !off, runVerb("close", {})});
  }
  return v;
}

std::vector<PatternKnob> ShopLook::knobs(const PatternView& view,
                                         const std::vector<NodeSnapshot>& nodes) const {
  const ShopView& shop = viewOf<ShopView>(view);
  const NodeId owner = shop.breaker.owner;
  const bool ownerUp = owner < nodes.size() && nodes[owner].status != NodeStatus::Crashed;
  const rpc::ServiceView* payment = shop.service(std::string_view("payment"));
  const cs::circuit_breaker::RetrierView* orders = shop.retrier(owner);
  std::vector<PatternKnob> v;
  v.push_back(switchKnob("breaker", QObject::tr("Breaker"),
                         QObject::tr("Orders calls payment through a circuit breaker"),
                         shop.breakerOn, switchVerb("breaker")));
  v.back().enabled = ownerUp;
  v.push_back(switchKnob("payment-slow", QObject::tr("Payment slow"),
                         QObject::tr("Payment takes 5 s per call"), payment && isSick(*payment),
                         [](Session& s, bool on) {
                           s.apply(on ? patternCommand("sick", {"payment", "5000"})
                                      : patternCommand("recover", {"payment"}));
                         }));
  v.push_back(switchKnob("naive-retries", QObject::tr("Naive retries"),
                         QObject::tr("Frontend and orders retry every failed call 3 times at once"),
                         orders && orders->naiveRetries > 0, [](Session& s, bool on) {
                           s.apply(patternCommand("naive-retries", {on ? "3" : "0"}));
                         }));
  v.push_back(safetyRule(
      switchKnob("fail-fast", QObject::tr("Fail fast when OPEN"),
                 QObject::tr("Safety rule: an OPEN breaker sends payment nothing. Switch "
                             "it off to let refused calls through anyway."),
                 shop.failFast, switchVerb("fail-fast"))));
  v.push_back(buttonKnob("burst", QObject::tr("Burst ×3"),
                         QObject::tr("Triple the checkout load for 5 s"),
                         runVerb("burst", {"checkout-client", "3", "5"})));
  return v;
}

}  // namespace cs::ui::circuit_breaker
