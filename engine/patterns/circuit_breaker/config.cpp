// Parsing and range-checking of a circuit breaker's configuration. See
// config.h.
#include "patterns/circuit_breaker/config.h"

#include <array>
#include <cstdint>
#include <string_view>

#include "clusterscope/errors.h"

namespace cs::circuit_breaker {
namespace {

constexpr std::array<std::string_view, 10> kKeys = {"failureRateThreshold",
                                                    "slowCallRateThreshold",
                                                    "slowCallDurationThreshold",
                                                    "permittedNumberOfCallsInHalfOpenState",
                                                    "maxWaitDurationInHalfOpenState",
                                                    "slidingWindowType",
                                                    "slidingWindowSize",
                                                    "minimumNumberOfCalls",
                                                    "waitDurationInOpenState",
                                                    "automaticTransitionFromOpenToHalfOpenEnabled"};

// An hour: far beyond any scenario, small enough that sums stay exact.
constexpr double kMaxMillis = 3'600'000;

class Reader {
 public:
  Reader(const nlohmann::json& j, const std::string& prefix) : j_(j), prefix_(prefix) {}

  bool has(std::string_view key) const { return j_.contains(std::string(key)); }
  const nlohmann::json& at(std::string_view key) const { return j_.at(std::string(key)); }
  std::string field(std::string_view key) const { return prefix_ + "." + std::string(key); }

  int integerIn(std::string_view key, int lo, int hi) const {
    const auto& v = at(key);
    const std::string expected =
        "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    // A whole float in range (10.0) is accepted; the range is checked before
    // the conversion, which would be undefined for 1e300.
    if (v.is_number_float()) {
      const double d = v.get<double>();
      if (d >= lo && d <= hi && d == static_cast<double>(static_cast<int>(d)))
        return static_cast<int>(d);
      throw InputError(field(key), expected, v.dump());
    }
    if (!v.is_number_integer()) throw InputError(field(key), expected, v.dump());
    const auto n = v.get<std::int64_t>();
    if (n < lo || n > hi) throw InputError(field(key), expected, v.dump());
    return static_cast<int>(n);
  }

  double numberIn(std::string_view key, double lo, double hi, const std::string& what) const {
    const auto& v = at(key);
    const std::string expected = what + " from " + numberText(lo) + " to " + numberText(hi);
    if (!v.is_number()) throw InputError(field(key), expected, v.dump());
    const double d = v.get<double>();
    if (!(d >= lo && d <= hi)) throw InputError(field(key), expected, v.dump());
    return d;
  }

  SimDuration millisIn(std::string_view key, double lo) const {
    return fromMillis(numberIn(key, lo, kMaxMillis, "a number of milliseconds"));
  }

 private:
  static std::string numberText(double v) {
    std::string s = nlohmann::json(v).dump();
    if (s.size() > 2 && s.ends_with(".0")) s.resize(s.size() - 2);
    return s;
  }

  const nlohmann::json& j_;
  const std::string& prefix_;
};

}  // namespace

const char* slidingWindowTypeName(SlidingWindowType type) {
  return type == SlidingWindowType::TIME_BASED ? "TIME_BASED" : "COUNT_BASED";
}

Config parseConfig(const nlohmann::json& config, const std::string& field) {
  Config c;
  if (config.is_null()) return c;
  if (!config.is_object()) throw InputError(field, "a JSON object", config.dump());
  const Reader r(config, field);
  for (const auto& [key, value] : config.items()) {
    bool known = false;
    for (auto k : kKeys) known = known || k == key;
    if (!known) {
      std::string list;
      for (auto k : kKeys) {
        if (!list.empty()) list += ", ";
        list += k;
      }
      throw InputError(r.field(key), "one of " + list, "an unknown key");
    }
  }
  if (r.has("failureRateThreshold"))
    c.failureRateThreshold = r.numberIn("failureRateThreshold", 1, 100, "a percentage");
  if (r.has("slowCallRateThreshold"))
    c.slowCallRateThreshold = r.numberIn("slowCallRateThreshold", 1, 100, "a percentage");
  if (r.has("slowCallDurationThreshold"))
    c.slowCallDurationThreshold = r.millisIn("slowCallDurationThreshold", 1);
  if (r.has("permittedNumberOfCallsInHalfOpenState"))
    c.permittedNumberOfCallsInHalfOpenState =
        r.integerIn("permittedNumberOfCallsInHalfOpenState", 1, 1000);
  if (r.has("maxWaitDurationInHalfOpenState"))
    c.maxWaitDurationInHalfOpenState = r.millisIn("maxWaitDurationInHalfOpenState", 0);
  if (r.has("slidingWindowType")) {
    const auto& v = r.at("slidingWindowType");
    if (v == "COUNT_BASED") {
      c.slidingWindowType = SlidingWindowType::COUNT_BASED;
    } else if (v == "TIME_BASED") {
      c.slidingWindowType = SlidingWindowType::TIME_BASED;
    } else {
      throw InputError(r.field("slidingWindowType"), "\"COUNT_BASED\" or \"TIME_BASED\"", v.dump());
    }
  }
  if (r.has("slidingWindowSize")) c.slidingWindowSize = r.integerIn("slidingWindowSize", 1, 10000);
  if (r.has("minimumNumberOfCalls"))
    c.minimumNumberOfCalls = r.integerIn("minimumNumberOfCalls", 1, 10000);
  if (r.has("waitDurationInOpenState"))
    c.waitDurationInOpenState = r.millisIn("waitDurationInOpenState", 1);
  if (r.has("automaticTransitionFromOpenToHalfOpenEnabled")) {
    const auto& v = r.at("automaticTransitionFromOpenToHalfOpenEnabled");
    if (!v.is_boolean())
      throw InputError(r.field("automaticTransitionFromOpenToHalfOpenEnabled"), "true or false",
                       v.dump());
    c.automaticTransitionFromOpenToHalfOpenEnabled = v.get<bool>();
  }
  return c;
}

}  // namespace cs::circuit_breaker
