// Leader Election's part of the window: the Raft look, its charts, a
// server's timer and log in the inspector, and what the compare view offers.
#include "raft_ui.h"

#include <clusterscope/leader_election/raft_phrases.h>

#include <QObject>
#include <algorithm>

#include "../../src/mirror.h"
#include "../../src/theme.h"
#include "raft_charts.h"
#include "raft_look.h"

namespace cs::ui::leader_election {
namespace {

QString ms(SimDuration d) {
  return QStringLiteral("%1 ms").arg(d.count() / 1000.0, 0, 'f', 1);
}

// The server's running timer and its log, committed entries marked.
QString inspectorHtml(const Mirror& m, const PatternView& view, NodeId node) {
  const ServerView* s = viewOf<RaftView>(view).server(node);
  if (!s) return {};
  const Theme& t = currentTheme();
  QString h;
  if (!s->crashed) {
    const QString timer =
        s->role == Role::Leader ? QObject::tr("heartbeat") : QObject::tr("election timeout");
    h += QStringLiteral("<p><b>%1</b>: %2</p>")
             .arg(timer, QObject::tr("%1 left of %2")
                             .arg(ms(std::max(SimDuration{0}, s->timerDeadline - m.status.now)),
                                  ms(s->timerDeadline - s->timerStart)));
  }
  h += QStringLiteral("<h3>log</h3>");
  if (s->log.empty()) return h + QObject::tr("<p style='color:gray'>empty</p>");
  h += QStringLiteral(
      "<table cellspacing=0 cellpadding=3><tr><th>index</th><th>term</th>"
      "<th>entry</th></tr>");
  const QString bg = t.leader.lighter(t.darkBase ? 60 : 175).name();
  for (const auto& e : s->log) {
    const bool committed = e.index <= s->commitIndex;
    h += QStringLiteral("<tr%1><td align=right>%2</td><td align=right>%3</td><td>%4%5</td></tr>")
             .arg(committed ? QStringLiteral(" style='background:%1'").arg(bg) : QString())
             .arg(e.index)
             .arg(e.term)
             .arg(QString::fromStdString(e.text).toHtmlEscaped(),
                  committed ? QObject::tr(" ✓ committed") : QString());
  }
  return h + QStringLiteral("</table>");
}

std::vector<CompareMeasure> measures(const std::vector<MetricInfo>& metrics) {
  std::vector<CompareMeasure> v;
  for (const MetricInfo& m : metrics) {
    if (m.family == "network" && m.subject.empty() && m.measure == "sent")
      v.push_back({QObject::tr("messages /s"), {m.name}, true});
    if (m.family == "raft" && m.measure == "term")
      v.push_back({QObject::tr("term"), {m.name}, false});
    if (m.family == "raft" && m.measure == "leader")
      v.push_back({QObject::tr("leader (node; -1 none)"), {m.name}, false});
  }
  return v;
}

}  // namespace

PatternUi patternUi() {
  PatternUi ui;
  ui.pattern = "leader-election";
  ui.look = [] { return std::make_unique<RaftLook>(); };
  ui.charts = [](QWidget* parent) { return new RaftCharts(parent); };
  ui.measures = measures;
  ui.inspector = inspectorHtml;
  ui.messagePhrases = cs::leader_election::raftPhrases();
  ui.comparePresets = {"nodes=3", "nodes=7", "loss=0.1", "electionRestriction=on",
                       "electionRestriction=off"};
  ui.helpPage = QStringLiteral(":/clusterscope/explainers/leader-election.md");
  return ui;
}

}  // namespace cs::ui::leader_election
