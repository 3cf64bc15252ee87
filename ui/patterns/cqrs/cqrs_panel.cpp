// Painting the CQRS panel. See cqrs_panel.h.
#include "cqrs_panel.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "../../src/canvas/fitted_text.h"
#include "../../src/canvas/shapes.h"
#include "../../src/theme.h"

namespace cs::ui::cqrs {
namespace {

using cs::cqrs::ProjectorView;

// The lecture's type: fitted to a 1080p lecture canvas, 20 px of scene is
// 14 px or more on screen.
constexpr int kSmallText = 20;
constexpr int kTitleText = 22;

// The type the panel is drawn in now, and whether the canvas is so small
// that the panel takes its compact form.
struct Type {
  int small = kSmallText, title = kTitleText;
  double line = 24;
  bool compact = false;
};

Type typeFor(const QPainter* p) {
  Type t;
  t.small = readablePixels(p, kSmallText);
  t.compact = t.small > kSmallText;
  t.title = t.compact ? t.small : kTitleText;
  t.line = t.compact ? std::ceil(t.small * 1.25) : 24;
  return t;
}

void text(QPainter* p, const QRectF& r, int pixels, bool bold, const QString& s,
          int flags = Qt::AlignCenter) {
  p->setFont(font(p, pixels, bold));
  p->drawText(r, flags, s);
}

// The first of `candidates` as wide as `room` at `pixels`; the last one,
// narrowed to fit, when none is.
void drawFirstFitting(QPainter* p, const QRectF& r, int pixels, bool bold,
                      const QStringList& candidates, int flags = Qt::AlignLeft | Qt::AlignVCenter) {
  p->setFont(font(p, pixels, bold));
  const QFontMetricsF fm(p->font());
  for (const QString& s : candidates)
    if (fm.horizontalAdvance(s) <= r.width()) {
      p->drawText(r, flags, s);
      return;
    }
  drawFittedText(p, r, flags, candidates.back());
}

// x of position `pos` on the axis from `left` to `right`, head at the right.
double axisX(std::uint64_t pos, std::uint64_t lo, std::uint64_t hi, double left, double right) {
  if (hi <= lo) return right;
  const double f = static_cast<double>(std::clamp(pos, lo, hi) - lo) / static_cast<double>(hi - lo);
  return left + f * (right - left);
}

void paintOneModel(QPainter* p, const CqrsView& v, const QRectF& panel, const Type& type) {
  p->setPen(currentTheme().text);
  const int pixels = std::max(24, type.small);
  text(p, panel.adjusted(20, 10, -20, -10), pixels, false,
       QObject::tr("One model: every read and every order waits in the same queue of the "
                   "database.\nQuery p99 %1 · order p99 %2 · %3 of %4 workers busy · %5 queued")
           .arg(millis(v.queryP99Us), millis(v.orderP99Us))
           .arg(v.database.pool.busy)
           .arg(v.database.pool.workers)
           .arg(v.database.pool.queued),
       static_cast<int>(Qt::AlignCenter) | Qt::TextWordWrap);
}

// What a mark on the axis is, in its colour ("head 3477").
struct Mark {
  QColor colour;
  QString text;
};

// Compact: the marks' names and positions as one flowing line under the
// axis, in the marks' colours, wrapped within `r`.
void paintMarkNames(QPainter* p, const std::vector<Mark>& marks, const QRectF& r,
                    const Type& type) {
  p->setFont(font(p, type.small, true));
  const QFontMetricsF fm(p->font());
  double x = r.left(), y = r.top();
  const double space = fm.horizontalAdvance(QStringLiteral("   "));
  for (const Mark& m : marks) {
    const QString& s = m.text;
    const double wide = fm.horizontalAdvance(s);
    if (x > r.left() && x + wide > r.right()) {
      x = r.left();
      y += type.line;
    }
    if (y + type.line > r.bottom() + 1) return;
    p->setPen(m.colour);
    p->drawText(QRectF(x, y, wide + 2, type.line), Qt::AlignLeft | Qt::AlignVCenter, s);
    x += wide + space;
  }
}

void paintPositions(QPainter* p, const CqrsView& v, const PanelPlaces& at, const Type& type) {
  const Theme& t = currentTheme();
  const QRectF& panel = at.panel;
  // With concurrent writers the axis shows few positions, each wide enough
  // for a hole to be seen between them.
  const std::uint64_t span = v.write.writers > 1 ? 40 : 300;
  const std::uint64_t head = v.write.head;
  const std::uint64_t lo = head > span ? head - span : 0;
  const double left = panel.left() + (type.compact ? 20 : 160), right = at.axisRight;
  const double titleHeight = type.compact ? type.line : 30;
  const double y = type.compact ? panel.top() + 6 + titleHeight + 30 : panel.top() + 95;
  p->setPen(t.text);
  const QRectF titleRow(panel.left() + 14, panel.top() + 6, right - panel.left() - 14, titleHeight);
  if (type.compact)
    text(p, titleRow, type.title, true, QObject::tr("Positions: lag is a distance"),
         Qt::AlignLeft | Qt::AlignVCenter);
  else
    text(p, titleRow, type.title, true,
         QObject::tr("Positions (the last %1 of the log): lag is a distance").arg(span),
         Qt::AlignLeft);
  p->setPen(QPen(t.text, 3));
  p->drawLine(QPointF(left, y), QPointF(right, y));
  std::vector<Mark> marks;
  auto tick = [&](std::uint64_t pos, const QColor& colour) {
    const double x = axisX(pos, lo, head, left, right);
    p->setPen(QPen(colour, 4));
    p->drawLine(QPointF(x, y - 14), QPointF(x, y + 14));
  };
  auto mark = [&](std::uint64_t pos, const QColor& colour, const QString& label, int row) {
    tick(pos, colour);
    if (type.compact) {
      marks.push_back({colour, QStringLiteral("%1 %2").arg(label).arg(pos)});
      return;
    }
    const double x = axisX(pos, lo, head, left, right);
    p->setPen(colour);
    text(p, QRectF(x - 200, y + 16 + row * 22, 400, 22), type.small, true,
         QStringLiteral("%1 %2").arg(label).arg(pos));
  };
  // Holes: positions taken by writes still under way, below the head. A
  // gap-aware projector holds at the lowest one until it commits.
  if (!v.write.unseen.empty()) {
    p->setPen(QPen(kStaleColour, 3));
    p->setBrush(t.surface);
    for (std::uint64_t hole : v.write.unseen)
      if (hole >= lo) p->drawEllipse(QPointF(axisX(hole, lo, head, left, right), y), 9, 9);
    QStringList holes;
    for (std::size_t i = 0; i < v.write.unseen.size() && i < 4; ++i)
      holes << QString::number(v.write.unseen[i]);
    if (v.write.unseen.size() > 4) holes << QStringLiteral("…");
    if (type.compact) {
      marks.push_back(
          {kStaleColour, QObject::tr("○ holes %1").arg(holes.join(QStringLiteral(", ")))});
    } else {
      p->setPen(kStaleColour);
      text(p, QRectF(panel.left() + 14, y - 12 - 22, 150, 22), type.small, true,
           QObject::tr("○ holes"), Qt::AlignLeft);
      text(p, QRectF(panel.left() + 14, y - 12, 150, 22), type.small, false,
           holes.join(QStringLiteral(", ")), Qt::AlignLeft);
    }
  }
  mark(head, t.text, QObject::tr("head"), 0);
  if (v.lastToken > 0) mark(v.lastToken, kTokenColour, QObject::tr("token"), 1);
  // Each projector's checkpoint: every read model lags by its own amount.
  int row = 2;
  const ProjectorView* worst = nullptr;
  for (const auto& pr : v.projectors) {
    mark(pr.position, kProjectorFill,
         pr.heldAt > 0 ? QObject::tr("%1 holds at hole %2 ·")
                             .arg(QString::fromStdString(pr.name))
                             .arg(pr.heldAt)
                       : QString::fromStdString(pr.name),
         row++);
    if (!worst || pr.lagEvents > worst->lagEvents) worst = &pr;
  }
  // The replicas show their positions in their own boxes; the full panel
  // also marks two of them here.
  const int lastRow = row + 2;
  for (const auto& r : v.replicas)
    if (r.active && r.synced && row < lastRow) {
      if (type.compact)
        tick(r.position, kReplicaFill);
      else
        mark(r.position, kReplicaFill, QString::fromStdString(r.name), row);
      ++row;
    }
  // The lag of the read model furthest behind, as a bracket from its projector to the head.
  const double px = worst ? axisX(worst->position, lo, head, left, right) : right;
  const double hx = axisX(head, lo, head, left, right);
  if (worst && hx - px > 4) {
    p->setPen(QPen(kStaleColour, 3));
    p->drawLine(QPointF(px, y - 24), QPointF(hx, y - 24));
    p->setPen(kStaleColour);
    const QString events = worst->lagEvents == 1 ? QObject::tr("1 event")
                                                 : QObject::tr("%1 events").arg(worst->lagEvents);
    const QString label =
        QObject::tr("%1: lag %2 · %3")
            .arg(QString::fromStdString(worst->name), events, millis(worst->lagUs));
    p->setFont(font(p, type.small, true));
    const double wide = p->fontMetrics().horizontalAdvance(label) + 12.0;
    if (type.compact) {
      // First in the line of names under the axis.
      marks.insert(marks.begin(), {kStaleColour, label});
    } else {
      // As wide as its words, and kept left of the stale-read card however
      // close to the head the projector is.
      const double width = std::max(hx - px, wide);
      text(p, QRectF(std::min(px, at.cardLeft - 30 - width), y - 52, width, 26), type.small, true,
           label, Qt::AlignLeft);
    }
  }
  if (type.compact)
    paintMarkNames(p, marks, QRectF(left, y + 20, right - left, panel.bottom() - 8 - y - 20), type);
}

// The last stale read, beside the lag that caused it; returns where the card ends.
double paintStaleRead(QPainter* p, const CqrsView& v, const PanelPlaces& at, const Type& type) {
  const Theme& t = currentTheme();
  const QRectF& panel = at.panel;
  const double high = type.compact ? 3 * type.line + 16 : 150;
  const QRectF card(at.cardLeft, panel.top() + 8, panel.right() - at.cardLeft - 14, high);
  const int wrap = static_cast<int>(Qt::AlignLeft | Qt::AlignTop) | Qt::TextWordWrap;
  p->setPen(t.text);
  if (v.lastStale.any) {
    const auto& s = v.lastStale;
    p->setPen(QPen(kStaleColour, 2));
    p->setBrush(Qt::NoBrush);
    p->drawRoundedRect(card, 8, 8);
    p->setPen(kStaleColour);
    const QRectF title(card.left() + 12, card.top() + 6, card.width() - 24,
                       type.compact ? type.line : 28);
    const QStringList titles =
        s.marked
            ? QStringList{QObject::tr("Read marked stale: session %1's \"my orders\" (order %2)")
                              .arg(s.session)
                              .arg(s.order),
                          QObject::tr("Read marked stale: order %1").arg(s.order)}
            : QStringList{QObject::tr("Stale read: session %1's \"my orders\" came back "
                                      "without order %2")
                              .arg(s.session)
                              .arg(s.order),
                          QObject::tr("Stale read: order %1 missing").arg(s.order)};
    drawFirstFitting(p, title, type.compact ? type.title : kTitleText, true, titles);
    p->setPen(t.text);
    const std::uint64_t behind =
        s.orderPosition > s.replicaPosition ? s.orderPosition - s.replicaPosition : 0;
    const QString where = QObject::tr(
                              "The order was stored at position %1; %2 was at %3, %4 "
                              "events behind.")
                              .arg(s.orderPosition)
                              .arg(QString::fromStdString(s.replica))
                              .arg(s.replicaPosition)
                              .arg(behind);
    // The title says whether the read was marked; the full card says what that means.
    const QString why = s.marked ? QObject::tr("With a token the replica waited, then said so.")
                                 : QObject::tr("Without a token nothing said it was stale.");
    text(p, card.adjusted(12, title.bottom() - card.top() + 4, -12, -6), type.small, false,
         type.compact ? where : where + QLatin1Char('\n') + why, wrap);
  } else {
    text(
        p, card.adjusted(12, 0, -12, 0), type.small, false,
        QObject::tr("No stale read yet: %1 \"my orders\" reads found the order.").arg(v.freshReads),
        static_cast<int>(Qt::AlignLeft | Qt::AlignVCenter) | Qt::TextWordWrap);
  }
  return card.bottom();
}

// The listing as the first replica shows it, beside the truth, in two columns.
void paintListing(QPainter* p, const CqrsView& v, const PanelPlaces& at, double top,
                  const Type& type) {
  const Theme& t = currentTheme();
  const double line = type.compact ? type.line : 24;
  const QRectF table(at.cardLeft, top + 8, at.panel.right() - at.cardLeft - 14,
                     at.panel.bottom() - top - 12);
  p->setPen(v.write.oversold > 0 ? kStaleColour : t.text);
  drawFirstFitting(
      p, QRectF(table.left(), table.top(), table.width(), type.compact ? line : 26), type.small,
      true,
      v.write.oversold > 0
          ? QStringList{v.write.oversold == 1
                            ? QObject::tr("Listing on a replica · in the store: 1 item oversold")
                            : QObject::tr("Listing on a replica · in the store: %1 items oversold")
                                  .arg(v.write.oversold),
                        QObject::tr("Listing · store: %n oversold", "",
                                    static_cast<int>(v.write.oversold))}
          : QStringList{QObject::tr("Listing on a replica · in the store")},
      type.compact ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignLeft);
  auto rowText = [](const cs::cqrs::ListingRow& row) {
    return row.shown
               ? QObject::tr("product-%1: %2 · %3")
                     .arg(row.product)
                     .arg(row.stockShown)
                     .arg(row.stockTrue)
               : QObject::tr("product-%1: (not yet) · %2").arg(row.product).arg(row.stockTrue);
  };
  // Two columns where the rows' words fit half the width, else one.
  double widest = 0;
  for (const auto& row : v.listing)
    widest =
        std::max(widest, QFontMetricsF(font(p, type.small, true)).horizontalAdvance(rowText(row)));
  const int columns = !type.compact || widest <= table.width() / 2 - 8 ? 2 : 1;
  // As many rows as the room below the title holds (all, in the full panel).
  const double rowsTop = table.top() + (type.compact ? line : 28);
  const std::size_t perColumnRoom =
      type.compact ? static_cast<std::size_t>(std::max(1.0, (table.bottom() - rowsTop) / line))
                   : v.listing.size();
  const std::size_t shown =
      std::min(v.listing.size(), static_cast<std::size_t>(columns) * perColumnRoom);
  const std::size_t perColumn = (shown + columns - 1) / columns;
  const double columnWidth = table.width() / columns;
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& row = v.listing[i];
    const double lx = table.left() + static_cast<double>(i / perColumn) * columnWidth;
    const double ly = rowsTop + static_cast<double>(i % perColumn) * line;
    const bool behind = !row.shown || row.stockShown != row.stockTrue || row.stockTrue < 0;
    p->setPen(behind ? kStaleColour : t.text);
    p->setFont(font(p, type.small, behind));
    drawFittedText(p, QRectF(lx, ly, columnWidth - 8, line), Qt::AlignLeft | Qt::AlignVCenter,
                   rowText(row));
  }
}

}  // namespace

QString millis(std::int64_t us) {
  return QObject::tr("%1 ms").arg(static_cast<double>(us) / 1000.0, 0, 'f', 1);
}

void paintCqrsPanel(QPainter* p, const CqrsView& v, const PanelPlaces& at) {
  const Theme& t = currentTheme();
  const Type type = typeFor(p);
  p->setPen(QPen(t.mutedText, 1));
  p->setBrush(t.surface);
  p->drawRoundedRect(at.panel, 12, 12);
  if (v.oneModel) {
    paintOneModel(p, v, at.panel, type);
    return;
  }
  paintPositions(p, v, at, type);
  const double cardBottom = paintStaleRead(p, v, at, type);
  paintListing(p, v, at, type.compact ? cardBottom : at.panel.top() + 158, type);
}

}  // namespace cs::ui::cqrs
