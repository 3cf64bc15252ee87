// Steps' pace and slow motion. See step_pacing.h.
#include "step_pacing.h"

#include <algorithm>
#include <cassert>
#include <limits>

#include "clusterscope/kernel.h"
#include "clusterscope/vocabulary.h"

namespace cs {

namespace {

// How many messages back from the milestone a step's chain goes: the
// delivery that traced it and what it answered, and so on.
constexpr std::size_t kChainLength = 6;

// Watches the plan's run: what each message answered, and which delivery
// each milestone was traced while handling.
class PlanWatcher : public TraceListener {
 public:
  struct Milestone {
    SimTime at{};
    Label label = kNoLabel;
    MessageId cause = 0;  // 0: traced outside a delivery (a timer, a command)
  };
  struct Sent {
    MessageId cause = 0;
    SimTime at{};
    SimTime due{};
  };

  void onRecord(const TraceRecord& r) override {
    switch (r.kind) {
      case TraceKind::Sent:
        if (r.msg >= sent_.size()) sent_.resize(r.msg + 1);
        sent_[r.msg] = {r.cause, r.at, r.due};
        break;
      case TraceKind::Delivered:
        delivering_ = {r.msg, r.peer, r.at};
        break;
      case TraceKind::TimerFired:
        if (r.node == delivering_.node) delivering_ = {};
        break;
      case TraceKind::Milestone: {
        const bool inDelivery =
            delivering_.msg != 0 && delivering_.at == r.at && delivering_.node == r.node;
        milestones.push_back({r.at, r.label, inDelivery ? delivering_.msg : 0});
        break;
      }
      default:
        break;
    }
  }

  // The chain of messages that led to `m`, sent at or after `since`. A
  // message that crosses in no simulated time (a call to a sidecar on
  // localhost) is never drawn crossing, so no pace can show it: it is left
  // out, and the chain goes on through it.
  std::vector<MessageId> chain(const Milestone& m, SimTime since) const {
    std::vector<MessageId> out;
    std::size_t hops = 0;
    for (MessageId id = m.cause; id != 0 && id < sent_.size() && hops < kChainLength;
         id = sent_[id].cause, ++hops) {
      if (sent_[id].at < since) break;
      if (sent_[id].due > sent_[id].at) out.push_back(id);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::vector<Milestone> milestones;

 private:
  struct Delivering {
    MessageId msg = 0;
    NodeId node = kNoNode;
    SimTime at{};
  };
  std::vector<Sent> sent_;  // by message id
  Delivering delivering_;
};

}  // namespace

PacingPlan planPacing(const Scenario& scenario, std::uint64_t seed) {
  PacingPlan plan;
  plan.seed = seed;
  ScenarioRunner runner(scenario, seed);
  Kernel& kernel = runner.simulation().kernel();
  PlanWatcher watcher;
  kernel.trace().addListener(&watcher);
  for (std::size_t i = 0; i < runner.stepCount(); ++i) {
    PacingPlan::Step step;
    const SimTime begun = kernel.now();
    try {
      runner.beginStep(i);
    } catch (const std::exception&) {
      break;  // a step that cannot begin: the plan stops before it
    }
    step.hashAtBegin = kernel.trace().hash();
    watcher.milestones.clear();
    const bool met = runner.runStep();
    const StepCondition& until = scenario.steps[i].until;
    if (met && until.kind == StepCondition::Kind::Milestone) {
      const auto label = kernel.vocabulary().find(LabelKind::Milestone, until.milestone);
      for (const auto& m : watcher.milestones) {
        if (!label || m.label != *label || m.at != runner.metAt()) continue;
        step.keys = watcher.chain(m, begun);
        break;
      }
    }
    plan.steps.push_back(std::move(step));
    if (!met) break;  // the scenario's own run ends here
  }
  kernel.trace().removeListener(&watcher);
  return plan;
}

std::optional<double> StepPacing::stepSpeed(std::size_t step) const {
  if (!speedsApply_) return std::nullopt;
  if (step < scenario_.steps.size() && scenario_.steps[step].speed)
    return scenario_.steps[step].speed;
  return scenario_.speed;
}

void StepPacing::runBuilt() {
  keys_.clear();
  kinds_.clear();
  flying_.clear();
}

void StepPacing::stepBegun(std::size_t step, std::uint64_t traceHash,
                           const Vocabulary& vocabulary) {
  keys_.clear();
  kinds_.clear();
  if (step < plan_.steps.size() && plan_.steps[step].hashAtBegin == traceHash)
    keys_ = plan_.steps[step].keys;
  if (step >= scenario_.steps.size()) return;
  for (const std::string& kind : scenario_.steps[step].slowMotion)
    if (const auto label = vocabulary.find(LabelKind::Message, kind)) kinds_.push_back(*label);
}

bool StepPacing::isKey(MessageId id) const {
  return std::binary_search(keys_.begin(), keys_.end(), id);
}

bool StepPacing::slows(const TraceRecord& sent) const {
  return isKey(sent.msg) || std::find(kinds_.begin(), kinds_.end(), sent.label) != kinds_.end();
}

bool StepPacing::onRecord(const TraceRecord& r) {
  if (r.kind == TraceKind::Sent) {
    if (!slows(r)) return false;
    flying_.push_back({r.msg, r.due - r.at});
    return true;
  }
  if (r.kind != TraceKind::Delivered && r.kind != TraceKind::Dropped) return false;
  const auto it =
      std::find_if(flying_.begin(), flying_.end(), [&](const Flight& f) { return f.id == r.msg; });
  if (it == flying_.end()) return false;
  flying_.erase(it);
  return true;
}

double StepPacing::pace(double speed) const {
  assert(speed > 0);
  double pace = speed;
  for (const Flight& f : flying_) {
    // A message crossing in no time cannot be slowed into sight.
    if (f.length.count() <= 0) continue;
    pace = std::min(pace, static_cast<double>(f.length.count()) / 1e6 / kMinVisible);
  }
  return pace;
}

}  // namespace cs
