// The run's history as the timeline shows it: where the run has reached (the
// head), its milestones, the stretches when a node was down, paused or cut
// off, and the branches the user made by acting at a past moment. The driver
// keeps these for every branch and publishes a Timeline whenever one changes.
// Plain values: any thread may read a published Timeline.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "clusterscope/ids.h"
#include "clusterscope/time.h"

namespace cs {

// A milestone traced in the run ("leader-elected" at node 2).
struct TimelineMilestone {
  SimTime at{};
  NodeId node = kNoNode;
  std::string name;
};

// What kept a node from taking part. Bits, because a paused node can be cut
// off too.
enum FaultBits : std::uint8_t {
  kFaultDown = 1,    // crashed
  kFaultPaused = 2,  // paused: alive but processing nothing
  kFaultCut = 4,     // some link to or from it was blocked (a partition held)
};

// A node's faults changed at `seq` (the trace record that changed them).
struct FaultChange {
  std::uint64_t seq = 0;
  SimTime at{};
  NodeId node = kNoNode;
  std::uint8_t faults = 0;  // FaultBits in force from here on
};

// One stretch of one fault at one node. `open`: still in force at the head.
struct FaultBand {
  NodeId node = kNoNode;
  FaultBits fault = kFaultDown;
  SimTime from{};
  SimTime to{};
  bool open = false;
};

// The bands the changes describe, by node then by start; open ones end at `head`.
std::vector<FaultBand> faultBands(const std::vector<FaultChange>& changes, SimTime head);

inline constexpr std::size_t kNoBranch = std::numeric_limits<std::size_t>::max();

// A branch: a command log (and the step beginnings) that a run follows. The
// first branch has no parent; any other began when an action was taken at a
// past moment, `forkedAt`. Its parent is the branch whose own stretch of
// history that moment lies on: the branch that was current, or, if the
// moment came before that branch left its own parent, the ancestor that
// holds it (so every fork point lies on its parent's drawn line).
struct BranchInfo {
  std::size_t id = 0;  // index into Timeline::branches
  std::size_t parent = kNoBranch;
  SimTime forkedAt{};
  SimTime head{};
  std::string label;  // what started it: "crash node 2"; "start" for the first
};

struct Timeline {
  std::size_t branch = 0;  // the current one
  SimTime head{};          // the current branch's head
  std::vector<BranchInfo> branches;
  std::vector<SimTime> steps;  // where the current branch began each step
  std::vector<TimelineMilestone> milestones;
  std::vector<FaultBand> faults;
};

}  // namespace cs
