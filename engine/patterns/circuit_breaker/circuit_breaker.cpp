// The circuit breaker state machine. See circuit_breaker.h.
#include "patterns/circuit_breaker/circuit_breaker.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <utility>

namespace cs::circuit_breaker {
namespace {

// "62.5%", "50%": one decimal at most, as a person would say it.
std::string percentText(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::round(p * 10.0) / 10.0);
  std::string s = buf;
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  return s + "%";
}

// "5 s", "250 ms", "1500 us": the largest unit that is exact.
std::string durationText(SimDuration d) {
  const auto us = d.count();
  if (us % 1'000'000 == 0) return std::to_string(us / 1'000'000) + " s";
  if (us % 1'000 == 0) return std::to_string(us / 1'000) + " ms";
  return std::to_string(us) + " us";
}

}  // namespace

const char* stateName(State state) {
  switch (state) {
    case State::CLOSED:
      return "CLOSED";
    case State::OPEN:
      return "OPEN";
    case State::HALF_OPEN:
      return "HALF_OPEN";
    case State::FORCED_OPEN:
      return "FORCED_OPEN";
    case State::DISABLED:
      return "DISABLED";
    case State::METRICS_ONLY:
      return "METRICS_ONLY";
  }
  return "?";
}

std::vector<std::string> stateNames() {
  std::vector<std::string> names;
  for (State s = State::CLOSED; s <= State::METRICS_ONLY;
       s = static_cast<State>(static_cast<int>(s) + 1))
    names.emplace_back(stateName(s));
  return names;
}

BreakerView CircuitBreaker::view(NodeId owner, NodeId protectedService) const {
  const Metrics m = metrics();
  BreakerView v;
  v.owner = owner;
  v.protectedService = protectedService;
  v.state = state_;
  v.failureRate = m.failureRate;
  v.slowCallRate = m.slowCallRate;
  v.bufferedCalls = m.numberOfBufferedCalls;
  v.notPermittedCalls = m.numberOfNotPermittedCalls;
  v.window = window_.view();
  return v;
}

bool isAllowedTransition(State from, State to) {
  if (from == to) return false;
  // CLOSED has nothing to probe: it must open first.
  if (from == State::CLOSED && to == State::HALF_OPEN) return false;
  // METRICS_ONLY watches a CLOSED window; it never judges it.
  if (from == State::METRICS_ONLY && (to == State::OPEN || to == State::HALF_OPEN)) return false;
  return true;
}

CircuitBreaker::CircuitBreaker(const Config& config, SimTime now)
    : config_(config),
      now_(now),
      enteredAt_(now),
      window_(config.slidingWindowType, config.slidingWindowSize),
      minimumNumberOfCalls_(0) {
  transitionTo(State::CLOSED, now, {});
  epoch_ = 0;
}

bool CircuitBreaker::tryAcquirePermission(SimTime now) {
  advanceTo(now);
  switch (state_) {
    case State::CLOSED:
    case State::DISABLED:
    case State::METRICS_ONLY:
      return true;
    case State::OPEN:
      if (now_ < retryAfterWaitDuration()) {
        // Teaching note: failing fast is the point of OPEN: the caller keeps
        // its time and threads, and the struggling service gets room to recover.
        ++notPermitted_;
        return false;
      }
      transitionTo(State::HALF_OPEN, now_,
                   "waitDurationInOpenState (" + durationText(config_.waitDurationInOpenState) +
                       ") elapsed and a call asked for permission");
      [[fallthrough]];
    case State::HALF_OPEN:
      if (halfOpenPermits_ > 0) {
        --halfOpenPermits_;
        return true;
      }
      ++notPermitted_;
      return false;
    case State::FORCED_OPEN:
      ++notPermitted_;
      return false;
  }
  return false;
}

void CircuitBreaker::releasePermission(std::uint64_t grantedInEpoch) {
  if (state_ != State::HALF_OPEN || grantedInEpoch != epoch_) return;
  assert(halfOpenPermits_ < config_.permittedNumberOfCallsInHalfOpenState);
  halfOpenPermits_ = std::min(halfOpenPermits_ + 1, config_.permittedNumberOfCallsInHalfOpenState);
}

void CircuitBreaker::onSuccess(SimDuration duration, SimTime now) {
  record(false, duration, now);
}

void CircuitBreaker::onError(SimDuration duration, SimTime now) {
  record(true, duration, now);
}

