// Laying out and painting the branch tree, and switching from it. See
// branch_tree_view.h.
#include "branch_tree_view.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <functional>

#include "../session.h"
#include "../theme.h"
#include "ticks.h"

namespace cs::ui {
namespace {

QString secondsText(SimTime t) {
  return QStringLiteral("%1 s").arg(toSeconds(t), 0, 'f', 1);
}

}  // namespace

QColor branchColour(std::size_t branch) {
  // Distinct on light, dark and projector backgrounds, and none is the red
  // of a crashed node.
  static const QColor palette[] = {QColor(0x2e, 0x86, 0xde), QColor(0xe6, 0x7e, 0x22),
                                   QColor(0x10, 0xac, 0x84), QColor(0x8e, 0x44, 0xad),
                                   QColor(0xe8, 0x43, 0x93), QColor(0x00, 0x97, 0xa7),
                                   QColor(0xa0, 0x6a, 0x2c), QColor(0x6c, 0x8a, 0x00)};
  return palette[branch % std::size(palette)];
}

std::vector<std::size_t> lineage(const Timeline& timeline, std::size_t branch) {
  std::vector<std::size_t> chain;
  for (std::size_t b = branch; b < timeline.branches.size(); b = timeline.branches[b].parent)
    chain.push_back(b);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

QString branchTitle(const BranchInfo& b) {
  if (b.parent == kNoBranch) return QObject::tr("the first run");
  return QObject::tr("%1 at %2").arg(QString::fromStdString(b.label), secondsText(b.forkedAt));
}

BranchTreeView::BranchTreeView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("branchTree"));
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setCursor(Qt::PointingHandCursor);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void BranchTreeView::setSession(Session* session) {
  session_ = session;
  connect(session, &Session::timelineChanged, this, &BranchTreeView::timelineChanged);
  connect(session, &Session::scenarioOpened, this, &BranchTreeView::timelineChanged);
  // The marker at the moment shown, and the current branch's head, move as the run plays.
  connect(session, &Session::updated, this, [this] {
    if (isVisible()) update();
  });
  timelineChanged();
}

const Timeline* BranchTreeView::timeline() const {
  return session_ ? session_->mirror().timeline.get() : nullptr;
}

void BranchTreeView::timelineChanged() {
  order_.clear();
  rowOf_.clear();
  const Timeline* t = timeline();
  if (t) {
    rowOf_.assign(t->branches.size(), 0);
    // Depth first, children in the order they were made, as `git log --graph` nests them.
    std::function<void(std::size_t)> add = [&](std::size_t id) {
      rowOf_[id] = order_.size();
      order_.push_back(id);
      for (const BranchInfo& c : t->branches)
        if (c.parent == id) add(c.id);
    };
    for (const BranchInfo& b : t->branches)
      if (b.parent == kNoBranch) add(b.id);
  }
  keyRow_ = -1;
  hover_ = -1;
  updateGeometry();
  update();
}

SimTime BranchTreeView::headOf(const BranchInfo& b) const {
  const Timeline* t = timeline();
  // The current branch's head moves with every batch; the timeline's copy only when it is replaced.
  if (t && session_ && b.id == t->branch) return std::max(b.head, session_->mirror().status.head);
  return b.head;
}

SimTime BranchTreeView::span() const {
  SimTime end{1'000'000};
  if (const Timeline* t = timeline())
    for (const BranchInfo& b : t->branches) end = std::max(end, headOf(b));
  return SimTime{static_cast<std::int64_t>(static_cast<double>(end.count()) * 1.04)};
}

BranchTreeView::Layout BranchTreeView::layout() const {
  const QFontMetricsF fm(font());
  QFont bold = font();
  bold.setBold(true);
  const QFontMetricsF fb(bold);
  Layout l;
  l.margin = std::round(fm.height() * 0.6);
  l.header = std::round(fm.height() * 1.6);
  l.row = std::round(fm.height() * 2.8);
  l.badge = std::round(fm.height() * 1.5);
  l.textLeft = l.margin + l.badge + l.margin;
  double text = fm.averageCharWidth() * 24;
  if (const Timeline* t = timeline())
    for (const BranchInfo& b : t->branches) {
      text = std::max(text, fb.horizontalAdvance(branchTitle(b) + tr("  (current)")));
      text = std::max(text, fm.horizontalAdvance(branchDetail(b)));
    }
  l.textWidth = std::min(text, fm.averageCharWidth() * 48);
  l.graphLeft = l.textLeft + l.textWidth + 2 * l.margin;
  l.graphRight = std::max(l.graphLeft + 120, width() - 2 * l.margin);
  l.span = span();
  return l;
}

QSize BranchTreeView::sizeHint() const {
  const Layout l = layout();
  const double graph = QFontMetricsF(font()).averageCharWidth() * 64;
  const double h =
      l.header + static_cast<double>(std::max<std::size_t>(order_.size(), 1)) * l.row + l.margin;
  return QSize(static_cast<int>(std::ceil(l.graphLeft + graph + 2 * l.margin)),
               static_cast<int>(std::ceil(h)));
}

QSize BranchTreeView::minimumSizeHint() const {
  const Layout l = layout();
  return QSize(static_cast<int>(l.graphLeft + 140), static_cast<int>(l.header + l.row));
}

double BranchTreeView::xOf(SimTime t) const {
  return xOf(layout(), t);
}

double BranchTreeView::xOf(const Layout& l, SimTime t) const {
  return l.graphLeft +
         (l.graphRight - l.graphLeft) * toSeconds(t) / std::max(toSeconds(l.span), 1e-6);
}

double BranchTreeView::rowCentre(const Layout& l, std::size_t branch) const {
  return l.header + (static_cast<double>(rowOf_[branch]) + 0.5) * l.row;
}

QRect BranchTreeView::rowRect(std::size_t branch) const {
  if (branch >= rowOf_.size()) return {};
  const Layout l = layout();
  const double top = l.header + static_cast<double>(rowOf_[branch]) * l.row;
  return QRectF(0, top, width(), l.row).toRect();
}

QPointF BranchTreeView::forkPoint(std::size_t branch) const {
  return forkPoint(layout(), branch);
}

QPointF BranchTreeView::forkPoint(const Layout& l, std::size_t branch) const {
  const Timeline* t = timeline();
  if (!t || branch >= t->branches.size()) return {};
  const BranchInfo& b = t->branches[branch];
  if (b.parent == kNoBranch) return {xOf(l, SimTime{0}), rowCentre(l, branch)};
  return {xOf(l, b.forkedAt), rowCentre(l, b.parent)};
}

QString BranchTreeView::branchDetail(const BranchInfo& b) const {
  if (b.parent == kNoBranch) return tr("reached %1").arg(secondsText(headOf(b)));
  return tr("from branch %1 · reached %2").arg(b.parent + 1).arg(secondsText(headOf(b)));
}

int BranchTreeView::rowAt(const QPoint& pos) const {
  const Layout l = layout();
  if (pos.y() < l.header) return -1;
  const auto row = static_cast<std::size_t>((pos.y() - l.header) / l.row);
  return row < order_.size() ? static_cast<int>(row) : -1;
}

void BranchTreeView::choose(std::size_t branch) {
  if (!session_) return;
  session_->switchBranch(branch);
  emit branchChosen(branch);
}

void BranchTreeView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const Layout l = layout();
  paintAxis(p, l);
  for (std::size_t r = 0; r < order_.size(); ++r) paintRow(p, l, r);
  paintGraph(p, l);
}

