// Drawing Raft's logs and remembering replaced entries. See raft_logs.h.
#include "raft_logs.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <algorithm>

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

std::int64_t lastIndex(const RaftView& view, const std::vector<ReplacedEntry>& replaced) {
  std::int64_t last = 0;
  for (const auto& s : view.servers) last = std::max<std::int64_t>(last, s.log.size());
  for (const auto& r : replaced) last = std::max(last, r.index);
  return last;
}

QRectF cellRect(double left, double rowTop, std::int64_t column) {
  return QRectF(left + kNameWidth + static_cast<double>(column) * kCellWidth,
                rowTop + kReplacedLane, kCellWidth - kCellGap, kCellHeight);
}

void paintEntry(QPainter* p, const QRectF& r, const LogEntryView& e, bool committed) {
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
  QFont f = font(p, 20, true);
  const QString text = QString::fromStdString(e.text);
  const QFontMetricsF fm(f);
  if (fm.horizontalAdvance(text) > r.width() - 8) f.setPixelSize(16);
  p->setFont(f);
  p->drawText(QRectF(r.left(), r.top() + 4, r.width(), 30), Qt::AlignCenter, text);
  p->setFont(font(p, 17, false));
  p->drawText(QRectF(r.left(), r.top() + 32, r.width(), 24), Qt::AlignCenter,
              QStringLiteral("term %1").arg(e.term));
}

void paintReplaced(QPainter* p, const QRectF& cell, const ReplacedEntry& e) {
  const Theme& t = currentTheme();
  const QRectF r(cell.left() + 4, cell.top() - kReplacedLane + 2, cell.width() - 8,
                 kReplacedLane - 6);
  QColor c = termColour(e.term);
  c.setAlpha(70);
  p->setPen(Qt::NoPen);
  p->setBrush(c);
  p->drawRoundedRect(r, 5, 5);
  p->setPen(t.text);
  p->setFont(font(p, 17, false));
  p->drawText(r, Qt::AlignCenter, QString::fromStdString(e.text));
  p->setPen(QPen(t.blocked, 3));
  p->drawLine(QPointF(r.left() + 4, r.center().y()), QPointF(r.right() - 4, r.center().y()));
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

QRectF logPanelRect(double left, std::size_t servers) {
  return QRectF(left, -(kHeader + kRowPitch * static_cast<double>(servers)) / 2,
                kNameWidth + kColumns * kCellWidth,
                kHeader + kRowPitch * static_cast<double>(servers));
}

void paintLogs(QPainter* p, double left, const RaftView& view,
               const std::vector<NodeSnapshot>& nodes, const std::vector<ReplacedEntry>& replaced) {
  const Theme& t = currentTheme();
  const QRectF panel = logPanelRect(left, view.servers.size());
  const std::int64_t last = lastIndex(view, replaced);
  const std::int64_t first = std::max<std::int64_t>(1, last - kColumns + 1);

  // Title and how to read it.
  p->setPen(t.text);
  p->setFont(font(p, 20, true));
  p->drawText(QRectF(panel.left(), panel.top(), kNameWidth, kTitleHeight),
              Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("Logs"));
  p->setFont(font(p, 17, false));
  p->setPen(t.mutedText);
  QString key =
      QObject::tr("solid: committed · dashed: not yet · ┃ commitIndex · struck: replaced");
  if (first > 1) key = QObject::tr("entries 1–%1 not shown · ").arg(first - 1) + key;
  p->drawText(QRectF(panel.left() + 70, panel.top(), panel.width() - 70, kTitleHeight),
              Qt::AlignLeft | Qt::AlignVCenter, key);
  // Index numbers over the columns.
  const double indexTop = panel.top() + kTitleHeight;
  p->drawText(QRectF(panel.left(), indexTop, kNameWidth - 10, kIndexHeight),
              Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("index"));
  for (std::int64_t c = 0; c < kColumns && first + c <= last; ++c)
    p->drawText(QRectF(left + kNameWidth + static_cast<double>(c) * kCellWidth, indexTop,
                       kCellWidth - kCellGap, kIndexHeight),
                Qt::AlignCenter, QString::number(first + c));

  for (std::size_t row = 0; row < view.servers.size(); ++row) {
    const auto& s = view.servers[row];
    const double top = panel.top() + kHeader + kRowPitch * static_cast<double>(row);
    // The server: its role's colour, its name, its commitIndex.
    const QColor role = s.crashed ? t.dead : roleColor(&s, t);
    p->setPen(QPen(role.darker(150), 1.5));
    p->setBrush(role);
    const double mid = top + kReplacedLane + kCellHeight / 2;
    p->drawEllipse(QPointF(left + 10, mid - 12), 8, 8);
    p->setPen(t.text);
    p->setFont(font(p, 20, true));
    const std::string name = s.id < nodes.size() && !nodes[s.id].name.empty()
                                 ? nodes[s.id].name
                                 : "node " + std::to_string(s.id);
    p->drawText(QRectF(left + 24, mid - 26, kNameWidth - 28, 28), Qt::AlignLeft | Qt::AlignVCenter,
                QString::fromStdString(name));
    p->setFont(font(p, 17, false));
    p->setPen(t.mutedText);
    p->drawText(QRectF(left + 4, mid + 2, kNameWidth - 8, 24), Qt::AlignLeft | Qt::AlignVCenter,
                QObject::tr("commitIndex %1").arg(s.commitIndex));

    for (std::int64_t c = 0; c < kColumns; ++c) {
      const std::int64_t index = first + c;
      const QRectF r = cellRect(left, top, c);
      const auto i = static_cast<std::size_t>(index - 1);
      if (i < s.log.size()) {
        paintEntry(p, r, s.log[i], index <= s.commitIndex);
      } else if (index <= last) {
        // An index another server holds and this one lacks.
        p->setPen(QPen(t.link, 1.5, Qt::DotLine));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(r.adjusted(1.5, 1.5, -1.5, -1.5), 7, 7);
      }
      // The newest entry replaced at this index, if any.
      for (auto it = replaced.rbegin(); it != replaced.rend(); ++it)
        if (it->server == s.id && it->index == index) {
          paintReplaced(p, r, *it);
          break;
        }
    }
    // commitIndex: a bar after the last committed entry shown.
    if (s.commitIndex >= first - 1 && s.commitIndex < first + kColumns && s.commitIndex > 0) {
      const double x = left + kNameWidth +
                       static_cast<double>(s.commitIndex - first + 1) * kCellWidth - kCellGap / 2;
      p->setPen(QPen(t.text, 4, Qt::SolidLine, Qt::FlatCap));
      p->drawLine(QPointF(x, top + kReplacedLane - 4),
                  QPointF(x, top + kReplacedLane + kCellHeight + 4));
    }
  }
}

}  // namespace cs::ui::leader_election
