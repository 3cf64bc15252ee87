// The COUNT_BASED and TIME_BASED sliding windows. See sliding_window.h.
#include "patterns/circuit_breaker/sliding_window.h"

#include <algorithm>
#include <cassert>

namespace cs::circuit_breaker {

void Snapshot::add(Outcome outcome, std::int64_t sign) {
  totalNumberOfCalls += sign;
  if (outcome == Outcome::ERROR || outcome == Outcome::SLOW_ERROR) numberOfFailedCalls += sign;
  if (outcome == Outcome::SLOW_SUCCESS || outcome == Outcome::SLOW_ERROR)
    totalNumberOfSlowCalls += sign;
  if (outcome == Outcome::SLOW_ERROR) numberOfSlowFailedCalls += sign;
}

void Snapshot::subtract(const Snapshot& other) {
  totalNumberOfCalls -= other.totalNumberOfCalls;
  numberOfFailedCalls -= other.numberOfFailedCalls;
  totalNumberOfSlowCalls -= other.totalNumberOfSlowCalls;
  numberOfSlowFailedCalls -= other.numberOfSlowFailedCalls;
}

SlidingWindow::SlidingWindow(SlidingWindowType type, int size) : type_(type), size_(size) {
  assert(size >= 1);
  if (type_ == SlidingWindowType::COUNT_BASED) {
    ring_.reserve(static_cast<std::size_t>(size_));
  } else {
    buckets_.assign(static_cast<std::size_t>(size_), Snapshot{});
  }
}

void SlidingWindow::record(Outcome outcome, SimTime now) {
  if (type_ == SlidingWindowType::COUNT_BASED) {
    if (ring_.size() < static_cast<std::size_t>(size_)) {
      ring_.push_back(outcome);
    } else {
      total_.add(ring_[head_], -1);
      ring_[head_] = outcome;
    }
    head_ = (head_ + 1) % static_cast<std::size_t>(size_);
    total_.add(outcome);
    return;
  }
  advanceTo(now);
  buckets_[head_].add(outcome);
  total_.add(outcome);
}

void SlidingWindow::advanceTo(SimTime now) {
  if (type_ != SlidingWindowType::TIME_BASED) return;
  const std::int64_t second = now.count() / 1'000'000;
  if (second <= headSecond_) return;
  // Each second the window moves on, its oldest bucket leaves and becomes the
  // (empty) bucket of the new second. After size_ steps every bucket is new.
  const std::int64_t steps = std::min<std::int64_t>(second - headSecond_, size_);
  for (std::int64_t i = 0; i < steps; ++i) {
    head_ = (head_ + 1) % static_cast<std::size_t>(size_);
    total_.subtract(buckets_[head_]);
    buckets_[head_] = Snapshot{};
  }
  headSecond_ = second;
}

std::string SlidingWindow::contents() const {
  std::string s;
  if (type_ == SlidingWindowType::COUNT_BASED) {
    // Full: the oldest is the next slot to write. Filling: slot 0.
    const std::size_t oldest = ring_.size() < static_cast<std::size_t>(size_) ? 0 : head_;
    for (std::size_t i = 0; i < ring_.size(); ++i) {
      switch (ring_[(oldest + i) % ring_.size()]) {
        case Outcome::SUCCESS:
          s += "✓";
          break;
        case Outcome::SLOW_SUCCESS:
          s += "◷";
          break;
        case Outcome::ERROR:
        case Outcome::SLOW_ERROR:
          s += "✗";
          break;
      }
    }
    return s.empty() ? "(empty)" : s;
  }
  for (int k = size_ - 1; k >= 0; --k) {
    const Snapshot& b =
        buckets_[(head_ + buckets_.size() - static_cast<std::size_t>(k)) % buckets_.size()];
    if (b.totalNumberOfCalls == 0) continue;
    if (!s.empty()) s += " | ";
    s += std::to_string(b.numberOfSuccessfulCalls()) + "✓ " +
         std::to_string(b.numberOfFailedCalls) + "✗";
  }
  return s.empty() ? "(empty)" : s;
}

WindowView SlidingWindow::view() const {
  WindowView v;
  v.size = size_;
  if (type_ == SlidingWindowType::COUNT_BASED) {
    const std::size_t oldest = ring_.size() < static_cast<std::size_t>(size_) ? 0 : head_;
    v.calls.reserve(ring_.size());
    for (std::size_t i = 0; i < ring_.size(); ++i)
      v.calls.push_back(ring_[(oldest + i) % ring_.size()]);
    return v;
  }
  v.timeBased = true;
  for (int k = size_ - 1; k >= 0; --k) {
    const Snapshot& b =
        buckets_[(head_ + buckets_.size() - static_cast<std::size_t>(k)) % buckets_.size()];
    if (b.totalNumberOfCalls == 0) continue;
    v.seconds.push_back({b.totalNumberOfCalls, b.numberOfFailedCalls, b.totalNumberOfSlowCalls});
  }
  return v;
}

}  // namespace cs::circuit_breaker
