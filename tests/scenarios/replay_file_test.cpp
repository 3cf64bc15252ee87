// Replay files as text: what the file looks like, and every way a damaged,
// truncated, foreign or hand-edited file is refused with an InputError that
// names the file, the JSON path and what was expected. Test thread only.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "clusterscope/errors.h"
#include "clusterscope/replay.h"
#include "clusterscope/scenario.h"
#include "scenario_test_support.h"

namespace cs {
namespace {

using testing_detail::expectNames;

// leader-fails with a user's crash of node 4 before the first step: a file
// with steps, step actions and a user command.
const std::string& goodFile() {
  static const std::string text = [] {
    ScenarioRunner runner(loadScenario("leader-fails"));
    Command c;
    c.kind = CommandKind::Crash;
    c.node = 4;
    runner.simulation().apply(c);
    for (std::size_t i = 0; i < runner.stepCount(); ++i) {
      runner.beginStep(i);
      runner.runStep();
    }
    return replayJson(captureReplay(runner));
  }();
  return text;
}

// The good file with the first `from` replaced by `to`.
std::string edited(const std::string& from, const std::string& to) {
  std::string text = goodFile();
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "the good file has no " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string errorOf(const std::string& text, const std::string& source = "runs/a.replay.json") {
  return testing_detail::inputErrorOf([&] { parseReplay(text, source); });
}

TEST(ReplayFile, IsVersionedJsonWithOneLinePerCommand) {
  const std::string& text = goodFile();
  EXPECT_TRUE(text.starts_with("{\n  \"clusterscope-replay\": 1,\n")) << text.substr(0, 80);
  EXPECT_NE(text.find("\"definition\": {"), std::string::npos);
  EXPECT_NE(text.find("\"title\": \"The leader fails\""), std::string::npos);
  EXPECT_NE(
      text.find(R"({"at-us":0,"events-before":0,"samples-before":0,"kind":"crash","node":4})"),
      std::string::npos)
      << text;
  EXPECT_TRUE(std::regex_search(text, std::regex("\"trace-hash\": \"[0-9a-f]{16}\"\n\\}\n$")));
  EXPECT_NO_THROW(parseReplay(text, "a.json"));
}

TEST(ReplayFile, MalformedOrTruncatedJsonGivesLineAndColumn) {
  expectNames(errorOf("{\n  \"clusterscope-replay\": 1,,\n}"),
              {"runs/a.replay.json", "line 2", "malformed JSON"});
  const std::string& text = goodFile();
  for (std::size_t cut :
       {std::size_t{0}, std::size_t{1}, text.size() / 3, text.size() / 2, text.size() - 3}) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    expectNames(errorOf(text.substr(0, cut)), {"runs/a.replay.json", "malformed JSON"});
  }
}

TEST(ReplayFile, SomethingElseIsNotAReplayFile) {
  expectNames(errorOf("[1, 2]"), {"runs/a.replay.json", "(top level)", "expected a replay file"});
  expectNames(errorOf(loadScenario("leader-fails").text),
              {"runs/a.replay.json", "clusterscope-replay: missing", "is this a replay file?"});
}

TEST(ReplayFile, AnotherVersionIsRefusedByName) {
  expectNames(errorOf(edited("\"clusterscope-replay\": 1", "\"clusterscope-replay\": 2")),
              {"runs/a.replay.json", "clusterscope-replay: expected version 1", "got 2"});
  expectNames(errorOf(edited("\"clusterscope-replay\": 1", "\"clusterscope-replay\": \"1\"")),
              {"clusterscope-replay: expected version 1", "got \"1\""});
}

TEST(ReplayFile, UnknownFieldsAreErrors) {
  expectNames(errorOf(edited("\n  \"seed\":", "\n  \"comment\": \"hi\",\n  \"seed\":")),
              {"runs/a.replay.json", "comment: unknown field", "allowed", "trace-hash"});
  expectNames(errorOf(edited("\"kind\":\"crash\"", "\"kind\":\"crash\",\"why\":1")),
              {"commands[0].why: unknown field"});
  expectNames(errorOf(edited("\"first-command\"", "\"first\":0,\"first-command\"")),
              {"steps[0].first: unknown field"});
  expectNames(errorOf(edited("\"until\": {", "\"until\": {\"wall-clock\":1,")),
              {"until.wall-clock: unknown field"});
}

TEST(ReplayFile, MissingOrMistypedFieldsAreNamed) {
  expectNames(errorOf(edited("\n  \"seed\": 7,", "")), {"runs/a.replay.json: seed: missing"});
  expectNames(errorOf(edited("\"kind\":\"crash\",\"node\":4", "\"kind\":\"crash\"")),
              {"commands[0].node: missing; a crash command needs a node"});
  expectNames(errorOf(edited("\"kind\":\"crash\"", "\"kind\":\"explode\"")),
              {"commands[0].kind: expected one of crash, restart", "got \"explode\""});
  expectNames(errorOf(edited("\"node\":4", "\"node\":9")),
              {"commands[0].node: expected a node from 0 to 5", "got 9"});
  expectNames(errorOf(edited("\"at-us\":0,\"events-before\":0,\"samples-before\":0,\"kind\"",
                             "\"at-us\":-1,\"events-before\":0,\"samples-before\":0,\"kind\"")),
              {"commands[0].at-us: expected a time in microseconds", "got -1"});
  expectNames(errorOf(edited("\"until\": {\"at-us\":", "\"until\": {\"at-us\":99999999999")),
              {"until.at-us: expected a time in microseconds from 0 to 86400000000 (a day)"});
  expectNames(errorOf(edited("\"trace-hash\": \"", "\"trace-hash\": \"x")),
              {"trace-hash: expected 16 hexadecimal digits"});
  expectNames(errorOf(edited("\"step\":0", "\"step\":4")),
              {"steps[0].step: expected a step of the scenario, from 0 to 3", "got 4"});
}

TEST(ReplayFile, TheScenarioIsCheckedByTheScenarioParser) {
  expectNames(
      errorOf(edited("\"within\": 5", "\"within\": \"soon\"")),
      {"runs/a.replay.json: scenario.definition: steps[0].until.within: expected", "\"soon\""});
  expectNames(
      errorOf(edited("\"pattern\": \"leader-election\",\n  \"options\"",
                     "\"pattern\": \"circuit-breaker\",\n  \"options\"")),
      {"pattern: expected \"leader-election\", the scenario's pattern", "got \"circuit-breaker\""});
}

// Hand edits that still parse but could not come from one run.
TEST(ReplayFile, AnInconsistentOrderIsRefused) {
  const std::string text = goodFile();
  // The end before the last command.
  const std::regex until("\"until\": \\{\"at-us\":[0-9]+");
  expectNames(errorOf(std::regex_replace(text, until, "\"until\": {\"at-us\":1")),
              {"until.at-us: expected at least", "a run never goes back", "got 1"});
  // A step that claims more commands than the log has.
  const std::regex commands("\"commands\":1\\}\n  \\]");
  ASSERT_TRUE(std::regex_search(text, commands));
  expectNames(errorOf(std::regex_replace(text, commands, "\"commands\":9}\n  ]")),
              {"steps[", "].commands: expected a count of commands from 0 to 1"});
}

TEST(ReplayFile, AStepsCommandsMustBeItsActions) {
  // The first crash is the user's; the second is step 1's action (crash the
  // leader). Make that one a heal.
  std::string text = goodFile();
  const std::regex crash("\"kind\":\"crash\",\"node\":[0-9]+\\}");
  auto it = std::sregex_iterator(text.begin(), text.end(), crash);
  ASSERT_NE(it, std::sregex_iterator());
  ASSERT_NE(++it, std::sregex_iterator());
  text.replace(it->position(), it->length(), "\"kind\":\"heal\"}");
  expectNames(errorOf(text),
              {"].kind: expected \"crash\", the scenario's steps[1].actions[0]", "got \"heal\""});
}

TEST(ReplayFile, FilesThatCannotBeReadAreNamed) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto missing = dir / "clusterscope-no-such.replay.json";
  try {
    loadReplay(missing.string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), missing.string() + ": no such file");
  }
  try {
    loadReplay(dir.string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("expected a replay file (JSON), got a directory"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(saveReplay(parseReplay(goodFile(), "a"), (dir / "no-such-dir" / "r.json").string()),
               InputError);
}

TEST(ReplayFile, SavesAndLoadsThroughAFile) {
  const auto path = std::filesystem::temp_directory_path() / "clusterscope-test.replay.json";
  const Replay r = parseReplay(goodFile(), "a");
  saveReplay(r, path.string());
  const Replay back = loadReplay(path.string());
  EXPECT_EQ(back.source, path.string());
  EXPECT_EQ(replayJson(back), goodFile());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace cs
