// Runs the built clusterscope binary as a user would and checks what it says
// and how it exits: 2 with the problem named for bad input, 0 and a stable
// trace hash for a good headless run, the same report again from its replay
// file.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

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
  // Under `timeout`: a run that blocks (on a named pipe, say) fails the test
  // with exit code 124 instead of hanging it.
  const std::string cmd = "env QT_QPA_PLATFORM=offscreen timeout 120 '" CLUSTERSCOPE_BINARY "' " +
                          args + " >'" + out.string() + "' 2>'" + err.string() + "'";
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

std::filesystem::path tempPath(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("clusterscope-app-test-" + std::to_string(::getpid()) + "-" + name);
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

// Both runs' reports, then a summary with both trace hashes side by side;
// the same command prints the same thing.
TEST(ClusterscopeBinary, HeadlessComparePrintsBothRunsAndTheirHashes) {
  const Outcome a = run("--headless --scenario cascading-failure --compare breaker=on");
  ASSERT_EQ(a.exitCode, 0) << a.out << a.err;
  EXPECT_NE(a.out.find("=== A: breaker off ==="), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("=== B: breaker on ==="), std::string::npos) << a.out;
  std::smatch m;
  const std::string last = lastLine(a.out);
  ASSERT_TRUE(std::regex_match(last, m, std::regex("trace-hash +([0-9a-f]{16}) +([0-9a-f]{16})")))
      << last;
  EXPECT_NE(m[1], m[2]);
  // Each column's hash is the one its own report ends with.
  EXPECT_NE(a.out.find("trace-hash=" + m[1].str()), std::string::npos);
  EXPECT_NE(a.out.find("trace-hash=" + m[2].str()), std::string::npos);
  // Run A is the scenario as written: the same hash as a plain headless run.
  EXPECT_EQ(lastLine(run("--headless --scenario cascading-failure").out),
            "trace-hash=" + m[1].str());
  EXPECT_NE(a.out.find("path.orders->payment.short_circuited"), std::string::npos);
  EXPECT_EQ(run("--headless --scenario cascading-failure --compare breaker=on").out, a.out);
}

TEST(ClusterscopeBinary, CompareMistakesExitTwoNamingTheOption) {
  Outcome r = run("--headless --scenario cascading-failure --compare brakes=on");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--compare brakes=on: options.brakes: expected one of the options"),
            std::string::npos)
      << r.err;
  r = run("--headless --scenario cascading-failure --compare breaker=maybe");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("options.breaker: expected true or false, got \"maybe\""), std::string::npos)
      << r.err;
  r = run("--headless --scenario cascading-failure --compare breaker=off");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("the two runs would be the same"), std::string::npos) << r.err;
}

