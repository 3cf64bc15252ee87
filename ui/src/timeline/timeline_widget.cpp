// Painting the scrubber and seeking from it. See timeline_widget.h.
#include "timeline_widget.h"

#include <QAction>
#include <QFontInfo>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "../session.h"
#include "../theme.h"
#include "branch_tree_view.h"
#include "ticks.h"

namespace cs::ui {
namespace {

constexpr int kThrottleMs = 80;     // a seek in a long shop run takes ~100 ms
constexpr double kPinHeight = 0.8;  // a fork's pin above the track, in track heights

QString clockText(SimTime t) {
  const double s = toSeconds(t);
  if (s < 60) return QStringLiteral("%1 s").arg(s, 0, 'f', s < 10 ? 1 : 0);
  const int whole = static_cast<int>(s);
  return QStringLiteral("%1:%2").arg(whole / 60).arg(whole % 60, 2, 10, QChar('0'));
}

// Milestones keep one colour per name, so "leader-elected" reads the same everywhere.
QColor milestoneColour(const std::string& name) {
  static const QColor palette[] = {QColor(0x2e, 0x86, 0xde), QColor(0x10, 0xac, 0x84),
                                   QColor(0xee, 0x5a, 0x24), QColor(0x83, 0x4c, 0xc2),
                                   QColor(0xd6, 0x30, 0x31), QColor(0xc2, 0x8a, 0x00)};
  const std::size_t h = std::hash<std::string>{}(name);
  return palette[h % std::size(palette)];
}

QColor faultColour(FaultBits f) {
  const Theme& t = currentTheme();
  switch (f) {
    case kFaultDown:
      return t.dead.isValid() ? t.dead : QColor(0xd6, 0x30, 0x31);
    case kFaultPaused:
      return QColor(0xe0, 0xa0, 0x20);
    case kFaultCut:
      return t.blocked.isValid() ? t.blocked : QColor(0x83, 0x4c, 0xc2);
  }
  return t.mutedText;
}

// A branch's colour for the reached track: opaque, so the groove under it
// does not muddy it, and pale enough for the marks on top.
QColor pastel(const QColor& c) {
  const QColor bg = currentTheme().background;
  const auto mix = [](int a, int b) { return (a * 11 + b * 9) / 20; };
  return QColor(mix(c.red(), bg.red()), mix(c.green(), bg.green()), mix(c.blue(), bg.blue()));
}

QString faultName(FaultBits f) {
  switch (f) {
    case kFaultDown:
      return QObject::tr("down");
    case kFaultPaused:
      return QObject::tr("paused");
    case kFaultCut:
      return QObject::tr("cut off");
  }
  return {};
}

}  // namespace

TimelineWidget::TimelineWidget(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("timeline"));
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  setMouseTracking(true);
  setCursor(Qt::PointingHandCursor);
  setToolTip(tr("Drag to any moment of the run (Home, End, Shift+← →)"));
  throttle_.setSingleShot(true);
  throttle_.setInterval(kThrottleMs);
  connect(&throttle_, &QTimer::timeout, this, [this] {
    if (session_ && target_) session_->seek(*target_);
  });
}

void TimelineWidget::setSession(Session* session) {
  session_ = session;
  connect(session, &Session::timelineChanged, this, &TimelineWidget::timelineChanged);
  connect(session, &Session::updated, this, [this] {
    // The rebuilt run has arrived where it was sent: the handle follows it again.
    if (target_ && !dragging_ && session_->mirror().status.now == *target_) target_.reset();
    refreshPatternLanes();
    update();
  });
  connect(session, &Session::scenarioOpened, this, [this] {
    target_.reset();
    // Room for the pattern's lanes from the start, whether or not one has
    // appeared yet, so that none appearing mid-demo moves the canvas.
    const PatternUi* ui = session_->patternUi();
    const std::size_t room = ui && ui->timelineLanes ? kPatternLaneRoom : 0;
    if (room != patternRoom_) {
      patternRoom_ = room;
      updateGeometry();
    }
    refreshPatternLanes();
    timelineChanged();
  });
}

const Timeline* TimelineWidget::timeline() const {
  return session_ ? session_->mirror().timeline.get() : nullptr;
}

