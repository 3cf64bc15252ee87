// Painting the route table. See fig_route_table.h.
#include "fig_route_table.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "../../src/canvas/fitted_text.h"
#include "../../src/canvas/shapes.h"
#include "../../src/theme.h"

namespace cs::ui::strangler_fig {
namespace {

using cs::strangler_fig::RouteView;
using cs::strangler_fig::ShadowOutcome;
using cs::strangler_fig::Verdict;

constexpr double kLeft = 980;
constexpr double kTop = 50;
constexpr double kRowHeight = 45;
constexpr double kWidth = 920;

// Where the columns start, from the table's left edge, and the type they
// are written in (scene pixels).
struct Columns {
  double stage, split, ledger, verdict;
  int name, text;
  bool serviceLine;  // "→ catalog" under the route's name
  bool quietLedger;  // a ledger without its zero counts
};
// The full table, and a compact one where the canvas is drawn so small
// (a laptop's window) that the full one's text would read under
// kReadablePixels: fewer, larger words in the same room, its columns as
// wide as their words at that size: no service line, no split bar, and one
// column for the ledger (without its zero counts) or, on a canary, the
// analysis.
constexpr Columns kFull{215, 355, 535, 790, 19, 17, true, false};
constexpr int kCompactText = 25;

double advance(QPainter* p, int pixels, bool bold, const QString& s) {
  return QFontMetricsF(font(p, pixels, bold)).horizontalAdvance(s);
}

QString routeName(const RouteView& r) {
  return QString::fromStdString(r.name) + (r.write ? QObject::tr(" (w)") : QString());
}

Columns columnsFor(QPainter* p, const FigView& view) {
  if (kFull.text * screenScale(p) >= kReadablePixels) return kFull;
  const int text = std::max(kCompactText, readablePixels(p, kCompactText));
  double names = advance(p, text, false, QObject::tr("route"));
  for (const RouteView& r : view.routes)
    names = std::max(names, advance(p, text, true, routeName(r)));
  Columns c{0, 0, 0, 0, text, text, false, true};
  c.stage = names + 12;
  c.split = c.stage + advance(p, text, true, QStringLiteral("canary 88%")) + 24;
  // No split bar: the stage's chip says the weight in words, and the bar
  // would be a sliver. One column says what matters in the route's stage:
  // a canary's analysis, else the shadow ledger.
  c.ledger = c.verdict = c.split;
  return c;
}

std::uint64_t ledger(const RouteView& r, ShadowOutcome o) {
  return r.shadow[static_cast<std::size_t>(o)];
}

void paintStageChip(QPainter* p, const RouteView& r, const QRectF& cell, int px) {
  const QRectF chip = cell.adjusted(0, px > 20 ? 5 : 9, -12, px > 20 ? -5 : -9);
  p->setPen(Qt::NoPen);
  p->setBrush(stageColour(r.stage));
  p->drawRoundedRect(chip, 8, 8);
  p->setPen(QColor("#ffffff"));
  p->setFont(font(p, px, true));
  QString text = QString::fromUtf8(cs::strangler_fig::stageName(r.stage));
  if (r.stage == Stage::Canary) text += QStringLiteral(" %1%").arg(r.weight);
  drawFittedText(p, chip, Qt::AlignCenter, text);
}

// Legacy's share on the left, the new service's on the right, at the weight;
// a shadowed route's bar is all legacy with a mirrored stripe under it.
void paintSplit(QPainter* p, const RouteView& r, const QRectF& cell) {
  const QRectF bar = cell.adjusted(0, 14, -16, -14);
  const double split = bar.width() * r.weight / 100.0;
  p->setPen(Qt::NoPen);
  p->setBrush(r.stage == Stage::Retired ? kNewFill.darker(130) : kLegacyFill);
  p->drawRect(QRectF(bar.left(), bar.top(), bar.width() - split, bar.height()));
  p->setBrush(kNewFill);
  p->drawRect(QRectF(bar.right() - split, bar.top(), split, bar.height()));
  if (r.stage == Stage::Shadow) {
    p->setBrush(kMirrorFill);
    p->drawRect(QRectF(bar.left(), bar.bottom() + 2, bar.width(), 5));
  }
  p->setPen(QPen(currentTheme().mutedText, 1));
  p->setBrush(Qt::NoBrush);
  p->drawRect(bar);
}

void paintLedger(QPainter* p, const RouteView& r, const QRectF& cell, const Columns& c) {
  const Theme& t = currentTheme();
  if (r.mirrored == 0) {
    p->setPen(t.mutedText);
    p->setFont(font(p, c.text, false));
    p->drawText(cell, Qt::AlignVCenter | Qt::AlignLeft,
                c.quietLedger ? QObject::tr("—") : QObject::tr("not shadowed"));
    return;
  }
  struct Part {
    ShadowOutcome outcome;
    QColor colour;
    const char* mark;
  };
  const Part parts[] = {{ShadowOutcome::Match, QColor("#2e7d32"), "="},
                        {ShadowOutcome::Mismatch, QColor("#c62828"), "≠"},
                        {ShadowOutcome::Ignored, t.mutedText, "~"},
                        {ShadowOutcome::CandidateError, QColor("#ef6c00"), "!"},
                        {ShadowOutcome::Timeout, QColor("#6d4c41"), "∅"}};
  double x = cell.left();
  for (const Part& part : parts) {
    const std::uint64_t n = ledger(r, part.outcome);
    if (c.quietLedger && n == 0 && part.outcome != ShadowOutcome::Match) continue;
    const bool strong =
        part.outcome != ShadowOutcome::Match && part.outcome != ShadowOutcome::Ignored && n > 0;
    p->setFont(font(p, c.text + 1, strong));
    p->setPen(n > 0 ? part.colour : t.mutedText);
    const QString text = QString::fromUtf8(part.mark) + QString::number(n);
    const double wide = p->fontMetrics().horizontalAdvance(text);
    if (x + wide > cell.right()) break;
    p->drawText(QRectF(x, cell.top(), wide + 2, cell.height()), Qt::AlignVCenter | Qt::AlignLeft,
                text);
    x += std::max(50.0, wide + 10);
  }
}

void paintVerdict(QPainter* p, const RouteView& r, const QRectF& cell, int px) {
  const Theme& t = currentTheme();
  p->setFont(font(p, px, r.verdict == Verdict::Failing));
  QString text;
  if (r.stage == Stage::Canary && r.verdict != Verdict::None)
    text = QString::fromUtf8(cs::strangler_fig::verdictName(r.verdict));
  if (r.rollbacks > 0)
    text +=
        (text.isEmpty() ? QString() : QStringLiteral(", ")) + QObject::tr("↩ %1").arg(r.rollbacks);
  p->setPen(r.verdict == Verdict::Failing || r.rollbacks > 0 ? QColor("#c62828") : t.text);
  drawFittedText(p, cell, Qt::AlignVCenter | Qt::AlignLeft, text);
}

}  // namespace

QColor stageColour(Stage stage) {
  switch (stage) {
    case Stage::Legacy:
      return kLegacyFill;
    case Stage::Shadow:
      return kMirrorFill;
    case Stage::Canary:
      return QColor("#ef6c00");
    case Stage::Migrated:
      return kNewFill;
    case Stage::Retired:
      return QColor("#1b5e20");
  }
  return kLegacyFill;
}

QRectF routeTableBounds() {
  return QRectF(kLeft - 10, kTop - 60, kWidth + 20,
                (static_cast<double>(cs::strangler_fig::kRouteCount) + 1) * kRowHeight + 80);
}

void paintRouteTable(QPainter* p, const FigView& view) {
  const Theme& t = currentTheme();
  const Columns c = columnsFor(p, view);
  const QRectF frame = routeTableBounds();
  p->setPen(QPen(t.mutedText, 1));
  p->setBrush(t.surface);
  p->drawRoundedRect(frame, 12, 12);
  // The compact table's title stands over its names, on the headings' row,
  // so that the rows move up to leave the key two lines of its larger type.
  const double up = c.serviceLine ? 0 : 32;
  p->setPen(t.text);
  p->setFont(font(p, c.name + (c.serviceLine ? 1 : 0), true));
  p->drawText(QRectF(kLeft, kTop - 56, c.serviceLine ? kWidth : c.stage - 6, 32),
              Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("facade route table"));
  p->setFont(font(p, c.text, false));
  p->setPen(t.mutedText);
  const double head = kTop - 24 - up;
  auto heading = [&](double x, double w, const QString& s) {
    drawFittedText(p, QRectF(kLeft + x, head, w - 6, 28), Qt::AlignLeft | Qt::AlignVCenter, s);
  };
  if (c.serviceLine) heading(0, c.stage, QObject::tr("route → new service"));
  heading(c.stage, c.split - c.stage, QObject::tr("stage"));
  if (c.serviceLine) {
    heading(c.split, c.ledger - c.split, QObject::tr("legacy | new"));
    heading(c.ledger, c.verdict - c.ledger, QObject::tr("shadow ledger"));
    heading(c.verdict, kWidth - c.verdict, QObject::tr("analysis"));
  } else {
    const double room = kWidth - c.verdict;
    const QString both = QObject::tr("shadow · analysis");
    heading(c.verdict, room,
            advance(p, c.text, false, both) <= room - 6 ? both : QObject::tr("analysis"));
  }
  p->setFont(font(p, c.text, false));
  p->setPen(t.mutedText);
  // The key, on two lines where the type is large.
  const double keyTop = kTop + 6 - up + static_cast<double>(view.routes.size()) * kRowHeight;
  // The compact one's shorter words keep it to two lines of its larger type.
  p->drawText(QRectF(kLeft, keyTop, kWidth, frame.bottom() - keyTop - 2),
              Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
              c.serviceLine
                  ? QObject::tr("shadow ledger: = match  ≠ mismatch  ~ ignored  ! candidate "
                                "error  ∅ timeout   ↩ rollbacks   (w) write route")
                  : QObject::tr("= match  ≠ mismatch  ~ ignored  ! error  ∅ timeout  ↩ "
                                "rollback  (w) write"));
  for (const RouteView& r : view.routes) {
    const double y = kTop + 6 - up + r.index * kRowHeight;
    const bool retired = r.stage == Stage::Retired;
    const QString name = routeName(r);
    p->setPen(retired ? t.mutedText : t.text);
    p->setFont(font(p, c.name, true));
    if (c.serviceLine) {
      p->drawText(QRectF(kLeft, y, c.stage, kRowHeight / 2 + 4), Qt::AlignLeft | Qt::AlignBottom,
                  name);
      p->setFont(font(p, c.text, false));
      p->setPen(t.mutedText);
      p->drawText(QRectF(kLeft, y + kRowHeight / 2 + 2, c.stage, kRowHeight / 2 - 2),
                  Qt::AlignLeft | Qt::AlignTop,
                  QStringLiteral("→ ") + QString::fromStdString(r.capability));
    } else {
      p->drawText(QRectF(kLeft, y, c.stage - 8, kRowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                  name);
    }
    paintStageChip(p, r, QRectF(kLeft + c.stage, y, c.split - c.stage, kRowHeight), c.text);
    if (c.ledger > c.split)
      paintSplit(p, r, QRectF(kLeft + c.split, y, c.ledger - c.split, kRowHeight));
    const QRectF last(kLeft + c.verdict, y, kWidth - c.verdict, kRowHeight);
    if (c.verdict > c.ledger) {
      paintLedger(p, r, QRectF(kLeft + c.ledger, y, c.verdict - c.ledger - 8, kRowHeight), c);
      paintVerdict(p, r, last, c.text);
    } else if (r.stage == Stage::Canary || r.rollbacks > 0) {
      paintVerdict(p, r, last, c.text);
    } else {
      paintLedger(p, r, last, c);
    }
  }
}

}  // namespace cs::ui::strangler_fig
