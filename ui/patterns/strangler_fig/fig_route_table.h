// The facade's route table as the Strangler Fig canvas draws it beside the
// nodes: one row per route with its stage, the split of its real traffic
// between legacy and the new service as a bar at the route's weight, its
// shadow ledger (match / mismatch / ignored / candidate error / timeout), the
// canary analysis' last verdict and how often it was rolled back. Draws from
// the typed view (clusterscope/strangler_fig/fig_view.h). UI thread only.
#pragma once

#include <clusterscope/strangler_fig/fig_view.h>
#include <QColor>
#include <QRectF>

class QPainter;

namespace cs::ui::strangler_fig {

using cs::strangler_fig::FigView;
using cs::strangler_fig::Stage;

// Where the table stands in the scene: right of the new services.
QRectF routeTableBounds();
void paintRouteTable(QPainter* p, const FigView& view);

QColor stageColour(Stage stage);
inline const QColor kLegacyFill{"#455a64"};
inline const QColor kNewFill{"#2e7d32"};
inline const QColor kMirrorFill{"#8e24aa"};

}  // namespace cs::ui::strangler_fig
