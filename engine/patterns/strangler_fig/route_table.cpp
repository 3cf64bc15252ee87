// Route table updates. See route_table.h. Kernel thread only.
#include "patterns/strangler_fig/route_table.h"

namespace cs::strangler_fig {

const char* stageName(Stage stage) {
  switch (stage) {
    case Stage::Legacy:
      return "legacy";
    case Stage::Shadow:
      return "shadow";
    case Stage::Canary:
      return "canary";
    case Stage::Migrated:
      return "migrated";
    case Stage::Retired:
      return "retired";
  }
  return "?";
}

const char* shadowOutcomeName(ShadowOutcome outcome) {
  switch (outcome) {
    case ShadowOutcome::Match:
      return "match";
    case ShadowOutcome::Mismatch:
      return "mismatch";
    case ShadowOutcome::Ignored:
      return "ignored";
    case ShadowOutcome::CandidateError:
      return "candidate error";
    case ShadowOutcome::Timeout:
      return "timeout";
  }
  return "?";
}

const char* verdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::None:
      return "-";
    case Verdict::Inconclusive:
      return "inconclusive";
    case Verdict::Healthy:
      return "healthy";
    case Verdict::Failing:
      return "failing";
  }
  return "?";
}

void RouteTable::touched(RouteState& s, SimTime now, bool rollback) {
  s.since = now;
  s.history.push_back({now, s.stage, s.weight(), rollback});
  s.verdict = Verdict::None;
  s.legacyWindow = {};
  s.newWindow = {};
  ++s.generation;
  ++generation_;
}

bool RouteTable::advance(int r, SimTime now) {
  RouteState& s = route(r);
  switch (s.stage) {
    case Stage::Legacy:
      s.stage = Stage::Shadow;
      break;
    case Stage::Shadow:
      s.stage = Stage::Canary;
      s.weightStep = 0;
      break;
    case Stage::Canary:
      if (s.weightStep + 1 < static_cast<int>(kCanaryWeights.size()))
        ++s.weightStep;
      else
        s.stage = Stage::Migrated;
      break;
    case Stage::Migrated:
      s.stage = Stage::Retired;
      break;
    case Stage::Retired:
      return false;
  }
  touched(s, now);
  return true;
}

bool RouteTable::rollback(int r, SimTime now) {
  RouteState& s = route(r);
  if (s.stage == Stage::Legacy || s.stage == Stage::Retired) return false;
  s.stage = Stage::Legacy;
  s.weightStep = 0;
  ++s.rollbacks;
  touched(s, now, true);
  return true;
}

bool RouteTable::setWeight(int r, int weightStep, SimTime now) {
  RouteState& s = route(r);
  if (s.stage == Stage::Retired || (s.stage == Stage::Canary && s.weightStep == weightStep))
    return false;
  s.stage = Stage::Canary;
  s.weightStep = weightStep;
  touched(s, now);
  return true;
}

void RouteTable::cutover(SimTime now) {
  for (int r = 0; r < kRoutes; ++r) {
    RouteState& s = route(r);
    if (s.stage >= Stage::Migrated) continue;
    s.stage = Stage::Migrated;
    touched(s, now);
  }
}

void RouteTable::set(int r, Stage stage, int weightStep, SimTime now) {
  RouteState& s = route(r);
  s.stage = stage;
  s.weightStep = weightStep;
  touched(s, now);
}

}  // namespace cs::strangler_fig
