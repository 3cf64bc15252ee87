// The shop's visual vocabulary. See shop_look.h.
#include "shop_look.h"

#include <QObject>
#include <QPainter>
#include <QRegularExpression>
#include <QtMath>
#include <algorithm>
#include <cmath>
#include <string_view>

#include "../../src/canvas/node_item.h"
#include "../../src/session.h"
#include "../leader_election/raft_look.h"

namespace cs::ui::circuit_breaker {
namespace {

// A service's box; it fits NodeItem::boundingRect() with its labels.
constexpr double kHalfWidth = 100;
constexpr double kHalfHeight = 62;
constexpr double kColumn = 400;
constexpr double kRow = 270;

const QColor kHealthy("#1f6fb2");
const QColor kSick("#c62828");
const QColor kClosed("#2e7d32");
const QColor kOpen("#c62828");
const QColor kHalfOpen("#f9a825");
const QColor kDisabled("#757575");

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

std::string fieldOf(const NodeSnapshot& s, std::string_view name) {
  for (const auto& [k, v] : s.fields)
    if (k == name) return v;
  return {};
}

// "3/16" -> {3, 16}; {0, 0} when absent.
std::pair<int, int> fraction(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return {0, 0};
  return {std::atoi(text.c_str()), std::atoi(text.c_str() + slash + 1)};
}

// The slowest processing time a "processing" description names, in ms:
// "constant 5000ms" -> 5000, "uniform 2ms..5ms" -> 5, "uniform 500us..900us" -> 0.9.
double slowestMillis(const std::string& description) {
  static const QRegularExpression number(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|us)"));
  double slowest = 0;
  auto it = number.globalMatch(QString::fromStdString(description));
  while (it.hasNext()) {
    const auto m = it.next();
    double v = m.captured(1).toDouble();
    if (m.captured(2) == QLatin1String("us")) v /= 1000;
    slowest = std::max(slowest, v);
  }
  return slowest;
}

// "50%" -> 50; "- (too few calls)" -> -1.
double percent(const std::string& text) {
  if (text.empty() || text.front() == '-') return -1;
  return std::atof(text.c_str());
}

QString millisText(double ms) {
  if (ms >= 1000) return QStringLiteral("%1 s").arg(ms / 1000, 0, 'g', 3);
  return QStringLiteral("%1 ms").arg(ms, 0, 'g', 3);
}

bool isSick(const NodeSnapshot& s) {
  return slowestMillis(fieldOf(s, "processing")) >= kSickMillis ||
         percent(fieldOf(s, "error rate")) > 0;
}

std::int64_t field(const LabelInfo& info, const Message& m, std::string_view name,
                   std::int64_t otherwise) {
  for (std::size_t i = 0; i < info.fields.size() && i < m.fields.size(); ++i)
    if (info.fields[i] == name) return m.fields[i];
  return otherwise;
}

QFont font(QPainter* p, int pixels, bool bold) {
  QFont f = p->font();
  f.setFamily(QStringLiteral("DejaVu Sans"));
  f.setPixelSize(pixels);
  f.setBold(bold);
  return f;
}

}  // namespace

MessageClass classify(const Vocabulary* vocabulary, const Message& m) {
  if (!vocabulary || m.kind == kNoLabel || m.kind >= vocabulary->size()) return MessageClass::Other;
  const LabelInfo& info = vocabulary->info(m.kind);
  if (info.name == "Request") return MessageClass::Request;
  if (info.name != "Reply") return MessageClass::Other;
  // Reply status: 0 ok, 1 error, 2 rejected (rpc::Status); an error whose
  // value0 is 503 is orders' fallback for a short-circuited call.
  switch (field(info, m, "status", -1)) {
    case 0:
      return MessageClass::OkReply;
    case 1:
      return field(info, m, "value0", 0) == 503 ? MessageClass::Fallback : MessageClass::ErrorReply;
    case 2:
      return MessageClass::Rejected;
    default:
      return MessageClass::Other;
  }
}

NodeLayout ShopLook::layout(const std::vector<NodeSnapshot>& nodes) const {
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

bool ShopLook::linked(const NodeSnapshot& a, const NodeSnapshot& b) const {
  return std::any_of(std::begin(kCalls), std::end(kCalls), [&](const auto& c) {
    return (c.first == a.name && c.second == b.name) || (c.first == b.name && c.second == a.name);
  });
}

LinkBadge ShopLook::linkBadge(const std::vector<NodeSnapshot>& nodes, NodeId a, NodeId b) const {
  if (a >= nodes.size() || b >= nodes.size()) return {};
  const NodeSnapshot* orders = nullptr;
  for (NodeId n : {a, b})
    if (nodes[n].name == "orders") orders = &nodes[n];
  const NodeId other = orders && orders->id == a ? b : a;
  if (!orders || nodes[other].name != "payment") return {};
  LinkBadge badge;
  badge.text = QColor("#ffffff");
  if (orders->status == NodeStatus::Crashed) {
    badge.title = QStringLiteral("breaker ?");
    badge.detail = QStringLiteral("orders is down");
    badge.fill = kDisabled;
    return badge;
  }
  const std::string state = fieldOf(*orders, "breaker (payment)");
  const double rate = percent(fieldOf(*orders, "failure rate"));
  badge.title = QString::fromStdString(state);
  badge.detail = rate < 0 ? QStringLiteral("failures: too few calls")
                          : QStringLiteral("failures %1%").arg(rate, 0, 'f', 0);
  if (state == "CLOSED") {
    badge.fill = kClosed;
  } else if (state == "OPEN" || state == "FORCED_OPEN") {
    badge.fill = kOpen;
    badge.detail = QStringLiteral("failing fast");
  } else if (state == "HALF_OPEN") {
    badge.fill = kHalfOpen;
    badge.text = QColor("#1d232b");
    badge.detail = QStringLiteral("probing payment");
  } else {
    badge.title = QStringLiteral("NO BREAKER");
    badge.detail = QStringLiteral("disabled");
    badge.fill = kDisabled;
  }
  return badge;
}

double ShopLook::inset(QPointF dir) const {
  // Where the ray from the centre leaves the box.
  const double dx = std::abs(dir.x()), dy = std::abs(dir.y());
  const double tx = dx > 1e-9 ? kHalfWidth / dx : 1e9;
  const double ty = dy > 1e-9 ? kHalfHeight / dy : 1e9;
  return std::min(tx, ty) + 6;
}

QPainterPath ShopLook::nodeShape() const {
  QPainterPath p;
  p.addRoundedRect(QRectF(-kHalfWidth, -kHalfHeight, 2 * kHalfWidth, 2 * kHalfHeight), 14, 14);
  return p;
}

void ShopLook::paintNode(QPainter* p, const NodeSnapshot& s, const NodePaintContext& c) const {
  const Theme& t = currentTheme();
  const bool dead = s.status == NodeStatus::Crashed;
  const bool client = !s.member;
  const bool sick = !client && !dead && isSick(s);
  const double lw = t.lineWidth;
  const QRectF body(-kHalfWidth, -kHalfHeight, 2 * kHalfWidth, 2 * kHalfHeight);

  if (c.highlighted) {
    p->setPen(QPen(t.selection, lw * 3));
    p->setBrush(Qt::NoBrush);
    p->drawRoundedRect(body.adjusted(-9, -9, 9, 9), 20, 20);
  }
  const QColor fill = dead ? t.dead : client ? t.client : sick ? kSick : kHealthy;
  p->setPen(QPen(fill.darker(150), lw * 1.5));
  p->setBrush(fill);
  p->drawRoundedRect(body, 14, 14);
  if (c.detail < 0.3) return;

  const QColor onFill("#ffffff");
  p->setFont(font(p, 22, true));
  p->setPen(onFill);
  p->drawText(QRectF(body.left(), body.top() + 6, body.width(), 30), Qt::AlignCenter,
              QString::fromStdString(s.name));

  if (client) {
    p->setFont(font(p, 18, false));
    p->drawText(QRectF(body.left(), body.top() + 40, body.width(), 26), Qt::AlignCenter,
                QStringLiteral("sends %1").arg(QString::fromStdString(fieldOf(s, "rate"))));
    const int ok = std::atoi(fieldOf(s, "ok").c_str());
    const int failed = std::atoi(fieldOf(s, "error").c_str()) +
                       std::atoi(fieldOf(s, "rejected").c_str()) +
                       std::atoi(fieldOf(s, "timeout").c_str());
    p->drawText(QRectF(body.left(), body.top() + 68, body.width(), 26), Qt::AlignCenter,
                QStringLiteral("ok %1 · failed %2").arg(ok).arg(failed));
  } else {
    // One slot per worker, filled while busy.
    const auto [busy, workers] = fraction(fieldOf(s, "workers busy"));
    const double inner = 2 * kHalfWidth - 24, gap = workers > 8 ? 3 : 5;
    const double slot =
        workers > 0 ? std::min(34.0, (inner - gap * (workers - 1)) / workers) : inner;
    const double rowWidth = workers * slot + std::max(0, workers - 1) * gap;
    double x = -rowWidth / 2;
    for (int i = 0; i < workers; ++i, x += slot + gap) {
      const QRectF r(x, -18, slot, 24);
      p->setPen(QPen(onFill, 1.5));
      p->setBrush(i < busy && !dead ? QBrush(onFill) : QBrush(Qt::NoBrush));
      p->drawRoundedRect(r, 3, 3);
    }
    // The queue: a bar that fills towards capacity, with the count on it.
    const auto [queued, capacity] = fraction(fieldOf(s, "queue"));
    const QRectF bar(-kHalfWidth + 12, 14, inner, 22);
    p->setPen(Qt::NoPen);
    p->setBrush(fill.darker(170));
    p->drawRoundedRect(bar, 4, 4);
    if (queued > 0 && capacity > 0) {
      const double frac = std::clamp(static_cast<double>(queued) / capacity, 0.0, 1.0);
      p->setBrush(QColor("#ffb300"));
      p->drawRoundedRect(QRectF(bar.left(), bar.top(), std::max(6.0, bar.width() * frac), 22), 4,
                         4);
    }
    p->setFont(font(p, 17, true));
    p->setPen(onFill);
    p->drawText(
        bar, Qt::AlignCenter,
        queued > 0 ? QStringLiteral("queue %1").arg(queued) : QStringLiteral("queue empty"));
    p->setFont(font(p, 16, false));
    p->drawText(QRectF(body.left(), 37, body.width(), 24), Qt::AlignCenter,
                QStringLiteral("%1/%2 workers busy").arg(busy).arg(workers));
  }

  if (dead) {
    p->setPen(QPen(QColor("#b00020"), lw * 3, Qt::SolidLine, Qt::RoundCap));
    p->drawLine(body.topLeft() + QPointF(20, 12), body.bottomRight() - QPointF(20, 12));
    p->drawLine(body.bottomLeft() + QPointF(20, -12), body.topRight() + QPointF(-20, 12));
  }

  // Under the box: how the node is doing, larger on a projector.
  const double k = t.labelScale;
  const double halfWidth = kHalfWidth + 8;
  p->setFont(font(p, static_cast<int>(17 * k), false));
  QString state;
  if (dead) {
    state = QStringLiteral("crashed");
    p->setPen(t.blocked);
  } else if (!client) {
    // 0 ms: no call finished in the last interval (a stuck service).
    const std::string p99 = fieldOf(s, "p99 (last interval)");
    state = p99 == "0 ms" || p99 == "-" ? QStringLiteral("p99 —")
                                        : QStringLiteral("p99 %1").arg(QString::fromStdString(p99));
    p->setPen(t.mutedText);
  }
  p->drawText(QRectF(-halfWidth, kHalfHeight + 6, 2 * halfWidth, 26 * k), Qt::AlignCenter, state);

  // Badges across the top edge.
  auto badge = [&](const QString& text, const QColor& bg, double x) {
    p->setFont(font(p, 16, true));
    const double w = QFontMetricsF(p->font()).horizontalAdvance(text) + 20;
    const QRectF r(x - w / 2, -kHalfHeight - 30, w, 28);
    p->setPen(QPen(bg.darker(140), 1.5));
    p->setBrush(bg);
    p->drawRoundedRect(r, 14, 14);
    p->setPen(QColor("#ffffff"));
    p->drawText(r, Qt::AlignCenter, text);
  };
  if (sick) {
    const double slow = slowestMillis(fieldOf(s, "processing"));
    const double errors = percent(fieldOf(s, "error rate"));
    QString text = QStringLiteral("SICK");
    if (slow >= kSickMillis)
      text += QStringLiteral(": ") + millisText(slow) + QStringLiteral("/call");
    if (errors > 0) text += QStringLiteral(" · %1% errors").arg(errors, 0, 'g', 3);
    badge(text, QColor("#8e0000"), 0);
  }
  if (s.status == NodeStatus::Paused) badge(QStringLiteral("paused"), QColor("#6d4c41"), 60);
  if (s.slowBy.count() > 0) badge(QStringLiteral("slow link"), QColor("#ad5c00"), -60);
}

int ShopLook::messageClassCount() const {
  return static_cast<int>(MessageClass::Other) + 1;
}

int ShopLook::classify(const Vocabulary* vocabulary, const Message& message) const {
  return static_cast<int>(circuit_breaker::classify(vocabulary, message));
}

GlyphLook ShopLook::messageLook(int messageClass, const Theme& t, double r) const {
  using leader_election::polygon;
  GlyphLook l;
  switch (static_cast<MessageClass>(messageClass)) {
    case MessageClass::Request:
      l.fill = QColor("#1565c0");
      l.shape = polygon(4, r * 1.35, 0);  // diamond
      l.legend = QStringLiteral("request");
      break;
    case MessageClass::OkReply:
      l.fill = QColor("#2e9e44");
      l.shape.addEllipse(QPointF(0, 0), r, r);
      l.legend = QStringLiteral("reply: ok");
      break;
    case MessageClass::ErrorReply:
      l.fill = QColor("#d32f2f");
      l.shape = polygon(3, r * 1.4, M_PI / 2);  // triangle down
      l.legend = QStringLiteral("reply: error");
      break;
    case MessageClass::Rejected:
      l.fill = QColor("#ef6c00");
      l.shape.addRect(QRectF(-r, -r, 2 * r, 2 * r));
      l.legend = QStringLiteral("reply: rejected (queue full)");
      break;
    case MessageClass::Fallback:
      l.fill = QColor("#8e24aa");
      l.shape = polygon(6, r * 1.25, 0);
      l.legend = QStringLiteral("fallback (short-circuited)");
      break;
    case MessageClass::Other:
      l.fill = t.other;
      l.shape.addEllipse(QPointF(0, 0), r * 0.7, r * 0.7);
      l.legend = QStringLiteral("other");
      break;
  }
  return l;
}

std::vector<int> ShopLook::legendMessageOrder() const {
  std::vector<int> v;
  for (auto c : {MessageClass::Request, MessageClass::OkReply, MessageClass::ErrorReply,
                 MessageClass::Rejected, MessageClass::Fallback})
    v.push_back(static_cast<int>(c));
  return v;
}

QString ShopLook::paintLegendSymbol(QPainter* p, int, QPointF c, double r) const {
  const QRectF box(c.x() - r * 1.3, c.y() - r * 0.9, r * 2.6, r * 1.8);
  p->setPen(Qt::NoPen);
  // One row only: a sick or crashed service labels itself on the canvas.
  p->setBrush(kHealthy);
  p->drawRoundedRect(box, 3, 3);
  p->setBrush(QColor("#ffffff"));
  p->drawRect(QRectF(box.left() + 3, box.top() + 3, r * 0.8, box.height() - 6));
  return QObject::tr("service (slot: busy worker)");
}

std::vector<NodeAction> ShopLook::nodeActions(const NodeSnapshot& n) const {
  const std::string name = n.name;
  auto verb = [](std::string v, std::vector<std::string> args) {
    return [v = std::move(v), args = std::move(args)](Session& s) {
      s.apply(patternCommand(v, args));
    };
  };
  std::vector<NodeAction> v;
  if (!n.member) {
    v.push_back({QObject::tr("Triple the load for 5 s"), true, verb("burst", {name, "3", "5"})});
    return v;
  }
  v.push_back({QObject::tr("Make it slow (5 s per call)"), true, verb("sick", {name, "5000"})});
  v.push_back({QObject::tr("Make it fail half its calls"), true, verb("sick", {name, "3", "0.5"})});
  v.push_back({QObject::tr("Heal it"), isSick(n), verb("recover", {name})});
  if (name == "orders") {
    const std::string state = fieldOf(n, "breaker (payment)");
    const bool off = state == "DISABLED";
    v.push_back({off ? QObject::tr("Switch the breaker on") : QObject::tr("Switch the breaker off"),
                 true, verb("breaker", {off ? "on" : "off"})});
    v.push_back({QObject::tr("Force the breaker open"), !off, verb("force-open", {})});
    v.push_back({QObject::tr("Close the breaker"), !off, verb("close", {})});
  }
  return v;
}

}  // namespace cs::ui::circuit_breaker