void BranchTreeView::paintAxis(QPainter& p, const Layout& l) const {
  const Theme& theme = currentTheme();
  const SimTime end = l.span;
  const SimDuration step = gridStep((l.graphRight - l.graphLeft) / toSeconds(end), 80);
  QColor grid = theme.mutedText;
  grid.setAlphaF(0.15);
  const double bottom = l.header + static_cast<double>(order_.size()) * l.row;
  for (SimTime t{0}; t <= end; t += step) {
    const double x = xOf(l, t);
    p.setPen(theme.mutedText);
    p.drawText(
        QRectF(x - 40, 0, 80, l.header), Qt::AlignCenter,
        QStringLiteral("%1 s").arg(toSeconds(t), 0, 'f', step < SimDuration{1'000'000} ? 1 : 0));
    p.setPen(QPen(grid, 1));
    p.drawLine(QPointF(x, l.header), QPointF(x, bottom));
  }
}

void BranchTreeView::paintRow(QPainter& p, const Layout& l, std::size_t row) const {
  const Timeline* t = timeline();
  const Theme& theme = currentTheme();
  const BranchInfo& b = t->branches[order_[row]];
  const bool current = b.id == t->branch;
  const QRectF box(0, l.header + static_cast<double>(row) * l.row, width(), l.row);
  const QColor colour = branchColour(b.id);
  const bool keyed = keyRow_ == static_cast<int>(row) && hasFocus();
  if (current || hover_ == static_cast<int>(row) || keyed) {
    QColor fill = current ? colour : theme.mutedText;
    fill.setAlphaF(current ? 0.16 : 0.10);
    p.fillRect(box.adjusted(0, 1, 0, -1), fill);
  }
  if (current) p.fillRect(QRectF(0, box.top() + 1, 5, box.height() - 2), colour);
  if (keyed) {
    p.setPen(QPen(theme.text, 1, Qt::DashLine));
    p.setBrush(Qt::NoBrush);
    p.drawRect(box.adjusted(1, 1, -2, -2));
  }

  // The badge: the branch's number on its colour.
  const QRectF badge(l.margin, box.center().y() - l.badge / 2, l.badge, l.badge);
  p.setPen(Qt::NoPen);
  p.setBrush(colour);
  p.drawEllipse(badge);
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(Qt::white);
  p.drawText(badge, Qt::AlignCenter, QString::number(b.id + 1));

  const QFontMetricsF fm(font());
  const QRectF line1(l.textLeft, box.center().y() - fm.height(), l.textWidth, fm.height());
  const QRectF line2(l.textLeft, box.center().y(), l.textWidth, fm.height());
  QString title = branchTitle(b);
  if (current) title += tr("  (current)");
  p.setPen(theme.text);
  p.drawText(line1, Qt::AlignLeft | Qt::AlignVCenter,
             QFontMetricsF(bold).elidedText(title, Qt::ElideMiddle, l.textWidth));
  p.setFont(font());
  p.setPen(theme.mutedText);
  p.drawText(line2, Qt::AlignLeft | Qt::AlignVCenter,
             fm.elidedText(branchDetail(b), Qt::ElideRight, l.textWidth));
}

