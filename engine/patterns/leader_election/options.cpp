// Parsing and range-checking of the Leader Election options. See options.h.
#include "patterns/leader_election/options.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "clusterscope/errors.h"

namespace cs::leader_election {
namespace {

constexpr std::array<std::string_view, 7> kKeys = {
    "nodes", "electionTimeoutMin", "electionTimeoutMax", "heartbeatInterval", "latency", "jitter",
    "loss"};

std::string field(std::string_view key) {
  return "options." + std::string(key);
}

std::string numberText(double v) {
  std::string s = nlohmann::json(v).dump();
  if (s.size() > 2 && s.ends_with(".0")) s.resize(s.size() - 2);
  return s;
}

int integerIn(const nlohmann::json& v, std::string_view key, int lo, int hi) {
  const std::string expected =
      "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (!v.is_number_integer()) {
    // A whole float in range (5.0) is accepted; the range is checked before
    // the conversion, which would be undefined for 1e300.
    if (v.is_number_float()) {
      const double d = v.get<double>();
      if (d >= lo && d <= hi && d == static_cast<double>(static_cast<int>(d)))
        return static_cast<int>(d);
    }
    throw InputError(field(key), expected, v.dump());
  }
  const auto n = v.get<std::int64_t>();
  if (n < lo || n > hi) throw InputError(field(key), expected, v.dump());
  return static_cast<int>(n);
}

double numberIn(const nlohmann::json& v, std::string_view key, double lo, double hi,
                const std::string& what) {
  const std::string expected = what + " from " + numberText(lo) + " to " + numberText(hi);
  if (!v.is_number()) throw InputError(field(key), expected, v.dump());
  const double d = v.get<double>();
  if (!(d >= lo && d <= hi)) throw InputError(field(key), expected, v.dump());
  return d;
}

SimDuration millisIn(const nlohmann::json& v, std::string_view key, double lo, double hi) {
  return fromMillis(numberIn(v, key, lo, hi, "a number of milliseconds"));
}

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
  if (options.is_null()) return o;
  if (!options.is_object()) throw InputError("options", "a JSON object", options.dump());
  for (const auto& [key, value] : options.items()) {
    bool known = false;
    for (auto k : kKeys) known = known || k == key;
    if (!known) {
      std::string list;
      for (auto k : kKeys) list += (list.empty() ? "" : ", ") + std::string(k);
      throw InputError(field(key), "one of the options " + list, "an unknown option");
    }
  }
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
  return o;
}

}  // namespace cs::leader_election
