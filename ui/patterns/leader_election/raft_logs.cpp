// Drawing Raft's logs and remembering replaced entries. See raft_logs.h.
#include "raft_logs.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <iterator>

#include "../../src/canvas/fitted_text.h"
#include "../../src/canvas/shapes.h"
#include "../../src/theme.h"
#include "raft_look.h"

namespace cs::ui::leader_election {
namespace {

// Scene units. At 1920×1080 in lecture mode the canvas shows about 0.9 of
// them per pixel, so the smallest text here (16) reads at 14 px.
constexpr int kColumns = 8;  // the latest indices shown
constexpr double kNameWidth = 165;
constexpr double kCellWidth = 90, kCellHeight = 62, kCellGap = 6;
constexpr double kReplacedLane = 30;  // above a row: its replaced entries
constexpr double kRowGap = 14;
constexpr double kRowPitch = kReplacedLane + kCellHeight + kRowGap;
constexpr double kTitleHeight = 34, kIndexHeight = 26;
constexpr double kHeader = kTitleHeight + kIndexHeight;
constexpr int kTitlePixels = 20, kTextPixels = 17;

// Where the panel's parts stand and the type they are written in. Where the
// canvas is drawn large enough, the lecture's grid at the top of the panel's
// room; where it is drawn so small (a laptop's window) that its type would
// read under kReadablePixels, the same room shared among fewer, larger
// columns and rows that take all of the panel's height.
struct LogGrid {
  QRectF panel;
  int title = kTitlePixels, text = kTextPixels;
  double titleHeight = kTitleHeight, indexHeight = kIndexHeight;
  double nameWidth = kNameWidth, cellWidth = kCellWidth, cellHeight = kCellHeight;
  double gap = kCellGap, lane = kReplacedLane, rowPitch = kRowPitch;
  int columns = kColumns;
  bool compact = false;

