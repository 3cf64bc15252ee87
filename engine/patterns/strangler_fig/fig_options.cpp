// Parsing and range-checking of the Strangler Fig pattern's options. See
// fig_options.h. Any thread.
#include "patterns/strangler_fig/fig_options.h"

#include <string>
#include <string_view>

#include "clusterscope/errors.h"
#include "patterns/option_checks.h"

namespace cs::strangler_fig {
namespace {

using option_checks::field;
using option_checks::flag;
using option_checks::integerIn;
using option_checks::millisIn;
using option_checks::numberIn;

constexpr std::array<std::string_view, 23> kOptionKeys = {
    "cutoverAt",         "rate",          "legacyWorkers",
    "legacyQueue",       "newWorkers",    "newQueue",
    "priceBug",          "checkoutBug",   "mirrorWrites",
    "dataSync",          "reconcile",     "cdcInterval",
    "reconcileInterval", "analysis",      "analysisInterval",
    "canaryPause",       "minRequests",   "maxErrorIncrease",
    "backendTimeout",    "clientTimeout", "routes",
    "latency",           "jitter"};

constexpr const char* kStageWords =
    "\"legacy\", \"shadow\", \"canary\", \"canary-25\", \"canary-50\", \"canary-100\", "
    "\"migrated\" or \"retired\"";

void parseStage(const nlohmann::json& v, const std::string& where, Stage& stage, int& step) {
  if (!v.is_string()) throw InputError(where, kStageWords, v.dump());
  const std::string s = v.get<std::string>();
  step = 0;
  if (s == "legacy")
    stage = Stage::Legacy;
  else if (s == "shadow")
    stage = Stage::Shadow;
  else if (s == "canary")
    stage = Stage::Canary;
  else if (s == "canary-25")
    stage = Stage::Canary, step = 1;
  else if (s == "canary-50")
    stage = Stage::Canary, step = 2;
  else if (s == "canary-100")
    stage = Stage::Canary, step = 3;
  else if (s == "migrated")
    stage = Stage::Migrated;
  else if (s == "retired")
    stage = Stage::Retired;
  else
    throw InputError(where, kStageWords, v.dump());
}

}  // namespace

LinkConfig FigOptions::link() const {
  LinkConfig c;
  c.latency = latency;
  c.jitter = jitter;
  return c;
}

FigOptions parseFigOptions(const nlohmann::json& options) {
  FigOptions o;
  if (!option_checks::requireKnownKeys(options, kOptionKeys)) return o;
  auto has = [&](const char* key) { return options.contains(key); };
  if (has("rate")) o.rate = numberIn(options["rate"], "rate", 0, 100'000, "requests per second");
  if (has("legacyWorkers"))
    o.legacyWorkers = integerIn(options["legacyWorkers"], "legacyWorkers", 1, 256);
  if (has("legacyQueue"))
    o.legacyQueue = integerIn(options["legacyQueue"], "legacyQueue", 0, 10'000);
  if (has("newWorkers")) o.newWorkers = integerIn(options["newWorkers"], "newWorkers", 1, 256);
  if (has("newQueue")) o.newQueue = integerIn(options["newQueue"], "newQueue", 0, 10'000);
  if (has("priceBug")) o.priceBug = flag(options["priceBug"], "priceBug");
  if (has("checkoutBug")) o.checkoutBug = flag(options["checkoutBug"], "checkoutBug");
  if (has("mirrorWrites")) o.mirrorWrites = flag(options["mirrorWrites"], "mirrorWrites");
  if (has("dataSync")) {
    const auto& v = options["dataSync"];
    if (!v.is_string() || (v != "cdc" && v != "dual-write"))
      throw InputError(field("dataSync"), "\"cdc\" or \"dual-write\"", v.dump());
    o.sync.mode = v == "cdc" ? DataSync::ChangeDataCapture : DataSync::DualWrite;
  }
  if (has("reconcile")) o.sync.reconcile = flag(options["reconcile"], "reconcile");
  if (has("cdcInterval"))
    o.sync.pollInterval = millisIn(options["cdcInterval"], "cdcInterval", 1, 60'000);
  if (has("reconcileInterval"))
    o.sync.reconcileInterval =
        millisIn(options["reconcileInterval"], "reconcileInterval", 10, 600'000);
  if (has("analysis")) o.analysis.automatic = flag(options["analysis"], "analysis");
  if (has("analysisInterval"))
    o.analysis.interval = millisIn(options["analysisInterval"], "analysisInterval", 10, 600'000);
  if (has("canaryPause"))
    o.analysis.pause = millisIn(options["canaryPause"], "canaryPause", 0, 3'600'000);
  if (has("minRequests"))
    o.analysis.minRequests = integerIn(options["minRequests"], "minRequests", 1, 1'000'000);
  if (has("maxErrorIncrease"))
    o.analysis.maxErrorIncrease =
        numberIn(options["maxErrorIncrease"], "maxErrorIncrease", 0, 100, "percentage points");
  if (has("backendTimeout"))
    o.backendTimeout = millisIn(options["backendTimeout"], "backendTimeout", 1, 60'000);
  if (has("clientTimeout"))
    o.clientTimeout = millisIn(options["clientTimeout"], "clientTimeout", 1, 60'000);
  if (has("cutoverAt")) o.cutoverAt = millisIn(options["cutoverAt"], "cutoverAt", 0, 3'600'000);
  if (has("latency")) o.latency = millisIn(options["latency"], "latency", 0, 10'000);
  if (has("jitter")) o.jitter = millisIn(options["jitter"], "jitter", 0, 10'000);
  if (has("routes")) {
    const auto& routes = options["routes"];
    if (!routes.is_object())
      throw InputError(field("routes"), "an object mapping route names to stages", routes.dump());
    for (auto it = routes.begin(); it != routes.end(); ++it) {
      const auto r = routeByName(it.key());
      if (!r) {
        std::string names;
        for (const auto& info : kRouteInfo)
          names += (names.empty() ? "" : ", ") + std::string(info.name);
        throw InputError(field("routes") + "." + it.key(), "a route: " + names,
                         "\"" + it.key() + "\"");
      }
      const auto i = static_cast<std::size_t>(*r);
      parseStage(it.value(), field("routes") + "." + it.key(), o.stages[i], o.weightSteps[i]);
    }
  }
  return o;
}

}  // namespace cs::strangler_fig