void BranchTreeView::paintGraph(QPainter& p, const Layout& l) const {
  const Timeline* t = timeline();
  if (!t || !session_) return;
  const Theme& theme = currentTheme();
  const double thin = std::max(3.0, l.row * 0.07), thick = thin * 1.8;
  const double dot = thin * 1.4;
  // Lines first, then the dots on top of every line.
  for (std::size_t id : order_) {
    const BranchInfo& b = t->branches[id];
    const QPointF from = forkPoint(l, id);
    const double y = rowCentre(l, id);
    const double x1 = std::max(xOf(l, headOf(b)), from.x());
    const double bend = std::min(l.row * 0.35, std::abs(y - from.y()));
    QPainterPath path(from);
    if (bend > 0) {
      // Down from the fork point on the parent's line, turning into this branch's row.
      path.lineTo(from.x(), y - bend);
      path.quadTo(from.x(), y, from.x() + bend, y);
      if (x1 > from.x() + bend) path.lineTo(x1, y);
    } else {
      path.lineTo(x1, y);
    }
    const bool current = id == t->branch;
    p.setPen(
        QPen(branchColour(id), current ? thick : thin, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
  }
  for (std::size_t id : order_) {
    const BranchInfo& b = t->branches[id];
    const QColor colour = branchColour(id);
    p.setPen(QPen(theme.background, 1.5));
    p.setBrush(colour);
    if (b.parent != kNoBranch) p.drawEllipse(forkPoint(l, id), dot, dot);
    const QPointF head(std::max(xOf(l, headOf(b)), forkPoint(l, id).x()), rowCentre(l, id));
    p.drawEllipse(head, dot * 1.3, dot * 1.3);
  }
  // The moment shown, on the current branch: a ring, as "you are here".
  const SimTime now = session_->mirror().status.now;
  const QPointF at(xOf(l, now), rowCentre(l, t->branch));
  const double k = dot * 1.9;
  p.setPen(QPen(theme.text, thin));
  p.setBrush(theme.background);
  p.drawEllipse(at, k, k);
}

void BranchTreeView::mouseMoveEvent(QMouseEvent* e) {
  const int row = rowAt(e->position().toPoint());
  if (row != hover_) {
    hover_ = row;
    update();
  }
}

void BranchTreeView::leaveEvent(QEvent*) {
  hover_ = -1;
  update();
}

void BranchTreeView::mouseReleaseEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return QWidget::mouseReleaseEvent(e);
  const int row = rowAt(e->position().toPoint());
  if (row >= 0) choose(order_[static_cast<std::size_t>(row)]);
}

void BranchTreeView::keyPressEvent(QKeyEvent* e) {
  const Timeline* t = timeline();
  if (!t || order_.empty()) return QWidget::keyPressEvent(e);
  const int rows = static_cast<int>(order_.size());
  const int at = keyRow_ >= 0 ? keyRow_ : static_cast<int>(rowOf_[t->branch]);
  switch (e->key()) {
    case Qt::Key_Up:
      keyRow_ = std::max(at - 1, 0);
      break;
    case Qt::Key_Down:
      keyRow_ = std::min(at + 1, rows - 1);
      break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
      choose(order_[static_cast<std::size_t>(at)]);
      return;
    default:
      return QWidget::keyPressEvent(e);
  }
  update();
}

bool BranchTreeView::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip) {
    const int row = rowAt(static_cast<QHelpEvent*>(e)->pos());
    const Timeline* t = timeline();
    if (row < 0 || !t) {
      QToolTip::hideText();
      return true;
    }
    const BranchInfo& b = t->branches[order_[static_cast<std::size_t>(row)]];
    QString tip = b.parent == kNoBranch
                      ? tr("Branch 1: the run from 0 s, reached %1.").arg(secondsText(headOf(b)))
                      : tr("Branch %1: %2 forked it from branch %3 at %4; reached %5.")
                            .arg(b.id + 1)
                            .arg(QString::fromStdString(b.label))
                            .arg(b.parent + 1)
                            .arg(secondsText(b.forkedAt), secondsText(headOf(b)));
    tip += b.id == t->branch ? tr("\nThe current branch.") : tr("\nClick to switch to it.");
    QToolTip::showText(static_cast<QHelpEvent*>(e)->globalPos(), tip, this);
    return true;
  }
  return QWidget::event(e);
}

}  // namespace cs::ui
