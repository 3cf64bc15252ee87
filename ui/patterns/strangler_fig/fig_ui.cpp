// The Strangler Fig pattern's part of the window: its look, its charts, the
// route table in the facade's inspector section, and what the compare view
// offers — above all the big-bang twin, every route cut over at one moment —
// and the migration map on the timeline.
#include "fig_ui.h"

#include <clusterscope/strangler_fig/fig_phrases.h>
#include <clusterscope/strangler_fig/fig_view.h>
#include <QObject>

#include "fig_charts.h"
#include "fig_lanes.h"
#include "fig_look.h"

namespace cs::ui::strangler_fig {
namespace {

using cs::strangler_fig::FigView;
using cs::strangler_fig::RouteView;
using cs::strangler_fig::ShadowOutcome;

// Client traffic by implementation, failures, mismatches and CDC lag: what a
// lecturer compares between the strangler and the big bang.
std::vector<CompareMeasure> measures(const std::vector<MetricInfo>& metrics) {
  CompareMeasure newFailed{QObject::tr("requests failed at new services /s"), {}, true};
  CompareMeasure legacyFailed{QObject::tr("requests failed at legacy /s"), {}, true};
  CompareMeasure mismatches{QObject::tr("shadow mismatches /s"), {}, true};
  CompareMeasure lag{QObject::tr("CDC lag, all stores (µs)"), {}, false};
  for (const MetricInfo& m : metrics) {
    if (m.family == "route" && m.measure == "new_failed") newFailed.metrics.push_back(m.name);
    if (m.family == "route" && m.measure == "legacy_failed") legacyFailed.metrics.push_back(m.name);
    if (m.family == "route" && m.measure == "mismatch") mismatches.metrics.push_back(m.name);
    if (m.family == "cdc" && m.measure == "lag") lag.metrics.push_back(m.name);
  }
  return {newFailed, legacyFailed, mismatches, lag};
}

std::uint64_t ledger(const RouteView& r, ShadowOutcome o) {
  return r.shadow[static_cast<std::size_t>(o)];
}

// The route table, in full, for a facade replica.
QString routeTableHtml(const FigView& view) {
  QString h = QObject::tr(
      "<b>Route table</b> (shared by both replicas; one update moves a route for both)<br>"
      "<table cellspacing=4><tr><th align=left>route</th><th>stage</th><th>weight</th>"
      "<th>legacy / new served</th><th>match</th><th>mismatch</th><th>ignored</th>"
      "<th>cand. error</th><th>timeout</th><th>rollbacks</th></tr>");
  for (const RouteView& r : view.routes)
    h += QStringLiteral(
             "<tr><td>%1</td><td>%2</td><td>%3%</td><td>%4 / %5</td><td>%6</td><td>%7</td>"
             "<td>%8</td><td>%9</td><td>%10</td><td>%11</td></tr>")
             .arg(QString::fromStdString(r.name), QString::fromUtf8(stageName(r.stage)))
             .arg(r.weight)
             .arg(r.servedLegacy)
             .arg(r.servedNew)
             .arg(ledger(r, ShadowOutcome::Match))
             .arg(ledger(r, ShadowOutcome::Mismatch))
             .arg(ledger(r, ShadowOutcome::Ignored))
             .arg(ledger(r, ShadowOutcome::CandidateError))
             .arg(ledger(r, ShadowOutcome::Timeout))
             .arg(r.rollbacks);
  return h + "</table>";
}

}  // namespace

PatternUi patternUi() {
  PatternUi ui;
  ui.pattern = "strangler-fig";
  ui.look = [] { return std::make_unique<FigLook>(); };
  ui.messagePhrases = cs::strangler_fig::figPhrases();
  ui.charts = [](QWidget* parent) { return new FigCharts(parent); };
  ui.measures = measures;
  ui.inspector = [](const Mirror&, const PatternView& view, NodeId node) {
    const FigView& v = viewOf<FigView>(view);
    if (std::find(v.facades.begin(), v.facades.end(), node) == v.facades.end()) return QString();
    return routeTableHtml(v);
  };
  ui.comparePresets = {"cutoverAt=10000",     "checkoutBug=true", "priceBug=true",
                       "dataSync=dual-write", "reconcile=false",  "mirrorWrites=true"};
  ui.helpPage = QStringLiteral(":/clusterscope/explainers/strangler-fig.md");
  ui.timelineLanes = migrationMap;
  return ui;
}

}  // namespace cs::ui::strangler_fig
