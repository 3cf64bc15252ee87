// libFuzzer target: the replay reader. Any text is read without a crash, a
// hang or a leak; a replay that reads and ends within the budget is played,
// and the run it played, saved again, must play back to the same trace hash.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "bounded_run.h"
#include "clusterscope/errors.h"
#include "clusterscope/replay.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::optional<cs::Replay> replay;
  try {
    replay = cs::parseReplay(cs::fuzz::text(data, size), "fuzz.replay.json");
  } catch (const cs::InputError&) {
    return 0;
  }
  cs::fuzz::playAndCheck(std::move(*replay));
  return 0;
}
