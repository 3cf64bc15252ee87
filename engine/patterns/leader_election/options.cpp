// Parsing and range-checking of the Leader Election options. See options.h.
#include "patterns/leader_election/options.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "clusterscope/errors.h"
#include "patterns/option_checks.h"

namespace cs::leader_election {
namespace {

using option_checks::field;
using option_checks::integerIn;
using option_checks::millisIn;
using option_checks::numberIn;
using option_checks::numberText;

constexpr std::array<std::string_view, 8> kKeys = {
    "nodes", "electionTimeoutMin", "electionTimeoutMax", "heartbeatInterval", "latency", "jitter",
    "loss",  "electionRestriction"};

}  // namespace

LinkConfig Options::link() const {
  LinkConfig c;
  c.latency = latency;
  c.jitter = jitter;
  c.loss = loss;
  return c;
}

Options parseOptions(const nlohmann::json& options) {
  Options o;
  if (!option_checks::requireKnownKeys(options, kKeys)) return o;
  auto has = [&](const char* key) { return options.contains(key); };
  if (has("nodes")) o.nodes = integerIn(options["nodes"], "nodes", 3, 9);
  if (has("electionTimeoutMin"))
    o.electionTimeoutMin = millisIn(options["electionTimeoutMin"], "electionTimeoutMin", 10, 60000);
  if (has("electionTimeoutMax"))
    o.electionTimeoutMax = millisIn(options["electionTimeoutMax"], "electionTimeoutMax", 10, 60000);
  if (o.electionTimeoutMin >= o.electionTimeoutMax) {
    const char* key = has("electionTimeoutMax") ? "electionTimeoutMax" : "electionTimeoutMin";
    throw InputError(field(key),
                     "electionTimeoutMin < electionTimeoutMax (both from 10 to 60000 ms)",
                     numberText(o.electionTimeoutMin.count() / 1000.0) + " and " +
                         numberText(o.electionTimeoutMax.count() / 1000.0));
  }
  if (has("heartbeatInterval")) {
    const double hi = std::min(60000.0, o.electionTimeoutMin.count() / 1000.0);
    const auto& v = options["heartbeatInterval"];
    const std::string expected =
        "a number of milliseconds from 1 to below electionTimeoutMin (" + numberText(hi) + ")";
    if (!v.is_number() || !(v.get<double>() >= 1 && v.get<double>() < hi))
      throw InputError(field("heartbeatInterval"), expected, v.dump());
    o.heartbeatInterval = fromMillis(v.get<double>());
  } else if (o.heartbeatInterval >= o.electionTimeoutMin) {
    throw InputError(field("electionTimeoutMin"),
                     "a value above heartbeatInterval (50 ms by default)",
                     numberText(o.electionTimeoutMin.count() / 1000.0));
  }
  if (has("latency")) o.latency = millisIn(options["latency"], "latency", 0, 10000);
  if (has("jitter")) o.jitter = millisIn(options["jitter"], "jitter", 0, 10000);
  if (has("loss")) o.loss = numberIn(options["loss"], "loss", 0, 1, "a probability");
  if (has("electionRestriction"))
    o.electionRestriction =
        option_checks::flag(options["electionRestriction"], "electionRestriction");
  return o;
}

}  // namespace cs::leader_election
