// Playing a replay back, item by item, each at the point it happened. See
// replay.h. The command log alone reproduces the run; step beginnings are
// replayed too (their actions from the log, not resolved again) so that the
// scenario runner watches each step's condition as it did the first time.
// Kernel thread only.
#include <cassert>
#include <span>

#include "clusterscope/errors.h"
#include "clusterscope/replay.h"

namespace cs {

// Steps and the commands outside them, in log order: a step's own commands
// are replayed by the step. The reader has checked that the ranges fit.
ReplayPlayer::ReplayPlayer(Replay replay) : replay_(std::move(replay)) {
  try {
    runner_ = std::make_unique<ScenarioRunner>(replay_.scenario, replay_.seed);
  } catch (const InputError& e) {
    throw replay_.source.empty() ? e : e.in(replay_.source);
  }
  std::size_t c = 0;
  for (std::size_t m = 0; m < replay_.steps.size(); ++m) {
    for (; c < replay_.steps[m].firstCommand; ++c) items_.push_back({Next::Command, c});
    items_.push_back({Next::Step, m});
    c = replay_.steps[m].firstCommand + replay_.steps[m].commands;
  }
  for (; c < replay_.commands.size(); ++c) items_.push_back({Next::Command, c});
  items_.push_back({Next::End, 0});
}

ReplayPlayer::Next ReplayPlayer::next() const {
  return next_ < items_.size() ? items_[next_].kind : Next::Done;
}

std::size_t ReplayPlayer::nextStep() const {
  assert(next() == Next::Step);
  return replay_.steps[items_[next_].index].step;
}

RunPoint ReplayPlayer::pointOf(const Item& item) const {
  switch (item.kind) {
    case Next::Step: {
      const StepMark& m = replay_.steps[item.index];
      return RunPoint{m.at, m.afterEvent, m.afterSamples};
    }
    case Next::Command: {
      const Command& c = replay_.commands[item.index];
      return RunPoint{c.at, c.afterEvent, c.afterSamples};
    }
    case Next::End:
    case Next::Done:
      break;
  }
  return replay_.end;
}

void ReplayPlayer::approach() {
  assert(!done());
  const RunPoint p = pointOf(items_[next_]);
  simulation().moveTo(p.at, p.events, p.samples);
}

std::optional<std::string> ReplayPlayer::advance() {
  approach();
  const Item item = items_[next_++];
  if (item.kind == Next::Step) {
    const StepMark& m = replay_.steps[item.index];
    const std::span<const Command> recorded(replay_.commands.data() + m.firstCommand, m.commands);
    try {
      runner_->replayStep(m.step, recorded);
    } catch (const InputError& e) {
      return e.what();
    }
  } else if (item.kind == Next::Command) {
    try {
      simulation().replay(replay_.commands[item.index]);
    } catch (const InputError& e) {
      const std::string path = "commands[" + std::to_string(item.index) + "]";
      throw e.in(replay_.source.empty() ? path : replay_.source + ": " + path);
    }
  }
  return std::nullopt;
}

void ReplayPlayer::playToEnd() {
  while (!done()) advance();
}

std::uint64_t ReplayPlayer::traceHash() const {
  return simulation().kernel().trace().hash();
}

}  // namespace cs
