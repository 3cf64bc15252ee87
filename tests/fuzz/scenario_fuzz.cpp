// libFuzzer target: the scenario parser. Any text is read without a crash,
// a hang or a leak; a scenario that reads is run within the budget and its
// saved replay must play back to the same trace hash (bounded_run.h).
#include <cstddef>
#include <cstdint>
#include <optional>

#include "bounded_run.h"
#include "clusterscope/errors.h"
#include "clusterscope/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::optional<cs::Scenario> scenario;
  try {
    scenario = cs::parseScenario(cs::fuzz::text(data, size), "fuzz.json");
  } catch (const cs::InputError&) {
    return 0;
  }
  cs::fuzz::runAndCheckReplay(*scenario);
  return 0;
}
