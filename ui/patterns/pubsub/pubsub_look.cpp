// The Pub/Sub world's visual vocabulary. See pubsub_look.h.
#include "pubsub_look.h"

#include <QObject>
#include <QPainter>
#include <QRegularExpression>
#include <QtMath>
#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "../../src/session.h"
#include "../leader_election/raft_look.h"
#include "../rpc/rpc_look.h"

namespace cs::ui::pubsub {
namespace {

using rpc_look::box;
using rpc_look::boxInset;
using rpc_look::font;

// Until the pub/sub look reads its own typed view: the value of the
// inspector row `name`, and the slowest time a "processing" row names, in ms.
std::string fieldOf(const NodeSnapshot& s, std::string_view name) {
  for (const auto& [k, v] : s.fields)
    if (k == name) return v;
  return {};
}
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
constexpr double kSickMillis = 100;

constexpr QSizeF kClientHalf(110, 70);
constexpr QSizeF kSubscriberHalf(125, 62);
constexpr QSizeF kBrokerHalf(225, 362);
constexpr double kBrokerX = 560;
constexpr double kSubscriberX = 1180;
constexpr double kRowSpacing = 150;
// The subscribers top to bottom, in the order of their subscriptions.
constexpr std::string_view kSubscribers[] = {"email", "search-index", "recommendation",
                                             "analytics"};

const QColor kBrokerFill("#263238");
const QColor kPublisherFill("#6a3fb5");
const QColor kSubscriberFill("#1f6fb2");
const QColor kBacklog("#ffb300");
const QColor kDeadLetter("#c62828");

double rowY(std::size_t i) {
  return (static_cast<double>(i) - 1.5) * kRowSpacing;
}

int number(const NodeSnapshot& s, std::string_view name) {
  return std::atoi(fieldOf(s, name).c_str());
}

QSizeF halfOf(const NodeSnapshot& s) {
  if (s.role == "broker") return kBrokerHalf;
  if (s.role == "publisher") return kClientHalf;
  return kSubscriberHalf;
}

// "email-sub, search-index-sub, ..., dead-letter-sub" -> the subscriptions
// that have a subscriber, in order.
std::vector<std::string> subscriberSubscriptions(const NodeSnapshot& broker) {
  std::vector<std::string> v;
  const std::string all = fieldOf(broker, "subscriptions");
  std::size_t at = 0;
  while (at < all.size()) {
    std::size_t end = all.find(", ", at);
    if (end == std::string::npos) end = all.size();
    const std::string name = all.substr(at, end - at);
    if (fieldOf(broker, name + " delivery").rfind("none", 0) != 0) v.push_back(name);
    at = end + 2;
  }
  return v;
}

std::int64_t field(const LabelInfo& info, const Message& m, std::string_view name) {
  const auto i = info.fieldIndex(name);
  return i && *i < m.fields.size() ? m.fields[*i] : 0;
}

void text(QPainter* p, const QRectF& r, int pixels, bool bold, const QString& s,
          Qt::Alignment align = Qt::AlignCenter) {
  p->setFont(font(p, pixels, bold));
  p->drawText(r, align, s);
}

// One subscription inside the broker, level with its subscriber.
void paintSubscriptionRow(QPainter* p, const NodeSnapshot& broker, const std::string& sub, double y,
                          int backlogScale) {
  const double left = -kBrokerHalf.width() + 14, width = 2 * kBrokerHalf.width() - 28;
  const QRectF row(left, y - 62, width, 124);
  p->setPen(Qt::NoPen);
  p->setBrush(QColor("#37474f"));
  p->drawRoundedRect(row, 10, 10);
  p->setPen(QColor("#ffffff"));
  const std::string delivery = fieldOf(broker, sub + " delivery");
  const std::string filter = fieldOf(broker, sub + " filter");
  text(p, QRectF(row.left() + 12, row.top() + 4, width - 24, 28), 21, true,
       QString::fromStdString(sub), Qt::AlignLeft | Qt::AlignVCenter);
  text(p, QRectF(row.left() + 12, row.top() + 4, width - 24, 28), 17, false,
       QString::fromStdString(delivery.substr(0, delivery.find(' '))),
       Qt::AlignRight | Qt::AlignVCenter);
  // The backlog: everything published to the topic and not yet acked here.
  const int backlog = number(broker, sub + " backlog");
  const QRectF bar(row.left() + 12, row.top() + 34, width - 24, 32);
  p->setPen(Qt::NoPen);
  p->setBrush(QColor("#1c262b"));
  p->drawRoundedRect(bar, 5, 5);
  if (backlog > 0) {
    const double frac = std::clamp(static_cast<double>(backlog) / backlogScale, 0.0, 1.0);
    p->setBrush(kBacklog);
    p->drawRoundedRect(QRectF(bar.left(), bar.top(), std::max(8.0, bar.width() * frac), 32), 5, 5);
  }
  p->setPen(QColor("#ffffff"));
  text(p, bar, 20, true,
       backlog > 0 ? QObject::tr("backlog %1").arg(backlog) : QObject::tr("backlog empty"));
  const int redelivered = number(broker, sub + " redelivered");
  QString counts = QObject::tr("in flight %1 · acked %2")
                       .arg(number(broker, sub + " outstanding"))
                       .arg(number(broker, sub + " acked"));
  if (redelivered > 0) counts += QObject::tr(" · redelivered %1").arg(redelivered);
  text(p, QRectF(row.left() + 8, row.top() + 70, width - 16, 26), 18, false, counts);
  if (filter != "none" && !filter.empty())
    text(p, QRectF(row.left() + 8, row.top() + 96, width - 16, 24), 16, false,
         QObject::tr("filter: %1").arg(QString::fromStdString(filter)));
}

void paintBroker(QPainter* p, const NodeSnapshot& s, const NodePaintContext& c) {
  const bool dead = s.status == NodeStatus::Crashed;
  const QRectF body =
      rpc_look::paintBody(p, s, c, kBrokerHalf, dead ? currentTheme().dead : kBrokerFill);
  if (c.detail < 0.3) return;
  p->setPen(QColor("#ffffff"));
  const std::string topic = fieldOf(s, "subscriptions").empty() ? "" : "profile-updated";
  text(p, QRectF(body.left(), body.top() + 38, body.width(), 26), 18, false,
       QObject::tr("topic %1 · %2 retained · %3")
           .arg(QString::fromStdString(topic))
           .arg(number(s, topic + " retained"))
           .arg(QString::fromStdString(fieldOf(s, "storage"))));
  const auto subs = subscriberSubscriptions(s);
  int largest = 20;
  for (const auto& sub : subs) largest = std::max(largest, number(s, sub + " backlog"));
  for (std::size_t i = 0; i < subs.size() && i < std::size(kSubscribers); ++i)
    paintSubscriptionRow(p, s, subs[i], rowY(i), largest);
  // The dead-letter topic: where messages go that exhausted their attempts.
  const int dead_letters = number(s, "dead-letter-sub backlog");
  const QRectF dlq(body.left() + 14, body.bottom() - 66, body.width() - 28, 52);
  p->setPen(Qt::NoPen);
  p->setBrush(dead_letters > 0 ? kDeadLetter : QColor("#37474f"));
  p->drawRoundedRect(dlq, 10, 10);
  p->setPen(QColor("#ffffff"));
  text(p, dlq, 17, true, QObject::tr("dead-letter topic: %1").arg(dead_letters));
  if (dead) rpc_look::paintCrossOut(p, body);
  rpc_look::paintTopBadges(p, s, body);
}

void paintSubscriber(QPainter* p, const NodeSnapshot& s, const NodePaintContext& c) {
  const bool dead = s.status == NodeStatus::Crashed;
  const double slowMs = slowestMillis(fieldOf(s, "processing"));
  const bool slow = slowMs >= kSickMillis;
  const QColor fill = dead ? currentTheme().dead : slow ? QColor("#b85c00") : kSubscriberFill;
  const QRectF body = rpc_look::paintBody(p, s, c, kSubscriberHalf, fill);
  if (c.detail < 0.3) return;
  p->setPen(QColor("#ffffff"));
  text(p, QRectF(body.left(), body.top() + 38, body.width(), 26), 18, false,
       QObject::tr("processed %1").arg(number(s, "processed")));
  const int failures = number(s, "handler failures");
  text(p, QRectF(body.left(), body.top() + 66, body.width(), 26), 16, failures > 0,
       failures > 0 ? QObject::tr("handler failed %1×").arg(failures)
                    : QObject::tr("queue %1").arg(number(s, "queue")));
  if (dead) rpc_look::paintCrossOut(p, body);
  if (slow && !dead)
    rpc_look::paintPill(
        p, body, QObject::tr("SLOW: %1/message").arg(rpc_look::millisText(fromMillis(slowMs))),
        QColor("#8e0000"), 0);
  if (s.status == NodeStatus::Paused)
    rpc_look::paintPill(p, body, QObject::tr("paused"), QColor("#6d4c41"), 60);
}

void paintPublisher(QPainter* p, const NodeSnapshot& s, const NodePaintContext& c) {
  const bool dead = s.status == NodeStatus::Crashed;
  const QRectF body =
      rpc_look::paintBody(p, s, c, kClientHalf, dead ? currentTheme().dead : kPublisherFill);
  if (c.detail < 0.3) return;
  p->setPen(QColor("#ffffff"));
  text(p, QRectF(body.left(), body.top() + 38, body.width(), 26), 17, false,
       QObject::tr("publishes %1").arg(QString::fromStdString(fieldOf(s, "rate"))));
  text(p, QRectF(body.left(), body.top() + 64, body.width(), 26), 16, false,
       QObject::tr("acked %1 · retried %2")
           .arg(number(s, "acknowledged"))
           .arg(number(s, "retries")));
  if (dead) rpc_look::paintCrossOut(p, body);
  rpc_look::paintTopBadges(p, s, body);
}

}  // namespace

MessageClass classify(const Vocabulary* vocabulary, const Message& m) {
  if (!vocabulary || m.kind == kNoLabel || m.kind >= vocabulary->size()) return MessageClass::Other;
  const LabelInfo& info = vocabulary->info(m.kind);
  const std::string& n = info.name;
  if (n == "Publish") return MessageClass::Publish;
  if (n == "PublishAck") return MessageClass::PublishAck;
  if (n == "Pull") return MessageClass::Pull;
  if (n == "Ack") return MessageClass::Ack;
  if (n == "Nack") return MessageClass::Nack;
  if (n == "Push" || n == "PullResponse")
    return field(info, m, "attempt") > 1 || field(info, m, "redeliveries") > 0
               ? MessageClass::Redelivery
               : MessageClass::Delivery;
  return MessageClass::Other;
}

NodeLayout PubSubLook::layout(const PatternView&, const std::vector<NodeSnapshot>& nodes) const {
  NodeLayout l;
  l.positions.assign(nodes.size(), QPointF());
  double extra = 0;
  for (const auto& n : nodes) {
    const auto it = std::find(std::begin(kSubscribers), std::end(kSubscribers), n.name);
    if (n.role == "publisher")
      l.positions[n.id] = QPointF(0, rowY(0));  // high: the legend goes bottom left
    else if (n.role == "broker")
      l.positions[n.id] = QPointF(kBrokerX, 0);
    else if (it != std::end(kSubscribers))
      l.positions[n.id] =
          QPointF(kSubscriberX, rowY(static_cast<std::size_t>(it - std::begin(kSubscribers))));
    else
      l.positions[n.id] = QPointF(kSubscriberX, rowY(4 + static_cast<std::size_t>(extra++)));
  }
  // Room bottom left for the legend and top right for the clock.
  l.sceneRect = QRectF(QPointF(-kClientHalf.width() - 40, -kBrokerHalf.height() - 110),
                       QPointF(kSubscriberX + kSubscriberHalf.width() + 40,
                               kBrokerHalf.height() + 40 + extra * kRowSpacing));
  return l;
}

bool PubSubLook::linked(const PatternView&, const NodeSnapshot& a, const NodeSnapshot& b) const {
  // Everyone talks to the broker and to no one else: that is the decoupling.
  return (a.role == "broker") != (b.role == "broker");
}

double PubSubLook::inset(const PatternView&, const NodeSnapshot& node, QPointF dir) const {
  return boxInset(halfOf(node), dir);
}

QPainterPath PubSubLook::nodeShape(const PatternView&, const NodeSnapshot& node) const {
  QPainterPath p;
  p.addRoundedRect(box(halfOf(node)), 14, 14);
  return p;
}

QRectF PubSubLook::nodeBounds(const NodeSnapshot& node) const {
  const QSizeF h = halfOf(node);
  return QRectF(-h.width() - 12, -h.height() - 40, 2 * h.width() + 24, 2 * h.height() + 60);
}

void PubSubLook::paintNode(QPainter* p, const PatternView&, const NodeSnapshot& s,
                           const NodePaintContext& c) const {
  if (s.role == "broker")
    paintBroker(p, s, c);
  else if (s.role == "publisher")
    paintPublisher(p, s, c);
  else
    paintSubscriber(p, s, c);
}

int PubSubLook::messageClassCount() const {
  return static_cast<int>(MessageClass::Other) + 1;
}

int PubSubLook::classify(const Vocabulary* vocabulary, const Message& message) const {
  return static_cast<int>(pubsub::classify(vocabulary, message));
}

GlyphLook PubSubLook::messageLook(int messageClass, const Theme& t, double r) const {
  using leader_election::polygon;
  GlyphLook l;
  switch (static_cast<MessageClass>(messageClass)) {
    case MessageClass::Publish:
      l.fill = QColor("#6a3fb5");
      l.shape = polygon(4, r * 1.4, 0);
      l.legend = QObject::tr("publish");
      break;
    case MessageClass::PublishAck:
      l.fill = QColor("#9575cd");
      l.shape.addEllipse(QPointF(0, 0), r * 0.75, r * 0.75);
      l.legend = QObject::tr("publish acknowledged");
      break;
    case MessageClass::Delivery:
      l.fill = QColor("#1565c0");
      l.shape.addEllipse(QPointF(0, 0), r * 1.1, r * 1.1);
      l.legend = QObject::tr("delivery");
      break;
    case MessageClass::Redelivery:
      l.fill = QColor("#ef6c00");
      l.shape = polygon(5, r * 1.5, -M_PI / 2);  // a star-like pentagon, larger
      l.legend = QObject::tr("redelivery (attempt 2+)");
      break;
    case MessageClass::Pull:
      l.fill = QColor("#78909c");
      l.shape.addRect(QRectF(-r * 0.7, -r * 0.7, r * 1.4, r * 1.4));
      l.legend = QObject::tr("pull (asks for messages)");
      break;
    case MessageClass::Ack:
      l.fill = QColor("#2e9e44");
      l.shape = polygon(3, r * 1.3, -M_PI / 2);
      l.legend = QObject::tr("ack");
      break;
    case MessageClass::Nack:
      l.fill = QColor("#d32f2f");
      l.shape = polygon(3, r * 1.3, M_PI / 2);
      l.legend = QObject::tr("nack (handler failed)");
      break;
    case MessageClass::Other:
      l.fill = t.other;
      l.shape.addEllipse(QPointF(0, 0), r * 0.7, r * 0.7);
      l.legend = QObject::tr("other");
      break;
  }
  return l;
}

std::vector<int> PubSubLook::legendMessageOrder() const {
  std::vector<int> v;
  for (int c = 0; c < static_cast<int>(MessageClass::Other); ++c) v.push_back(c);
  return v;
}

QString PubSubLook::paintLegendSymbol(QPainter* p, int, QPointF c, double r) const {
  const QRectF bar(c.x() - r * 1.3, c.y() - r * 0.6, r * 2.6, r * 1.2);
  p->setPen(Qt::NoPen);
  p->setBrush(QColor("#1c262b"));
  p->drawRoundedRect(bar, 2, 2);
  p->setBrush(kBacklog);
  p->drawRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * 0.6, bar.height()), 2, 2);
  return QObject::tr("backlog (unacked messages)");
}

