// The Event Sourcing nodes' compact forms. See es_compact.h.
#include "es_compact.h"

#include <QObject>
#include <QPainter>
#include <vector>

#include "../../src/canvas/compact_lines.h"

namespace cs::ui::event_sourcing {
namespace {

using cs::event_sourcing::HandlerView;

const QColor kInk("#ffffff");
const QColor kWarning("#ff8a80");

QString plural(std::uint64_t n, const QString& one, const QString& many) {
  return n == 1 ? one : many.arg(n);
}

std::vector<CompactLine> storeLines(const EsView& view) {
  const auto& s = view.store;
  std::vector<CompactLine> lines;
  const QString head = QObject::tr("head %1").arg(s.head);
  const QString streams = plural(s.streams, QObject::tr("1 stream"), QObject::tr("%1 streams"));
  lines.push_back({{head + QStringLiteral(" · ") + streams, head}, kInk, true});
  const QString conflicts =
      plural(s.rejected, QObject::tr("1 conflict"), QObject::tr("%1 conflicts"));
  const QString retries = QObject::tr("%1 retries recognised").arg(s.recognised);
  lines.push_back({{conflicts + QStringLiteral(" · ") + retries, conflicts}, kInk, s.rejected > 0});
  if (s.lastRejection.any) {
    const auto& r = s.lastRejection;
    const QString expected =
        r.expected >= 0 ? QString::number(r.expected) : QObject::tr("no stream");
    lines.push_back({{QObject::tr("✗ %1 expected %2, is at %3")
                          .arg(QString::fromStdString(r.stream), expected)
                          .arg(r.actual),
                      QObject::tr("✗ expected %1, is at %2").arg(expected).arg(r.actual)},
                     kWarning,
                     true});
  }
  const auto& st = view.settings;
  if (!st.expectExact)
    lines.push_back({{QObject::tr("expected revision: ANY (unsafe)"), QObject::tr("ANY (unsafe)")},
                     kWarning,
                     true});
  if (!st.eventIds)
    lines.push_back(
        {{QObject::tr("fresh event ids on retry"), QObject::tr("fresh ids")}, kWarning, true});
  if (st.buggyRelease) lines.push_back({{QObject::tr("BUGGY RELEASE")}, kWarning, true});
  if (s.snapshots > 0)
    lines.push_back({{plural(s.snapshots, QObject::tr("1 snapshot"), QObject::tr("%1 snapshots"))},
                     kInk,
                     false});
  if (s.retention.horizon > 0)
    lines.push_back({{QObject::tr("scavenged up to %1").arg(s.retention.horizon)}, kInk, false});
  // The shop's state, as the log folds it: what an oversold product shows.
  for (const auto& row : view.products) {
    const QString stock = QObject::tr("product-%1: stock %2").arg(row.product).arg(row.stock);
    lines.push_back({{stock}, row.stock < 0 ? kWarning : kInk, row.stock < 0});
  }
  return lines;
}

std::vector<CompactLine> handlerLines(const HandlerView& h) {
  std::vector<CompactLine> lines;
  if (h.holds) {
    const QString stream = QString::fromStdString(h.stream);
    lines.push_back({{h.revision >= 0 ? QObject::tr("holds %1 @ %2").arg(stream).arg(h.revision)
                                      : QObject::tr("holds %1").arg(stream),
                      stream},
                     kInk,
                     false});
  } else {
    lines.push_back({{QObject::tr("holds nothing yet")}, kInk, false});
  }
  const QString conflicts =
      plural(h.conflicts, QObject::tr("1 conflict"), QObject::tr("%1 conflicts"));
  lines.push_back({{conflicts + QObject::tr(" · %1 retries").arg(h.retries), conflicts},
                   kInk,
                   h.conflicts > 0});
  return lines;
}

std::vector<CompactLine> analyticsLines(const EsView& view) {
  const auto& a = view.analytics;
  std::vector<CompactLine> lines;
  lines.push_back({{QObject::tr("checkpoint %1").arg(a.checkpoint), QString::number(a.checkpoint)},
                   kInk,
                   false});
  if (a.oversold > 0)
    lines.push_back({{QObject::tr("OVERSOLD seen %1×").arg(a.oversold),
                      QObject::tr("OVERSOLD %1×").arg(a.oversold)},
                     kWarning,
                     true});
  else
    lines.push_back({{a.live ? QObject::tr("live · lag %1").arg(a.lag)
                             : QObject::tr("catching up · lag %1").arg(a.lag),
                      QObject::tr("lag %1").arg(a.lag)},
                     kInk,
                     false});
  return lines;
}

}  // namespace

bool hasCompactForm(NodeKind kind) {
  return kind == NodeKind::Store || kind == NodeKind::Handler || kind == NodeKind::Analytics;
}

void paintCompact(QPainter* p, const EsView& view, NodeId id, const QString& name, bool crashed,
                  const QRectF& body) {
  std::vector<CompactLine> lines;
  if (!crashed) {
    switch (view.kind(id)) {
      case NodeKind::Store:
        lines = storeLines(view);
        break;
      case NodeKind::Handler:
        if (const HandlerView* h = view.handler(id)) lines = handlerLines(*h);
        break;
      case NodeKind::Analytics:
        lines = analyticsLines(view);
        break;
      case NodeKind::Client:
      case NodeKind::Crud:
        break;
    }
  }
  writeCompactForm(p, body, {{name}, kInk, true}, lines);
}

}  // namespace cs::ui::event_sourcing
