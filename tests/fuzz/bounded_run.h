// What every fuzz target does with an input that parses: run it for a
// bounded stretch of simulated time and events, save the run as a replay
// file, read it back, play it and demand the same trace hash. A mismatch (or
// a replay of our own run that does not read back) is a finding: the target
// aborts so libFuzzer keeps the input. Fuzzer thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "clusterscope/replay.h"
#include "clusterscope/scenario.h"

namespace cs::fuzz {

// How far one input may run: small enough that a target does thousands of
// executions a second on the bundled scenarios, large enough that elections,
// breaker trips and redeliveries happen.
inline constexpr double kSimulatedSeconds = 3.0;
inline constexpr std::uint64_t kMaxEvents = 20'000;

// Runs the scenario's steps until the budget is spent (a step whose
// condition is not met by then ends the run). An InputError from a step (a
// role that resolves to no node) ends the run where it stood, as the
// headless runner stops there. Null if the pattern refuses the options.
std::unique_ptr<ScenarioRunner> runWithinBudget(const Scenario& scenario,
                                                std::optional<std::uint64_t> seed = std::nullopt);

// runWithinBudget, then checkReplayRoundTrip.
void runAndCheckReplay(const Scenario& scenario, std::optional<std::uint64_t> seed = std::nullopt);

// Saves the runner's run as replay text, reads it back and plays it to its
// end: aborts unless it ends with the run's own trace hash.
void checkReplayRoundTrip(const ScenarioRunner& runner);

// Plays a replay that read without error, within the budget (a replay whose
// end lies beyond it is only read); then checks the round trip of the run it
// played. A command the run rejects is the reader's business, not a finding.
void playAndCheck(Replay replay);

// The scenario as a headless run keeps it: a small trace ring (its hash
// covers every record all the same), so an execution is not spent zeroing
// the window's.
Scenario headless(Scenario scenario);

// Stops the process with a message when a property fails, so that libFuzzer
// reports the input (an assert would vanish from a release-mode build).
[[noreturn]] void finding(const std::string& what);

// The fuzzer's bytes as text.
std::string text(const std::uint8_t* data, std::size_t size);

}  // namespace cs::fuzz