void CircuitBreaker::record(bool failed, SimDuration duration, SimTime now) {
  advanceTo(now);
  // FORCED_OPEN and DISABLED keep no window; a late result is dropped.
  if (state_ == State::FORCED_OPEN || state_ == State::DISABLED) return;
  // Teaching note: a slow call counts against the service even when it
  // succeeds: the caller waited for it, and slowness is often the first sign
  // of overload.
  const bool slow = duration > config_.slowCallDurationThreshold;
  const Outcome outcome = failed ? (slow ? Outcome::SLOW_ERROR : Outcome::ERROR)
                                 : (slow ? Outcome::SLOW_SUCCESS : Outcome::SUCCESS);
  window_.record(outcome, now_);
  // OPEN records a late result (a call permitted before it opened) for the
  // record only; METRICS_ONLY never judges.
  if (state_ == State::CLOSED || state_ == State::HALF_OPEN) checkIfThresholdsExceeded(now_);
}

void CircuitBreaker::checkIfThresholdsExceeded(SimTime now) {
  const Snapshot& s = window_.snapshot();
  // Teaching note: with too few calls a rate is noise: one failure out of two
  // calls is "50%". minimumNumberOfCalls makes the breaker wait for enough
  // evidence before it judges.
  if (s.totalNumberOfCalls == 0 || s.totalNumberOfCalls < minimumNumberOfCalls_) return;
  const double failureRate = s.failureRate();
  const double slowCallRate = s.slowCallRate();
  const bool failureAbove = failureRate >= config_.failureRateThreshold;
  const bool slowAbove = slowCallRate >= config_.slowCallRateThreshold;
  if (!failureAbove && !slowAbove && state_ != State::HALF_OPEN) return;  // the common case
  // The reason is spelled out only when there is a transition to explain.
  const std::string calls = state_ == State::HALF_OPEN ? " permitted calls" : " calls";
  const std::string of = " of " + std::to_string(s.totalNumberOfCalls) + calls;
  if (failureAbove || slowAbove) {
    std::string reason;
    if (failureAbove)
      reason = "failure rate " + percentText(failureRate) +
               " >= " + percentText(config_.failureRateThreshold) + " (" +
               std::to_string(s.numberOfFailedCalls) + of + " failed)";
    if (slowAbove)
      reason += std::string(reason.empty() ? "" : "; ") + "slow-call rate " +
                percentText(slowCallRate) + " >= " + percentText(config_.slowCallRateThreshold) +
                " (" + std::to_string(s.totalNumberOfSlowCalls) + of + " took longer than " +
                durationText(config_.slowCallDurationThreshold) + ")";
    // A failed probe sends HALF_OPEN back to OPEN for a whole new wait.
    transitionTo(State::OPEN, now, std::move(reason));
  } else if (state_ == State::HALF_OPEN) {
    transitionTo(State::CLOSED, now,
                 "failure rate " + percentText(failureRate) + " < " +
                     percentText(config_.failureRateThreshold) + " and slow-call rate " +
                     percentText(slowCallRate) + " < " +
                     percentText(config_.slowCallRateThreshold) + " over " +
                     std::to_string(s.totalNumberOfCalls) + calls);
  }
}

std::optional<SimTime> CircuitBreaker::nextTransitionAt() const {
  if (state_ == State::OPEN && config_.automaticTransitionFromOpenToHalfOpenEnabled)
    return retryAfterWaitDuration();
  if (state_ == State::HALF_OPEN && config_.maxWaitDurationInHalfOpenState > SimDuration{0})
    return enteredAt_ + config_.maxWaitDurationInHalfOpenState;
  return std::nullopt;
}

void CircuitBreaker::advanceTo(SimTime now) {
  assert(now >= now_);
  now_ = std::max(now_, now);
  // A due transition takes effect at its due time, even if the owner tells us
  // later; it may make the next one due (OPEN -> HALF_OPEN -> OPEN ...).
  for (auto due = nextTransitionAt(); due && *due <= now_; due = nextTransitionAt()) {
    if (state_ == State::OPEN) {
      transitionTo(State::HALF_OPEN, *due,
                   "waitDurationInOpenState (" + durationText(config_.waitDurationInOpenState) +
                       ") elapsed");
    } else {
      transitionTo(State::OPEN, *due,
                   "maxWaitDurationInHalfOpenState (" +
                       durationText(config_.maxWaitDurationInHalfOpenState) + ") elapsed with " +
                       std::to_string(window_.snapshot().totalNumberOfCalls) + " of " +
                       std::to_string(config_.permittedNumberOfCallsInHalfOpenState) +
                       " permitted calls recorded");
    }
  }
  window_.advanceTo(now_);
}

