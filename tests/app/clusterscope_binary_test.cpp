// Runs the built clusterscope binary as a user would and checks what it says
// and how it exits: 2 with the problem named for bad input, 0 and a stable
// trace hash for a good headless run.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace {

struct Outcome {
  int exitCode = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs the binary with `args` (already shell-quoted), capturing both streams.
Outcome run(const std::string& args) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto out = dir / ("clusterscope-app-test-" + std::to_string(::getpid()) + ".out");
  const auto err = dir / ("clusterscope-app-test-" + std::to_string(::getpid()) + ".err");
  const std::string cmd = "env QT_QPA_PLATFORM=offscreen '" CLUSTERSCOPE_BINARY "' " + args +
                          " >'" + out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  Outcome r;
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

std::string lastLine(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  const auto nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

std::filesystem::path writeScenario(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p;
}

TEST(ClusterscopeBinary, UnknownFlagExitsTwoNamingIt) {
  const Outcome r = run("--frobnicate");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--frobnicate"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--help"), std::string::npos) << r.err;
}

TEST(ClusterscopeBinary, MissingOrBadValueExitsTwo) {
  Outcome r = run("--headless --seed");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--seed"), std::string::npos) << r.err;
  r = run("--headless --seed banana");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("banana"), std::string::npos) << r.err;
}

TEST(ClusterscopeBinary, UnknownScenarioExitsTwoListingTheBundledOnes) {
  const Outcome r = run("--headless --scenario no-such-thing");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("clusterscope: unknown scenario 'no-such-thing'"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("leader-fails"), std::string::npos) << r.err;
}

TEST(ClusterscopeBinary, MalformedScenarioFileExitsTwoWithLineAndColumn) {
  const auto p = writeScenario("clusterscope-app-test-malformed.json", "{\n  \"title\": \n}");
  const Outcome r = run("--headless --scenario '" + p.string() + "'");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find(p.string() + ": line 3, column 1"), std::string::npos) << r.err;
  std::filesystem::remove(p);
}

TEST(ClusterscopeBinary, BadFieldInScenarioFileExitsTwoNamingIt) {
  std::string text = slurp(CLUSTERSCOPE_SCENARIO_DIR "/leader-fails.json");
  const auto at = text.find("\"within\": 5");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 11, "\"within\": \"soon\"");
  const auto p = writeScenario("clusterscope-app-test-badfield.json", text);
  const Outcome r = run("--headless --scenario '" + p.string() + "'");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("clusterscope: " + p.string() + ": steps[0].until.within: expected"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("\"soon\""), std::string::npos) << r.err;
  std::filesystem::remove(p);
}

TEST(ClusterscopeBinary, HeadlessLeaderFailsSucceedsWithAStableTraceHash) {
  const Outcome a = run("--headless --scenario leader-fails");
  ASSERT_EQ(a.exitCode, 0) << a.out << a.err;
  const std::string hash = lastLine(a.out);
  EXPECT_TRUE(std::regex_match(hash, std::regex("trace-hash=[0-9a-f]{16}"))) << hash;
  EXPECT_NE(a.out.find("The leader fails"), std::string::npos);
  EXPECT_NE(a.out.find("won the election"), std::string::npos);
  EXPECT_NE(a.out.find("\": held"), std::string::npos);
  EXPECT_EQ(a.out.find("NOT MET"), std::string::npos);
  const Outcome b = run("--headless --scenario leader-fails");
  EXPECT_EQ(lastLine(b.out), hash);
  const Outcome c = run("--headless --scenario leader-fails --seed 99");
  EXPECT_NE(lastLine(c.out), hash);
}

TEST(ClusterscopeBinary, AStepThatCannotBeginFailsTheRunWithExitOne) {
  const auto file = writeScenario("clusterscope-no-candidate.json", R"({
    "title": "T", "description": "D", "pattern": "leader-election", "seed": 3,
    "steps": [
      { "title": "elect", "narration": "n", "until": {"milestone": "leader-elected"} },
      { "title": "follow", "narration": "n",
        "until": {"milestone": "follows-leader", "node": "candidate"} }
    ]})");
  const Outcome r = run("--headless --scenario '" + file.string() + "'");
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.out.find("could not begin"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"candidate\" resolves to no node"), std::string::npos) << r.out;
  EXPECT_TRUE(lastLine(r.out).starts_with("trace-hash=")) << r.out;
  std::filesystem::remove(file);
}

TEST(ClusterscopeBinary, HelpAndListExitZero) {
  Outcome r = run("--help");
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_NE(r.out.find("--headless"), std::string::npos);
  r = run("--list-scenarios");
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_NE(r.out.find("leader-fails (default)"), std::string::npos) << r.out;
}

}  // namespace
