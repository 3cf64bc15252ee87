// The Ambassador pattern's part of the window: the pods' look, the services'
// charts with the replicas' breaker band, the sidecar's breakers in the
// inspector, and what the compare view offers.
#include "ambassador_ui.h"

#include <clusterscope/ambassador/ambassador_phrases.h>
#include <clusterscope/ambassador/ambassador_view.h>
#include <QObject>

#include "../../src/mirror.h"
#include "../circuit_breaker/breaker_inspector.h"
#include "../rpc/service_charts.h"
#include "ambassador_look.h"

namespace cs::ui::ambassador {
namespace {

// Each replica's breaker, call by call, for the outbound ambassador.
QString inspectorHtml(const Mirror& m, const PatternView& view, NodeId node) {
  const auto& world = viewOf<cs::ambassador::AmbassadorView>(view);
  const auto& out = world.outbound;
  if (node != out.id || !out.breakers) return {};
  QString h;
  for (const auto& u : out.upstreams) {
    const NodeSnapshot* to = m.node(u.id);
    h += circuit_breaker::breakerHtml(
        QObject::tr("breaker for %1").arg(to ? QString::fromStdString(to->name) : QString()),
        u.breaker);
  }
  return h;
}

}  // namespace

PatternUi patternUi() {
  PatternUi ui;
  ui.pattern = "ambassador";
  ui.look = [] { return std::make_unique<AmbassadorLook>(); };
  ui.charts = [](QWidget* parent) { return new rpc_look::ServiceCharts(parent); };
  ui.measures = rpc_look::serviceMeasures;
  ui.inspector = inspectorHtml;
  ui.messagePhrases = cs::ambassador::ambassadorPhrases();
  ui.comparePresets = {"retries=off",    "retries=on",     "hedging=off",    "hedging=on",
                       "breaker=off",    "breaker=on",     "ambassador=off", "ambassador=on",
                       "retryBudget=on", "retryBudget=off"};
  ui.helpPage = QStringLiteral(":/clusterscope/explainers/ambassador.md");
  return ui;
}

}  // namespace cs::ui::ambassador
