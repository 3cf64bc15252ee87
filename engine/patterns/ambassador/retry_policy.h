// The two pieces of retry policy an ambassador applies per route, as plain
// logic on virtual time (no kernel, no messages): exponential backoff with
// jitter, and a retry budget. Both use integer arithmetic and the owner's
// cs::Rng only (no libm, no std distributions), so a seed replays exactly.
// Plain values, owned and used by one node on the kernel thread.
#pragma once

#include <cstdint>
#include <vector>

#include "clusterscope/rng.h"
#include "clusterscope/time.h"

namespace cs::ambassador {

// How a backoff delay is spread (AWS Architecture Blog, "Exponential Backoff
// and Jitter"): None waits exactly the exponential delay e; Full waits a
// uniform draw in [0, e]; Equal waits e/2 plus a uniform draw in [0, e/2].
enum class Jitter : std::uint8_t { None, Full, Equal };
const char* jitterName(Jitter jitter);

// The exponential delay before retry number `retry` (1 = the first retry):
// base, 2*base, 4*base, ... by integer doubling, never above cap.
// REQUIRES: retry >= 1, 0 <= base <= cap.
SimDuration exponentialDelay(int retry, SimDuration base, SimDuration cap);
// The jittered delay actually waited; draws from `rng` unless jitter is None.
SimDuration backoffDelay(int retry, SimDuration base, SimDuration cap, Jitter jitter, Rng& rng);
// The shortest delay backoffDelay can return for this retry.
SimDuration minimumBackoff(int retry, SimDuration base, SimDuration cap, Jitter jitter);

// A retry budget in the manner of Finagle's RetryBudget: every request
// deposits, every extra try (a retry or a hedge) withdraws, and the balance
// over a sliding window of `window` (in `buckets` equal buckets) may not go
// below zero:
//
//   extra tries in window + 1 <= percent% of requests in window
//                                + minPerSecond * window (in seconds)
//
// The minimum lets a quiet service still retry now and then (Finagle's
// minRetriesPerSec); the percentage caps the extra load a sick upstream can
// cause at percent% once traffic is steady, which is what stops retry storms.
// The window covers the current bucket and the buckets-1 before it, so it
// spans more than window - window/buckets and at most `window`.
class RetryBudget {
 public:
  struct Config {
    int percent = 20;
    int minPerSecond = 5;
    SimDuration window{10'000'000};
    int buckets = 10;
  };

  // REQUIRES: 0 <= percent, 0 <= minPerSecond, window >= buckets >= 1 (us).
  explicit RetryBudget(Config config);

  // One request arrived at `now`.
  void deposit(SimTime now);
  // Whether one more extra try may go now; if so, it is counted.
  bool tryWithdraw(SimTime now);

  const Config& config() const { return config_; }
  // Over the window as of `now` (time must not go backwards).
  std::int64_t requests(SimTime now);
  std::int64_t extraTries(SimTime now);
  // How many extra tries the window allows in all.
  std::int64_t allowance(SimTime now);
  // Forgets everything (a crash: the budget is in-process state).
  void clear();

 private:
  struct Bucket {
    std::int64_t index = -1;  // now / bucket length when it was filled
    std::int64_t requests = 0;
    std::int64_t extras = 0;
  };
  Bucket& current(SimTime now);
  template <class F>
  std::int64_t sum(SimTime now, F field);

  Config config_;
  SimDuration bucketLength_;
  std::vector<Bucket> ring_;
};

}  // namespace cs::ambassador
