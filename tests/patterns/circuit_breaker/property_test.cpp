// A randomized property test of the circuit breaker: for each seed, a random
// configuration and a random run of permission requests, outcomes, releases,
// time steps and (rarely) operator commands, with the invariants checked
// after every step by a checker that knows only the public API:
//   - OPEN and FORCED_OPEN never permit; HALF_OPEN never has more than
//     permittedNumberOfCallsInHalfOpenState probes out;
//   - rates are -1 or in [0, 100], and -1 exactly when too few calls;
//   - CLOSED, right after an outcome, is below both thresholds, and an
//     outcome that opens the breaker leaves a rate at a threshold over at
//     least minimumNumberOfCalls calls;
//   - state changes only along allowed edges, automatic steps only along the
//     four automatic ones, and the queued transitions chain from the old
//     state to the new one, in time order, never in the future.
// A failing seed prints one line that reproduces it; CB_PROPERTY_SEED=N runs
// only that seed, CB_PROPERTY_SEEDS=N changes how many run (default 2000).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "clusterscope/rng.h"
#include "patterns/circuit_breaker/circuit_breaker.h"

namespace cs::circuit_breaker {
namespace {

bool isAutomaticEdge(State from, State to) {
  return (from == State::CLOSED && to == State::OPEN) ||
         (from == State::OPEN && to == State::HALF_OPEN) ||
         (from == State::HALF_OPEN && to == State::OPEN) ||
         (from == State::HALF_OPEN && to == State::CLOSED);
}

Config randomConfig(Rng& rng) {
  Config c;
  c.failureRateThreshold = static_cast<double>(rng.between(1, 100));
  c.slowCallRateThreshold = static_cast<double>(rng.between(1, 100));
  c.slowCallDurationThreshold = fromMillis(static_cast<double>(rng.between(10, 500)));
  c.permittedNumberOfCallsInHalfOpenState = static_cast<int>(rng.between(1, 5));
  c.maxWaitDurationInHalfOpenState =
      rng.chance(0.5) ? SimDuration{0} : fromMillis(static_cast<double>(rng.between(100, 3000)));
  c.slidingWindowType =
      rng.chance(0.5) ? SlidingWindowType::COUNT_BASED : SlidingWindowType::TIME_BASED;
  c.slidingWindowSize = static_cast<int>(rng.between(1, 20));
  c.minimumNumberOfCalls = static_cast<int>(rng.between(1, 25));
  c.waitDurationInOpenState = fromMillis(static_cast<double>(rng.between(100, 3000)));
  c.automaticTransitionFromOpenToHalfOpenEnabled = rng.chance(0.5);
  return c;
}

// How often each edge was taken over all seeds, to show the run reached them.
std::int64_t edges[6][6] = {};

class SeedRun {
 public:
  explicit SeedRun(std::uint64_t seed)
      : rng_(deriveSeed(seed, "circuit-breaker-property")),
        config_(randomConfig(rng_)),
        breaker_(config_, now_) {}

  // The first broken invariant, or "" if none.
  std::string run() {
    const int steps = static_cast<int>(rng_.between(50, 600));
    for (step_ = 0; step_ < steps && failure_.empty(); ++step_) {
      const std::uint64_t action = rng_.below(100);
      if (action < 20) {
        const std::int64_t ms = rng_.chance(0.3) ? 0 : rng_.between(1, 1500);
        now_ += fromMillis(static_cast<double>(ms));
        observe([&] { breaker_.advanceTo(now_); }, "advanceTo");
      } else if (action < 55) {
        acquire();
      } else if (action < 90) {
        complete();
      } else if (action < 98) {
        release();
      } else {
        command();
      }
    }
    return failure_;
  }

 private:
  struct Call {
    std::uint64_t epoch;
  };

  void fail(const std::string& what) {
    if (!failure_.empty()) return;
    std::ostringstream s;
    s << "step " << step_ << " at " << toSeconds(now_) << " s in " << stateName(breaker_.state())
      << ": " << what;
    failure_ = s.str();
  }

