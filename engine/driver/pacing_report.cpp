// The pacing report: the scenario's own run, paced by StepPacing. See
// clusterscope/pacing.h.
#include "clusterscope/pacing.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "clusterscope/kernel.h"

#include "step_pacing.h"

namespace cs {

namespace {

// Integrates wall time over the run as the window would play it: between
// two records the pace stays the same, so wall time grows by the simulated
// time between them over the pace in force.
class WallClock : public TraceListener {
 public:
  explicit WallClock(StepPacing& pacing) : pacing_(pacing) {}

  void setSpeed(double speed) { speed_ = speed; }
  // Up to simulated time t at the pace in force.
  void advance(SimTime t) {
    const double pace = pacing_.pace(speed_);
    const double dt = static_cast<double>((t - at_).count()) / 1e6 / pace;
    wall_ += dt;
    if (pacing_.slowMotion()) slowWall_ += dt;
    at_ = std::max(at_, t);
  }
  void onRecord(const TraceRecord& r) override {
    advance(r.at);
    if (r.kind == TraceKind::Sent && pacing_.slows(r)) sentAt_.push_back({r.msg, wall_});
    if ((r.kind == TraceKind::Delivered || r.kind == TraceKind::Dropped)) {
      const auto it = std::find_if(sentAt_.begin(), sentAt_.end(),
                                   [&](const auto& s) { return s.first == r.msg; });
      if (it != sentAt_.end()) {
        shortest_ = std::min(shortest_.value_or(std::numeric_limits<double>::infinity()),
                             wall_ - it->second);
        sentAt_.erase(it);
      }
    }
    pacing_.onRecord(r);
  }

  double wall() const { return wall_; }
  double slowWall() const { return slowWall_; }
  // The shortest crossing since the last call, and forgets it.
  std::optional<double> takeShortest() { return std::exchange(shortest_, std::nullopt); }

 private:
  StepPacing& pacing_;
  double speed_ = 0.1;
  SimTime at_{};
  double wall_ = 0;
  double slowWall_ = 0;
  std::vector<std::pair<MessageId, double>> sentAt_;  // key messages in flight, sent at wall time
  std::optional<double> shortest_;
};

}  // namespace

std::vector<StepPacingReport> pacingReport(const Scenario& scenario,
                                           std::optional<std::uint64_t> seed, double defaultSpeed) {
  const std::uint64_t s = seed.value_or(scenario.config.seed);
  StepPacing pacing(scenario);
  pacing.setPlan(planPacing(scenario, s));
  ScenarioRunner runner(scenario, s);
  Kernel& kernel = runner.simulation().kernel();
  WallClock clock(pacing);
  kernel.trace().addListener(&clock);
  std::vector<StepPacingReport> out;
  double speed = defaultSpeed;
  for (std::size_t i = 0; i < runner.stepCount(); ++i) {
    StepPacingReport r;
    r.title = scenario.steps[i].title;
    speed = pacing.stepSpeed(i).value_or(speed);
    clock.setSpeed(speed);
    r.speed = speed;
    const SimTime begun = kernel.now();
    const double wallBegun = clock.wall(), slowBegun = clock.slowWall();
    try {
      runner.beginStep(i);
    } catch (const std::exception&) {
      out.push_back(r);
      break;
    }
    pacing.stepBegun(i, kernel.trace().hash(), kernel.vocabulary());
    const std::size_t keys =
        i < pacing.plan().steps.size() ? pacing.plan().steps[i].keys.size() : 0;
    clock.takeShortest();
    r.met = runner.runStep();
    clock.advance(kernel.now());
    r.simSeconds = static_cast<double>((kernel.now() - begun).count()) / 1e6;
    r.wallSeconds = clock.wall() - wallBegun;
    r.slowWallSeconds = clock.slowWall() - slowBegun;
    r.keyMessages = keys;
    r.shortestKeyVisible = clock.takeShortest();
    out.push_back(r);
    if (!r.met) break;
  }
  kernel.trace().removeListener(&clock);
  return out;
}

}  // namespace cs
