// Command-line parsing. See cli.h.
#include "cli.h"

#include <charconv>
#include <cmath>
#include <set>
#include <utility>

#include "clusterscope/compare.h"
#include "clusterscope/errors.h"
#include "clusterscope/replay.h"
#include "clusterscope/utf8.h"

namespace cs::app {
namespace {

// A value as an error quotes it: a short prefix, never the whole of a long one.
std::string inQuotes(const std::string& s) {
  return "\"" + shortPrefix(s) + "\"";
}

// Every argument must be UTF-8: values are quoted in errors and stored in
// JSON (a scenario's options, a replay file), both of which need it.
void requireUtf8(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto bad = invalidUtf8At(args[i]);
    if (!bad) continue;
    const std::string flag = args[i].rfind("--", 0) == 0 ? args[i].substr(0, args[i].find('='))
                             : i > 0 && args[i - 1].rfind("--", 0) == 0 ? args[i - 1]
                                                                        : std::string{};
    std::string where = "argument " + std::to_string(i + 1);
    if (!flag.empty() && !invalidUtf8At(flag)) where += " (" + flag + ")";
    throw InputError(where + ": expected UTF-8 text, got an invalid byte at " +
                     invalidUtf8Where(args[i], *bad));
  }
}

std::uint64_t parseSeed(const std::string& flag, const std::string& text) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw InputError(flag, "an integer from 0 to 2^64-1", inQuotes(text));
  return v;
}

double parseSeconds(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || !std::isfinite(v) || v < 0 || v > 3600)
    throw InputError(flag, "a number of simulated seconds from 0 to 3600", inQuotes(text));
  return v;
}

// A replay file given as the scenario is played as a replay, as the window's
// File > Open plays it; only what a replay refuses is named for --scenario.
void replayGivenAsScenario(Options& o) {
  if (o.scenario.empty() || !o.replay.empty() || !isReplayFile(o.scenario)) return;
  const std::string why = " (" + o.scenario + " is a replay file: one recorded run, its own seed)";
  if (!o.compare.empty()) throw InputError("--compare", "a scenario, not a replay" + why);
  if (o.seed) throw InputError("--seed", "no seed with a replay" + why);
  o.replay = std::exchange(o.scenario, {});
}

// Flags that only make sense together, checked once every flag is read.
void checkCombinations(const Options& o) {
  if (o.atSeconds && o.screenshot.empty())
    throw InputError("--at", "--screenshot FILE.png as well (--at sets when it is taken)");
  if (o.headless && !o.screenshot.empty())
    throw InputError("--headless", "no --screenshot (a headless run draws no window)");
  const std::pair<const char*, bool> headlessOnly[] = {{"--save-replay", !o.saveReplay.empty()},
                                                       {"--csv", !o.csv.empty()}};
  for (const auto& [flag, given] : headlessOnly)
    if (given && !o.headless)
      throw InputError(flag, "--headless as well (it works on a run without a window)");
  if (!o.compare.empty())
    for (const auto& [flag, given] :
         {std::pair{"--save-replay", !o.saveReplay.empty()}, std::pair{"--csv", !o.csv.empty()}})
      if (given) throw InputError(flag, "no --compare (it writes one run)");
  if (o.pacingReport)
    for (const auto& [flag, given] :
         {std::pair{"--replay", !o.replay.empty()}, std::pair{"--compare", !o.compare.empty()},
          std::pair{"--screenshot", !o.screenshot.empty()},
          std::pair{"--save-replay", !o.saveReplay.empty()}, std::pair{"--csv", !o.csv.empty()},
          std::pair{"--lecture", o.lecture}})
      if (given)
        throw InputError("--pacing-report",
                         std::string("no ") + flag + " (it reports on a scenario's own run)");
  if (o.replay.empty()) return;
  if (!o.compare.empty()) throw InputError("--replay", "no --compare (a replay file is one run)");
  if (!o.scenario.empty())
    throw InputError("--replay", "no --scenario (a replay file carries its own scenario)");
  if (o.seed) throw InputError("--replay", "no --seed (a replay file carries its own seed)");
}

}  // namespace

