// Which seeds a pattern's seed sweep runs, the same way for every pattern.
//
// By default a sweep runs `count` seeds starting at a first seed derived from
// the commit the tree was configured at (sweepCommitFirstSeed()), so each
// commit's CI looks at seeds no earlier run looked at, and a failure names
// the range it came from. The environment overrides, with the pattern's
// prefix (RAFT, CB, AMB, PUBSUB):
//   <P>_SWEEP_SEED=N   run seed N only (any value from 0 to 2^64-1)
//   <P>_SWEEP_FIRST=N  start the range at N
//   <P>_SWEEP_SEEDS=N  run N seeds
// Seeds past 2^64-1 wrap around to 0, so any first seed and count is a
// range of exactly `count` seeds. A malformed value throws
// std::invalid_argument naming the variable. Test thread only.
#pragma once

#include <cstdint>
#include <string>

namespace cs::sweep {

struct SweepSeeds {
  std::string prefix;  // "CB"
  std::uint64_t first = 1;
  std::uint64_t count = 0;
  bool single = false;     // <P>_SWEEP_SEED was given
  bool fromCommit = true;  // first is the commit's, not <P>_SWEEP_FIRST's

  // The i-th seed of the range, REQUIRES: i < count.
  std::uint64_t at(std::uint64_t i) const { return first + i; }
  // "CB_SWEEP_SEED=7509": the environment that reruns one seed.
  std::string reproduce(std::uint64_t seed) const;
  // "seeds 81985529216486 to 81985529218485 (CB_SWEEP_FIRST=... CB_SWEEP_SEEDS=2000
  // reruns them)", or "seed 7509 (CB_SWEEP_SEED=7509)".
  std::string describe() const;
};

SweepSeeds sweepSeeds(const std::string& prefix, std::uint64_t defaultCount);

// The first seed of the default range: the first 12 hex digits of the commit
// CMake was configured at, as a number (1 outside a git checkout).
std::uint64_t sweepCommitFirstSeed();
// The commit's hash, or "unknown".
const char* sweepCommit();

}  // namespace cs::sweep
