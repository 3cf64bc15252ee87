// The rollout controller: the one place that updates the route table. The
// user's commands (advance, roll back, cut over) go through it, and while a
// route is in canary it runs the automatic analysis, as Argo Rollouts'
// AnalysisRun and Kayenta do: every interval it compares the new service's
// error rate and latency on the route's real traffic with legacy's since the
// current weight began; healthy for long enough with enough requests, the
// weight steps up (5, 25, 50, 100%, then migrated); failing, the canary is
// aborted and the route rolled back by itself. Kernel thread only.
#pragma once

#include "clusterscope/node.h"
#include "patterns/strangler_fig/fig_words.h"
#include "patterns/strangler_fig/route_table.h"

namespace cs::strangler_fig {

struct AnalysisOptions {
  bool automatic = true;
  SimDuration interval{1'000'000};   // how often the analysis looks
  SimDuration pause{3'000'000};      // the least time at one weight before promoting
  int minRequests = 10;              // new-service requests needed to call a weight healthy
  int failAfter = 3;                 // new-service requests needed to call it failing
  double maxErrorIncrease = 5;       // percentage points above legacy's error rate
  double maxLatencyRatio = 2;        // times legacy's mean latency ...
  SimDuration latencySlack{20'000};  // ... plus this
  SimDuration cutoverAt{0};          // the big-bang twin's moment; 0: none
};

class RolloutController : public Node {
 public:
  RolloutController(const FigWords& words, RouteTable& table, AnalysisOptions options)
      : words_(words), table_(table), options_(options) {}

  // ---- Table updates: one update each, seen by every facade replica ----
  // See RouteTable. Each traces route-moved / route-rolled-back / cutover.
  bool advance(int route, bool automatic);
  bool rollback(int route, bool automatic);
  // See RouteTable::setWeight; traces route-moved.
  bool setWeight(int route, int weightStep);
  void cutover();
  // Whether the monolith may be switched off: only once every route is
  // retired. Traces legacy-switched-off with the verdict.
  bool mayRetireMonolith();
  void setAutomatic(bool on) { options_.automatic = on; }

  const AnalysisOptions& options() const { return options_; }
  // The verdict the analysis would give the route now (no side effects).
  Verdict judge(int route) const;

  void onStart() override;
  void onMessage(const Message&) override {}
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override { timer_ = {}; }

 private:
  void analyse(int route);
  void moved(int route, Stage from, bool automatic);  // traces route-moved

  const FigWords& words_;
  RouteTable& table_;
  AnalysisOptions options_;
  TimerHandle timer_;     // volatile
  bool cutDone_ = false;  // durable: the big-bang cutover happens once
};

}  // namespace cs::strangler_fig
