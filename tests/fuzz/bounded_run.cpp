// See bounded_run.h.
#include "bounded_run.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "clusterscope/errors.h"

namespace cs::fuzz {
namespace {

bool budgetSpent(const Simulation& sim) {
  return sim.now() >= fromSeconds(kSimulatedSeconds) ||
         sim.kernel().eventsProcessed() >= kMaxEvents;
}

// One event at a time, so that the budget is kept to the event even when a
// step asks for an hour; a deadline within the budget is then reached the
// way the headless runner reaches it (runStep), every event of its instant
// included.
void runStepWithinBudget(ScenarioRunner& runner) {
  Simulation& sim = runner.simulation();
  const SimTime limit = fromSeconds(kSimulatedSeconds);
  const SimTime stop = std::min(limit, runner.deadline());
  auto going = [&] { return !runner.conditionMet() && !runner.broken() && !budgetSpent(sim); };
  while (going() && sim.stepUntil(stop)) {
  }
  if (going() && runner.deadline() <= limit) runner.runStep();
}

}  // namespace

Scenario headless(Scenario scenario) {
  scenario.config.kernel.traceCapacity = kHeadlessTraceCapacity;
  return scenario;
}

void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::abort();
}

std::string text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

void checkReplayRoundTrip(const ScenarioRunner& runner) {
  const std::uint64_t hash = runner.simulation().kernel().trace().hash();
  std::string json;
  try {
    json = replayJson(captureReplay(runner));
  } catch (const InputError& e) {
    finding(std::string("a run that parsed could not be saved as a replay: ") + e.what());
  }
  try {
    Replay replay = parseReplay(json, "fuzz.replay.json");
    replay.scenario = headless(std::move(replay.scenario));
    ReplayPlayer player(std::move(replay));
    player.playToEnd();
    if (player.traceHash() != hash || !player.hashMatches())
      finding("the saved replay played back to trace-hash=" + hashText(player.traceHash()) +
              ", the run ended with " + hashText(hash));
  } catch (const InputError& e) {
    finding(std::string("a replay saved from a run was refused: ") + e.what() + "\n" + json);
  }
}

std::unique_ptr<ScenarioRunner> runWithinBudget(const Scenario& scenario,
                                                std::optional<std::uint64_t> seed) {
  std::unique_ptr<ScenarioRunner> runner;
  try {
    runner = std::make_unique<ScenarioRunner>(headless(scenario), seed);
  } catch (const InputError&) {
    return nullptr;  // options the pattern refuses: the parser's message is enough
  }
  for (std::size_t i = 0; i < runner->stepCount() && !budgetSpent(runner->simulation()); ++i) {
    try {
      runner->beginStep(i);
    } catch (const InputError&) {
      break;
    }
    runStepWithinBudget(*runner);
    if (!runner->conditionMet()) break;
  }
  return runner;
}

void runAndCheckReplay(const Scenario& scenario, std::optional<std::uint64_t> seed) {
  if (const auto runner = runWithinBudget(scenario, seed)) checkReplayRoundTrip(*runner);
}

void playAndCheck(Replay replay) {
  if (replay.end.at > fromSeconds(kSimulatedSeconds) || replay.end.events > kMaxEvents) return;
  std::optional<ReplayPlayer> player;
  replay.scenario = headless(std::move(replay.scenario));
  try {
    player.emplace(std::move(replay));
    player->playToEnd();
  } catch (const InputError&) {
    return;
  }
  checkReplayRoundTrip(player->runner());
}

}  // namespace cs::fuzz
