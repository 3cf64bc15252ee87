// Seed ranges for the sweeps. See sweep_seeds.h.
#include "sweep/sweep_seeds.h"

#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace cs::sweep {
namespace {

// A whole number from 0 to 2^64-1, all of the text, into out; false: unset.
bool envNumber(const std::string& name, std::uint64_t& out) {
  const char* v = std::getenv(name.c_str());
  if (!v) return false;
  const std::string text(v);
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw std::invalid_argument(name + ": expected an integer from 0 to 2^64-1, got \"" + text +
                                "\"");
  out = n;
  return true;
}

}  // namespace

SweepSeeds sweepSeeds(const std::string& prefix, std::uint64_t defaultCount) {
  SweepSeeds s;
  s.prefix = prefix;
  s.first = sweepCommitFirstSeed();
  s.count = defaultCount;
  if (envNumber(prefix + "_SWEEP_SEED", s.first)) {
    s.count = 1;
    s.single = true;
    return s;
  }
  s.fromCommit = !envNumber(prefix + "_SWEEP_FIRST", s.first);
  envNumber(prefix + "_SWEEP_SEEDS", s.count);
  return s;
}

std::string SweepSeeds::reproduce(std::uint64_t seed) const {
  return prefix + "_SWEEP_SEED=" + std::to_string(seed);
}

std::string SweepSeeds::describe() const {
  if (single) return "seed " + std::to_string(first) + " (" + reproduce(first) + ")";
  if (count == 0) return "no seeds (" + prefix + "_SWEEP_SEEDS=0)";
  const std::string from =
      fromCommit ? " from commit " + std::string(sweepCommit()).substr(0, 12) : std::string{};
  return "seeds " + std::to_string(first) + " to " + std::to_string(at(count - 1)) + from + " (" +
         prefix + "_SWEEP_FIRST=" + std::to_string(first) + " " + prefix +
         "_SWEEP_SEEDS=" + std::to_string(count) + " reruns them)";
}

}  // namespace cs::sweep