TEST(ClusterscopeBinary, CompareScreenshotWritesAPngAndABadOptionExitsTwoFirst) {
  const auto png = tempPath("compare.png");
  Outcome r = run("--scenario cascading-failure --compare breaker=on --screenshot '" +
                  png.string() + "' --at 5");
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_GT(std::filesystem::file_size(png), 10'000u);
  std::filesystem::remove(png);
  r = run("--scenario cascading-failure --compare brakes=on --screenshot '" + png.string() + "'");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--compare brakes=on: options.brakes"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(png));
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
  // Its replay fails the step in the same words, and reproduces the run.
  const auto saved = tempPath("no-candidate.replay.json");
  ASSERT_EQ(
      run("--headless --scenario '" + file.string() + "' --save-replay '" + saved.string() + "'")
          .exitCode,
      1);
  const Outcome replayed = run("--headless --replay '" + saved.string() + "'");
  EXPECT_EQ(replayed.exitCode, 0) << replayed.err;
  EXPECT_EQ(replayed.out, r.out);
  std::filesystem::remove(saved);
  std::filesystem::remove(file);
}

// A step's expectations print a ✓ or ✗ line each under the step; one that
// does not hold fails the run (exit 1), though every step is met; one that
// names no metric is bad input (exit 2), named.
TEST(ClusterscopeBinary, AFailedExpectationFailsTheRunWithExitOne) {
  const auto scenario = [](const std::string& expect) {
    return R"({"title": "T", "description": "D", "pattern": "leader-election", "seed": 3,
      "steps": [{ "title": "elect", "narration": "n", "until": {"milestone": "leader-elected"},
                  "expect": )" +
           expect + "}]}";
  };
  const auto file = writeScenario("clusterscope-expect.json",
                                  scenario(R"([{"milestone": "leader-elected", "at-least": 1},
                                               {"node": "leader", "is": "crashed"}])"));
  Outcome r = run("--headless --scenario '" + file.string() + "'");
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("✓ leader-elected traced 1 time in the step"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("✗ node "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" is up (expected crashed)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("NOT MET"), std::string::npos) << r.out;

  std::ofstream(file) << scenario(R"([{"metric": "raft.leeder", "at-least": 0}])");
  r = run("--headless --scenario '" + file.string() + "'");
  EXPECT_EQ(r.exitCode, 2) << r.out;
  EXPECT_NE(r.err.find("steps[0].expect[0].metric: \"raft.leeder\" is not a metric"),
            std::string::npos)
      << r.err;
  std::filesystem::remove(file);
}

// The replay prints what the run printed, line for line, hash last.
TEST(ClusterscopeBinary, SaveReplayThenReplayPrintsTheSameReportAndTraceHash) {
  for (const std::string args : {"--scenario leader-fails", "--scenario split-vote --seed 99"}) {
    SCOPED_TRACE(args);
    const auto file = tempPath("run.replay.json");
    const Outcome a = run("--headless " + args + " --save-replay '" + file.string() + "'");
    ASSERT_EQ(a.exitCode, 0) << a.err;
    ASSERT_TRUE(std::filesystem::exists(file));
    const Outcome b = run("--headless --replay '" + file.string() + "'");
    EXPECT_EQ(b.exitCode, 0) << b.err;
    EXPECT_EQ(b.err, "");
    EXPECT_TRUE(lastLine(a.out).starts_with("trace-hash=")) << a.out;
    EXPECT_EQ(lastLine(b.out), lastLine(a.out));
    EXPECT_EQ(b.out, a.out);
    std::filesystem::remove(file);
  }
}

TEST(ClusterscopeBinary, AReplayThatEndsWithAnotherHashExitsOneSayingSo) {
  const auto file = tempPath("edited.replay.json");
  ASSERT_EQ(
      run("--headless --scenario leader-fails --save-replay '" + file.string() + "'").exitCode, 0);
  std::string text = slurp(file);
  const auto at = text.find("\"trace-hash\": \"");
  ASSERT_NE(at, std::string::npos);
  const std::string recorded = text.substr(at + 15, 16);
  text.replace(at + 15, 16, "0123456789abcdef");
  std::ofstream(file) << text;
  const Outcome r = run("--headless --replay '" + file.string() + "'");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(lastLine(r.out), "trace-hash=" + recorded);
  EXPECT_NE(r.err.find(file.string() + ": the replay ended with trace-hash=" + recorded +
                       ", but the file recorded trace-hash=0123456789abcdef"),
            std::string::npos)
      << r.err;
  std::filesystem::remove(file);
}

TEST(ClusterscopeBinary, ReplayMistakesExitTwoNamingWhatIsWrong) {
  const auto file = tempPath("good.replay.json");
  ASSERT_EQ(
      run("--headless --scenario leader-fails --save-replay '" + file.string() + "'").exitCode, 0);
  const std::string text = slurp(file);
  struct Case {
    std::string args;
    std::string says;
  };
  const auto truncated =
      writeScenario("clusterscope-app-test-cut.replay.json", text.substr(0, text.size() / 2));
  const auto version =
      writeScenario("clusterscope-app-test-v2.replay.json",
                    std::regex_replace(text, std::regex("\"clusterscope-replay\": 1"),
                                       "\"clusterscope-replay\": 2"));
  const std::vector<Case> cases = {
      {"--headless --replay", "--replay: expected a replay file to read after it, got nothing"},
      {"--headless --replay '" + file.string() + "' --scenario leader-fails",
       "--replay: expected no --scenario"},
      {"--headless --replay '" + file.string() + "' --seed 4", "--replay: expected no --seed"},
      {"--replay '" + truncated.string() + "' --screenshot /tmp/never.png",
       truncated.string() + ": line "},
      {"--headless --replay /no/such.replay.json", "/no/such.replay.json: no such file"},
      {"--headless --replay '" + truncated.string() + "'", truncated.string() + ": line "},
      {"--headless --replay '" + version.string() + "'",
       "clusterscope-replay: expected version 1 (the only one this build reads), got 2"},
      {"--headless --scenario leader-fails --save-replay", "--save-replay: expected a replay"},
      {"--scenario leader-fails --csv x.csv", "--csv: expected --headless as well"},
      {"--headless --scenario leader-fails --save-replay /no/such/dir/r.json",
       "--save-replay: expected a file in an existing folder, got /no/such/dir/r.json"},
  };
  for (const Case& c : cases) {
    const Outcome r = run(c.args);
    EXPECT_EQ(r.exitCode, 2) << c.args << "\n" << r.err;
    EXPECT_NE(r.err.find("clusterscope: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.args << "\n" << r.err;
  }
  for (const auto& p : {file, truncated, version}) std::filesystem::remove(p);
}

TEST(ClusterscopeBinary, AReplayOpensInTheWindow) {
  const auto file = tempPath("window.replay.json");
  const auto png = tempPath("window.png");
  ASSERT_EQ(
      run("--headless --scenario leader-fails --save-replay '" + file.string() + "'").exitCode, 0);
  const Outcome r = run("--replay '" + file.string() + "' --screenshot '" + png.string() + "'");
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_GT(std::filesystem::exists(png) ? std::filesystem::file_size(png) : 0u, 10'000u);
  for (const auto& p : {file, png}) std::filesystem::remove(p);
}

TEST(ClusterscopeBinary, CsvHasAHeaderAndARowPerSampleAfterARunOrAReplay) {
  const auto csv = tempPath("metrics.csv");
  const auto again = tempPath("again.csv");
  const auto file = tempPath("csv.replay.json");
  ASSERT_EQ(run("--headless --scenario leader-fails --csv '" + csv.string() + "' --save-replay '" +
                file.string() + "'")
                .exitCode,
            0);
  const std::string text = slurp(csv);
  EXPECT_TRUE(text.starts_with("time_s,messages.sent,")) << text.substr(0, 80);
  EXPECT_TRUE(std::regex_search(text, std::regex("\n0\\.000000,[-0-9,]+\n0\\.100000,"))) << text;
  EXPECT_EQ(
      run("--headless --replay '" + file.string() + "' --csv '" + again.string() + "'").exitCode,
      0);
  EXPECT_EQ(slurp(again), text);
  for (const auto& p : {csv, again, file}) std::filesystem::remove(p);
}

TEST(ClusterscopeBinary, HelpAndListExitZero) {
  Outcome r = run("--help");
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_NE(r.out.find("--headless"), std::string::npos);
  for (const char* flag : {"--save-replay FILE", "--replay FILE", "--csv FILE"})
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  r = run("--list-scenarios");
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_NE(r.out.find("leader-fails (default)"), std::string::npos) << r.out;
}

}  // namespace

namespace hardened {  // issue 14: what an adversarial user types or opens

TEST(ClusterscopeBinary, InvalidUtf8InACompareValueExitsTwoNamingWhere) {
  // It aborted: an uncaught JSON type_error while formatting the message.
  const Outcome r = run("--headless --scenario leader-fails --compare \"$(printf 'nodes=\\377')\"");
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("argument 5 (--compare): expected UTF-8 text, got an invalid byte at "
                       "byte 7 (0xff)"),
            std::string::npos)
      << r.err;
}

TEST(ClusterscopeBinary, ANamedPipeAsTheScenarioIsRefusedWithoutOpeningIt) {
  // It blocked forever: the file was opened to see whether it is a replay.
  const auto fifo = tempPath("pipe.json");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string flag : {"--scenario", "--replay"}) {
    const Outcome r = run("--headless " + flag + " '" + fifo.string() + "'");
    EXPECT_EQ(r.exitCode, 2) << flag << "\n" << r.err;
    EXPECT_NE(r.err.find("got a special file"), std::string::npos) << r.err;
  }
  const Outcome dir = run("--headless --scenario /tmp");
  EXPECT_EQ(dir.exitCode, 2) << dir.err;
  EXPECT_NE(dir.err.find("/tmp: expected a scenario file (JSON), got a directory"),
            std::string::npos)
      << dir.err;
  std::filesystem::remove(fifo);
}

TEST(ClusterscopeBinary, AFlagGivenTwiceIsAnError) {
  for (const std::string args :
       {"--headless --seed 1 --seed 2", "--headless --seed=1 --seed 2", "--headless --headless"}) {
    const Outcome r = run(args);
    EXPECT_EQ(r.exitCode, 2) << args;
    EXPECT_NE(r.err.find(": given twice (each flag may be given once)"), std::string::npos)
        << r.err;
  }
}

TEST(ClusterscopeBinary, AnOutputThatIsTheInputIsRefusedBeforeTheRun) {
  const auto scenario = tempPath("own.json");
  std::filesystem::copy_file(CLUSTERSCOPE_SCENARIO_DIR "/leader-fails.json", scenario,
                             std::filesystem::copy_options::overwrite_existing);
  const std::string before = slurp(scenario);
  for (const std::string flag : {"--save-replay", "--csv"}) {
    const Outcome r = run("--headless --scenario '" + scenario.string() + "' " + flag + " '" +
                          scenario.string() + "'");
    EXPECT_EQ(r.exitCode, 2) << flag << "\n" << r.err;
    EXPECT_NE(r.err.find(flag + ": expected a file other than the input (--scenario"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, "") << "the run started";
  }
  const auto same = tempPath("both.out");
  const Outcome both = run("--headless --scenario leader-fails --save-replay '" + same.string() +
                           "' --csv '" + same.string() + "'");
  EXPECT_EQ(both.exitCode, 2);
  EXPECT_NE(both.err.find("--csv: expected a file other than --save-replay's"), std::string::npos)
      << both.err;
  EXPECT_EQ(slurp(scenario), before);
  std::filesystem::remove(scenario);
}

TEST(ClusterscopeBinary, AnUnwritableOutputIsRefusedBeforeTheRun) {
  const auto readOnly = tempPath("read-only.csv");
  std::ofstream(readOnly) << "x";
  std::filesystem::permissions(readOnly, std::filesystem::perms::owner_read);
  const bool root = ::geteuid() == 0;  // root may write anything: only the folder cases apply
  struct Case {
    std::string args;
    std::string says;
  };
  std::vector<Case> cases = {
      {"--csv /tmp", "--csv: expected a file to write, got /tmp is a directory"},
      {"--save-replay /dev/null", "--save-replay: expected a regular file to write"},
      {"--csv /no/such/dir/m.csv", "--csv: expected a file in an existing folder"},
  };
  if (!root) cases.push_back({"--csv '" + readOnly.string() + "'", "is read-only"});
  for (const Case& c : cases) {
    const Outcome r = run("--headless --scenario leader-fails " + c.args);
    EXPECT_EQ(r.exitCode, 2) << c.args;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.args << "\n" << r.err;
    EXPECT_EQ(r.out, "") << "the run started before " << c.args << " was refused";
  }
  std::filesystem::remove(readOnly);
}

TEST(ClusterscopeBinary, ALongBadValueIsQuotedAsAShortPrefix) {
  // 120 KB in gave 240 KB of stderr.
  const Outcome r = run("--headless --seed " + std::string(100'000, '7') + "x");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--seed: expected an integer from 0 to 2^64-1, got \"777"),
            std::string::npos)
      << r.err.substr(0, 300);
  EXPECT_LT(r.err.size(), 400u);
}

TEST(ClusterscopeBinary, DeeplyNestedJsonExitsTwoInsteadOfOverflowingTheStack) {
  const std::size_t depth = 100'000;
  const auto file = writeScenario(
      "clusterscope-app-test-deep.json",
      R"({"title": "T", "description": "D", "pattern": "leader-election", "seed": 1, "options": {"x": )" +
          std::string(depth, '[') + std::string(depth, ']') + "}}");
  const Outcome r = run("--headless --scenario '" + file.string() + "'");
  EXPECT_EQ(r.exitCode, 2) << r.err.substr(0, 300);
  EXPECT_NE(r.err.find("options.x[0][0]"), std::string::npos) << r.err.substr(0, 300);
  EXPECT_NE(r.err.find("nested deeper than 64 levels (the limit)"), std::string::npos);
  std::filesystem::remove(file);
}

}  // namespace hardened
