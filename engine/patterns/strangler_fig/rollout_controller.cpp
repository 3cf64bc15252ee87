// Table updates and canary analysis. See rollout_controller.h. Kernel thread
// only.
#include "patterns/strangler_fig/rollout_controller.h"

#include <algorithm>

namespace cs::strangler_fig {
namespace {

std::int64_t rounded(double v) {
  return static_cast<std::int64_t>(v + 0.5);
}

}  // namespace

void RolloutController::moved(int route, Stage from, bool automatic) {
  const RouteState& s = table_.route(route);
  milestone(words_.routeMoved,
            {route, static_cast<std::int64_t>(from), static_cast<std::int64_t>(s.stage), s.weight(),
             static_cast<std::int64_t>(table_.generation()), automatic ? 1 : 0});
}

bool RolloutController::advance(int route, bool automatic) {
  const Stage from = table_.route(route).stage;
  if (!table_.advance(route, now())) return false;
  moved(route, from, automatic);
  return true;
}

bool RolloutController::setWeight(int route, int weightStep) {
  const Stage from = table_.route(route).stage;
  if (!table_.setWeight(route, weightStep, now())) return false;
  moved(route, from, false);
  return true;
}

bool RolloutController::rollback(int route, bool automatic) {
  const RouteState& s = table_.route(route);
  const Stage from = s.stage;
  const int weight = s.weight();
  if (!table_.rollback(route, now())) return false;
  milestone(words_.routeRolledBack,
            {route, static_cast<std::int64_t>(from), weight,
             static_cast<std::int64_t>(table_.generation()), automatic ? 1 : 0});
  return true;
}

void RolloutController::cutover() {
  std::int64_t moved = 0;
  for (int r = 0; r < kRoutes; ++r) moved += table_.route(r).stage < Stage::Migrated ? 1 : 0;
  table_.cutover(now());
  milestone(words_.cutover, {moved, static_cast<std::int64_t>(table_.generation())});
}

bool RolloutController::mayRetireMonolith() {
  std::int64_t served = 0;
  for (int r = 0; r < kRoutes; ++r) served += table_.route(r).stage == Stage::Retired ? 0 : 1;
  // Teaching note: the monolith goes only when no route needs it; with a
  // route still on it, switching it off would be a big bang after all.
  milestone(words_.legacyOff, {served == 0 ? 1 : 0, served});
  return served == 0;
}

enum Tag : std::uint64_t { kAnalyse = 0, kCutover = 1 };

void RolloutController::onStart() {
  timer_ = setTimer(options_.interval, kAnalyse);
  if (options_.cutoverAt > SimDuration{0} && !cutDone_)
    setTimer(std::max(options_.cutoverAt - now(), SimDuration{0}), kCutover);
}

void RolloutController::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag == kCutover) {
    if (!cutDone_) cutover();
    cutDone_ = true;
    return;
  }
  timer_ = setTimer(options_.interval, kAnalyse);
  if (!options_.automatic) return;
  for (int r = 0; r < kRoutes; ++r)
    if (table_.route(r).stage == Stage::Canary) analyse(r);
}

Verdict RolloutController::judge(int route) const {
  const RouteState& s = table_.route(route);
  const Window& fresh = s.newWindow;
  const Window& old = s.legacyWindow;
  if (fresh.requests >= static_cast<std::uint64_t>(options_.failAfter)) {
    if (fresh.errorPercent() > old.errorPercent() + options_.maxErrorIncrease)
      return Verdict::Failing;
    // Latency is compared only when legacy has served requests to compare with.
    if (old.requests > 0 &&
        fresh.meanLatency().count() >
            options_.maxLatencyRatio * old.meanLatency().count() + options_.latencySlack.count())
      return Verdict::Failing;
  }
  return fresh.requests >= static_cast<std::uint64_t>(options_.minRequests) ? Verdict::Healthy
                                                                            : Verdict::Inconclusive;
}

void RolloutController::analyse(int route) {
  RouteState& s = table_.route(route);
  const Verdict v = judge(route);
  s.verdict = v;
  milestone(words_.canaryVerdict,
            {route, s.weight(), static_cast<std::int64_t>(v), rounded(s.newWindow.errorPercent()),
             rounded(s.legacyWindow.errorPercent()), s.newWindow.meanLatency().count() / 1000});
  if (v == Verdict::Failing) {
    milestone(words_.canaryAborted,
              {route, s.weight(), rounded(s.newWindow.errorPercent()),
               rounded(s.legacyWindow.errorPercent()), s.newWindow.meanLatency().count() / 1000,
               s.legacyWindow.meanLatency().count() / 1000});
    rollback(route, true);
    return;
  }
  if (v == Verdict::Healthy && now() - s.since >= options_.pause) advance(route, true);
}

}  // namespace cs::strangler_fig
