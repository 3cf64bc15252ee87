// The canary split's invariant. See canary_split_checker.h. Kernel thread
// only.
#include "patterns/strangler_fig/canary_split_checker.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace cs::strangler_fig {

void CanarySplitChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Sent || (r.flags & kFlagDuplicate) || r.label != rpc_.request ||
      !nodes_.isFacade(r.node) || r.v[1] < 0 || r.v[1] >= kRoutes || (r.v[5] & kFlagMirror))
    return;
  const bool toNew = nodes_.isService(r.peer);
  if (!toNew && r.peer != nodes_.legacy) return;
  const int route = static_cast<int>(r.v[1]);
  // The facade read the table in the event that sent this: it is as it was.
  const RouteState& state = table_.route(route);
  if (state.stage != Stage::Canary) return;
  Split& s = splits_[static_cast<std::size_t>(route)];
  if (s.generation != state.generation || s.requests == 0) {
    // A new weight: the old one's count is judged whole, then counting restarts.
    if (s.requests > 0 && s.requests % kJudgeEvery != 0) judge(route, s);
    s = Split{state.generation, state.weight(), 0, 0, false};
  }
  ++s.requests;
  s.toNew += toNew ? 1 : 0;
  if (s.requests % kJudgeEvery == 0) judge(route, s);
}

void CanarySplitChecker::judge(int route, Split& s) {
  if (s.reported || s.requests < kJudgeEvery) return;
  const double n = static_cast<double>(s.requests);
  const double p = s.weight / 100.0;
  const double allowed = kDeviations * std::sqrt(n * p * (1 - p)) + kSlack * n;
  const double expected = n * p;
  const double seen = static_cast<double>(s.toNew);
  if (std::abs(seen - expected) <= allowed) return;
  s.reported = true;
  const auto percent = [](double v) { return std::to_string(std::lround(v * 100)) + "%"; };
  std::string text = routeText(route);
  text += " at canary ";
  text += std::to_string(s.weight);
  text += "%: ";
  text += std::to_string(s.toNew);
  text += " of ";
  text += std::to_string(s.requests);
  text += " requests (";
  text += percent(seen / n);
  text += ") went to the new service; the weight allows ";
  text += percent(std::max(0.0, expected - allowed) / n);
  text += " to ";
  text += percent(std::min(n, expected + allowed) / n);
  violate(std::move(text));
}

}  // namespace cs::strangler_fig