void TimelineWidget::timelineChanged() {
  std::vector<NodeId> lanes;
  if (const Timeline* t = timeline())
    for (const FaultBand& b : t->faults)
      if (std::find(lanes.begin(), lanes.end(), b.node) == lanes.end()) lanes.push_back(b.node);
  std::sort(lanes.begin(), lanes.end());
  if (lanes != lanes_) {
    lanes_ = std::move(lanes);
    updateGeometry();
  }
  update();
}

void TimelineWidget::refreshPatternLanes() {
  const PatternUi* ui = session_ ? session_->patternUi() : nullptr;
  patternLanes_ = ui && ui->timelineLanes && session_->mirror().view
                      ? ui->timelineLanes(session_->mirror())
                      : std::vector<TimelineLane>{};
}

SimTime TimelineWidget::shownTime() const {
  if (target_) return *target_;
  return session_ ? session_->displayTime() : SimTime{0};
}

SimTime TimelineWidget::span() const {
  if (!session_) return SimTime{10'000'000};
  const DriverStatus& s = session_->mirror().status;
  const SimTime end = std::max(s.head, s.now);
  // Scaled to the run, so a half-second election fills the track; room past
  // the head for it to grow into, so the axis does not rescale every frame.
  const double secs = std::max(1.0, toSeconds(end) * 1.08);
  const double round = secs < 2 ? 0.5 : secs < 10 ? 1 : secs < 60 ? 5 : 30;
  return SimTime{static_cast<std::int64_t>(std::ceil(secs / round) * round * 1e6)};
}

TimelineWidget::Rows TimelineWidget::rows() const {
  const QFontMetricsF fm(font());
  Rows r;
  r.left = laneLabelWidth() + 16;
  r.right = width() - fm.horizontalAdvance(QStringLiteral("00:00")) / 2 - 8;
  r.ruler = QRectF(r.left, 4, r.right - r.left, fm.height());
  const double trackH = std::round(fm.height() * 0.9);
  r.track = QRectF(r.left, r.ruler.bottom() + 4, r.right - r.left, trackH);
  // The lanes share a fixed room, thinner when there are many, so that a
  // lane appearing never makes the timeline taller and moves the canvas.
  const double lane = std::max(6.0, std::round(fm.height() * 0.45));
  const double room = faultRoom() * lane * 1.6;
  const double count = std::max<double>(faultRoom(), static_cast<double>(lanes_.size()));
  r.laneHeight = std::max(3.0, room / count / 1.6);
  r.laneGap = r.laneHeight * 0.6;
  r.laneTop = r.track.bottom() + r.laneGap + 2;
  // The pattern's lanes share their room too, thinner when there are more.
  const double patternCount =
      std::max(static_cast<double>(patternRoom_), static_cast<double>(patternLanes_.size()));
  const double shrink = patternCount > 0 ? static_cast<double>(patternRoom_) / patternCount : 1;
  r.patternHeight = std::floor(patternRowHeight() * shrink);
  r.patternGap = 2 * shrink;
  r.patternTop = r.track.bottom() + 10 + room + 2;
  return r;
}

QFont TimelineWidget::smallFont() const {
  QFont small = font();
  small.setPointSizeF(font().pointSizeF() * 0.8);
  return small;
}

double TimelineWidget::patternRowHeight() const {
  return std::round(QFontMetricsF(smallFont()).height() * 1.1);
}

QFont TimelineWidget::labelFont(double pitch) const {
  // No taller than a lane's pitch, so that the names of many lanes do not
  // run into each other.
  QFont small = smallFont();
  const QFontMetricsF fm(small);
  if (fm.height() > pitch)
    small.setPixelSize(
        std::max(6, static_cast<int>(QFontInfo(small).pixelSize() * pitch / fm.height())));
  return small;
}

double TimelineWidget::laneLabelWidth() const {
  // Every node's name, whole: the widest of them, not just those with a lane.
  const QFontMetricsF fm(smallFont());
  double widest = QFontMetricsF(font()).horizontalAdvance(QStringLiteral("node 00"));
  if (session_)
    for (const NodeSnapshot& n : session_->mirror().nodes)
      widest = std::max(widest, fm.horizontalAdvance(QString::fromStdString(n.name)));
  return widest;
}