  // Runs one step, then checks what it did to the state and the queue;
  // `after` updates the checker's books once a new epoch has been noticed.
  template <class F, class G>
  void observe(F&& f, const char* what, bool operatorCommand, G&& after) {
    const State before = breaker_.state();
    f();
    State last = before;
    stepTransitions_ = breaker_.takeTransitions();
    for (const Transition& t : stepTransitions_) {
      if (t.from != last) fail(std::string(what) + ": transition does not chain");
      if (!isAllowedTransition(t.from, t.to))
        fail(std::string(what) + ": forbidden edge " + stateName(t.from) + "->" + stateName(t.to));
      if (!operatorCommand && !isAutomaticEdge(t.from, t.to))
        fail(std::string(what) + ": non-automatic edge " + stateName(t.from) + "->" +
             stateName(t.to));
      if (t.at < lastTransitionAt_ || t.at > now_)
        fail(std::string(what) + ": transition out of time order");
      if (t.reason.empty()) fail(std::string(what) + ": transition without a reason");
      lastTransitionAt_ = t.at;
      last = t.to;
      ++edges[static_cast<int>(t.from)][static_cast<int>(t.to)];
    }
    if (last != breaker_.state()) fail(std::string(what) + ": state changed without a transition");
    if (breaker_.epoch() != epoch_) {
      epoch_ = breaker_.epoch();
      probesGranted_ = 0;
    }
    after();
    checkRates();
  }
  template <class F>
  void observe(F&& f, const char* what) {
    observe(f, what, false, [] {});
  }

  void checkRates() {
    const Metrics m = breaker_.metrics();
    for (double r : {m.failureRate, m.slowCallRate})
      if (!(r == -1 || (r >= 0 && r <= 100))) fail("rate out of range: " + std::to_string(r));
    const bool few =
        m.numberOfBufferedCalls == 0 || m.numberOfBufferedCalls < breaker_.minimumNumberOfCalls();
    if (few != (m.failureRate == -1)) fail("failure rate -1 iff too few calls");
    if (breaker_.state() == State::HALF_OPEN) {
      if (m.numberOfBufferedCalls >= config_.permittedNumberOfCallsInHalfOpenState)
        fail("HALF_OPEN holds a verdict it did not act on");
      if (breaker_.remainingPermissionsInHalfOpenState() + probesGranted_ !=
          config_.permittedNumberOfCallsInHalfOpenState)
        fail("HALF_OPEN permits do not add up");
    }
  }

  void acquire() {
    const State before = breaker_.state();
    bool granted = false;
    observe([&] { granted = breaker_.tryAcquirePermission(now_); }, "tryAcquirePermission", false,
            [&] {
              if (!granted) return;
              outstanding_.push_back(Call{breaker_.epoch()});
              if (breaker_.state() == State::HALF_OPEN) ++probesGranted_;
            });
    const State after = breaker_.state();
    if (granted && (after == State::OPEN || after == State::FORCED_OPEN))
      fail("permitted a call while " + std::string(stateName(after)));
    if (granted && before == State::FORCED_OPEN) fail("FORCED_OPEN permitted a call");
    if (!granted &&
        (after == State::CLOSED || after == State::DISABLED || after == State::METRICS_ONLY))
      fail("denied a call while " + std::string(stateName(after)));
    if (probesGranted_ > config_.permittedNumberOfCallsInHalfOpenState)
      fail("more than permittedNumberOfCallsInHalfOpenState probes out");
  }

  Call take() {
    const auto i = static_cast<std::size_t>(rng_.below(outstanding_.size()));
    const Call c = outstanding_[i];
    outstanding_[i] = outstanding_.back();
    outstanding_.pop_back();
    return c;
  }

