// The sweeps' seed ranges (sweep_seeds.h): any seed reproduces, a range may
// end at 2^64-1, and a malformed variable is named rather than read as 0.
#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "sweep/sweep_seeds.h"

namespace cs::sweep {
namespace {

// Sets the variables of the made-up prefix "T" for one test.
class SweepSeedsTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const char* v : {"T_SWEEP_SEED", "T_SWEEP_FIRST", "T_SWEEP_SEEDS"}) ::unsetenv(v);
  }
};

TEST_F(SweepSeedsTest, ByDefaultTheRangeStartsAtTheCommitsSeed) {
  const SweepSeeds s = sweepSeeds("T", 300);
  EXPECT_EQ(s.first, sweepCommitFirstSeed());
  EXPECT_EQ(s.count, 300u);
  EXPECT_FALSE(s.single);
  EXPECT_NE(s.describe().find("T_SWEEP_FIRST=" + std::to_string(s.first) + " T_SWEEP_SEEDS=300"),
            std::string::npos)
      << s.describe();
}

TEST_F(SweepSeedsTest, AnySeedReproducesIncludingZeroAndTheLargest) {
  // RAFT_SWEEP_SEED=2^64-1 ran no seed: its loop's end, first + 1, overflowed to 0.
  for (const std::uint64_t seed : {std::uint64_t{0}, std::numeric_limits<std::uint64_t>::max()}) {
    const std::string text = std::to_string(seed);
    ::setenv("T_SWEEP_SEED", text.c_str(), 1);
    const SweepSeeds s = sweepSeeds("T", 300);
    EXPECT_TRUE(s.single);
    ASSERT_EQ(s.count, 1u);
    EXPECT_EQ(s.at(0), seed);
    EXPECT_EQ(s.reproduce(seed), "T_SWEEP_SEED=" + text);
  }
}

TEST_F(SweepSeedsTest, ARangeMayWrapPast2To64Minus1) {
  ::setenv("T_SWEEP_FIRST", "18446744073709551614", 1);
  ::setenv("T_SWEEP_SEEDS", "3", 1);
  const SweepSeeds s = sweepSeeds("T", 300);
  EXPECT_EQ(s.at(0), std::numeric_limits<std::uint64_t>::max() - 1);
  EXPECT_EQ(s.at(1), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(s.at(2), 0u);
}

TEST_F(SweepSeedsTest, AMalformedVariableIsNamed) {
  for (const char* bad : {"", "12x", "-1", "18446744073709551616"}) {
    ::setenv("T_SWEEP_SEED", bad, 1);
    try {
      sweepSeeds("T", 300);
      ADD_FAILURE() << "accepted \"" << bad << "\"";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()), std::string("T_SWEEP_SEED: expected an integer from 0 to "
                                                   "2^64-1, got \"") +
                                           bad + "\"");
    }
  }
}

}  // namespace
}  // namespace cs::sweep