QSize TimelineWidget::sizeHint() const {
  const QFontMetricsF fm(font());
  const double lane = std::max(6.0, std::round(fm.height() * 0.45));
  const double patternLanes = static_cast<double>(patternRoom_) * (patternRowHeight() + 2);
  const double h = 4 + fm.height() + 4 + std::round(fm.height() * 0.9) + 10 +
                   faultRoom() * lane * 1.6 + 6 + patternLanes + (patternRoom_ ? 2 : 0);
  return QSize(600, static_cast<int>(std::ceil(h)));
}

QSize TimelineWidget::minimumSizeHint() const {
  return QSize(200, sizeHint().height());
}

double TimelineWidget::xOf(SimTime t) const {
  const Rows r = rows();
  return r.left + (r.right - r.left) * toSeconds(t) / std::max(toSeconds(span()), 1e-6);
}

SimTime TimelineWidget::timeAt(double x) const {
  const Rows r = rows();
  const double f = std::clamp((x - r.left) / std::max(r.right - r.left, 1.0), 0.0, 1.0);
  const SimTime head = session_ ? session_->mirror().status.head : SimTime{0};
  // Whole milliseconds: a seek lands on a moment one can name.
  const auto ms = static_cast<std::int64_t>(std::llround(f * toSeconds(span()) * 1000));
  return std::min(SimTime{ms * 1000}, head);
}

void TimelineWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const Rows r = rows();
  paintRuler(p, r);
  paintTrack(p, r);
  paintForks(p, r);
  paintLanes(p, r);
  paintPatternLanes(p, r);
  paintHandle(p, r);
}

void TimelineWidget::paintRuler(QPainter& p, const Rows& r) const {
  const Theme& theme = currentTheme();
  const SimTime end = span();
  const SimDuration step = gridStep(r.ruler.width() / toSeconds(end), 90);
  p.setPen(theme.mutedText);
  for (SimTime t{0}; t <= end; t += step) {
    const double x = xOf(t);
    const QRectF box(x - 40, r.ruler.top(), 80, r.ruler.height());
    p.drawText(box, Qt::AlignCenter, clockText(t));
  }
}

void TimelineWidget::paintTrack(QPainter& p, const Rows& r) const {
  const Theme& theme = currentTheme();
  const double radius = r.track.height() / 2;
  QColor groove = theme.mutedText;
  groove.setAlphaF(0.18);
  p.setPen(Qt::NoPen);
  p.setBrush(groove);
  p.drawRoundedRect(r.track, radius, radius);
  if (!session_) return;
  // The recorded run, 0..head: what a drag can reach, in the colours of the
  // branches it came through, the current one last.
  const SimTime head = session_->mirror().status.head;
  QRectF reached = r.track;
  reached.setRight(std::max(r.track.left() + 2 * radius, xOf(head)));
  const Timeline* t = timeline();
  p.setBrush(pastel(t ? branchColour(t->branch) : theme.accent));
  p.drawRoundedRect(reached, radius, radius);
  if (!t) return;
  const std::vector<std::size_t> chain = lineage(*t, t->branch);
  if (chain.size() > 1) {
    QPainterPath shape;
    shape.addRoundedRect(reached, radius, radius);
    p.save();
    p.setClipPath(shape);
    for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
      const SimTime from = i == 0 ? SimTime{0} : t->branches[chain[i]].forkedAt;
      const SimTime to = t->branches[chain[i + 1]].forkedAt;
      const QColor c = pastel(branchColour(chain[i]));
      const double x0 = i == 0 ? reached.left() : xOf(from);
      p.fillRect(QRectF(QPointF(x0, reached.top()), QPointF(xOf(to), reached.bottom())), c);
    }
    p.restore();
  }
  QPen stepPen(theme.text, 1.5);
  p.setPen(stepPen);
  for (SimTime s : t->steps) {
    const double x = xOf(s);
    p.drawLine(QPointF(x, r.track.top() - 3), QPointF(x, r.track.bottom() + 3));
  }
  // Milestones as diamonds on the track; those that would overlap merge into
  // one diamond with their count beside it (the tooltip names them).
  const double d = r.track.height() * 0.42;
  QFont small = font();
  small.setPointSizeF(font().pointSizeF() * 0.75);
  small.setBold(true);
  const QFontMetricsF fm(small);
  for (const MilestoneMark& mark : milestoneMarks(r)) {
    QPainterPath diamond;
    const double x = mark.x, y = r.track.center().y();
    diamond.moveTo(x, y - d);
    diamond.lineTo(x + d, y);
    diamond.lineTo(x, y + d);
    diamond.lineTo(x - d, y);
    diamond.closeSubpath();
    p.setPen(QPen(theme.background, 1));
    p.setBrush(milestoneColour(t->milestones[mark.first].name));
    p.drawPath(diamond);
    if (mark.count > 1) {
      p.setFont(small);
      p.setPen(theme.text);
      p.drawText(QRectF(x + d + 1, r.track.top(),
                        fm.horizontalAdvance(QString::number(mark.count)) + 2, r.track.height()),
                 Qt::AlignLeft | Qt::AlignVCenter, QString::number(mark.count));
      p.setFont(font());
    }
  }
}

