// Backoff delays and the retry budget. See retry_policy.h. Kernel thread
// (whoever owns the values).
#include "patterns/ambassador/retry_policy.h"

#include <algorithm>
#include <cassert>

namespace cs::ambassador {

const char* jitterName(Jitter jitter) {
  switch (jitter) {
    case Jitter::None:
      return "none";
    case Jitter::Full:
      return "full";
    case Jitter::Equal:
      return "equal";
  }
  return "?";
}

SimDuration exponentialDelay(int retry, SimDuration base, SimDuration cap) {
  assert(retry >= 1 && base.count() >= 0 && base <= cap);
  SimDuration e = base;
  for (int i = 1; i < retry && e < cap; ++i) e = std::min(cap, e * 2);
  return std::min(e, cap);
}

SimDuration backoffDelay(int retry, SimDuration base, SimDuration cap, Jitter jitter, Rng& rng) {
  const SimDuration e = exponentialDelay(retry, base, cap);
  switch (jitter) {
    case Jitter::None:
      return e;
    case Jitter::Full:
      return SimDuration{rng.between(0, e.count())};
    case Jitter::Equal: {
      const std::int64_t half = e.count() / 2;
      return SimDuration{half + rng.between(0, e.count() - half)};
    }
  }
  return e;
}

SimDuration minimumBackoff(int retry, SimDuration base, SimDuration cap, Jitter jitter) {
  const SimDuration e = exponentialDelay(retry, base, cap);
  if (jitter == Jitter::Full) return SimDuration{0};
  if (jitter == Jitter::Equal) return SimDuration{e.count() / 2};
  return e;
}

RetryBudget::RetryBudget(Config config)
    : config_(config),
      bucketLength_(config.window / config.buckets),
      ring_(static_cast<std::size_t>(config.buckets)) {
  assert(config.percent >= 0 && config.minPerSecond >= 0 && config.buckets >= 1 &&
         config.window.count() >= config.buckets);
}

RetryBudget::Bucket& RetryBudget::current(SimTime now) {
  const std::int64_t index = now / bucketLength_;
  Bucket& b = ring_[static_cast<std::size_t>(index % config_.buckets)];
  if (b.index != index) b = Bucket{index, 0, 0};
  return b;
}

template <class F>
std::int64_t RetryBudget::sum(SimTime now, F field) {
  const std::int64_t index = now / bucketLength_;
  std::int64_t total = 0;
  for (const Bucket& b : ring_)
    if (b.index >= 0 && b.index > index - config_.buckets && b.index <= index) total += field(b);
  return total;
}

void RetryBudget::deposit(SimTime now) {
  ++current(now).requests;
}

std::int64_t RetryBudget::requests(SimTime now) {
  return sum(now, [](const Bucket& b) { return b.requests; });
}

std::int64_t RetryBudget::extraTries(SimTime now) {
  return sum(now, [](const Bucket& b) { return b.extras; });
}

std::int64_t RetryBudget::allowance(SimTime now) {
  return requests(now) * config_.percent / 100 +
         std::int64_t{config_.minPerSecond} * config_.window.count() / 1'000'000;
}

bool RetryBudget::tryWithdraw(SimTime now) {
  if (extraTries(now) + 1 > allowance(now)) return false;
  ++current(now).extras;
  return true;
}

void RetryBudget::clear() {
  for (Bucket& b : ring_) b = Bucket{};
}

}  // namespace cs::ambassador