std::vector<NodeAction> PubSubLook::nodeActions(const PatternView&, const NodeSnapshot& n) const {
  std::vector<NodeAction> v;
  if (n.role == "publisher") {
    v.push_back({QObject::tr("Publish one update"), true, runVerb("publish", {})});
    v.push_back({QObject::tr("Publish a poison message"), true, runVerb("poison", {})});
  } else if (n.role == "broker") {
    // The subscriptions' settings, for all four at once.
    v.push_back({QObject::tr("Ack deadline: 1 s (redeliver sooner)"), true,
                 runVerb("ack-deadline", {"1000"})});
    v.push_back({QObject::tr("Ack deadline: 10 s"), true, runVerb("ack-deadline", {"10000"})});
    v.push_back({QObject::tr("Max delivery attempts: 3"), true, runVerb("max-attempts", {"3"})});
    v.push_back({QObject::tr("Max delivery attempts: 10"), true, runVerb("max-attempts", {"10"})});
    v.push_back({QObject::tr("Flow control: 5 outstanding per subscriber"), true,
                 runVerb("max-outstanding", {"5"})});
    v.push_back({QObject::tr("Flow control: 1000 outstanding per subscriber"), true,
                 runVerb("max-outstanding", {"1000"})});
  } else if (n.role == "subscriber") {
    v.push_back({QObject::tr("Make it slow (500 ms per message)"), true,
                 runVerb("slow-consumer", {n.name, "500"})});
    v.push_back({QObject::tr("Back to normal speed"), true, runVerb("recover-consumer", {n.name})});
  }
  return v;
}

