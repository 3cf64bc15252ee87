// Open-loop arrivals. See load_generator.h.
#include "rpc/load_generator.h"

#include <algorithm>
#include <cassert>

namespace cs::rpc {

LoadGenerator::LoadGenerator(RpcSystem& system, LoadOptions options)
    : RpcNode(system), options_(options) {}

void LoadGenerator::setRate(double rate) {
  assert(rate >= 0);
  options_.rate = rate;
  if (up_) {
    cancelTimer(next_);
    scheduleNext();
  }
}

void LoadGenerator::burst(double multiplier, SimDuration duration) {
  burstMultiplier_ = multiplier;
  burstUntil_ = now() + duration;
  if (up_) {
    cancelTimer(next_);
    scheduleNext();
  }
}

double LoadGenerator::currentRate() const {
  return now() < burstUntil_ ? options_.rate * burstMultiplier_ : options_.rate;
}

void LoadGenerator::onStart() {
  up_ = true;
  scheduleNext();
}

void LoadGenerator::scheduleNext() {
  const double rate = currentRate();
  if (rate <= 0) return;
  // IEEE division and rounding: the same on every machine, unlike libm.
  const auto gap = static_cast<std::int64_t>(1e6 / rate + 0.5);
  const auto spread = static_cast<std::int64_t>(static_cast<double>(gap) * options_.jitter);
  const std::int64_t drawn = spread > 0 ? rng().between(gap - spread, gap + spread) : gap;
  next_ = setTimer(SimDuration{std::max<std::int64_t>(1, drawn)}, 0);
}

void LoadGenerator::onOwnTimer(TimerHandle, std::uint64_t) {
  next_ = TimerHandle{};
  if (options_.target != kNoNode) {
    ++sent_;
    call(options_.target, options_.method, options_.args, requestId(sent_), options_.timeout);
  }
  scheduleNext();
}

void LoadGenerator::onOutcome(const Outcome& o) {
  ++outcomes_[static_cast<int>(o.status)];
  recent_.record(now(), o.status != Status::Ok);
}

void LoadGenerator::onReset() {
  up_ = false;
  next_ = TimerHandle{};
}

}  // namespace cs::rpc
