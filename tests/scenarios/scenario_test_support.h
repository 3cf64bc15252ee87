// The bundled scenarios' names, for tests parameterised over every one, and
// a gtest-safe test name for each ("leader-fails" -> "leader_fails").
#pragma once

#include <string>
#include <vector>

#include "clusterscope/scenario.h"

namespace cs::testing_detail {

inline std::vector<std::string> bundledNames() {
  std::vector<std::string> names;
  for (const auto& b : bundledScenarios()) names.push_back(b.name);
  return names;
}

struct ScenarioTestName {
  template <class Info>
  std::string operator()(const Info& info) const {
    std::string s = info.param;
    for (char& c : s)
      if (c == '-') c = '_';
    return s;
  }
};

}  // namespace cs::testing_detail
