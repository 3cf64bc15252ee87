// Painting the route table. See fig_route_table.h.
#include "fig_route_table.h"

#include <QObject>
#include <QPainter>

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
// Column starts, from the table's left edge.
constexpr double kStageX = 215, kSplitX = 355, kLedgerX = 535, kVerdictX = 790;

std::uint64_t ledger(const RouteView& r, ShadowOutcome o) {
  return r.shadow[static_cast<std::size_t>(o)];
}

void paintStageChip(QPainter* p, const RouteView& r, const QRectF& cell) {
  const QRectF chip = cell.adjusted(0, 9, -12, -9);
  p->setPen(Qt::NoPen);
  p->setBrush(stageColour(r.stage));
  p->drawRoundedRect(chip, 8, 8);
  p->setPen(QColor("#ffffff"));
  p->setFont(font(p, 17, true));
  QString text = QString::fromUtf8(cs::strangler_fig::stageName(r.stage));
  if (r.stage == Stage::Canary) text += QStringLiteral(" %1%").arg(r.weight);
  p->drawText(chip, Qt::AlignCenter, text);
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

void paintLedger(QPainter* p, const RouteView& r, const QRectF& cell) {
  const Theme& t = currentTheme();
  if (r.mirrored == 0) {
    p->setPen(t.mutedText);
    p->setFont(font(p, 17, false));
    p->drawText(cell, Qt::AlignVCenter | Qt::AlignLeft, QObject::tr("not shadowed"));
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
    const bool strong =
        part.outcome != ShadowOutcome::Match && part.outcome != ShadowOutcome::Ignored && n > 0;
    p->setFont(font(p, 18, strong));
    p->setPen(n > 0 ? part.colour : t.mutedText);
    const QString text = QString::fromUtf8(part.mark) + QString::number(n);
    p->drawText(QRectF(x, cell.top(), 60, cell.height()), Qt::AlignVCenter | Qt::AlignLeft, text);
    x += 50;
  }
}

void paintVerdict(QPainter* p, const RouteView& r, const QRectF& cell) {
  const Theme& t = currentTheme();
  p->setFont(font(p, 17, r.verdict == Verdict::Failing));
  QString text;
  if (r.stage == Stage::Canary && r.verdict != Verdict::None)
    text = QString::fromUtf8(cs::strangler_fig::verdictName(r.verdict));
  if (r.rollbacks > 0)
    text +=
        (text.isEmpty() ? QString() : QStringLiteral(", ")) + QObject::tr("↩ %1").arg(r.rollbacks);
  p->setPen(r.verdict == Verdict::Failing || r.rollbacks > 0 ? QColor("#c62828") : t.text);
  p->drawText(cell, Qt::AlignVCenter | Qt::AlignLeft, text);
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
  const QRectF frame = routeTableBounds();
  p->setPen(QPen(t.mutedText, 1));
  p->setBrush(t.surface);
  p->drawRoundedRect(frame, 12, 12);
  p->setPen(t.text);
  p->setFont(font(p, 20, true));
  p->drawText(QRectF(kLeft, kTop - 52, kWidth, 30), Qt::AlignLeft | Qt::AlignVCenter,
              QObject::tr("facade route table"));
  p->setFont(font(p, 17, false));
  p->setPen(t.mutedText);
  const double head = kTop - 20;
  auto heading = [&](double x, double w, const QString& s) {
    p->drawText(QRectF(kLeft + x, head, w, 22), Qt::AlignLeft | Qt::AlignVCenter, s);
  };
  heading(0, 180, QObject::tr("route → new service"));
  heading(kStageX, 140, QObject::tr("stage"));
  heading(kSplitX, 190, QObject::tr("legacy | new"));
  heading(kLedgerX, 240, QObject::tr("shadow ledger"));
  heading(kVerdictX, 120, QObject::tr("analysis"));
  p->setFont(font(p, 17, false));
  p->setPen(t.mutedText);
  p->drawText(
      QRectF(kLeft, kTop + 8 + static_cast<double>(view.routes.size()) * kRowHeight, kWidth, 24),
      Qt::AlignLeft | Qt::AlignVCenter,
      QObject::tr("shadow ledger: = match  ≠ mismatch  ~ ignored  ! candidate error  ∅ "
                  "timeout   ↩ rollbacks   (w) write route"));
  for (const RouteView& r : view.routes) {
    const double y = kTop + 6 + r.index * kRowHeight;
    const bool retired = r.stage == Stage::Retired;
    p->setPen(retired ? t.mutedText : t.text);
    p->setFont(font(p, 19, true));
    p->drawText(QRectF(kLeft, y, kStageX, kRowHeight / 2 + 4), Qt::AlignLeft | Qt::AlignBottom,
                QString::fromStdString(r.name) + (r.write ? QObject::tr(" (w)") : QString()));
    p->setFont(font(p, 17, false));
    p->setPen(t.mutedText);
    p->drawText(QRectF(kLeft, y + kRowHeight / 2 + 2, kStageX, kRowHeight / 2 - 2),
                Qt::AlignLeft | Qt::AlignTop,
                QStringLiteral("→ ") + QString::fromStdString(r.capability));
    paintStageChip(p, r, QRectF(kLeft + kStageX, y, kSplitX - kStageX, kRowHeight));
    paintSplit(p, r, QRectF(kLeft + kSplitX, y, kLedgerX - kSplitX, kRowHeight));
    paintLedger(p, r, QRectF(kLeft + kLedgerX, y, kVerdictX - kLedgerX, kRowHeight));
    paintVerdict(p, r, QRectF(kLeft + kVerdictX, y, kWidth - kVerdictX, kRowHeight));
  }
}

}  // namespace cs::ui::strangler_fig
