// Writes the replay fuzz target's seed corpus: each bundled scenario run
// within the fuzz budget (bounded_run.h) and saved as a replay file, so that
// the corpus's replays are short enough to be played, not only read.
//   replay_corpus DIR   writes DIR/<scenario>.replay.json
#include <cstdio>
#include <fstream>
#include <string>

#include "bounded_run.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: replay_corpus DIR\n");
    return 2;
  }
  for (const auto& b : cs::bundledScenarios()) {
    const auto runner = cs::fuzz::runWithinBudget(cs::loadScenario(b.name));
    const std::string path = std::string(argv[1]) + "/" + b.name + ".replay.json";
    std::ofstream out(path);
    out << cs::replayJson(cs::captureReplay(*runner));
    if (!out) {
      std::fprintf(stderr, "replay_corpus: cannot write %s\n", path.c_str());
      return 1;
    }
  }
  return 0;
}
