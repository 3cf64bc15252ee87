// The space-time diagram's events: painting, clicks that select, Ctrl+wheel
// zoom, tooltips and theme changes. See spacetime_view.h.
#include "spacetime_view.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "../session.h"
#include "../theme.h"

namespace cs::ui {
namespace {

double distanceToSegment(QPointF p, QLineF l) {
  const QPointF d = l.p2() - l.p1();
  const double len2 = d.x() * d.x() + d.y() * d.y();
  double f = len2 > 0 ? QPointF::dotProduct(p - l.p1(), d) / len2 : 0;
  f = std::clamp(f, 0.0, 1.0);
  const QPointF q = l.p1() + d * f - p;
  return std::hypot(q.x(), q.y());
}

}  // namespace

void SpacetimeView::paintEvent(QPaintEvent*) {
  refresh();
  QPainter p(viewport());
  const Mirror* m = mirror();
  if (!m || m->nodes.empty()) {
    const Theme& t = currentTheme();
    p.fillRect(viewport()->rect(), t.surface);
    p.setPen(t.mutedText);
    p.drawText(viewport()->rect(), Qt::AlignCenter, tr("No scenario open"));
    return;
  }
  painter_.paint(p, frame());
}

void SpacetimeView::resizeEvent(QResizeEvent* event) {
  QAbstractScrollArea::resizeEvent(event);
  layoutStale_ = true;
  refresh();
}

void SpacetimeView::showEvent(QShowEvent* event) {
  QAbstractScrollArea::showEvent(event);
  refresh();
}

void SpacetimeView::changeEvent(QEvent* event) {
  switch (event->type()) {
    case QEvent::PaletteChange:
    case QEvent::ApplicationPaletteChange:
    case QEvent::FontChange:
    case QEvent::ApplicationFontChange:
    case QEvent::StyleChange:
      // A new theme: its colours, its type and so its minimum lane width.
      coloursStale_ = layoutStale_ = true;
      viewport()->update();
      break;
    default:
      break;
  }
  QAbstractScrollArea::changeEvent(event);
}

void SpacetimeView::scrollContentsBy(int, int) {
  viewport()->update();
}

SpacetimeView::Hit SpacetimeView::hitTest(QPointF at) {
  refresh();
  Hit hit;
  const QPointF offset = contentOffset();
  if (at.y() < header_) {
    if (at.x() >= gutter_) hit.node = layout_.laneAt(at.x() - offset.x());
    return hit;
  }
  if (at.x() < gutter_) return hit;
  const QPointF c = at - offset;
  const double slop = std::max(5.0, currentTheme().lineWidth * 2.5);
  const MessageId selected = session_ ? session_->selectedMessage() : 0;
  const auto [first, last] =
      index_.arrowsBetween(axis_.at(c.y() - slop), axis_.at(c.y() + slop), now());
  double best = slop;
  for (std::size_t i = first; i < last; ++i) {
    const SpacetimeArrow& a = index_.arrows()[i];
    if ((!filter_.accepts(a) && a.msg != selected) || !layout_.shows(a.from) ||
        !layout_.shows(a.to))
      continue;
    const double d = distanceToSegment(c, arrowLine(a, layout_, axis_, now()).line);
    if (d <= best) {
      best = d;
      hit.arrow = static_cast<int>(i);
    }
  }
  if (hit.arrow >= 0) return hit;
  const auto& marks = index_.marks();
  for (std::size_t i = 0; i < marks.size(); ++i) {
    const Lane* l = layout_.lane(marks[i].node);
    if (!l || !l->shown || l->collapsed) continue;
    if (std::abs(c.x() - l->centre()) <= std::max(8.0, l->width * 0.3) &&
        std::abs(c.y() - axis_.y(marks[i].at)) <= 6) {
      hit.node = marks[i].node;
      hit.mark = static_cast<int>(i);
      return hit;
    }
  }
  return hit;
}

void SpacetimeView::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return QAbstractScrollArea::mousePressEvent(event);
  const Hit hit = hitTest(event->position());
  if (hit.arrow < 0 && hit.node == kNoNode) return;
  event->accept();
  // Picking something stops following, so it does not scroll away.
  setFollowing(false);
  selecting_ = true;
  if (hit.arrow >= 0) {
    const SpacetimeArrow& a = index_.arrows()[static_cast<std::size_t>(hit.arrow)];
    emit messageClicked(a.msg, a.from);
    if (session_) session_->selectMessage(a.msg, a.from);
  } else {
    emit nodeClicked(hit.node);
    if (session_) session_->selectNode(hit.node);
  }
  selecting_ = false;
}

void SpacetimeView::wheelEvent(QWheelEvent* event) {
  if (!(event->modifiers() & Qt::ControlModifier)) return QAbstractScrollArea::wheelEvent(event);
  event->accept();
  zoomBy(std::pow(1.2, event->angleDelta().y() / 120.0), event->position().y());
}

bool SpacetimeView::viewportEvent(QEvent* event) {
  if (event->type() != QEvent::ToolTip) return QAbstractScrollArea::viewportEvent(event);
  auto* help = static_cast<QHelpEvent*>(event);
  const QString text = toolTipFor(hitTest(help->pos()));
  if (text.isEmpty())
    QToolTip::hideText();
  else
    QToolTip::showText(help->globalPos(), text, viewport());
  return true;
}

QString SpacetimeView::toolTipFor(const Hit& hit) {
  const Mirror* m = mirror();
  if (!m) return {};
  auto text = [m](std::uint64_t seq) {
    const DriverRecord* r = SpacetimeIndex::record(*m, seq);
    return r ? QString::fromStdString(r->text) : QString();
  };
  auto at = [](SimTime t) { return QStringLiteral("%1 s").arg(toSeconds(t), 0, 'f', 3); };
  if (hit.arrow >= 0) {
    const SpacetimeArrow& a = index_.arrows()[static_cast<std::size_t>(hit.arrow)];
    QString s = text(a.sentSeq) + QLatin1Char('\n') + tr("sent at %1").arg(at(a.sent));
    const double ms = toSeconds(a.end - a.sent) * 1000;
    switch (a.endKind) {
      case ArrowEnd::Delivered:
        return s + tr(", delivered at %1 (%2 ms later)").arg(at(a.end)).arg(ms, 0, 'f', 1);
      case ArrowEnd::Dropped:
        return s + QLatin1Char('\n') + text(a.endSeq) + tr(" at %1").arg(at(a.end));
      case ArrowEnd::InFlight:
        return s + tr(", in flight, due at %1").arg(at(a.due));
    }
  }
  if (hit.mark >= 0) {
    const SpacetimeMark& k = index_.marks()[static_cast<std::size_t>(hit.mark)];
    return text(k.seq) + tr(" at %1").arg(at(k.at));
  }
  if (hit.node == kNoNode) return {};
  const NodeSnapshot* n = m->node(hit.node);
  if (!n) return {};
  QString s = QString::fromStdString(n->name);
  if (!n->role.empty()) s += QStringLiteral(" · ") + QString::fromStdString(n->role);
  if (n->status == NodeStatus::Crashed) s += tr(" · crashed");
  if (n->status == NodeStatus::Paused) s += tr(" · paused");
  return s;
}

}  // namespace cs::ui
