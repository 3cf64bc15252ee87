// libFuzzer target: the command line. The input is argv, one argument a
// line. Any arguments give Options or an InputError naming what is wrong;
// options that name a bundled scenario (or none: the default) with --compare
// are checked as main checks them, and the scenario, or its variant, runs
// within the budget with its replay round trip (bounded_run.h). Files are
// not read unless an argument names one, as the app reads them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bounded_run.h"
#include "cli.h"
#include "clusterscope/compare.h"
#include "clusterscope/errors.h"
#include "clusterscope/scenario.h"

namespace {

std::vector<std::string> arguments(const std::string& text) {
  std::vector<std::string> args;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    args.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return args;
}

bool isBundled(const std::string& name) {
  for (const auto& b : cs::bundledScenarios())
    if (b.name == name) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cs::app::Options o;
  try {
    o = cs::app::parseCommandLine(arguments(cs::fuzz::text(data, size)));
  } catch (const cs::InputError& e) {
    if (std::string(e.what()).empty()) cs::fuzz::finding("an InputError with no message");
    return 0;
  }
  if (o.help && cs::app::usage().empty()) cs::fuzz::finding("no usage text");
  if (!o.replay.empty() || (!o.scenario.empty() && !isBundled(o.scenario))) return 0;
  const cs::Scenario scenario =
      cs::loadScenario(o.scenario.empty() ? cs::defaultScenarioName() : o.scenario);
  if (o.compare.empty()) {
    cs::fuzz::runAndCheckReplay(scenario, o.seed);
    return 0;
  }
  try {
    const cs::Comparison c =
        cs::makeComparison(scenario, cs::parseOptionChange(o.compare, "--compare"));
    cs::fuzz::runAndCheckReplay(c.b, o.seed);
  } catch (const cs::InputError&) {
  }
  return 0;
}
