// What the scenario and replay tests share: the bundled scenarios' names (for
// tests parameterised over every one), running a scenario as the headless
// runner does, comparing two runs, and reading an InputError's text. Test
// thread only.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "clusterscope/errors.h"
#include "clusterscope/scenario.h"

namespace cs::testing_detail {

inline std::vector<std::string> bundledNames() {
  std::vector<std::string> names;
  for (const auto& b : bundledScenarios()) names.push_back(b.name);
  return names;
}

// A gtest-safe test name for a scenario: "leader-fails" -> "leader_fails".
struct ScenarioTestName {
  template <class Info>
  std::string operator()(const Info& info) const {
    std::string s = info.param;
    for (char& c : s)
      if (c == '-') c = '_';
    return s;
  }
};

// Begins and runs every step in turn until one is not met.
inline void runAllSteps(ScenarioRunner& runner) {
  for (std::size_t i = 0; i < runner.stepCount(); ++i) {
    runner.beginStep(i);
    if (!runner.runStep()) break;
  }
}

// Step 2 waits for a milestone at "candidate", but once a leader is elected
// no node is a candidate: the step cannot begin.
inline Scenario candidateAfterElection() {
  return parseScenario(R"({
    "title": "T", "description": "D", "pattern": "leader-election", "seed": 3,
    "steps": [
      { "title": "elect", "narration": "n", "until": {"milestone": "leader-elected"} },
      { "title": "follow", "narration": "n",
        "until": {"milestone": "follows-leader", "node": "candidate"} }
    ]})",
                       "test.json");
}

// The same run: the same point, trace hash and metric samples.
inline void expectSameRun(const Simulation& a, const Simulation& b) {
  EXPECT_EQ(b.now(), a.now());
  EXPECT_EQ(b.kernel().eventsProcessed(), a.kernel().eventsProcessed());
  EXPECT_EQ(b.kernel().trace().hash(), a.kernel().trace().hash());
  const auto& sa = a.kernel().metrics().samples();
  const auto& sb = b.kernel().metrics().samples();
  ASSERT_EQ(sa.size(), sb.size());
  for (std::size_t i = 0; i < sa.size(); ++i)
    EXPECT_EQ(sa[i].values, sb[i].values) << "sample at " << toSeconds(sa[i].at) << " s";
}

// The message of the InputError that fn() throws ("" if none).
template <class F>
std::string inputErrorOf(F&& fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

inline void expectNames(const std::string& message, std::initializer_list<std::string> parts) {
  ASSERT_FALSE(message.empty()) << "no error was thrown";
  for (const auto& p : parts) EXPECT_NE(message.find(p), std::string::npos) << message;
}

}  // namespace cs::testing_detail
