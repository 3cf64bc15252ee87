// The open pattern's invariants as the window lists them: each checker's rule
// in the textbook's words, what it means in one line, and its verdict so far
// in this run (held, or broken at a time, by the Violation trace record that
// says so). Built on the kernel thread by Simulation and carried to the UI in
// DriverBatch; plain values, any thread once built.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/time.h"

namespace cs {

struct InvariantVerdict {
  std::string name;     // "at most one leader per term"
  std::string meaning;  // one line: why the rule matters
  // 0 while the rule has held so far; otherwise how many violations the run
  // has recorded against it.
  std::uint64_t violations = 0;
  SimTime firstBrokenAt{};        // when it first broke (REQUIRES: broken())
  std::uint64_t firstRecord = 0;  // that Violation record's seq in the trace
  std::string firstText;          // what broke, as the event log says it
  SimTime lastBrokenAt{};         // the latest violation (the first, if only one)
  std::uint64_t lastRecord = 0;

  bool broken() const { return violations > 0; }
};

using InvariantList = std::vector<InvariantVerdict>;

}  // namespace cs