  double rowTop(std::size_t row) const {
    return panel.top() + titleHeight + indexHeight + rowPitch * static_cast<double>(row);
  }
  double columnLeft(std::int64_t column) const {
    return panel.left() + nameWidth + static_cast<double>(column) * cellWidth;
  }
  QRectF cell(double rowTop, std::int64_t column) const {
    return QRectF(columnLeft(column), rowTop + lane, cellWidth - gap, cellHeight);
  }
};

double advance(QPainter* p, int pixels, bool bold, const QString& s) {
  return QFontMetricsF(font(p, pixels, bold)).horizontalAdvance(s);
}

QString serverName(const cs::leader_election::ServerView& s,
                   const std::vector<NodeSnapshot>& nodes) {
  return QString::fromStdString(s.id < nodes.size() && !nodes[s.id].name.empty()
                                    ? nodes[s.id].name
                                    : "node " + std::to_string(s.id));
}

LogGrid gridFor(QPainter* p, const QRectF& panel, const RaftView& view,
                const std::vector<NodeSnapshot>& nodes) {
  LogGrid g;
  g.panel = panel;
  const int text = readablePixels(p, kTextPixels);
  if (text == kTextPixels) {
    // At the top of the panel's room: the lecture's grid is shorter than the ring.
    g.panel.setHeight(kHeader + kRowPitch * static_cast<double>(view.servers.size()));
    return g;
  }
  g.compact = true;
  g.text = g.title = text;
  const double line = std::ceil(text * 1.25);
  g.titleHeight = g.indexHeight = line;
  const auto rows = static_cast<double>(std::max<std::size_t>(view.servers.size(), 1));
  g.rowPitch = (panel.height() - 2 * line) / rows;
  g.lane = text * 1.1;
  g.gap = 4;
  g.cellHeight = std::max(line, g.rowPitch - g.lane - g.gap);
  double names = advance(p, text, false, QObject::tr("commit %1").arg(88));
  for (const auto& s : view.servers)
    names = std::max(names, advance(p, text, true, serverName(s, nodes)));
  g.nameWidth = std::max(kNameWidth, names + 30);
  const double cellNeeded =
      std::max(kCellWidth, advance(p, text, true, QStringLiteral("term 88")) + 14 + g.gap);
  g.columns = std::clamp(static_cast<int>((panel.width() - g.nameWidth) / cellNeeded), 2, kColumns);
  g.cellWidth = (panel.width() - g.nameWidth) / g.columns;
  return g;
}

std::int64_t lastIndex(const RaftView& view, const std::vector<ReplacedEntry>& replaced) {
  std::int64_t last = 0;
  for (const auto& s : view.servers) last = std::max<std::int64_t>(last, s.log.size());
  for (const auto& r : replaced) last = std::max(last, r.index);
  return last;
}

void paintEntry(QPainter* p, const QRectF& r, const LogEntryView& e, bool committed,
                const LogGrid& g) {
  const Theme& t = currentTheme();
  const QColor c = termColour(e.term);
  if (committed) {
    p->setPen(QPen(c.darker(140), 2));
    p->setBrush(c);
  } else {
    // Not yet on a majority: hollow and dashed, so it reads as provisional.
    p->setPen(QPen(c, 3, Qt::DashLine));
    p->setBrush(t.surface);
  }
  p->drawRoundedRect(r.adjusted(1.5, 1.5, -1.5, -1.5), 7, 7);
  const QColor ink = committed ? QColor("#ffffff") : c.darker(135);
  p->setPen(ink);
  const QString text = QString::fromStdString(e.text);
  const QString term = QStringLiteral("term %1").arg(e.term);
  if (g.compact) {
    // Two lines where the cell is high enough, else the value and its term on one.
    p->setFont(font(p, g.text, true));
    const double line = g.text * 1.1;
    if (r.height() >= 2 * line) {
      const double top = r.center().y() - line;
      drawFittedText(p, QRectF(r.left() + 3, top, r.width() - 6, line), Qt::AlignCenter, text);
      p->setFont(font(p, g.text, false));
      drawFittedText(p, QRectF(r.left() + 3, top + line, r.width() - 6, line), Qt::AlignCenter,
                     term);
    } else {
      drawFittedText(p, r.adjusted(3, 0, -3, 0), Qt::AlignCenter,
                     text + QStringLiteral(" · t%1").arg(e.term));
    }
    return;
  }
  QFont f = font(p, 20, true);
  const QFontMetricsF fm(f);
  if (fm.horizontalAdvance(text) > r.width() - 8) f.setPixelSize(16);
  p->setFont(f);
  p->drawText(QRectF(r.left(), r.top() + 4, r.width(), 30), Qt::AlignCenter, text);
  p->setFont(font(p, 17, false));
  p->drawText(QRectF(r.left(), r.top() + 32, r.width(), 24), Qt::AlignCenter, term);
}

void paintReplaced(QPainter* p, const QRectF& cell, const ReplacedEntry& e, const LogGrid& g) {
  const Theme& t = currentTheme();
  const QRectF r(cell.left() + 4, cell.top() - g.lane + 2, cell.width() - 8, g.lane - 6);
  QColor c = termColour(e.term);
  c.setAlpha(70);
  p->setPen(Qt::NoPen);
  p->setBrush(c);
  p->drawRoundedRect(r, 5, 5);
  p->setPen(t.text);
  p->setFont(font(p, g.text, false));
  drawFittedText(p, r, Qt::AlignCenter, QString::fromStdString(e.text));
  p->setPen(QPen(t.blocked, 3));
  p->drawLine(QPointF(r.left() + 4, r.center().y()), QPointF(r.right() - 4, r.center().y()));
}

// How to read the panel, as long as the room beside the title allows: the
// first of these that fits.
QString keyFor(QPainter* p, double room, int pixels, std::int64_t hidden) {
  const QString keys[] = {
      QObject::tr("solid: committed · dashed: not yet · ┃ commitIndex · struck: replaced"),
      QObject::tr("solid: committed · dashed: not yet · struck: replaced"),
      QObject::tr("solid: committed · dashed: not yet")};
  const QString notShown[] = {QObject::tr("entries 1–%1 not shown · ").arg(hidden),
                              QObject::tr("1–%1 not shown · ").arg(hidden), QString()};
  // Saying that entries are hidden comes first.
  for (const QString& before : notShown)
    for (const QString& key : keys) {
      if (hidden == 0 && !before.isEmpty()) continue;
      if (advance(p, pixels, false, before + key) <= room) return before + key;
    }
  return keys[std::size(keys) - 1];
}

}  // namespace

void LogMemory::observe(const RaftView& view, SimTime now) {
  if (now < last_ || seen_.size() != view.servers.size()) {
    replaced_.clear();
    seen_.assign(view.servers.size(), {});
  }
  last_ = now;
  for (std::size_t s = 0; s < view.servers.size(); ++s) {
    const auto& log = view.servers[s].log;
    for (const LogEntryView& was : seen_[s]) {
      const auto i = static_cast<std::size_t>(was.index - 1);
      if (i < log.size() && log[i].term == was.term) continue;
      const NodeId id = view.servers[s].id;
      const bool known = std::any_of(replaced_.begin(), replaced_.end(), [&](const auto& r) {
        return r.server == id && r.index == was.index && r.term == was.term;
      });
      if (!known) replaced_.push_back({id, was.index, was.term, was.text});
    }
    seen_[s] = log;
  }
}

QColor termColour(std::int64_t term) {
  // Saturated enough for white text, none of them the follower's blue, the
  // candidate's orange or the leader's green.
  static const QColor kCycle[] = {QColor("#00897b"), QColor("#8e24aa"), QColor("#6d4c41"),
                                  QColor("#d81b60"), QColor("#3949ab"), QColor("#827717"),
                                  QColor("#00838f"), QColor("#5e35b1")};
  const auto n = static_cast<std::int64_t>(std::size(kCycle));
  return kCycle[((term - 1) % n + n) % n];
}

QRectF logPanelRect(double left, std::size_t servers, double bottom) {
  const double high = kHeader + kRowPitch * static_cast<double>(servers);
  return QRectF(QPointF(left, -high / 2),
                QPointF(left + kNameWidth + kColumns * kCellWidth, std::max(high / 2, bottom)));
}

void paintLogs(QPainter* p, const QRectF& room, const RaftView& view,
               const std::vector<NodeSnapshot>& nodes, const std::vector<ReplacedEntry>& replaced) {
  const Theme& t = currentTheme();
  const LogGrid g = gridFor(p, room, view, nodes);
  const QRectF panel = g.panel;
  const double left = panel.left();
  const std::int64_t last = lastIndex(view, replaced);
  const std::int64_t first = std::max<std::int64_t>(1, last - g.columns + 1);

  // Title and how to read it.
  p->setPen(t.text);
  p->setFont(font(p, g.title, true));
  const QString title = QObject::tr("Logs");
  p->drawText(QRectF(left, panel.top(), g.nameWidth, g.titleHeight),
              Qt::AlignLeft | Qt::AlignVCenter, title);
  const double keyLeft = advance(p, g.title, true, title) + g.text;
  p->setFont(font(p, g.text, false));
  p->setPen(t.mutedText);
  p->drawText(QRectF(left + keyLeft, panel.top(), panel.width() - keyLeft, g.titleHeight),
              Qt::AlignLeft | Qt::AlignVCenter,
              keyFor(p, panel.width() - keyLeft, g.text, first - 1));
  // Index numbers over the columns.
  const double indexTop = panel.top() + g.titleHeight;
  p->drawText(QRectF(left, indexTop, g.nameWidth - 10, g.indexHeight),
              Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("index"));
  for (std::int64_t c = 0; c < g.columns && first + c <= last; ++c)
    p->drawText(QRectF(g.columnLeft(c), indexTop, g.cellWidth - g.gap, g.indexHeight),
                Qt::AlignCenter, QString::number(first + c));

  for (std::size_t row = 0; row < view.servers.size(); ++row) {
    const auto& s = view.servers[row];
    const double top = g.rowTop(row);
    // The server: its role's colour, its name, its commitIndex.
    const QColor role = s.crashed ? t.dead : roleColor(&s, t);
    p->setPen(QPen(role.darker(150), 1.5));
    p->setBrush(role);
    const double mid = top + g.lane + g.cellHeight / 2;
    const double line = std::max(28.0, g.text * 1.25);
    p->drawEllipse(QPointF(left + 10, mid - line / 2 + 2), 8, 8);
    p->setPen(t.text);
    p->setFont(font(p, g.title, true));
    drawFittedText(p, QRectF(left + 24, mid - line + 2, g.nameWidth - 28, line),
                   Qt::AlignLeft | Qt::AlignVCenter, serverName(s, nodes));
    p->setFont(font(p, g.text, false));
    p->setPen(t.mutedText);
    const QRectF commit(left + 4, mid + 2, g.nameWidth - 8, line - 4);
    const QString commitIndex = QObject::tr("commitIndex %1").arg(s.commitIndex);
    p->drawText(commit, Qt::AlignLeft | Qt::AlignVCenter,
                advance(p, g.text, false, commitIndex) <= commit.width()
                    ? commitIndex
                    : QObject::tr("commit %1").arg(s.commitIndex));

    for (std::int64_t c = 0; c < g.columns; ++c) {
      const std::int64_t index = first + c;
      const QRectF r = g.cell(top, c);
      const auto i = static_cast<std::size_t>(index - 1);
      if (i < s.log.size()) {
        paintEntry(p, r, s.log[i], index <= s.commitIndex, g);
      } else if (index <= last) {
        // An index another server holds and this one lacks.
        p->setPen(QPen(t.link, 1.5, Qt::DotLine));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(r.adjusted(1.5, 1.5, -1.5, -1.5), 7, 7);
      }
      // The newest entry replaced at this index, if any.
      for (auto it = replaced.rbegin(); it != replaced.rend(); ++it)
        if (it->server == s.id && it->index == index) {
          paintReplaced(p, r, *it, g);
          break;
        }
    }
    // commitIndex: a bar after the last committed entry shown.
    if (s.commitIndex >= first - 1 && s.commitIndex < first + g.columns && s.commitIndex > 0) {
      const double x = g.columnLeft(s.commitIndex - first + 1) - g.gap / 2;
      p->setPen(QPen(t.text, 4, Qt::SolidLine, Qt::FlatCap));
      p->drawLine(QPointF(x, top + g.lane - 4), QPointF(x, top + g.lane + g.cellHeight + 4));
    }
  }
}

}  // namespace cs::ui::leader_election
