// Replay files: a run saved and played back is the same run, event for event
// (same trace hash, same samples), whether its commands came from the
// scenario's steps, from a user mid-run, or both; and the file written again
// from the replayed run is the same file. Test thread only.
#include <gtest/gtest.h>

#include "clusterscope/errors.h"
#include "clusterscope/replay.h"
#include "clusterscope/scenario.h"
#include "scenario_test_support.h"

namespace cs {
namespace {

using testing_detail::bundledNames;
using testing_detail::candidateAfterElection;
using testing_detail::expectSameRun;
using testing_detail::runAllSteps;
using testing_detail::ScenarioTestName;

// Saves the run as text, reads it back, plays it to its end.
std::unique_ptr<ReplayPlayer> roundTrip(const ScenarioRunner& runner) {
  const Replay read = parseReplay(replayJson(captureReplay(runner)), "run.replay.json");
  auto player = std::make_unique<ReplayPlayer>(read);
  player->playToEnd();
  return player;
}

class BundledReplay : public ::testing::TestWithParam<std::string> {};

TEST_P(BundledReplay, ASavedRunReplaysToTheSameTraceHash) {
  for (std::optional<std::uint64_t> seed : {std::optional<std::uint64_t>{}, {1}, {2}, {77}}) {
    SCOPED_TRACE(seed ? "seed " + std::to_string(*seed) : "the scenario's seed");
    ScenarioRunner original(loadScenario(GetParam()), seed);
    runAllSteps(original);
    const auto player = roundTrip(original);
    EXPECT_TRUE(player->hashMatches());
    expectSameRun(original.simulation(), player->simulation());
    // Saved again, the replayed run is the same file, step marks and all.
    EXPECT_EQ(replayJson(captureReplay(player->runner())), replayJson(captureReplay(original)));
  }
}

INSTANTIATE_TEST_SUITE_P(All, BundledReplay, ::testing::ValuesIn(bundledNames()),
                         ScenarioTestName());

Command crash(NodeId node) {
  Command c;
  c.kind = CommandKind::Crash;
  c.node = node;
  return c;
}

// A lecturer's run: the scenario's steps fire their actions, and between
// them the user crashes a node at an arbitrary event, then writes. The
// replay gives both kinds of command back at their points.
TEST(Replay, StepActionsAndUserCommandsMidRunReplayExactly) {
  ScenarioRunner original(loadScenario("leader-fails"));
  Simulation& sim = original.simulation();
  original.beginStep(0);
  for (int i = 0; i < 37; ++i) sim.step();  // mid-step, at no particular moment
  sim.apply(crash(4));
  ASSERT_TRUE(original.runStep());
  original.beginStep(1);
  ASSERT_TRUE(original.runStep());
  Command write;
  write.kind = CommandKind::Pattern;
  write.verb = "client-write";
  write.args = {"colour", "blue"};
  sim.apply(write);
  for (std::size_t i = 2; i < original.stepCount(); ++i) {
    original.beginStep(i);
    original.runStep();
  }
  sim.runUntil(sim.now() + fromSeconds(0.25));

  const Replay saved = captureReplay(original);
  ASSERT_GT(saved.commands.size(), 3u);
  const auto player = roundTrip(original);
  EXPECT_TRUE(player->hashMatches());
  expectSameRun(sim, player->simulation());

  // The user's commands matter: without them the same steps give another run.
  ScenarioRunner stepsOnly(loadScenario("leader-fails"));
  runAllSteps(stepsOnly);
  EXPECT_NE(stepsOnly.simulation().kernel().trace().hash(), sim.kernel().trace().hash());
}

TEST(Replay, UserCommandsBeforeTheFirstStepReplayExactly) {
  ScenarioRunner original(loadScenario("basic-election"));
  original.simulation().apply(crash(2));  // before anything has run
  runAllSteps(original);
  const auto player = roundTrip(original);
  EXPECT_TRUE(player->hashMatches());
  expectSameRun(original.simulation(), player->simulation());
}

// The recorded run could not begin step 2 (see candidateAfterElection), and
// neither can the replay.
TEST(Replay, AStepThatCouldNotBeginFailsAgainWithTheSameMessage) {
  ScenarioRunner original(candidateAfterElection());
  original.beginStep(0);
  ASSERT_TRUE(original.runStep());
  std::string message;
  try {
    original.beginStep(1);
  } catch (const InputError& e) {
    message = e.what();
  }
  ASSERT_FALSE(message.empty());

  ReplayPlayer player(parseReplay(replayJson(captureReplay(original)), "r.json"));
  std::vector<std::string> errors;
  while (!player.done())
    if (auto error = player.advance()) errors.push_back(*error);
  EXPECT_EQ(errors, std::vector<std::string>{message});
  EXPECT_TRUE(player.hashMatches());
  EXPECT_TRUE(player.runner().broken());
}

TEST(Replay, TheSeedOfTheRunIsKeptBesideTheScenariosOwn) {
  ScenarioRunner original(loadScenario("split-vote"), 12345);
  runAllSteps(original);
  const Replay r = parseReplay(replayJson(captureReplay(original)), "r.json");
  EXPECT_EQ(r.seed, 12345u);
  EXPECT_EQ(r.scenario.config.seed, 3u);
  EXPECT_EQ(r.scenario.name, "split-vote");
  EXPECT_EQ(r.scenario.source, "bundled:split-vote");
  ReplayPlayer player(r);
  EXPECT_EQ(player.simulation().config().seed, 12345u);
}

TEST(Replay, APlayerStepsThroughStepsCommandsAndTheEnd) {
  ScenarioRunner original(loadScenario("leader-fails"));
  original.simulation().apply(crash(3));
  runAllSteps(original);
  ReplayPlayer player(parseReplay(replayJson(captureReplay(original)), "r.json"));
  ASSERT_EQ(player.next(), ReplayPlayer::Next::Command);
  player.advance();
  std::vector<std::size_t> steps;
  while (player.next() == ReplayPlayer::Next::Step) {
    steps.push_back(player.nextStep());
    player.advance();
  }
  EXPECT_EQ(steps, (std::vector<std::size_t>{0, 1, 2, 3}));
  ASSERT_EQ(player.next(), ReplayPlayer::Next::End);
  player.approach();
  EXPECT_EQ(player.simulation().now(), original.simulation().now());
  player.advance();
  EXPECT_TRUE(player.done());
  EXPECT_TRUE(player.hashMatches());
}

// The log is what reproduces a run, so a step's actions are replayed as they
// were logged, not resolved again ("leader" could name another node in a
// build whose election differs).
TEST(Replay, AStepsActionsComeFromTheLogNotFromItsRoleWords) {
  ScenarioRunner original(loadScenario("leader-fails"));
  runAllSteps(original);
  Replay r = captureReplay(original);
  const StepMark& crashStep = r.steps.at(1);
  ASSERT_EQ(crashStep.commands, 1u);
  Command& crashLeader = r.commands.at(crashStep.firstCommand);
  ASSERT_EQ(crashLeader.kind, CommandKind::Crash);
  const NodeId other = (crashLeader.node + 1) % 5;
  crashLeader.node = other;
  ReplayPlayer player(parseReplay(replayJson(r), "r.json"));
  while (!player.done() && player.simulation().commandLog().size() <= crashStep.firstCommand)
    player.advance();
  EXPECT_EQ(player.simulation().commandLog().at(crashStep.firstCommand).node, other);
}

// A file edited by hand that still reads (a node changed) is another run:
// the player notices that the hash is not the recorded one.
TEST(Replay, ADifferentRunDoesNotMatchTheRecordedHash) {
  ScenarioRunner original(loadScenario("leader-fails"));
  original.simulation().apply(crash(3));
  runAllSteps(original);
  Replay r = captureReplay(original);
  r.commands[0].node = 2;
  ReplayPlayer player(parseReplay(replayJson(r), "r.json"));
  player.playToEnd();
  EXPECT_FALSE(player.hashMatches());
}

}  // namespace
}  // namespace cs
