// The Pub/Sub world's visual vocabulary. See pubsub_look.h.
#include "pubsub_look.h"

#include <QObject>
#include <QPainter>
#include <QtMath>
#include <algorithm>
#include <string_view>

#include "../../src/canvas/crash_mark.h"
#include "../../src/session.h"
#include "pubsub_compact.h"
#include "pubsub_paint.h"

namespace cs::ui::pubsub {
namespace {

constexpr QSizeF kClientHalf(110, 70);
// Wide enough for "recommendation" in a compact form's type on a laptop.
constexpr QSizeF kSubscriberHalf(170, 62);
constexpr QSizeF kBrokerHalf(225, 362);
constexpr double kBrokerX = 560;
constexpr double kSubscriberX = 1180;
constexpr double kRowSpacing = 150;
// The broker's box has room for this many subscription rows.
constexpr std::size_t kRows = 4;
// A subscriber is drawn slow when a message may take it this long.
constexpr SimDuration kSlow{100'000};

const QColor kBrokerFill("#263238");
const QColor kPublisherFill("#6a3fb5");
const QColor kSubscriberFill("#1f6fb2");
const QColor kBacklog("#ffb300");
const QColor kDeadLetter("#c62828");

double rowY(std::size_t i) {
  return (static_cast<double>(i) - 1.5) * kRowSpacing;
}

double millis(SimDuration d) {
  return static_cast<double>(d.count()) / 1000;
}

QString count(std::uint64_t n) {
  return QString::number(n);
}

QSizeF halfOf(const PubSubView& view, NodeId node) {
  switch (view.kind(node)) {
    case NodeKind::Broker:
      return kBrokerHalf;
    case NodeKind::Publisher:
      return kClientHalf;
    case NodeKind::Subscriber:
      return kSubscriberHalf;
  }
  return kSubscriberHalf;
}

// The subscriptions that have a subscriber, in order: the broker's rows,
// each level with its subscriber. (The dead-letter subscription has none.)
std::vector<std::size_t> subscriberRows(const PubSubView& view) {
  std::vector<std::size_t> v;
  for (std::size_t i = 0; i < view.broker.subscriptions.size(); ++i)
    if (view.broker.subscriptions[i].subscriber != kNoNode) v.push_back(i);
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

// Where subscription row `i` stands inside the broker, level with its subscriber.
QRectF rowRect(std::size_t i) {
  const double left = -kBrokerHalf.width() + 14, width = 2 * kBrokerHalf.width() - 28;
  return QRectF(left, rowY(i) - 62, width, 124);
}

// The backlog as a bar over `bar`: everything published to the topic and
// not yet acked here.
void paintBacklogBar(QPainter* p, const QRectF& bar, std::uint64_t backlog,
                     std::uint64_t backlogScale) {
  p->setPen(Qt::NoPen);
  p->setBrush(QColor("#1c262b"));
  p->drawRoundedRect(bar, 5, 5);
  if (backlog > 0) {
    const double frac =
        std::clamp(static_cast<double>(backlog) / static_cast<double>(backlogScale), 0.0, 1.0);
    p->setBrush(kBacklog);
    p->drawRoundedRect(
        QRectF(bar.left(), bar.top(), std::max(8.0, bar.width() * frac), bar.height()), 5, 5);
  }
}

// One subscription inside the broker, level with its subscriber.
void paintSubscriptionRow(QPainter* p, const SubscriptionView& sub, const QRectF& row,
                          std::uint64_t backlogScale) {
  const double width = row.width();
  p->setPen(Qt::NoPen);
  p->setBrush(QColor("#37474f"));
  p->drawRoundedRect(row, 10, 10);
  p->setPen(QColor("#ffffff"));
  text(p, QRectF(row.left() + 12, row.top() + 4, width - 24, 28), 21, true,
       QString::fromStdString(sub.name), Qt::AlignLeft | Qt::AlignVCenter);
  text(p, QRectF(row.left() + 12, row.top() + 4, width - 24, 28), 18, false,
       QString::fromUtf8(cs::pubsub::deliveryModeName(sub.delivery)),
       Qt::AlignRight | Qt::AlignVCenter);
  const QRectF bar(row.left() + 12, row.top() + 34, width - 24, 32);
  paintBacklogBar(p, bar, sub.backlog, backlogScale);
  p->setPen(QColor("#ffffff"));
  text(p, bar, 20, true,
       sub.backlog > 0 ? QObject::tr("backlog %1").arg(count(sub.backlog))
                       : QObject::tr("backlog empty"));
  QString counts =
      QObject::tr("in flight %1 · acked %2").arg(sub.outstanding).arg(count(sub.acked));
  if (sub.redelivered > 0) counts += QObject::tr(" · redelivered %1").arg(count(sub.redelivered));
  text(p, QRectF(row.left() + 8, row.top() + 70, width - 16, 26), 18, false, counts);
  if (!sub.filter.empty())
    text(p, QRectF(row.left() + 8, row.top() + 96, width - 16, 24), 18, false,
         QObject::tr("filter: %1").arg(QString::fromStdString(sub.filter)));
}

void paintBroker(QPainter* p, const PubSubView& view, const NodeSnapshot& s,
                 const NodePaintContext& c) {
  const cs::pubsub::BrokerView& broker = view.broker;
  const bool dead = s.status == NodeStatus::Crashed;
  const QRectF body = paintBody(p, s, c, kBrokerHalf, dead ? currentTheme().dead : kBrokerFill);
  const bool compact = c.detail < NodePaintContext::kLabels;
  const QString name = QString::fromStdString(s.name);
  if (compact && dead) {
    writeCompactBroker(p, name, body, {}, 0, {});
    paintCrashMark(p, body);
    return;
  }
  p->setPen(QColor("#ffffff"));
  if (!compact && !broker.topics.empty())
    text(p, QRectF(body.left(), body.top() + 38, body.width(), 26), 18, false,
         QObject::tr("topic %1 · %2 retained · %3")
             .arg(QString::fromStdString(broker.topics.front().name))
             .arg(count(broker.topics.front().retained))
             .arg(broker.durable ? QObject::tr("durable") : QObject::tr("in memory only")));
  const auto rows = subscriberRows(view);
  std::uint64_t largest = 20;
  for (std::size_t i : rows) largest = std::max(largest, broker.subscriptions[i].backlog);
  std::vector<RowPlace> places;
  for (std::size_t r = 0; r < rows.size() && r < kRows; ++r) {
    const SubscriptionView& sub = broker.subscriptions[rows[r]];
    if (compact) {
      // The row and its backlog bar filling it, the words written over them.
      p->setPen(Qt::NoPen);
      p->setBrush(QColor("#37474f"));
      p->drawRoundedRect(rowRect(r), 10, 10);
      paintBacklogBar(p, rowRect(r).adjusted(0, 62, 0, 0), sub.backlog, largest);
      places.push_back({&sub, rowRect(r)});
    } else {
      paintSubscriptionRow(p, sub, rowRect(r), largest);
    }
  }
  // The dead-letter topic: where messages go that exhausted their attempts.
  const std::uint64_t deadLetters =
      broker.deadLetterSubscription >= 0
          ? broker.subscriptions.at(static_cast<std::size_t>(broker.deadLetterSubscription)).backlog
          : 0;
  const QRectF dlq(body.left() + 14, body.bottom() - 66, body.width() - 28, 52);
  p->setPen(Qt::NoPen);
  p->setBrush(deadLetters > 0 ? kDeadLetter : QColor("#37474f"));
  p->drawRoundedRect(dlq, 10, 10);
  if (compact) {
    writeCompactBroker(p, name, body, places, deadLetters, dlq);
    return;
  }
  p->setPen(QColor("#ffffff"));
  text(p, dlq, 18, true, QObject::tr("dead-letter topic: %1").arg(count(deadLetters)));
  if (dead) paintCrashMark(p, body);
  paintFaultBadges(p, s, body);
}

void paintSubscriber(QPainter* p, const SubscriberView* sub, const NodeSnapshot& s,
                     const NodePaintContext& c) {
  const bool dead = s.status == NodeStatus::Crashed;
  const bool slow = sub && sub->processingSlowest >= kSlow;
  const QColor fill = dead ? currentTheme().dead : slow ? QColor("#b85c00") : kSubscriberFill;
  const QRectF body = paintBody(p, s, c, kSubscriberHalf, fill);
  if (c.detail < NodePaintContext::kLabels) {
    writeCompactSubscriber(p, QString::fromStdString(s.name), body, dead ? nullptr : sub,
                           slow && sub ? millis(sub->processingMean) : 0);
    if (dead) paintCrashMark(p, body);
    return;
  }
  if (!sub) return;
  p->setPen(QColor("#ffffff"));
  text(p, QRectF(body.left(), body.top() + 38, body.width(), 26), 18, false,
       QObject::tr("processed %1").arg(count(sub->processed)));
  text(p, QRectF(body.left(), body.top() + 66, body.width(), 26), 18, sub->failures > 0,
       sub->failures > 0 ? QObject::tr("handler failed %1×").arg(count(sub->failures))
                         : QObject::tr("queue %1").arg(count(sub->queued)));
  if (dead) paintCrashMark(p, body);
  // Inside its box, under its counts: on the top edge it stood as near the
  // subscriber above as its own.
  if (slow && !dead)
    paintInnerPill(p, body,
                   QObject::tr("SLOW: %1/message").arg(millisText(millis(sub->processingMean))),
                   QColor("#8e0000"));
  if (s.status == NodeStatus::Paused)
    paintPill(p, body, QObject::tr("paused"), QColor("#6d4c41"), 60);
}

void paintPublisher(QPainter* p, const cs::pubsub::PublisherView& publisher, const NodeSnapshot& s,
                    const NodePaintContext& c) {
  const bool dead = s.status == NodeStatus::Crashed;
  const QRectF body = paintBody(p, s, c, kClientHalf, dead ? currentTheme().dead : kPublisherFill);
  if (c.detail < 0.3) return;
  p->setPen(QColor("#ffffff"));
  text(p, QRectF(body.left(), body.top() + 38, body.width(), 26), 18, false,
       QObject::tr("publishes %1/s").arg(publisher.rate, 0, 'g', 15));
  text(p, QRectF(body.left(), body.top() + 64, body.width(), 26), 18, false,
       QObject::tr("acked %1 · retried %2").arg(count(publisher.acked), count(publisher.retries)));
  if (dead) paintCrashMark(p, body);
  paintFaultBadges(p, s, body);
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

NodeLayout PubSubLook::layout(const PatternView& pattern,
                              const std::vector<NodeSnapshot>& nodes) const {
  const PubSubView& view = viewOf<PubSubView>(pattern);
  const auto rows = subscriberRows(view);
  NodeLayout l;
  l.positions.assign(nodes.size(), QPointF());
  double extra = 0;
  for (const auto& n : nodes) {
    const SubscriberView* sub = view.subscriber(n.id);
    const auto row = sub ? std::find(rows.begin(), rows.end(), sub->subscription) : rows.end();
    if (view.kind(n.id) == NodeKind::Publisher)
      l.positions[n.id] = QPointF(0, rowY(0));  // high: the legend goes bottom left
    else if (view.kind(n.id) == NodeKind::Broker)
      l.positions[n.id] = QPointF(kBrokerX, 0);
    else if (row != rows.end() && static_cast<std::size_t>(row - rows.begin()) < kRows)
      l.positions[n.id] = QPointF(kSubscriberX, rowY(static_cast<std::size_t>(row - rows.begin())));
    else
      l.positions[n.id] = QPointF(kSubscriberX, rowY(kRows + static_cast<std::size_t>(extra++)));
  }
  // Room bottom left for the legend and top right for the clock.
  l.sceneRect = QRectF(QPointF(-kClientHalf.width() - 40, -kBrokerHalf.height() - 110),
                       QPointF(kSubscriberX + kSubscriberHalf.width() + 40,
                               kBrokerHalf.height() + 40 + extra * kRowSpacing));
  return l;
}

bool PubSubLook::linked(const PatternView& pattern, const NodeSnapshot& a,
                        const NodeSnapshot& b) const {
  // Everyone talks to the broker and to no one else: that is the decoupling.
  const PubSubView& view = viewOf<PubSubView>(pattern);
  return (view.kind(a.id) == NodeKind::Broker) != (view.kind(b.id) == NodeKind::Broker);
}

double PubSubLook::inset(const PatternView& pattern, const NodeSnapshot& node, QPointF dir) const {
  return boxInset(halfOf(viewOf<PubSubView>(pattern), node.id), dir);
}

QPainterPath PubSubLook::nodeShape(const PatternView& pattern, const NodeSnapshot& node) const {
  QPainterPath p;
  p.addRoundedRect(box(halfOf(viewOf<PubSubView>(pattern), node.id)), 14, 14);
  return p;
}

QRectF PubSubLook::nodeBounds(const NodeSnapshot&) const {
  // Asked without the view, so every node gets room for the largest box, the
  // broker's, which holds the publisher's and a subscriber's.
  const QSizeF h = kBrokerHalf;
  return QRectF(-h.width() - 12, -h.height() - 40, 2 * h.width() + 24, 2 * h.height() + 60);
}

void PubSubLook::paintNode(QPainter* p, const PatternView& pattern, const NodeSnapshot& s,
                           const NodePaintContext& c) const {
  const PubSubView& view = viewOf<PubSubView>(pattern);
  switch (view.kind(s.id)) {
    case NodeKind::Broker:
      paintBroker(p, view, s, c);
      break;
    case NodeKind::Publisher:
      paintPublisher(p, view.publisher, s, c);
      break;
    case NodeKind::Subscriber:
      paintSubscriber(p, view.subscriber(s.id), s, c);
      break;
  }
}

bool PubSubLook::namesItself(const PatternView& pattern, const NodeSnapshot& s) const {
  return viewOf<PubSubView>(pattern).kind(s.id) != NodeKind::Publisher;
}

int PubSubLook::messageClassCount() const {
  return static_cast<int>(MessageClass::Other) + 1;
}

int PubSubLook::classify(const Vocabulary* vocabulary, const Message& message) const {
  return static_cast<int>(pubsub::classify(vocabulary, message));
}

GlyphLook PubSubLook::messageLook(int messageClass, const Theme& t, double r) const {
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

std::vector<NodeAction> PubSubLook::nodeActions(const PatternView& pattern,
                                                const NodeSnapshot& n) const {
  std::vector<NodeAction> v;
  switch (viewOf<PubSubView>(pattern).kind(n.id)) {
    case NodeKind::Publisher:
      v.push_back({QObject::tr("Publish one update"), true, runVerb("publish", {})});
      v.push_back({QObject::tr("Publish a poison message"), true, runVerb("poison", {})});
      break;
    case NodeKind::Broker:
      // The subscriptions' settings, for all four at once.
      v.push_back({QObject::tr("Ack deadline: 1 s (redeliver sooner)"), true,
                   runVerb("ack-deadline", {"1000"})});
      v.push_back({QObject::tr("Ack deadline: 10 s"), true, runVerb("ack-deadline", {"10000"})});
      v.push_back({QObject::tr("Max delivery attempts: 3"), true, runVerb("max-attempts", {"3"})});
      v.push_back(
          {QObject::tr("Max delivery attempts: 10"), true, runVerb("max-attempts", {"10"})});
      v.push_back({QObject::tr("Flow control: 5 outstanding per subscriber"), true,
                   runVerb("max-outstanding", {"5"})});
      v.push_back({QObject::tr("Flow control: 1000 outstanding per subscriber"), true,
                   runVerb("max-outstanding", {"1000"})});
      break;
    case NodeKind::Subscriber:
      v.push_back({QObject::tr("Make it slow (500 ms per message)"), true,
                   runVerb("slow-consumer", {n.name, "500"})});
      v.push_back(
          {QObject::tr("Back to normal speed"), true, runVerb("recover-consumer", {n.name})});
      break;
  }
  return v;
}

std::vector<PatternKnob> PubSubLook::knobs(const PatternView& pattern,
                                           const std::vector<NodeSnapshot>& nodes) const {
  const PubSubView& view = viewOf<PubSubView>(pattern);
  const SubscriberView* search = nullptr;
  for (const auto& n : nodes)
    if (n.name == "search-index") search = view.subscriber(n.id);
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
                         search && search->processingSlowest >= kSlow, [](Session& s, bool on) {
                           s.apply(on ? patternCommand("slow-consumer", {"search-index", "500"})
                                      : patternCommand("recover-consumer", {"search-index"}));
                         }));
  v.push_back(safetyRule(
      switchKnob("ack-after-processing", QObject::tr("Ack after processing"),
                 QObject::tr("Safety rule: a subscriber acks a message only once it has "
                             "processed it. Switch it off to ack on receipt, and crash a "
                             "subscriber to lose what it held."),
                 view.ackAfterProcessing, switchVerb("ack-after-processing"))));
  return v;
}

}  // namespace cs::ui::pubsub