std::vector<TimelineWidget::MilestoneMark> TimelineWidget::milestoneMarks(const Rows& r) const {
  std::vector<MilestoneMark> marks;
  const Timeline* t = timeline();
  if (!t) return marks;
  const double d = r.track.height() * 0.42;
  QFont small = font();
  small.setPointSizeF(font().pointSizeF() * 0.75);
  small.setBold(true);
  const QFontMetricsF fm(small);
  double end = -1e9;  // where the last mark, with its count, ends
  for (std::size_t i = 0; i < t->milestones.size(); ++i) {
    const double x = xOf(t->milestones[i].at);
    // Some room between marks, or a busy run's marks touch end to end and
    // read as one band of numbers.
    if (!marks.empty() && x - d < end + 3 * d) {
      MilestoneMark& last = marks.back();
      ++last.count;
      end = last.x + d + 2 + fm.horizontalAdvance(QString::number(last.count));
      continue;
    }
    marks.push_back({x, i, 1});
    end = x + d;
  }
  return marks;
}

std::vector<std::size_t> TimelineWidget::forks() const {
  std::vector<std::size_t> out;
  const Timeline* t = timeline();
  if (!t) return out;
  const std::vector<std::size_t> chain = lineage(*t, t->branch);
  for (const BranchInfo& b : t->branches) {
    const auto on = std::find(chain.begin(), chain.end(), b.parent);
    if (on == chain.end() || b.id == t->branch) continue;
    // Forked off the shown history: before the next branch on the way here left its parent.
    const auto next = on + 1;
    if (next == chain.end() || b.forkedAt <= t->branches[*next].forkedAt) out.push_back(b.id);
  }
  if (t->branch < t->branches.size() && t->branches[t->branch].parent != kNoBranch)
    out.push_back(t->branch);
  return out;
}

void TimelineWidget::paintForks(QPainter& p, const Rows& r) const {
  const Timeline* t = timeline();
  if (!t) return;
  const Theme& theme = currentTheme();
  const double h = r.track.height() * kPinHeight;
  for (std::size_t id : forks()) {
    const double x = xOf(t->branches[id].forkedAt);
    // A pin pointing down at the track, in the branch's colour.
    QPainterPath pin;
    pin.moveTo(x, r.track.top() + 1);
    pin.lineTo(x - h * 0.6, r.track.top() - h);
    pin.lineTo(x + h * 0.6, r.track.top() - h);
    pin.closeSubpath();
    p.setPen(QPen(theme.background, 1));
    p.setBrush(branchColour(id));
    p.drawPath(pin);
    p.setPen(QPen(branchColour(id), 3));
    p.drawLine(QPointF(x, r.track.top()), QPointF(x, r.track.bottom() + 2));
  }
}

