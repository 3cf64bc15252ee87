// Drawing the space-time diagram. See spacetime_painter.h.
#include "spacetime_painter.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "../canvas/pattern_look.h"
#include "../followed_request.h"
#include "../theme.h"
#include "../timeline/ticks.h"

namespace cs::ui {
namespace {

// Told apart from one another and from the drop red; for kinds the look
// has no colour of its own.
constexpr const char* kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd",
                                    "#8c564b", "#e377c2", "#17becf", "#bcbd22"};

// More arrows than this on screen are drawn without antialiasing.
constexpr std::size_t kDenseArrows = 600;

std::uint32_t nameHash(const std::string& s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

QColor withAlpha(QColor c, int alpha) {
  c.setAlpha(alpha);
  return c;
}

QPointF unit(QPointF v) {
  const double n = std::hypot(v.x(), v.y());
  return n > 0 ? v / n : QPointF(0, 1);
}

// The arrowhead as a closed triangle with its tip at `tip`.
void addHead(QPainterPath& path, QPointF from, QPointF tip, double length) {
  const QPointF d = unit(tip - from);
  const QPointF n(-d.y(), d.x());
  const QPointF base = tip - d * length;
  path.moveTo(tip);
  path.lineTo(base + n * length * 0.42);
  path.lineTo(base - n * length * 0.42);
  path.closeSubpath();
}

double headLength(const Theme& t) {
  return 5 + t.lineWidth * 2;
}

// The red cross where a message was lost, centred on `c`, `r` from it.
void drawCross(QPainter& p, QPointF c, double r) {
  p.drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
  p.drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
}

// An arrow drawn over the others: a halo of the surface colour parts it from
// the arrows it crosses, then the line and its head in the selection colour.
void drawEmphasised(QPainter& p, const ArrowLine& l, double width, int haloAlpha,
                    double headScale) {
  const Theme& t = currentTheme();
  p.setPen(QPen(withAlpha(t.surface, haloAlpha), width + 4, Qt::SolidLine, Qt::RoundCap));
  p.drawLine(l.line);
  p.setPen(QPen(t.selection, width, l.dashed ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap));
  p.drawLine(l.line);
  QPainterPath h;
  if (l.head) addHead(h, l.line.p1(), l.line.p2(), headLength(t) * headScale);
  p.fillPath(h, t.selection);
}

// Whether arrow `a` is the followed request's and drawn (filters, lanes).
bool isFollowed(const SpacetimeFrame& f, const SpacetimeArrow& a) {
  return f.followed && f.followed->contains(a.msg) && f.filter.accepts(a) &&
         f.layout->shows(a.from) && f.layout->shows(a.to);
}

struct MarkStyle {
  QColor colour;
  QString text;
};

MarkStyle markStyle(const SpacetimeMark& m, const Mirror& mirror, const Theme& t) {
  switch (m.kind) {
    case MarkKind::Crashed:
      return {t.blocked, QObject::tr("crashed")};
    case MarkKind::Restarted:
      return {t.leader, QObject::tr("restarted")};
    case MarkKind::Paused:
      return {t.candidate, QObject::tr("paused")};
    case MarkKind::Resumed:
      return {t.candidate, QObject::tr("resumed")};
    case MarkKind::Milestone:
      break;
  }
  return {t.text, QString::fromStdString(mirror.labelName(m.label))};
}

// A milestone is a small ring, apart from the filled dots of messages; a
// fault is a bar across the lane, like the end (or new start) of a lifeline.
void paintMarkGlyph(QPainter& p, MarkKind kind, QPointF at, double laneWidth, const QColor& c) {
  const Theme& t = currentTheme();
  if (kind == MarkKind::Milestone) {
    const double r = 2.5 + t.lineWidth * 0.75;
    p.setPen(QPen(c, 1.6));
    p.setBrush(t.surface);
    p.drawEllipse(at, r, r);
    return;
  }
  const double half = std::max(6.0, laneWidth * 0.28);
  p.setPen(QPen(c, std::max(3.0, t.lineWidth * 1.5), Qt::SolidLine, Qt::FlatCap));
  p.drawLine(QLineF(at.x() - half, at.y(), at.x() + half, at.y()));
}

// Text with a thin outline of the background, so it stays legible where
// arrows cross it without hiding them behind a box.
void paintHaloText(QPainter& p, QPointF baseline, const QString& text, const QColor& colour,
                   const QColor& halo) {
  p.setPen(withAlpha(halo, 230));
  for (const QPointF d : {QPointF(-1, 0), QPointF(1, 0), QPointF(0, -1), QPointF(0, 1)})
    p.drawText(baseline + d, text);
  p.setPen(colour);
  p.drawText(baseline, text);
}

}  // namespace

void SpacetimeColours::build(const PatternLook& look, const Theme& theme,
                             const Vocabulary* vocabulary) {
  colours_.clear();
  catchAll_ = -1;
  for (int c = 0; c < look.messageClassCount(); ++c) {
    const QColor fill = look.messageLook(c, theme, theme.messageRadius).fill;
    if (fill == theme.other && catchAll_ < 0) catchAll_ = c;
    colours_.push_back(fill);
  }
  const int first = static_cast<int>(colours_.size());
  for (const char* p : kPalette)
    colours_.push_back(theme.darkBase ? QColor(p).lighter(135) : QColor(p));
  byLabel_.assign(vocabulary ? vocabulary->size() : 0, catchAll_);
  if (catchAll_ < 0) return;
  for (std::size_t l = 0; l < byLabel_.size(); ++l)
    byLabel_[l] = first + static_cast<int>(nameHash(vocabulary->info(static_cast<Label>(l)).name) %
                                           std::size(kPalette));
}

int SpacetimeColours::key(const SpacetimeArrow& a) const {
  if (a.kindClass != catchAll_ || a.label >= byLabel_.size())
    return std::clamp(a.kindClass, 0, static_cast<int>(colours_.size()) - 1);
  return byLabel_[a.label];
}

ArrowLine arrowLine(const SpacetimeArrow& a, const SpacetimeLayout& layout, const TimeAxis& axis,
                    SimTime now) {
  const Lane* from = layout.lane(a.from);
  const Lane* to = layout.lane(a.to);
  ArrowLine l;
  const QPointF start(from ? from->centre() : 0, axis.y(a.sent));
  const QPointF due(to ? to->centre() : 0, axis.y(a.due));
  // How far towards its due point an unfinished arrow got.
  auto along = [&](SimTime t, double least) {
    const double span = static_cast<double>((a.due - a.sent).count());
    const double f = span > 0 ? static_cast<double>((t - a.sent).count()) / span : 1.0;
    return start + (due - start) * std::clamp(f, least, 1.0);
  };
  switch (a.endKind) {
    case ArrowEnd::Delivered:
      l.line = QLineF(start, QPointF(due.x(), axis.y(a.end)));
      break;
    case ArrowEnd::Dropped:
      l.head = false;
      l.cross = true;
      // Dropped at the receiver: the cross sits on its lane. Dropped on the
      // way (a partitioned link): a stub towards it, long enough to see.
      l.line = QLineF(start, a.end >= a.due ? QPointF(due.x(), axis.y(a.end)) : along(a.end, 0.35));
      break;
    case ArrowEnd::InFlight:
      l.head = false;
      l.dashed = true;
      // Past its due time it waits at the receiver (paused or busy).
      l.line = QLineF(start, now >= a.due ? QPointF(due.x(), axis.y(now)) : along(now, 0.0));
      break;
  }
  return l;
}

void SpacetimePainter::paint(QPainter& p, const SpacetimeFrame& f) {
  const Theme& t = currentTheme();
  p.fillRect(p.viewport(), t.surface);
  p.save();
  p.setClipRect(f.plot);
  p.translate(f.offset);
  paintLanes(p, f);
  paintGrid(p, f);
  p.setRenderHint(QPainter::Antialiasing);
  paintArrows(p, f);
  paintMarks(p, f);
  paintNow(p, f);
  paintFollowed(p, f);
  paintSelected(p, f);
  p.restore();
  paintHeader(p, f);
  paintGutter(p, f);
}

void SpacetimePainter::paintLanes(QPainter& p, const SpacetimeFrame& f) {
  const Theme& t = currentTheme();
  const double top = f.plot.top() - f.offset.y(), bottom = f.plot.bottom() - f.offset.y();
  const auto& lanes = f.layout->lanes();
  // Every other lane faintly tinted, so a glance down a crowded diagram
  // stays in its lane.
  int shown = 0;
  for (const Lane& l : lanes) {
    if (!l.shown) continue;
    if (shown++ % 2 == 1 && !l.collapsed)
      p.fillRect(QRectF(l.left, top, l.width, bottom - top), withAlpha(t.text, 9));
  }
  // The lanes of the nodes a followed request visited, tinted.
  if (f.followed)
    for (std::size_t n = 0; n < lanes.size(); ++n)
      if (lanes[n].shown && f.followed->visited(static_cast<NodeId>(n)))
        p.fillRect(QRectF(lanes[n].left, top, lanes[n].width, bottom - top),
                   withAlpha(t.selection, 16));
  const double end = f.axis.y(f.now);
  for (std::size_t n = 0; n < lanes.size(); ++n) {
    const Lane& l = lanes[n];
    if (!l.shown) continue;
    const bool selected = n == f.selectedNode;
    QPen pen(selected ? t.selection : withAlpha(t.mutedText, l.collapsed ? 70 : 150),
             selected ? t.lineWidth * 1.5 : std::max(1.0, t.lineWidth * 0.5));
    p.setPen(pen);
    p.drawLine(QLineF(l.centre(), std::max(top, f.axis.top), l.centre(), std::min(bottom, end)));
  }
  // Down and paused stretches: a grey band, the lane line dashed over it.
  for (const SpacetimeStretch& s : f.index->stretches()) {
    const Lane* l = f.layout->lane(s.node);
    if (!l || !l->shown) continue;
    const double y0 = f.axis.y(s.from), y1 = f.axis.y(s.open ? f.now : s.to);
    if (y1 < top || y0 > bottom) continue;
    const QColor c = s.paused ? t.candidate : t.dead;
    p.fillRect(QRectF(l->left + 1, y0, l->width - 2, y1 - y0), withAlpha(c, s.paused ? 28 : 45));
    p.setPen(Qt::NoPen);
    p.setBrush(t.surface);
    const double w = std::max(2.0, t.lineWidth);
    p.drawRect(QRectF(l->centre() - w, y0, 2 * w, y1 - y0));
    QPen dash(c, std::max(1.5, t.lineWidth * 0.75), s.paused ? Qt::DotLine : Qt::DashLine);
    p.setPen(dash);
    p.drawLine(QLineF(l->centre(), y0, l->centre(), y1));
  }
  p.setBrush(Qt::NoBrush);
}

void SpacetimePainter::paintGrid(QPainter& p, const SpacetimeFrame& f) {
  const Theme& t = currentTheme();
  const SimDuration step = gridStep(f.axis.pixelsPerSecond, 56);
  const SimTime from = f.axis.at(f.plot.top() - f.offset.y());
  const SimTime to = std::min(f.now, f.axis.at(f.plot.bottom() - f.offset.y()));
  p.setPen(QPen(withAlpha(t.mutedText, 40), 1));
  const double width = f.layout->contentWidth();
  for (SimTime s{(std::max(from, SimTime{0}).count() / step.count()) * step.count()}; s <= to;
       s += step) {
    const double y = std::round(f.axis.y(s)) + 0.5;
    p.drawLine(QLineF(0, y, width, y));
  }
}

void SpacetimePainter::paintArrows(QPainter& p, const SpacetimeFrame& f) {
  collectArrows(f);
  const Theme& t = currentTheme();
  std::size_t count = 0;
  for (const auto& l : lines_) count += l.size();
  // Zoomed far out, thousands of arrows overlap and smoothing their edges
  // shows nothing but costs most of a frame: draw them crisp instead.
  const bool dense = count > kDenseArrows;
  p.setRenderHint(QPainter::Antialiasing, !dense);
  const double width = dense ? 1 : std::max(1.2, t.lineWidth * 0.7);
  // While a request is followed, everything else steps back.
  const int alpha = f.followed ? 50 : 255;
  for (std::size_t k = 0; k < lines_.size(); ++k) {
    if (lines_[k].empty()) continue;
    const QColor c = withAlpha(f.colours->colour(static_cast<int>(k)), alpha);
    p.setPen(QPen(c, width, Qt::SolidLine, Qt::FlatCap));
    p.drawLines(lines_[k].data(), static_cast<int>(lines_[k].size()));
    p.fillPath(heads_[k], c);
  }
  p.setRenderHint(QPainter::Antialiasing);
  paintInFlight(p, f, width);
  // Drops: a red cross where the message was lost.
  const double r = 3 + t.lineWidth;
  p.setPen(QPen(withAlpha(t.blocked, f.followed ? 70 : 255), std::max(1.8, t.lineWidth),
                Qt::SolidLine, Qt::RoundCap));
  for (const QPointF& c : crosses_) drawCross(p, c, r);
}

void SpacetimePainter::collectArrows(const SpacetimeFrame& f) {
  const SpacetimeColours& colours = *f.colours;
  lines_.resize(colours.size());
  heads_.resize(colours.size());
  for (auto& l : lines_) l.clear();
  for (auto& h : heads_) h.clear();
  inFlight_.clear();
  crosses_.clear();
  const QRectF seen = f.plot.translated(-f.offset);
  const auto [first, last] =
      f.index->arrowsBetween(f.axis.at(seen.top()), f.axis.at(seen.bottom()), f.now);
  const double head = headLength(currentTheme());
  for (std::size_t i = first; i < last; ++i) {
    const SpacetimeArrow& a = f.index->arrows()[i];
    if (!f.filter.accepts(a) || !f.layout->shows(a.from) || !f.layout->shows(a.to)) continue;
    const ArrowLine l = arrowLine(a, *f.layout, f.axis, f.now);
    if (!seen.intersects(QRectF(l.line.p1(), l.line.p2()).normalized().adjusted(-1, -1, 1, 1)))
      continue;
    const int key = colours.key(a);
    if (l.dashed) {
      inFlight_.push_back({l.line, key});
      continue;
    }
    QLineF shaft = l.line;
    if (l.head && shaft.length() > head) {
      // The shaft stops inside the head, so its end does not blunt the tip.
      shaft.setLength(shaft.length() - head * 0.6);
      addHead(heads_[static_cast<std::size_t>(key)], l.line.p1(), l.line.p2(), head);
    }
    lines_[static_cast<std::size_t>(key)].push_back(shaft);
    if (l.cross) crosses_.push_back(l.line.p2());
  }
}

// Messages still on the wire: dashed, with a dot where they are now.
void SpacetimePainter::paintInFlight(QPainter& p, const SpacetimeFrame& f, double width) {
  const double r = 2 + currentTheme().lineWidth;
  for (const auto& [line, key] : inFlight_) {
    const QColor c = withAlpha(f.colours->colour(key), f.followed ? 50 : 255);
    QPen pen(c, width, Qt::CustomDashLine, Qt::FlatCap);
    pen.setDashPattern({4, 3});
    p.setPen(pen);
    p.drawLine(line);
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    p.drawEllipse(line.p2(), r, r);
  }
  p.setBrush(Qt::NoBrush);
}

std::vector<std::size_t> followedArrows(const SpacetimeFrame& f) {
  std::vector<std::size_t> out;
  if (!f.followed) return out;
  const auto& arrows = f.index->arrows();
  for (std::size_t i = 0; i < arrows.size(); ++i)
    if (isFollowed(f, arrows[i])) out.push_back(i);
  return out;
}

// The followed request's arrows: bold, in the selection's colour, over a
// halo that parts them from the faded arrows they cross.
void SpacetimePainter::paintFollowed(QPainter& p, const SpacetimeFrame& f) {
  if (!f.followed) return;
  const Theme& t = currentTheme();
  const QRectF seen = f.plot.translated(-f.offset);
  const auto [first, last] =
      f.index->arrowsBetween(f.axis.at(seen.top()), f.axis.at(seen.bottom()), f.now);
  const double w = std::max(2.5, t.lineWidth * 1.5);
  const auto& arrows = f.index->arrows();
  for (std::size_t i = first; i < last; ++i) {
    if (!isFollowed(f, arrows[i])) continue;
    const ArrowLine l = arrowLine(arrows[i], *f.layout, f.axis, f.now);
    drawEmphasised(p, l, w, 200, 1.3);
    if (l.cross) {
      p.setPen(QPen(t.blocked, w, Qt::SolidLine, Qt::RoundCap));
      drawCross(p, l.line.p2(), 4 + t.lineWidth);
    }
  }
}

void SpacetimePainter::paintSelected(QPainter& p, const SpacetimeFrame& f) {
  if (!f.selectedMessage) return;
  const Theme& t = currentTheme();
  const int i = f.index->find(f.selectedMessage);
  if (i < 0) return;
  const auto& arrows = f.index->arrows();
  // Every copy of the message, whatever the filters say: the user asked for it.
  for (std::size_t j = static_cast<std::size_t>(i);
       j < arrows.size() && arrows[j].msg == f.selectedMessage; ++j) {
    const SpacetimeArrow& a = arrows[j];
    if (!f.layout->shows(a.from) || !f.layout->shows(a.to)) continue;
    const ArrowLine l = arrowLine(a, *f.layout, f.axis, f.now);
    const double w = std::max(3.0, t.lineWidth * 2);
    drawEmphasised(p, l, w, 220, 1.5);
    p.setPen(Qt::NoPen);
    p.setBrush(t.selection);
    p.drawEllipse(l.line.p1(), w, w);
    p.setBrush(Qt::NoBrush);
  }
}

void SpacetimePainter::paintMarks(QPainter& p, const SpacetimeFrame& f) {
  const Theme& t = currentTheme();
  const double top = f.plot.top() - f.offset.y() - 20, bottom = f.plot.bottom() - f.offset.y() + 20;
  QFont small = f.font;
  small.setPointSizeF(f.font.pointSizeF() * 0.8);
  p.setFont(small);
  const QFontMetricsF fm(small);
  std::vector<double> labelBottom(f.layout->lanes().size(), -1e9);
  for (const SpacetimeMark& m : f.index->marks()) {
    const Lane* l = f.layout->lane(m.node);
    if (!l || !l->shown || l->collapsed) continue;
    const QPointF at(l->centre(), f.axis.y(m.at));
    if (at.y() < top || at.y() > bottom) continue;
    const MarkStyle style = markStyle(m, *f.mirror, t);
    paintMarkGlyph(p, m.kind, at, l->width, style.colour);
    // A label where there is room and it would not sit on the previous one;
    // it may reach half-way into the next lane, no further.
    const double room = l->width - 12;
    if (room < fm.horizontalAdvance(QStringLiteral("crash")) || at.y() < labelBottom[m.node])
      continue;
    const QString shown = fm.elidedText(style.text, Qt::ElideRight, room);
    paintHaloText(p, at + QPointF(7, -fm.descent() - 3), shown,
                  m.kind == MarkKind::Milestone ? t.mutedText : style.colour, t.surface);
    labelBottom[m.node] = at.y() + fm.height();
  }
  p.setBrush(Qt::NoBrush);
}

void SpacetimePainter::paintNow(QPainter& p, const SpacetimeFrame& f) {
  const Theme& t = currentTheme();
  const double y = f.axis.y(f.now);
  QPen pen(withAlpha(t.accent, 150), 1, Qt::DashLine);
  p.setPen(pen);
  p.drawLine(QLineF(0, y, f.layout->contentWidth(), y));
}

void SpacetimePainter::paintHeader(QPainter& p, const SpacetimeFrame& f) {
  const Theme& t = currentTheme();
  const QRectF band(f.plot.left(), 0, f.plot.width(), f.header);
  p.fillRect(QRectF(0, 0, f.plot.right(), f.header), t.surface);
  p.setPen(QPen(t.link, 1));
  p.drawLine(QLineF(0, f.header - 0.5, f.plot.right(), f.header - 0.5));
  p.save();
  p.setClipRect(band);
  p.setFont(f.font);
  const QFontMetricsF fm(f.font);
  const auto& lanes = f.layout->lanes();
  for (std::size_t n = 0; n < lanes.size(); ++n) {
    const Lane& l = lanes[n];
    if (!l.shown || l.collapsed) continue;
    const double x = l.left + f.offset.x();
    if (x + l.width < band.left() || x > band.right()) continue;
    const bool selected = n == f.selectedNode;
    const NodeSnapshot* s = f.mirror->node(static_cast<NodeId>(n));
    if (f.followed && f.followed->visited(static_cast<NodeId>(n)))
      p.fillRect(QRectF(x + 2, 2, l.width - 4, f.header - 10), withAlpha(t.selection, 40));
    // A bar in the node's current role colour under its name.
    const QColor role =
        s && f.look && f.mirror->view ? f.look->laneColour(*f.mirror->view, *s, t) : t.link;
    p.fillRect(QRectF(x + 3, f.header - 6, l.width - 6, 3), role);
    if (selected) {
      p.setPen(QPen(t.selection, 2));
      p.drawRoundedRect(QRectF(x + 2, 2, l.width - 4, f.header - 10), 4, 4);
    }
    p.setPen(s && s->status == NodeStatus::Crashed ? t.mutedText : t.text);
    const QString& title = (*f.titles)[n];
    if (f.rotatedTitles) {
      p.save();
      p.translate(x + l.width / 2 + fm.ascent() / 2 - fm.descent(), f.header - 10);
      p.rotate(-90);
      p.drawText(QPointF(0, 0), title);
      p.restore();
    } else {
      p.drawText(QRectF(x, 0, l.width, f.header - 6), Qt::AlignCenter, title);
    }
  }
  p.restore();
}

void SpacetimePainter::paintGutter(QPainter& p, const SpacetimeFrame& f) {
  const Theme& t = currentTheme();
  p.fillRect(QRectF(0, f.header, f.gutter, f.plot.height()), t.surface);
  p.setPen(QPen(t.link, 1));
  p.drawLine(QLineF(f.gutter - 0.5, f.header, f.gutter - 0.5, f.plot.bottom()));
  QFont small = f.font;
  small.setPointSizeF(f.font.pointSizeF() * 0.85);
  p.setFont(small);
  const QFontMetricsF fm(small);
  const SimDuration step = gridStep(f.axis.pixelsPerSecond, 56);
  const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(toSeconds(step)))), 0, 6);
  const SimTime from = f.axis.at(f.plot.top() - f.offset.y() - fm.height());
  const SimTime to = std::min(f.now, f.axis.at(f.plot.bottom() - f.offset.y() + fm.height()));
  const double nowY = f.axis.y(f.now) + f.offset.y();
  p.save();
  p.setClipRect(QRectF(0, f.header, f.gutter, f.plot.height()));
  p.setPen(t.mutedText);
  for (SimTime s{(std::max(from, SimTime{0}).count() / step.count()) * step.count()}; s <= to;
       s += step) {
    const double y = f.axis.y(s) + f.offset.y();
    if (std::abs(y - nowY) < fm.height()) continue;  // "now" wins the room
    p.drawText(QRectF(0, y - fm.height() / 2, f.gutter - 6, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter,
               QStringLiteral("%1 s").arg(toSeconds(s), 0, 'f', decimals));
  }
  p.setPen(t.accent);
  p.drawText(QRectF(0, nowY - fm.height() / 2, f.gutter - 6, fm.height()),
             Qt::AlignRight | Qt::AlignVCenter, QObject::tr("now"));
  p.restore();
}

}  // namespace cs::ui
