// The scenario the driver and window tests share: an election, then the
// leader fails and another is elected.
#pragma once

namespace cs::fixtures {

inline constexpr const char* kTwoSteps = R"({
  "title": "Two steps",
  "description": "An election, then the leader fails and another is elected.",
  "pattern": "leader-election",
  "seed": 7,
  "options": {"nodes": 5},
  "steps": [
    {"title": "Elect", "narration": "Followers time out.",
     "until": {"milestone": "leader-elected", "within": 10}},
    {"title": "Fail the leader", "narration": "The leader crashes.",
     "actions": [{"do": "crash", "node": "leader"}],
     "until": {"milestone": "leader-elected", "within": 10}}
  ]
})";

}  // namespace cs::fixtures