void TimelineWidget::paintLanes(QPainter& p, const Rows& r) const {
  const Timeline* t = timeline();
  if (!t || !session_) return;
  const Theme& theme = currentTheme();
  const Mirror& m = session_->mirror();
  for (std::size_t i = 0; i < lanes_.size(); ++i) {
    const double y = r.laneTop + static_cast<double>(i) * (r.laneHeight + r.laneGap);
    const NodeSnapshot* n = m.node(lanes_[i]);
    const QString name = n ? QString::fromStdString(n->name) : tr("node %1").arg(lanes_[i]);
    p.setPen(theme.mutedText);
    p.setFont(labelFont(r.laneHeight + r.laneGap));
    p.drawText(QRectF(0, y - r.laneHeight, r.left - 8, r.laneHeight * 3),
               Qt::AlignRight | Qt::AlignVCenter, name);
    p.setFont(font());
    p.setPen(Qt::NoPen);
    for (const FaultBand& b : t->faults) {
      if (b.node != lanes_[i]) continue;
      const SimTime to = b.open ? m.status.head : b.to;
      const double x0 = xOf(b.from), x1 = std::max(xOf(to), x0 + 3);
      p.setBrush(faultColour(b.fault));
      p.drawRoundedRect(QRectF(x0, y, x1 - x0, r.laneHeight), 2, 2);
    }
  }
}

double TimelineWidget::patternLaneY(std::size_t i) const {
  const Rows r = rows();
  return r.patternTop + static_cast<double>(i) * (r.patternHeight + r.patternGap) +
         r.patternHeight / 2;
}

void TimelineWidget::paintPatternLanes(QPainter& p, const Rows& r) const {
  const Theme& theme = currentTheme();
  const QFont small = labelFont(r.patternHeight + r.patternGap);
  p.setFont(small);
  const QFontMetricsF fm(small);
  for (std::size_t i = 0; i < patternLanes_.size(); ++i) {
    const TimelineLane& lane = patternLanes_[i];
    const double y = r.patternTop + static_cast<double>(i) * (r.patternHeight + r.patternGap);
    p.setPen(theme.mutedText);
    p.drawText(QRectF(0, y, r.left - 8, r.patternHeight), Qt::AlignRight | Qt::AlignVCenter,
               fm.elidedText(lane.name, Qt::ElideRight, r.left - 8));
    for (const TimelineSpan& s : lane.spans) {
      const double x0 = xOf(s.from), x1 = std::max(xOf(s.to), x0 + 2);
      const QRectF box(x0, y, x1 - x0, r.patternHeight);
      p.setPen(Qt::NoPen);
      p.setBrush(s.colour);
      p.drawRect(box);
      if (fm.horizontalAdvance(s.text) + 6 > box.width()) continue;
      p.setPen(s.colour.lightnessF() > 0.6 ? QColor(Qt::black) : QColor(Qt::white));
      p.drawText(box, Qt::AlignCenter, s.text);
    }
    // A mark: a bar across the lane with a notch above it.
    for (const TimelineMark& m : lane.marks) {
      const double x = xOf(m.at);
      p.setPen(QPen(m.colour, 3));
      p.drawLine(QPointF(x, y - 1), QPointF(x, y + r.patternHeight + 1));
    }
  }
  p.setFont(font());
}

void TimelineWidget::paintHandle(QPainter& p, const Rows& r) const {
  if (!session_) return;
  const Theme& theme = currentTheme();
  const double x = xOf(shownTime());
  double bottom = lanes_.empty()
                      ? r.track.bottom() + 4
                      : r.laneTop + static_cast<double>(lanes_.size()) * (r.laneHeight + r.laneGap);
  if (!patternLanes_.empty())
    bottom =
        r.patternTop + static_cast<double>(patternLanes_.size()) * (r.patternHeight + r.patternGap);
  p.setPen(QPen(theme.text, 2));
  p.drawLine(QPointF(x, r.track.top() - 2), QPointF(x, bottom));
  const double k = r.track.height() * 0.62;
  p.setPen(QPen(theme.background, 2));
  p.setBrush(theme.accent);
  p.drawEllipse(QPointF(x, r.track.center().y()), k, k);
}

void TimelineWidget::dragTo(double x) {
  target_ = timeAt(x);
  update();
  if (!throttle_.isActive()) throttle_.start();
}

void TimelineWidget::mousePressEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton || !session_) return QWidget::mousePressEvent(e);
  dragging_ = true;
  dragTo(e->position().x());
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* e) {
  if (dragging_) dragTo(e->position().x());
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* e) {
  if (!dragging_ || e->button() != Qt::LeftButton) return QWidget::mouseReleaseEvent(e);
  dragging_ = false;
  throttle_.stop();
  target_ = timeAt(e->position().x());
  session_->seek(*target_);
  update();
}

