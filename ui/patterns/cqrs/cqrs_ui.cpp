// The CQRS pattern's part of the window: its look, its charts, its
// inspector section and what the compare view offers.
#include "cqrs_ui.h"

#include <clusterscope/cqrs/cqrs_phrases.h>

#include <QObject>

#include "cqrs_charts.h"
#include "cqrs_look.h"

namespace cs::ui::cqrs {
namespace {

using cs::cqrs::CqrsView;

// Order p99 against query p99 and the lag: what a lecturer compares between
// one model and CQRS, or one partition and four.
std::vector<CompareMeasure> measures(const std::vector<MetricInfo>& metrics) {
  std::vector<CompareMeasure> v;
  for (const MetricInfo& m : metrics) {
    if (m.family == "latency" && m.subject == "order" && m.measure == "p99")
      v.push_back({QObject::tr("order p99 (µs)"), {m.name}, false});
    if (m.family == "latency" && m.subject == "query" && m.measure == "p99")
      v.push_back({QObject::tr("query p99 (µs)"), {m.name}, false});
    if (m.family == "projection" && m.subject == "projector" && m.measure == "lag")
      v.push_back({QObject::tr("projection lag, furthest behind (events)"), {m.name}, false});
    else if (m.family == "projection" && m.measure == "lag")
      v.push_back(
          {QObject::tr("%1 lag (events)").arg(QString::fromStdString(m.subject)), {m.name}, false});
  }
  return v;
}

}  // namespace

QString inspectorText(const CqrsView& v, NodeId node) {
  for (const auto& pr : v.projectors) {
    if (pr.id != node) continue;
    QString models;
    for (const auto& m : pr.models)
      models += (models.isEmpty() ? "" : ", ") + QString::fromStdString(m);
    QString s = QObject::tr(
                    "Keeps %1.<br>Store head <b>%2</b>, checkpoint at <b>%3</b> (saved %4): "
                    "<b>%5 events</b> behind.<br>Partitions:")
                    .arg(models)
                    .arg(v.write.head)
                    .arg(pr.position)
                    .arg(pr.checkpoint)
                    .arg(pr.lagEvents);
    for (std::size_t i = 0; i < pr.partitionDepths.size(); ++i)
      s += QObject::tr(" #%1: %2 waiting").arg(i + 1).arg(pr.partitionDepths[i]);
    if (pr.rebuilding)
      s += QObject::tr("<br>Blue/green rebuild at %1 of %2.")
               .arg(pr.rebuildPosition)
               .arg(pr.position);
    return s;
  }
  for (const auto& r : v.replicas)
    if (r.id == node)
      return QObject::tr(
                 "Position <b>%1</b> of head %2: <b>%3 events</b> behind. Served %4, "
                 "marked stale %5, rejected %6.")
          .arg(r.position)
          .arg(v.write.head)
          .arg(r.lagEvents)
          .arg(r.served)
          .arg(r.stale)
          .arg(r.rejected);
  if (node == v.write.store + 2 && v.lastStale.any)
    return QObject::tr("Last stale read: order %1 stored at %2, read from %3 at %4.")
        .arg(v.lastStale.order)
        .arg(v.lastStale.orderPosition)
        .arg(QString::fromStdString(v.lastStale.replica))
        .arg(v.lastStale.replicaPosition);
  return {};
}

PatternUi patternUi() {
  PatternUi ui;
  ui.pattern = "cqrs";
  ui.look = [] { return std::make_unique<CqrsLook>(); };
  ui.charts = [](QWidget* parent) { return new CqrsCharts(parent); };
  ui.measures = measures;
  ui.inspector = [](const Mirror&, const PatternView& view, NodeId node) {
    return inspectorText(viewOf<CqrsView>(view), node);
  };
  ui.comparePresets = {"model=one",    "replicas=6",       "projectorWorkers=4",
                       "tokens=false", "idempotent=false", "validate=read-model"};
  ui.helpPage = QStringLiteral(":/clusterscope/explainers/cqrs.md");
  ui.messagePhrases = cs::cqrs::cqrsPhrases();
  return ui;
}

}  // namespace cs::ui::cqrs
