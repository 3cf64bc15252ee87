// The "retention" option. See retention_options.h. Any thread.
#include "patterns/event_sourcing/retention_options.h"

#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "clusterscope/errors.h"
#include "patterns/option_checks.h"

namespace cs::event_sourcing {
namespace {

constexpr std::array<std::string_view, 3> kKeys = {"orderMaxAge", "abandonedOrderAge",
                                                   "scavengeEvery"};
constexpr double kDay = 86'400;

SimDuration secondsIn(const nlohmann::json& v, std::string_view key, double lo) {
  const double s = option_checks::numberIn(v, "retention." + std::string(key), lo, kDay, "seconds");
  return SimDuration{static_cast<std::int64_t>(std::llround(s * 1e6))};
}

}  // namespace

RetentionOptions parseRetention(const nlohmann::json& v) {
  RetentionOptions r;
  if (v.is_string() && v == "off") {
    r.on = false;
    return r;
  }
  if (!v.is_object())
    throw InputError(option_checks::field("retention"),
                     "\"off\" or an object with orderMaxAge, abandonedOrderAge, scavengeEvery "
                     "(seconds)",
                     v.dump());
  for (const auto& [key, value] : v.items()) {
    bool known = false;
    for (std::string_view k : kKeys) known = known || k == key;
    if (!known)
      throw InputError(option_checks::field("retention." + key),
                       "one of orderMaxAge, abandonedOrderAge, scavengeEvery", "an unknown key");
  }
  if (v.contains("orderMaxAge")) r.orderMaxAge = secondsIn(v["orderMaxAge"], "orderMaxAge", 0);
  if (v.contains("abandonedOrderAge"))
    r.abandonedOrderAge = secondsIn(v["abandonedOrderAge"], "abandonedOrderAge", 0);
  if (v.contains("scavengeEvery"))
    r.scavengeEvery = secondsIn(v["scavengeEvery"], "scavengeEvery", 0.1);
  return r;
}

}  // namespace cs::event_sourcing
