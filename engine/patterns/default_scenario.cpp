// The scenario the app opens and the headless runner runs when none is
// named. It lives beside the pattern registry, not in the scenario code,
// because it names a lesson of one pattern: the first one registered. Any
// thread: a constant.
#include "clusterscope/scenario.h"

namespace cs {

std::string_view defaultScenarioName() {
  return "leader-fails";
}

}  // namespace cs