  void complete() {
    if (outstanding_.empty()) return;
    take();
    const SimDuration d = fromMillis(static_cast<double>(rng_.between(0, 1000)));
    const bool error = rng_.chance(0.5);
    // A probe that ends keeps its permission: HALF_OPEN lets N calls through,
    // not N at a time. A late result from an earlier epoch is still recorded
    // (as in resilience4j).
    observe([&] { error ? breaker_.onError(d, now_) : breaker_.onSuccess(d, now_); },
            error ? "onError" : "onSuccess");
    const Metrics m = breaker_.metrics();
    const bool above = m.failureRate >= config_.failureRateThreshold ||
                       m.slowCallRate >= config_.slowCallRateThreshold;
    if (breaker_.state() == State::CLOSED && above)
      fail("CLOSED above a threshold after recording an outcome");
    // OPEN keeps the window that tripped it: an outcome that opened the
    // breaker had enough calls and a rate at a threshold.
    const bool tripped = !stepTransitions_.empty() && stepTransitions_.back().to == State::OPEN &&
                         !stepTransitions_.back().reason.starts_with("maxWait");
    if (tripped && (m.failureRate == -1 || !above))
      fail("opened without minimumNumberOfCalls and a rate at a threshold");
  }

  void release() {
    if (outstanding_.empty()) return;
    const Call c = take();
    observe([&] { breaker_.releasePermission(c.epoch); }, "releasePermission", false,
            [&] {
              if (breaker_.state() == State::HALF_OPEN && c.epoch == breaker_.epoch())
                --probesGranted_;
            });
  }

  void command() {
    const auto to = static_cast<State>(rng_.below(6));
    bool ok = false;
    observe(
        [&] {
          switch (to) {
            case State::CLOSED:
              ok = breaker_.transitionToClosedState(now_);
              break;
            case State::OPEN:
              ok = breaker_.transitionToOpenState(now_);
              break;
            case State::HALF_OPEN:
              ok = breaker_.transitionToHalfOpenState(now_);
              break;
            case State::FORCED_OPEN:
              ok = breaker_.transitionToForcedOpenState(now_);
              break;
            case State::DISABLED:
              ok = breaker_.transitionToDisabledState(now_);
              break;
            case State::METRICS_ONLY:
              ok = breaker_.transitionToMetricsOnlyState(now_);
              break;
          }
        },
        "operator command", true, [] {});
    if (ok && breaker_.state() != to) fail("operator command accepted but not applied");
    // A due timed transition may run first; the command applies to the state
    // it finds, and only the edges of isAllowedTransition() are refused.
    if (!ok && breaker_.state() != to && isAllowedTransition(breaker_.state(), to))
      fail("operator command refused an allowed edge");
  }

  Rng rng_;
  Config config_;
  SimTime now_{fromSeconds(1)};
  CircuitBreaker breaker_;
  std::vector<Call> outstanding_;
  std::vector<Transition> stepTransitions_;  // those of the last step
  // Permissions granted in this epoch and not given back; in HALF_OPEN, the
  // probes it has let through.
  int probesGranted_ = 0;
  std::uint64_t epoch_ = 0;
  SimTime lastTransitionAt_{0};
  int step_ = 0;
  std::string failure_;
};

std::string selfPath() {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "circuit_breaker_tests";
}

TEST(CircuitBreakerProperty, InvariantsHoldOverRandomRuns) {
  std::uint64_t first = 1, count = 2000;
  if (const char* only = std::getenv("CB_PROPERTY_SEED")) {
    first = std::strtoull(only, nullptr, 10);
    count = 1;
  } else if (const char* n = std::getenv("CB_PROPERTY_SEEDS")) {
    count = std::strtoull(n, nullptr, 10);
  }
  int failures = 0;
  for (std::uint64_t seed = first; seed < first + count && failures < 5; ++seed) {
    const std::string failure = SeedRun(seed).run();
    if (failure.empty()) continue;
    ++failures;
    ADD_FAILURE() << "seed " << seed << ": " << failure << "\nreproduce: CB_PROPERTY_SEED=" << seed
                  << " " << selfPath() << " --gtest_filter=CircuitBreakerProperty.*";
  }
  std::cout << "[ property ] " << count << " seeds; automatic edges taken: CLOSED->OPEN "
            << edges[0][1] << ", OPEN->HALF_OPEN " << edges[1][2] << ", HALF_OPEN->OPEN "
            << edges[2][1] << ", HALF_OPEN->CLOSED " << edges[2][0] << "\n";
  if (count >= 100) {
    EXPECT_GT(edges[0][1] * edges[1][2] * edges[2][1] * edges[2][0], 0) << "an edge never taken";
  }
}

}  // namespace
}  // namespace cs::circuit_breaker