bool TimelineWidget::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(e);
    const QString tip = tipAt(help->pos());
    if (tip.isEmpty())
      QToolTip::showText(help->globalPos(), toolTip(), this);
    else
      QToolTip::showText(help->globalPos(), tip, this);
    return true;
  }
  return QWidget::event(e);
}

QString TimelineWidget::tipAt(const QPointF& pos) const {
  const Timeline* t = timeline();
  if (!t || !session_) return {};
  const Rows r = rows();
  const Mirror& m = session_->mirror();
  if (pos.y() >= r.track.top() - r.track.height() * kPinHeight && pos.y() <= r.track.bottom() + 3) {
    QStringList lines;
    for (std::size_t id : forks()) {
      const BranchInfo& b = t->branches[id];
      if (std::abs(xOf(b.forkedAt) - pos.x()) > 5) continue;
      lines << (id == t->branch ? tr("This branch (%1) began here: %2")
                                : tr("Branch %1 forks here: %2"))
                   .arg(id + 1)
                   .arg(branchTitle(b));
    }
    // The key of the window's branch list, where it has one (not the compare view).
    const auto* branches = window()->findChild<QAction*>(QStringLiteral("time.branches"));
    if (!lines.isEmpty() && branches)
      lines << tr("Branches: %1").arg(branches->shortcut().toString(QKeySequence::NativeText));
    for (const TimelineMilestone& ms : t->milestones) {
      if (std::abs(xOf(ms.at) - pos.x()) > 5) continue;
      const NodeSnapshot* n = m.node(ms.node);
      lines << QStringLiteral("%1 · %2 · %3 s")
                   .arg(QString::fromStdString(ms.name),
                        n ? QString::fromStdString(n->name) : QStringLiteral("—"))
                   .arg(toSeconds(ms.at), 0, 'f', 3);
      if (lines.size() == 6) break;
    }
    return lines.join('\n');
  }
  if (pos.y() >= r.patternTop) return patternTipAt(r, pos);
  for (std::size_t i = 0; i < lanes_.size(); ++i) {
    const double y = r.laneTop + static_cast<double>(i) * (r.laneHeight + r.laneGap);
    if (pos.y() < y - r.laneGap / 2 || pos.y() > y + r.laneHeight + r.laneGap / 2) continue;
    for (const FaultBand& b : t->faults) {
      const SimTime to = b.open ? m.status.head : b.to;
      if (b.node != lanes_[i] || pos.x() < xOf(b.from) - 2 || pos.x() > xOf(to) + 2) continue;
      const NodeSnapshot* n = m.node(b.node);
      return tr("%1 %2 from %3 s to %4")
          .arg(n ? QString::fromStdString(n->name) : tr("node %1").arg(b.node), faultName(b.fault))
          .arg(toSeconds(b.from), 0, 'f', 3)
          .arg(b.open ? tr("now") : QStringLiteral("%1 s").arg(toSeconds(b.to), 0, 'f', 3));
    }
  }
  return {};
}

QString TimelineWidget::patternTipAt(const Rows& r, const QPointF& pos) const {
  const double row = r.patternHeight + r.patternGap;
  const auto i = static_cast<std::size_t>((pos.y() - r.patternTop) / row);
  if (i >= patternLanes_.size()) return {};
  const TimelineLane& lane = patternLanes_[i];
  QStringList lines;
  for (const TimelineMark& m : lane.marks)
    if (std::abs(xOf(m.at) - pos.x()) <= 4)
      lines << QStringLiteral("%1 · %2 s").arg(m.tip).arg(toSeconds(m.at), 0, 'f', 3);
  for (const TimelineSpan& s : lane.spans)
    if (pos.x() >= xOf(s.from) && pos.x() <= xOf(s.to))
      lines << tr("%1: %2 from %3 s to %4 s")
                   .arg(lane.name, s.text)
                   .arg(toSeconds(s.from), 0, 'f', 3)
                   .arg(toSeconds(s.to), 0, 'f', 3);
  return lines.join('\n');
}

}  // namespace cs::ui