std::vector<PatternKnob> PubSubLook::knobs(const PatternView&,
                                           const std::vector<NodeSnapshot>& nodes) const {
  const NodeSnapshot* search = nullptr;
  for (const auto& n : nodes)
    if (n.name == "search-index") search = &n;
  std::vector<PatternKnob> v;
  v.push_back(buttonKnob("publish", QObject::tr("Publish"),
                         QObject::tr("Profile publishes one ProfileUpdated"),
                         runVerb("publish", {})));
  v.push_back(buttonKnob("poison", QObject::tr("Poison message"),
                         QObject::tr("Publish an update whose handler fails every time"),
                         runVerb("poison", {})));
  v.push_back(buttonKnob("burst", QObject::tr("Burst ×100"),
                         QObject::tr("Profile publishes 100 updates at once"),
                         runVerb("burst", {"100"})));
  v.push_back(switchKnob("search-index-slow", QObject::tr("search-index slow"),
                         QObject::tr("search-index takes 500 ms per message"),
                         search && slowestMillis(fieldOf(*search, "processing")) >= kSickMillis,
                         [](Session& s, bool on) {
                           s.apply(on ? patternCommand("slow-consumer", {"search-index", "500"})
                                      : patternCommand("recover-consumer", {"search-index"}));
                         }));
  return v;
}

}  // namespace cs::ui::pubsub