void CircuitBreaker::transitionTo(State to, SimTime at, std::string reason) {
  const State from = state_;
  state_ = to;
  enteredAt_ = at;
  ++epoch_;
  halfOpenPermits_ = 0;
  switch (to) {
    case State::CLOSED:
    case State::METRICS_ONLY:
      window_ = SlidingWindow(config_.slidingWindowType, config_.slidingWindowSize);
      minimumNumberOfCalls_ =
          config_.slidingWindowType == SlidingWindowType::COUNT_BASED
              ? std::min(config_.minimumNumberOfCalls, config_.slidingWindowSize)
              : config_.minimumNumberOfCalls;
      notPermitted_ = 0;
      break;
    case State::OPEN:
      // OPEN keeps the window that tripped it, so the rates stay on show.
      break;
    case State::HALF_OPEN:
      // Teaching note: the service may be back, or only just alive. Letting
      // all traffic through at once could knock it over again, so only N
      // probes go through, and the verdict waits for all N of them.
      window_ = SlidingWindow(SlidingWindowType::COUNT_BASED,
                              config_.permittedNumberOfCallsInHalfOpenState);
      minimumNumberOfCalls_ = config_.permittedNumberOfCallsInHalfOpenState;
      halfOpenPermits_ = config_.permittedNumberOfCallsInHalfOpenState;
      notPermitted_ = 0;
      break;
    case State::FORCED_OPEN:
    case State::DISABLED:
      window_ = SlidingWindow(SlidingWindowType::COUNT_BASED, 1);
      minimumNumberOfCalls_ = config_.minimumNumberOfCalls;
      notPermitted_ = 0;
      break;
  }
  window_.advanceTo(at);
  if (from != to) transitions_.push_back(Transition{from, to, at, std::move(reason)});
}

bool CircuitBreaker::command(State to, SimTime now, const char* verb) {
  advanceTo(now);
  if (state_ != to && !isAllowedTransition(state_, to)) return false;
  transitionTo(to, now_, std::string(verb) + " by the operator");
  return true;
}

bool CircuitBreaker::transitionToClosedState(SimTime now) {
  return command(State::CLOSED, now, "transitionToClosedState()");
}
bool CircuitBreaker::transitionToOpenState(SimTime now) {
  return command(State::OPEN, now, "transitionToOpenState()");
}
bool CircuitBreaker::transitionToHalfOpenState(SimTime now) {
  return command(State::HALF_OPEN, now, "transitionToHalfOpenState()");
}
bool CircuitBreaker::transitionToForcedOpenState(SimTime now) {
  return command(State::FORCED_OPEN, now, "transitionToForcedOpenState()");
}
bool CircuitBreaker::transitionToDisabledState(SimTime now) {
  return command(State::DISABLED, now, "transitionToDisabledState()");
}
bool CircuitBreaker::transitionToMetricsOnlyState(SimTime now) {
  return command(State::METRICS_ONLY, now, "transitionToMetricsOnlyState()");
}
void CircuitBreaker::reset(SimTime now) {
  command(State::CLOSED, now, "reset()");
}

Metrics CircuitBreaker::metrics() const {
  const Snapshot& s = window_.snapshot();
  Metrics m;
  const bool enough = s.totalNumberOfCalls > 0 && s.totalNumberOfCalls >= minimumNumberOfCalls_;
  m.failureRate = enough ? s.failureRate() : -1;
  m.slowCallRate = enough ? s.slowCallRate() : -1;
  m.numberOfBufferedCalls = s.totalNumberOfCalls;
  m.numberOfFailedCalls = s.numberOfFailedCalls;
  m.numberOfSuccessfulCalls = s.numberOfSuccessfulCalls();
  m.numberOfSlowCalls = s.totalNumberOfSlowCalls;
  m.numberOfSlowFailedCalls = s.numberOfSlowFailedCalls;
  m.numberOfSlowSuccessfulCalls = s.numberOfSlowSuccessfulCalls();
  m.numberOfNotPermittedCalls = notPermitted_;
  return m;
}

SimTime CircuitBreaker::retryAfterWaitDuration() const {
  assert(state_ == State::OPEN);
  return enteredAt_ + config_.waitDurationInOpenState;
}

std::vector<Transition> CircuitBreaker::takeTransitions() {
  std::vector<Transition> out;
  out.swap(transitions_);
  return out;
}

}  // namespace cs::circuit_breaker