std::string usage() {
  return "usage: clusterscope [--scenario NAME|FILE] [--seed N] [--lecture]\n"
         "       clusterscope --headless [--scenario NAME|FILE] [--seed N]\n"
         "                    [--save-replay FILE] [--csv FILE]\n"
         "       clusterscope --headless --replay FILE [--csv FILE]\n"
         "       clusterscope --replay FILE [--lecture]\n"
         "       clusterscope [--headless] --scenario NAME|FILE --compare OPTION=VALUE\n"
         "       clusterscope --screenshot FILE.png [--at SECONDS] [--scenario NAME|FILE]\n"
         "       clusterscope --pacing-report [--scenario NAME|FILE] [--seed N]\n"
         "       clusterscope --list-scenarios\n"
         "\n"
         "  --scenario NAME|FILE  a bundled scenario (see --list-scenarios) or a JSON file;\n"
         "                        a replay file plays as with --replay\n"
         "  --seed N              run with seed N instead of the scenario's own\n"
         "  --headless            run the scenario without a window: print each step's\n"
         "                        narration, milestones and invariant verdicts\n"
         "  --save-replay FILE    with --headless: write the run (scenario, seed, every\n"
         "                        command) to FILE, a replay file that opens anywhere\n"
         "  --replay FILE         open a replay file in the window, paused at its end, with\n"
         "                        the whole run on the timeline; with --headless: re-run it,\n"
         "                        printing what its run printed, ending with the same\n"
         "                        trace-hash= line\n"
         "  --csv FILE            with --headless: write the metrics sampled during the\n"
         "                        run to FILE as CSV (time_s, then one column a metric)\n"
         "  --compare OPTION=VALUE\n"
         "                        run the scenario twice side by side, as written and\n"
         "                        with one of its pattern's options changed (VALUE: on,\n"
         "                        off, a number or a word), same seed; with --headless:\n"
         "                        print both reports, then both runs' outcomes and\n"
         "                        trace hashes side by side\n"
         "  --screenshot FILE.png render the window offscreen to FILE.png, then exit\n"
         "  --at SECONDS          with --screenshot: the simulated time to run to first\n"
         "  --lecture             start in presentation mode (full screen, large type)\n"
         "  --pacing-report       print, per step, the wall time it takes on screen at its\n"
         "                        default pacing and the shortest time a message that\n"
         "                        led to its condition is seen crossing (slow motion)\n"
         "  --list-scenarios      list the bundled scenarios\n"
         "  --help                show this text\n"
         "\n"
         "Exit codes: 0 success; 1 a step's condition was not met or an invariant broke\n"
         "(with --replay: the run did not end with the recorded trace hash); 2 bad\n"
         "command line, scenario file or replay file.\n";
}

Options parseCommandLine(const std::vector<std::string>& args) {
  requireUtf8(args);
  Options o;
  std::set<std::string> given;  // a flag given twice is a mistake, not "the last one wins"
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> inlineValue;  // --seed=7
    if (flag.rfind("--", 0) == 0) {
      if (auto eq = flag.find('='); eq != std::string::npos) {
        inlineValue = flag.substr(eq + 1);
        flag.resize(eq);
      }
    }
    auto value = [&](const std::string& expected) -> std::string {
      if (inlineValue) return *inlineValue;
      if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)
        throw InputError(flag, expected + " after it", "nothing");
      return args[++i];
    };
    if (flag.rfind("-", 0) == 0 && !given.insert(flag == "-h" ? "--help" : flag).second)
      throw InputError(flag + ": given twice (each flag may be given once)");
    auto noValue = [&] {
      if (inlineValue) throw InputError(flag, "no value", inQuotes(*inlineValue));
    };
    if (flag == "--help" || flag == "-h") {
      noValue();
      o.help = true;
    } else if (flag == "--headless") {
      noValue();
      o.headless = true;
    } else if (flag == "--lecture") {
      noValue();
      o.lecture = true;
    } else if (flag == "--pacing-report") {
      noValue();
      o.pacingReport = true;
    } else if (flag == "--list-scenarios") {
      noValue();
      o.listScenarios = true;
    } else if (flag == "--scenario") {
      o.scenario = value("a scenario name or a JSON file");
      if (o.scenario.empty()) throw InputError(flag, "a scenario name or a JSON file", "\"\"");
    } else if (flag == "--seed") {
      o.seed = parseSeed(flag, value("an integer seed"));
    } else if (flag == "--screenshot") {
      o.screenshot = value("a PNG file to write");
      if (o.screenshot.size() < 5 || o.screenshot.substr(o.screenshot.size() - 4) != ".png")
        throw InputError(flag, "a file name ending in .png", inQuotes(o.screenshot));
    } else if (flag == "--replay" || flag == "--save-replay" || flag == "--csv") {
      const std::string what = flag == "--csv"      ? "a CSV file to write"
                               : flag == "--replay" ? "a replay file to read"
                                                    : "a replay file to write";
      std::string& target = flag == "--csv" ? o.csv : flag == "--replay" ? o.replay : o.saveReplay;
      target = value(what);
      if (target.empty()) throw InputError(flag, what, "\"\"");
    } else if (flag == "--compare") {
      o.compare = value("OPTION=VALUE");
      parseOptionChange(o.compare, flag);  // the syntax now; the option once the scenario is read
    } else if (flag == "--at") {
      o.atSeconds = parseSeconds(flag, value("a number of simulated seconds"));
    } else if (flag.rfind("-", 0) == 0) {
      throw InputError("unknown flag " + inQuotes(flag) +
                       ": expected one of --help, --headless, --scenario, --seed, "
                       "--save-replay, --replay, --csv, --compare, --screenshot, --at, --lecture, "
                       "--pacing-report, --list-scenarios");
    } else {
      throw InputError("unexpected argument " + inQuotes(flag) +
                       ": expected a flag (a scenario is given with --scenario NAME|FILE)");
    }
  }
  replayGivenAsScenario(o);
  checkCombinations(o);
  return o;
}

}  // namespace cs::app
