// The Event Sourcing pattern's part of the window: its look, its charts and
// time travel, its inspector section and what the compare view offers.
#include "es_ui.h"

#include <clusterscope/event_sourcing/es_phrases.h>

#include <QObject>

#include "es_charts.h"
#include "es_look.h"

namespace cs::ui::event_sourcing {
namespace {

using cs::event_sourcing::EsView;
using cs::event_sourcing::LogEntry;

// Appends, conflicts, load cost and the analytics lag: what a lecturer
// compares between expected revision exact and any, snapshots or the
// aggregate cache on and off.
std::vector<CompareMeasure> measures(const std::vector<MetricInfo>& metrics) {
  std::vector<CompareMeasure> v;
  for (const MetricInfo& m : metrics) {
    if (m.family == "store" && m.measure == "appends")
      v.push_back({QObject::tr("appends /s"), {m.name}, true});
    if (m.family == "store" && m.measure == "conflicts")
      v.push_back({QObject::tr("wrong expected version /s"), {m.name}, true});
    if (m.family == "handlers" && m.measure == "load_cost")
      v.push_back({QObject::tr("events folded per load"), {m.name}, false});
    if (m.family == "analytics" && m.measure == "lag")
      v.push_back({QObject::tr("subscription lag"), {m.name}, false});
  }
  return v;
}

QString streamTable(const EsView& view, const std::string& stream) {
  QString s = QObject::tr(
                  "<b>%1</b>, event by event (the state after each, folded):<br>"
                  "<table cellspacing=4><tr><th>pos</th><th>rev</th>"
                  "<th align=left>event</th><th align=left>state after</th></tr>")
                  .arg(QString::fromStdString(stream));
  int rows = 0;
  for (const LogEntry& e : view.store.recent) {
    if (e.streamName != stream) continue;
    ++rows;
    const QString body = QStringLiteral("(%1, %2)").arg(e.body[0]).arg(e.body[1]);
    const QString after =
        e.product
            ? QObject::tr("stock %1, last by order-%2").arg(e.stockAfter).arg(e.lastOrderAfter)
            : QString::fromStdString(e.statusAfter);
    s += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3 v%4 %5%6</td><td>%7</td></tr>")
             .arg(e.position)
             .arg(e.revision)
             .arg(QString::fromStdString(e.type))
             .arg(e.schema)
             .arg(body)
             .arg(e.compensating ? QObject::tr(" <i>compensating</i>") : QString())
             .arg(after);
  }
  s += "</table>";
  if (rows == 0) s += QObject::tr("(no event of it in the log's recent window)");
  return s;
}

}  // namespace

QString inspectorText(const EsView& view, NodeId node) {
  switch (view.kind(node)) {
    case cs::event_sourcing::NodeKind::Handler:
      if (const auto* h = view.handler(node); h && h->holds) return streamTable(view, h->stream);
      return {};
    case cs::event_sourcing::NodeKind::Store: {
      const auto& r = view.store.lastRejection;
      if (r.any)
        return QObject::tr("Last rejected append: <b>expected %1, stream is at %2</b><br>")
                   .arg(r.expected)
                   .arg(r.actual) +
               streamTable(view, r.stream);
      if (!view.store.recent.empty()) return streamTable(view, view.store.recent.back().streamName);
      return {};
    }
    case cs::event_sourcing::NodeKind::Crud: {
      QString s = QObject::tr(
          "<table cellspacing=4><tr><th>product</th><th>CRUD row</th>"
          "<th>folded from the log</th></tr>");
      for (const auto& p : view.products)
        s += QStringLiteral("<tr><td>product-%1</td><td>%2</td><td>%3</td></tr>")
                 .arg(p.product)
                 .arg(p.crudStock)
                 .arg(p.stock);
      return s + QObject::tr(
                     "</table>The row holds the latest value only: who reserved, "
                     "and when, was overwritten.");
    }
    default:
      return {};
  }
}

PatternUi patternUi() {
  PatternUi ui;
  ui.pattern = "event-sourcing";
  ui.look = [] { return std::make_unique<EsLook>(); };
  ui.charts = [](QWidget* parent) { return new EsCharts(parent); };
  ui.measures = measures;
  ui.messagePhrases = cs::event_sourcing::esPhrases();
  ui.inspector = [](const Mirror&, const PatternView& view, NodeId node) {
    return inspectorText(viewOf<EsView>(view), node);
  };
  ui.comparePresets = {"expectedRevision=any", "eventIds=off",       "snapshotEvery=20",
                       "snapshotEvery=0",      "cacheAggregates=on", "handlers=4"};
  ui.helpPage = QStringLiteral(":/clusterscope/explainers/event-sourcing.md");
  return ui;
}

}  // namespace cs::ui::event_sourcing
