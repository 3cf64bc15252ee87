// Building the migration map's lanes. See fig_lanes.h.
#include "fig_lanes.h"

#include <clusterscope/strangler_fig/fig_view.h>
#include <QObject>
#include <algorithm>

#include "../../src/mirror.h"
#include "fig_route_table.h"

namespace cs::ui::strangler_fig {
namespace {

using cs::strangler_fig::RouteChange;
using cs::strangler_fig::RouteView;
using cs::strangler_fig::stageName;

const QColor kRollback{"#d50000"};

bool sameHistory(const std::vector<RouteChange>& a, const std::vector<RouteChange>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const RouteChange& x, const RouteChange& y) {
                      return x.at == y.at && x.stage == y.stage && x.weight == y.weight &&
                             x.rollback == y.rollback;
                    });
}

// A route that never left legacy has nothing to show.
bool moved(const RouteView& r) {
  for (const RouteChange& c : r.history)
    if (c.stage != Stage::Legacy || c.rollback) return true;
  return false;
}

QString stageText(const RouteChange& c) {
  if (c.stage == Stage::Canary) return QObject::tr("canary %1%").arg(c.weight);
  return QString::fromUtf8(stageName(c.stage));
}

TimelineLane laneOf(const QString& name, const std::vector<RouteChange>& history, SimTime now) {
  TimelineLane lane;
  lane.name = name;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const RouteChange& c = history[i];
    const SimTime to = i + 1 < history.size() ? history[i + 1].at : now;
    if (c.rollback)
      lane.marks.push_back({c.at, kRollback, QObject::tr("%1 rolled back to legacy").arg(name)});
    if (to <= c.at && i + 1 < history.size()) continue;  // replaced at the same moment
    QColor colour = stageColour(c.stage);
    // A canary's weight in its shade: paler at 5% than at 100%.
    if (c.stage == Stage::Canary) colour = colour.lighter(100 + (100 - c.weight) / 2);
    // Legacy stretches stay faint: the lane is about where the route went.
    if (c.stage == Stage::Legacy) colour.setAlphaF(0.35);
    lane.spans.push_back({c.at, to, colour, stageText(c)});
  }
  return lane;
}

}  // namespace

std::vector<TimelineLane> migrationMap(const Mirror& mirror) {
  std::vector<TimelineLane> lanes;
  const auto* view = dynamic_cast<const FigView*>(mirror.view.get());
  if (!view) return lanes;
  std::vector<bool> taken(view->routes.size(), false);
  for (std::size_t i = 0; i < view->routes.size(); ++i) {
    const RouteView& r = view->routes[i];
    if (taken[i] || !moved(r)) continue;
    std::vector<const RouteView*> group{&r};
    for (std::size_t j = i + 1; j < view->routes.size(); ++j)
      if (!taken[j] && sameHistory(r.history, view->routes[j].history)) {
        taken[j] = true;
        group.push_back(&view->routes[j]);
      }
    const QString name = group.size() == 1 ? QString::fromStdString(r.name)
                         : group.size() == view->routes.size()
                             ? QObject::tr("all routes")
                             : QObject::tr("%1 routes").arg(group.size());
    lanes.push_back(laneOf(name, r.history, mirror.status.now));
  }
  return lanes;
}

}  // namespace cs::ui::strangler_fig
