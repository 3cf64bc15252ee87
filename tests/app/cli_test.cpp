// The command-line parser: every mistake names the flag and what was expected.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "cli.h"
#include "clusterscope/errors.h"

namespace cs::app {
namespace {

std::string errorOf(const std::vector<std::string>& args) {
  try {
    parseCommandLine(args);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CommandLine, ReadsEveryFlag) {
  const Options o = parseCommandLine({"--scenario", "split-vote", "--seed", "42", "--screenshot",
                                      "out.png", "--at", "1.5", "--lecture"});
  EXPECT_EQ(o.scenario, "split-vote");
  EXPECT_EQ(o.seed, 42u);
  EXPECT_EQ(o.screenshot, "out.png");
  EXPECT_EQ(o.atSeconds, 1.5);
  EXPECT_TRUE(o.lecture);
  EXPECT_FALSE(o.headless);
  const Options h = parseCommandLine({"--headless", "--seed=7"});
  EXPECT_TRUE(h.headless);
  EXPECT_EQ(h.seed, 7u);
  EXPECT_TRUE(parseCommandLine({"--help"}).help);
  EXPECT_TRUE(parseCommandLine({"--list-scenarios"}).listScenarios);
}

TEST(CommandLine, ReadsReplayAndExportFlags) {
  const Options a =
      parseCommandLine({"--headless", "--scenario", "x", "--save-replay", "r.json", "--csv=m.csv"});
  EXPECT_EQ(a.saveReplay, "r.json");
  EXPECT_EQ(a.csv, "m.csv");
  EXPECT_EQ(a.replay, "");
  const Options b =
      parseCommandLine({"--headless", "--replay", "r.json", "--save-replay", "s.json"});
  EXPECT_EQ(b.replay, "r.json");
  EXPECT_EQ(b.saveReplay, "s.json");
  EXPECT_EQ(b.scenario, "");
  // Without --headless, the window opens it.
  const Options c = parseCommandLine({"--replay", "r.json", "--lecture"});
  EXPECT_EQ(c.replay, "r.json");
  EXPECT_FALSE(c.headless);
}

TEST(CommandLine, ReplayMistakesNameTheFlag) {
  EXPECT_NE(errorOf({"--headless", "--replay"}).find("--replay: expected a replay file to read"),
            std::string::npos);
  EXPECT_NE(errorOf({"--headless", "--replay="}).find("--replay: expected a replay file"),
            std::string::npos);
  EXPECT_NE(errorOf({"--headless", "--replay", "r", "--scenario", "x"}).find("no --scenario"),
            std::string::npos);
  EXPECT_NE(errorOf({"--headless", "--replay", "r", "--seed", "1"}).find("no --seed"),
            std::string::npos);
  for (const char* flag : {"--save-replay", "--csv"})
    EXPECT_NE(errorOf({flag, "f"}).find(std::string(flag) + ": expected --headless as well"),
              std::string::npos)
        << flag;
  EXPECT_NE(errorOf({"--headless", "--csv", "--seed", "1"}).find("--csv: expected a CSV file"),
            std::string::npos);
}

TEST(CommandLine, MistakesNameTheFlag) {
  EXPECT_NE(errorOf({"--sed", "4"}).find("unknown flag \"--sed\""), std::string::npos);
  EXPECT_NE(errorOf({"--seed"}).find("--seed: expected an integer seed"), std::string::npos);
  EXPECT_NE(errorOf({"--seed", "-1"}).find("--seed"), std::string::npos);
  EXPECT_NE(errorOf({"--seed", "12x"}).find("got \"12x\""), std::string::npos);
  EXPECT_NE(errorOf({"--at", "soon", "--screenshot", "a.png"}).find("--at: expected a number"),
            std::string::npos);
  EXPECT_NE(errorOf({"--screenshot", "a.jpg"}).find("ending in .png"), std::string::npos);
  EXPECT_NE(errorOf({"--at", "2"}).find("--screenshot"), std::string::npos);
  EXPECT_NE(errorOf({"leader-fails"}).find("--scenario"), std::string::npos);
  EXPECT_NE(errorOf({"--headless=yes"}).find("--headless"), std::string::npos);
}

TEST(CommandLine, ReadsCompareAndRefusesItWithOneRunFlags) {
  EXPECT_EQ(parseCommandLine({"--headless", "--compare", "breaker=on"}).compare, "breaker=on");
  EXPECT_EQ(parseCommandLine({"--compare=naiveRetries=0"}).compare, "naiveRetries=0");
  EXPECT_NE(errorOf({"--compare", "breaker"}).find("--compare: expected OPTION=VALUE"),
            std::string::npos);
  EXPECT_NE(errorOf({"--headless", "--compare", "breaker=on", "--csv", "m.csv"})
                .find("--csv: expected no --compare"),
            std::string::npos);
  EXPECT_NE(errorOf({"--headless", "--replay", "r.json", "--compare", "breaker=on"})
                .find("--replay: expected no --compare"),
            std::string::npos);
}

TEST(CommandLine, AReplayFileGivenAsTheScenarioIsPlayedAsAReplay) {
  const std::string file = ::testing::TempDir() + "cli_test.replay.json";
  std::ofstream(file) << "{\"clusterscope-replay\": 1}";
  const Options o = parseCommandLine({"--headless", "--scenario", file});
  EXPECT_EQ(o.replay, file);
  EXPECT_EQ(o.scenario, "");
  EXPECT_NE(
      errorOf({"--scenario", file, "--compare", "breaker=on"})
          .find("--compare: expected a scenario, not a replay (" + file + " is a replay file"),
      std::string::npos);
  EXPECT_NE(errorOf({"--scenario", file, "--seed", "3"}).find("--seed: expected no seed"),
            std::string::npos);
  EXPECT_EQ(parseCommandLine({"--scenario", "leader-fails"}).scenario, "leader-fails");
  std::remove(file.c_str());
}

TEST(CommandLine, AFlagGivenTwiceIsAnErrorNotTheLastOneWins) {
  EXPECT_EQ(errorOf({"--seed", "1", "--seed", "2"}),
            "--seed: given twice (each flag may be given once)");
  EXPECT_EQ(errorOf({"--lecture", "--scenario=x", "--scenario", "y"}),
            "--scenario: given twice (each flag may be given once)");
  EXPECT_EQ(errorOf({"-h", "--help"}), "--help: given twice (each flag may be given once)");
}

TEST(CommandLine, AnArgumentThatIsNotUtf8IsNamedByPositionAndFlag) {
  EXPECT_EQ(errorOf({"--headless", "--compare", "nodes=\xff"}),
            "argument 3 (--compare): expected UTF-8 text, got an invalid byte at byte 7 (0xff)");
  EXPECT_EQ(errorOf({"--scenario=caf\xc3"}),
            "argument 1 (--scenario): expected UTF-8 text, got an invalid byte at byte 15 (0xc3)");
  EXPECT_EQ(errorOf({"--\xed\xa0\x80"}),  // a UTF-16 surrogate, not a character
            "argument 1: expected UTF-8 text, got an invalid byte at byte 3 (0xed)");
  EXPECT_EQ(errorOf({"--scenario", "caf\xc3\xa9", "--lecture"}), "");
}

TEST(CommandLine, ALongValueIsQuotedAsAShortPrefix) {
  const std::string message = errorOf({"--at", std::string(100'000, '9')});
  EXPECT_TRUE(
      message.starts_with("--at: expected a number of simulated seconds from 0 to 3600, "
                          "got \"9999"))
      << message.substr(0, 200);
  EXPECT_LT(message.size(), 200u);
}

}  // namespace
}  // namespace cs::app
