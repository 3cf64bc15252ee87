// The event store's log as lanes of commit dots. See es_log_paint.h.
#include "es_log_paint.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "../../src/canvas/shapes.h"
#include "../../src/theme.h"

namespace cs::ui::event_sourcing {
namespace {

using cs::event_sourcing::LogEntry;
using cs::event_sourcing::Position;

constexpr int kLanes = 8;  // streams shown at most
constexpr double kNameWidth = 130;
// At least this far apart; further where the widest type label needs it,
// so that the labels of a stream's neighbouring events never run together.
constexpr double kDotSpacing = 80;
constexpr double kLabelGap = 12;
constexpr int kLabelPixels = 17;
// A lane holds its dot (the stream's stock written inside) and the type's
// label under it, clear of the next lane's dot: fewer lanes, never
// overlapping ones.
constexpr double kDotRadius = 16;
constexpr double kLabelHeight = 20;
constexpr double kLaneHeight = 2 * kDotRadius + kLabelHeight + 2;
// The rejected append stands right of the head, where it would have gone.
constexpr double kRejectionWidth = 170;

const QColor kProductDot("#26a69a");
const QColor kOrderDot("#7e57c2");
const QColor kCompensating("#ffb300");
const QColor kRejected("#d32f2f");

// The short labels under the dots, by event type.
const std::map<std::string, QString>& shortTypes() {
  static const std::map<std::string, QString> kShort = {
      {"ProductAdded", "Added"},       {"StockReceived", "Received"},
      {"ItemReserved", "Reserved"},    {"ReservationReleased", "Released"},
      {"StockCorrected", "Corrected"}, {"OrderPlaced", "Placed"},
      {"OrderPaid", "Paid"},           {"OrderShipped", "Shipped"},
      {"OrderCancelled", "Cancelled"}};
  return kShort;
}

// A short label under a dot: "Reserved", "Placed".
QString shortType(const std::string& type) {
  const auto it = shortTypes().find(type);
  return it == shortTypes().end() ? QString::fromStdString(type) : it->second;
}

// How far apart the dots stand: wide enough for the widest label under
// them, whichever events are shown, so that the columns never jump.
double dotSpacing(QPainter* p) {
  const QFontMetricsF fm(font(p, kLabelPixels, false));
  double widest = 0;
  for (const auto& [type, label] : shortTypes())
    widest = std::max(widest, fm.horizontalAdvance(label));
  return std::max(kDotSpacing, std::ceil(widest + kLabelGap));
}

}  // namespace

void paintLog(QPainter* p, const cs::event_sourcing::StoreView& store, const QRectF& area) {
  const auto& recent = store.recent;
  const double rejectionWidth = store.lastRejection.any ? kRejectionWidth : 0;
  const double spacing = dotSpacing(p);
  const int columns =
      std::max(1, static_cast<int>((area.width() - kNameWidth - 20 - rejectionWidth) / spacing));
  const int laneCount = std::clamp(static_cast<int>(area.height() / kLaneHeight), 1, kLanes);
  const std::size_t shown = std::min<std::size_t>(recent.size(), static_cast<std::size_t>(columns));
  const std::size_t first = recent.size() - shown;
  // Lanes: the streams of the shown events, most recently active at the top.
  std::vector<std::string> lanes;
  for (std::size_t i = recent.size(); i-- > first && static_cast<int>(lanes.size()) < laneCount;)
    if (std::find(lanes.begin(), lanes.end(), recent[i].streamName) == lanes.end())
      lanes.push_back(recent[i].streamName);
  const std::string& rejected = store.lastRejection.stream;
  if (store.lastRejection.any && std::find(lanes.begin(), lanes.end(), rejected) == lanes.end()) {
    // The rejection is the news: its lane replaces the least recent one.
    if (static_cast<int>(lanes.size()) >= laneCount) lanes.pop_back();
    lanes.push_back(rejected);
  }
  const double laneH = kLaneHeight;
  // The lane's centre line; nullopt for a stream without a lane.
  auto laneY = [&](const std::string& name) -> std::optional<double> {
    const auto it = std::find(lanes.begin(), lanes.end(), name);
    if (it == lanes.end()) return std::nullopt;
    return area.top() + laneH * (static_cast<double>(it - lanes.begin()) + 0.5);
  };
  const double x0 = area.left() + kNameWidth;
  // 17 px and up: read on a projector at about 0.86 of the canvas's size.
  p->setFont(font(p, 17, true));
  for (const std::string& name : lanes) {
    const double y = *laneY(name);
    p->setPen(QPen(QColor("#546e7a"), 1, Qt::DotLine));
    p->drawLine(QPointF(x0 - 8, y), QPointF(area.right(), y));
    p->setPen(QColor("#eceff1"));
    p->drawText(QRectF(area.left(), y - 12, kNameWidth - 12, 24), Qt::AlignRight | Qt::AlignVCenter,
                QString::fromStdString(name));
  }
  // Commits: joined to the previous event of the same stream.
  // The lines first, so that none crosses a dot's number.
  auto centre = [&](std::size_t i, double y) {
    return QPointF(x0 + spacing * (static_cast<double>(i - first) + 0.5), y);
  };
  std::map<std::string, QPointF> previous;
  for (std::size_t i = first; i < recent.size(); ++i) {
    const LogEntry& e = recent[i];
    const auto y = laneY(e.streamName);
    if (!y) continue;
    const QPointF c = centre(i, *y);
    if (auto it = previous.find(e.streamName); it != previous.end()) {
      p->setPen(QPen(e.product ? kProductDot : kOrderDot, 3));
      p->drawLine(it->second, c);
    }
    previous[e.streamName] = c;
  }
  for (std::size_t i = first; i < recent.size(); ++i) {
    const LogEntry& e = recent[i];
    const auto y = laneY(e.streamName);
    if (!y) continue;
    const QPointF c = centre(i, *y);
    const QColor fill = e.product ? kProductDot : kOrderDot;
    p->setPen(QPen(e.compensating ? kCompensating : fill.darker(140), e.compensating ? 4 : 2));
    p->setBrush(e.schema == 1 ? QColor("#263238") : fill);  // v1 events hollow
    p->drawEllipse(c, kDotRadius, kDotRadius);
    if (e.product) {
      // The stock after the event, inside its dot.
      p->setPen(QColor("#ffffff"));
      p->setFont(font(p, 17, true));
      p->drawText(QRectF(c.x() - kDotRadius, c.y() - kDotRadius, 2 * kDotRadius, 2 * kDotRadius),
                  Qt::AlignCenter, QString::number(e.stockAfter));
    }
    p->setPen(QColor("#cfd8dc"));
    p->setFont(font(p, kLabelPixels, false));
    p->drawText(QRectF(c.x() - spacing / 2, c.y() + kDotRadius, spacing, kLabelHeight),
                Qt::AlignCenter, shortType(e.type));
  }
  if (!recent.empty()) {
    p->setPen(QColor("#b0bec5"));
    p->setFont(font(p, 17, false));
    // With retention, where the log now begins: what a scavenge reclaimed is gone.
    const Position horizon = store.retention.horizon;
    p->drawText(QRectF(x0, area.bottom() - 2, area.right() - x0, 22), Qt::AlignLeft,
                horizon > 0 ? QObject::tr("position %1 · scavenged up to position %2")
                                  .arg(recent[first].position)
                                  .arg(horizon)
                            : QObject::tr("position %1").arg(recent[first].position));
    p->drawText(QRectF(x0, area.bottom() - 2, area.right() - x0 - rejectionWidth, 22),
                Qt::AlignRight, QObject::tr("%1 (head) →").arg(recent.back().position));
  }
  // The last rejected append, on its stream's lane right of the head, in
  // the room kept for it: inside the log, over no event and no header.
  if (store.lastRejection.any) {
    const auto& r = store.lastRejection;
    if (const auto y = laneY(r.stream)) {
      const QString what =
          QObject::tr("✗ expected %1\nstream is at %2")
              .arg(r.expected >= 0 ? QString::number(r.expected) : QObject::tr("no stream"))
              .arg(r.actual);
      p->setFont(font(p, 17, true));
      const QRectF banner(area.right() - kRejectionWidth + 6, *y - laneH / 2 + 2,
                          kRejectionWidth - 8, laneH - 4);
      p->setPen(Qt::NoPen);
      p->setBrush(kRejected);
      p->drawRoundedRect(banner, 8, 8);
      p->setPen(QColor("#ffffff"));
      p->drawText(banner, Qt::AlignCenter, what);
    }
  }
}

void paintProducts(QPainter* p, const cs::event_sourcing::EsView& view, const QRectF& area) {
  p->setFont(font(p, 17, true));
  p->setPen(QColor("#b0bec5"));
  const double col[] = {0, 0.22, 0.44, 0.72};
  const QString heads[] = {QObject::tr("product"), QObject::tr("stock (log)"),
                           QObject::tr("reserved last by"), QObject::tr("CRUD row")};
  for (int i = 0; i < 4; ++i)
    p->drawText(QRectF(area.left() + area.width() * col[i], area.top(), area.width() * 0.28, 24),
                Qt::AlignLeft, heads[i]);
  p->setFont(font(p, 17, false));
  double y = area.top() + 26;
  for (const auto& row : view.products) {
    if (y + 20 > area.bottom()) break;
    const bool oversold = row.stock < 0;
    p->setPen(oversold ? QColor("#ff8a80") : QColor("#eceff1"));
    const QString cells[] = {
        QStringLiteral("product-%1").arg(row.product), QString::number(row.stock),
        row.lastOrder > 0 ? QObject::tr("order-%1 @%2").arg(row.lastOrder).arg(row.lastReservedAt)
                          : QObject::tr("nobody yet"),
        QObject::tr("%1 (no history)").arg(row.crudStock)};
    for (int i = 0; i < 4; ++i) {
      // A CRUD row that disagrees with the log's fold is marked: it cannot
      // be repaired, having no history.
      if (i == 3 && row.crudStock != row.stock) p->setPen(QColor("#ffb74d"));
      p->drawText(QRectF(area.left() + area.width() * col[i], y, area.width() * 0.3, 22),
                  Qt::AlignLeft, cells[i]);
    }
    y += 23;
  }
}

}  // namespace cs::ui::event_sourcing
