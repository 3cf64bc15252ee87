// Formatting a followed request's hops. See hop_table.h.
#include "hop_table.h"

#include <clusterscope/request_path.h>
#include <QObject>

#include "../followed_request.h"
#include "../theme.h"

namespace cs::ui {
namespace {

QString name(const Mirror& m, NodeId id) {
  return m.vocabulary ? QString::fromStdString(m.vocabulary->nodeName(id))
                      : QStringLiteral("node %1").arg(id);
}

QString seconds(SimTime t) {
  return QStringLiteral("%1 s").arg(toSeconds(t), 0, 'f', 4);
}

QString offset(SimTime t, SimTime from) {
  return QStringLiteral("+") + QString::number((t - from).count() / 1000.0, 'f', 1);
}

QString msNumber(SimDuration d) {
  return QString::number(d.count() / 1000.0, 'f', 1);
}

QString ms(SimDuration d) {
  return QStringLiteral("%1 ms").arg(d.count() / 1000.0, 0, 'f', 1);
}

// How a Reply says its call ended, in the words its kind defines ("rejected").
QString outcomeText(const Mirror& m, const Hop& h) {
  if (m.vocabulary && h.kind < m.vocabulary->size()) {
    const auto& names = m.vocabulary->info(h.kind).valueNames;
    if (h.status >= 0 && static_cast<std::size_t>(h.status) < names.size())
      return QString::fromStdString(names[static_cast<std::size_t>(h.status)]);
  }
  return QObject::tr("status %1").arg(h.status);
}

}  // namespace

std::vector<HopRow> hopRows(const Mirror& m, const RequestPath& path) {
  std::vector<HopRow> rows;
  rows.reserve(path.hops.size());
  for (const Hop& h : path.hops) {
    HopRow r;
    r.from = name(m, h.from);
    r.to = name(m, h.to);
    r.kind = QString::fromStdString(m.labelName(h.kind));
    if (h.duplicate) r.kind += QObject::tr(" (copy)");
    r.sent = offset(h.sentAt, path.begin);
    r.delivered =
        h.fate == HopFate::Delivered ? offset(h.endedAt, path.begin) : QStringLiteral("—");
    r.network = h.fate == HopFate::InFlight ? QString() : msNumber(h.network());
    if (h.atReceiver) r.atReceiver = msNumber(*h.atReceiver);
    switch (h.fate) {
      case HopFate::InFlight:
        r.outcome = QObject::tr("in flight");
        break;
      case HopFate::Dropped:
        r.outcome =
            QObject::tr("dropped: %1").arg(QString::fromLatin1(dropReasonText(h.dropReason)));
        r.bad = true;
        break;
      case HopFate::Delivered:
        r.outcome = h.status == 0 ? QObject::tr("ok") : outcomeText(m, h);
        r.bad = h.status != 0;
        break;
    }
    if (h.timedOutAt) {
      // The caller stopped waiting; what the callee did after is late.
      r.outcome = QObject::tr("timed out after %1").arg(ms(*h.timedOutAt - h.sentAt));
      r.bad = true;
    }
    rows.push_back(r);
  }
  return rows;
}

QString followedTitle(const Mirror& m, const FollowedRequest& f) {
  const RequestPath& p = f.path();
  const FollowKey& k = f.key();
  if (k.request != 0) {
    // The load generators number requests per client: (client << 40) | n.
    const NodeId origin = p.hops.empty() ? kNoNode : p.hops.front().from;
    if (origin != kNoNode && (k.request >> 40) == origin)
      return QObject::tr("Request %1 of %2")
          .arg(k.request & ((1ULL << 40) - 1))
          .arg(name(m, origin));
    return QObject::tr("Request %1").arg(k.request);
  }
  if (p.hops.empty()) return QObject::tr("Message %1 and its answers").arg(k.roots.front());
  const Hop& first = p.hops.front();
  return QObject::tr("%1 of %2 and its answers")
      .arg(QString::fromStdString(m.labelName(first.kind)), name(m, first.from));
}

QString followedTotal(const FollowedRequest& f) {
  const RequestPath& p = f.path();
  if (p.hops.empty()) return QObject::tr("no hops seen yet");
  if (p.answeredAt) return QObject::tr("end to end %1 (answered)").arg(ms(p.total()));
  if (!p.finished) return QObject::tr("%1 so far, still in flight").arg(ms(p.total()));
  if (f.key().request != 0) return QObject::tr("%1, never answered").arg(ms(p.total()));
  return QObject::tr("%1 from first send to last delivery").arg(ms(p.total()));
}

QString followedHtml(const Mirror& m, const FollowedRequest& f) {
  const Theme& t = currentTheme();
  QString h =
      QStringLiteral("<h3 style='color:%1'>%2 %3</h3>")
          .arg(t.selection.name(), QObject::tr("Following"), followedTitle(m, f).toHtmlEscaped());
  h += QStringLiteral("<p><b>%1</b> · %2 · %3 · <a href='cs:stop-following'>%4</a></p>")
           .arg(followedTotal(f).toHtmlEscaped(),
                f.path().hops.size() == 1 ? QObject::tr("1 hop")
                                          : QObject::tr("%1 hops").arg(f.path().hops.size()),
                QObject::tr("began at %1").arg(seconds(f.path().begin)),
                QObject::tr("Stop following (Esc)"));
  h +=
      QStringLiteral(
          "<table cellspacing=0 cellpadding=2><tr><th align=left>%1</th><th "
          "align=left>%2</th><th align=right>%3</th><th align=right>%4</th><th "
          "align=right>%5</th><th align=right>%6</th><th align=left>%7</th></tr>")
          .arg(QObject::tr("hop"), QObject::tr("kind"), QObject::tr("sent"), QObject::tr("arrived"),
               QObject::tr("network"), QObject::tr("at<br>receiver"), QObject::tr("outcome"));
  for (const HopRow& r : hopRows(m, f.path())) {
    const QString colour = r.bad ? QStringLiteral(" style='color:%1'").arg(t.blocked.name()) : "";
    h += QStringLiteral(
             "<tr%1><td>%2&nbsp;→ %3</td><td>%4</td><td align=right>%5</td><td "
             "align=right>%6</td><td align=right>%7</td><td align=right>%8</td><td>%9</td></tr>")
             .arg(colour, r.from.toHtmlEscaped(), r.to.toHtmlEscaped(), r.kind.toHtmlEscaped(),
                  r.sent, r.delivered, r.network, r.atReceiver, r.outcome.toHtmlEscaped());
  }
  h += QStringLiteral("</table><p style='color:%1'>%2</p><hr>")
           .arg(t.mutedText.name(),
                QObject::tr("Times in ms; sent and arrived after the first send. At receiver: "
                            "from arriving until that node sent the request on or answered."));
  return h;
}

}  // namespace cs::ui
