// libFuzzer target: a --compare value (OPTION=VALUE), as the command line
// and the compare dialog read it. The first byte picks which bundled
// scenario it changes (one of each pattern's), the rest is the value. Any
// text gives a variant or an InputError; a variant runs, both A and B, within
// the budget, each with its replay round trip (bounded_run.h).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "bounded_run.h"
#include "clusterscope/compare.h"
#include "clusterscope/errors.h"
#include "clusterscope/scenario.h"

namespace {

const cs::Scenario& scenarioFor(std::uint8_t pick) {
  static const cs::Scenario scenarios[] = {
      cs::loadScenario("leader-fails"), cs::loadScenario("cascading-failure"),
      cs::loadScenario("ambassador-hedging"), cs::loadScenario("pubsub-fan-out")};
  return scenarios[pick % std::size(scenarios)];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const cs::Scenario& scenario = scenarioFor(data[0]);
  std::optional<cs::Comparison> comparison;
  try {
    comparison = cs::makeComparison(
        scenario, cs::parseOptionChange(cs::fuzz::text(data + 1, size - 1), "--compare"));
    // The captions are shown in the window and printed headless.
    if (comparison->captionA.empty() || comparison->captionB.empty())
      cs::fuzz::finding("a comparison without a caption");
  } catch (const cs::InputError& e) {
    if (std::string(e.what()).empty()) cs::fuzz::finding("an InputError with no message");
    return 0;
  }
  cs::fuzz::runAndCheckReplay(comparison->a);
  cs::fuzz::runAndCheckReplay(comparison->b);
  return 0;
}
