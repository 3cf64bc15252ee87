// The Circuit Breaker pattern's part of the window: the shop's look, its
// services' charts with the breaker band, orders' breaker window in the
// inspector, and what the compare view offers.
#include "shop_ui.h"

#include <clusterscope/circuit_breaker/shop_phrases.h>
#include <clusterscope/circuit_breaker/shop_view.h>
#include <QObject>

#include "../../src/mirror.h"
#include "../rpc/service_charts.h"
#include "breaker_inspector.h"
#include "shop_look.h"

namespace cs::ui::circuit_breaker {
namespace {

// The breaker's window, call by call, for the node that owns the breaker.
QString inspectorHtml(const Mirror& m, const PatternView& view, NodeId node) {
  const auto& shop = viewOf<cs::circuit_breaker::ShopView>(view);
  if (node != shop.breaker.owner) return {};
  const NodeSnapshot* callee = m.node(shop.breaker.protectedService);
  return breakerHtml(
      QObject::tr("breaker for %1").arg(callee ? QString::fromStdString(callee->name) : QString()),
      shop.breaker);
}

}  // namespace

PatternUi patternUi() {
  PatternUi ui;
  ui.pattern = "circuit-breaker";
  ui.look = [] { return std::make_unique<ShopLook>(); };
  ui.charts = [](QWidget* parent) { return new rpc_look::ServiceCharts(parent); };
  ui.measures = rpc_look::serviceMeasures;
  ui.inspector = inspectorHtml;
  ui.messagePhrases = cs::circuit_breaker::shopPhrases();
  ui.comparePresets = {"breaker=on",     "breaker=off",         "naiveRetries=0",
                       "naiveRetries=3", "failFastWhenOpen=on", "failFastWhenOpen=off"};
  ui.helpPage = QStringLiteral(":/clusterscope/explainers/circuit-breaker.md");
  return ui;
}

}  // namespace cs::ui::circuit_breaker
