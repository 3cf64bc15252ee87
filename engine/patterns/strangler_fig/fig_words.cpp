// Registering the Strangler Fig pattern's milestones and metrics. See
// fig_words.h. Kernel thread only.
#include "patterns/strangler_fig/fig_words.h"

#include <string>

#include "clusterscope/metrics.h"
#include "clusterscope/strangler_fig/fig_view.h"

namespace cs::strangler_fig {

FigWords defineFigWords(Kernel& k) {
  FigWords w;
  w.routeMoved = k.defineMilestone(
      "route-moved", {"route", "from", "to", "weight", "generation", "automatic"},
      "{node} moved route {route} from stage {from} to stage {to} at weight {weight}% "
      "(table update {generation})");
  w.routeRolledBack = k.defineMilestone(
      "route-rolled-back", {"route", "from", "weight", "generation", "automatic"},
      "{node} rolled route {route} back to legacy from stage {from} at weight {weight}% "
      "(table update {generation})");
  w.cutover = k.defineMilestone("cutover", {"routes", "generation"},
                                "{node} cut {routes} routes over to the new services at once");
  w.shadowCompared = k.defineMilestone("shadow-compared", {"route", "outcome", "call", "diff"},
                                       "{node} compared a mirrored request of route {route}: "
                                       "outcome {outcome}");
  w.shadowMismatch = k.defineMilestone(
      "shadow-mismatch", {"route", "key", "legacyValue", "newValue"},
      "{node} found a mismatch on route {route}, key {key}: legacy {legacyValue}, new {newValue}");
  w.canaryVerdict = k.defineMilestone(
      "canary-verdict", {"route", "weight", "verdict", "newErrors", "legacyErrors", "newMs"},
      "{node} analysed route {route} at {weight}%: verdict {verdict} (errors {newErrors}% new, "
      "{legacyErrors}% legacy)");
  w.canaryAborted = k.defineMilestone(
      "canary-aborted", {"route", "weight", "newErrors", "legacyErrors", "newMs", "legacyMs"},
      "{node} aborted the canary of route {route} at {weight}%: errors {newErrors}% new vs "
      "{legacyErrors}% legacy, {newMs} ms vs {legacyMs} ms");
  w.charged = k.defineMilestone("payment-charged", {"order", "times", "by"},
                                "{node} charged order {order} (charge number {times})");
  w.divergenceFound = k.defineMilestone(
      "divergence-found", {"entities", "repaired"},
      "{node} found {entities} entities whose stores disagree; repaired {repaired}");
  w.caughtUp = k.defineMilestone("cdc-caught-up", {"capability", "applied"},
                                 "{node} caught capability {capability} up with the legacy "
                                 "database ({applied} changes applied)");
  w.legacyOff = k.defineMilestone(
      "legacy-switched-off", {"switched", "served"},
      "{node} switched the legacy monolith off (1) or refused to (0): {served} routes still "
      "served by it");
  return w;
}

FigMetrics defineFigMetrics(Metrics& m) {
  FigMetrics f;
  constexpr std::array<const char*, kShadowOutcomes> kShadowMeasures = {
      "match", "mismatch", "ignored", "candidate_error", "shadow_timeout"};
  std::vector<std::string> stages;
  for (int s = 0; s < kStages; ++s) stages.emplace_back(stageName(static_cast<Stage>(s)));
  for (int r = 0; r < kRoutes; ++r) {
    const std::string subject(kRouteInfo[r].name);
    const std::string p = "fig." + subject + ".";
    RouteMetrics& rm = f.routes[r];
    auto counter = [&](const char* measure) {
      return m.define(MetricInfo::counter(p + measure, "route", subject, measure));
    };
    for (int o = 0; o < kShadowOutcomes; ++o) rm.shadow[o] = counter(kShadowMeasures[o]);
    rm.legacyOk = counter("legacy_ok");
    rm.legacyFailed = counter("legacy_failed");
    rm.newOk = counter("new_ok");
    rm.newFailed = counter("new_failed");
    rm.stage = m.define(MetricInfo::state(p + "stage", "route", subject, "stage", stages));
    rm.weight =
        m.define(MetricInfo::gauge(p + "weight", "route", subject, "weight", MetricUnit::Percent));
    rm.failedRecent = m.define(
        MetricInfo::gauge(p + "failed_5s", "route", subject, "failed_5s", MetricUnit::Percent));
    rm.legacyMs = m.define(MetricInfo::gauge(p + "legacy_ms", "route", subject, "legacy latency",
                                             MetricUnit::Microseconds));
    rm.newMs = m.define(
        MetricInfo::gauge(p + "new_ms", "route", subject, "new latency", MetricUnit::Microseconds));
  }
  for (int c = 0; c < kCapabilities; ++c) {
    const std::string subject(kCapabilityNames[c]);
    const std::string p = "cdc." + subject + ".";
    ServiceMetrics& sm = f.services[c];
    sm.lag =
        m.define(MetricInfo::gauge(p + "lag_us", "cdc", subject, "lag", MetricUnit::Microseconds));
    sm.pending = m.define(MetricInfo::gauge(p + "pending", "cdc", subject, "pending changes"));
    sm.diverged = m.define(MetricInfo::gauge(p + "diverged", "cdc", subject, "diverged"));
  }
  f.doubleCharges = m.define(MetricInfo::gauge("fig.double_charges", "payment", "", "double"));
  f.diverged = m.define(MetricInfo::gauge("fig.diverged", "cdc", "", "diverged"));
  f.reconciled = m.define(MetricInfo::counter("fig.reconciled", "cdc", "", "reconciled"));
  return f;
}

}  // namespace cs::strangler_fig
