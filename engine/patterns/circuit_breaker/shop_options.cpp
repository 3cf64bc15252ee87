// Parsing and range-checking of the shop's options. See shop_options.h.
// Any thread.
#include "patterns/circuit_breaker/shop_options.h"

#include <array>
#include <string>
#include <string_view>

#include "clusterscope/errors.h"
#include "patterns/option_checks.h"

namespace cs::circuit_breaker {
namespace {

using option_checks::field;
using option_checks::integerIn;
using option_checks::millisIn;
using option_checks::numberIn;

constexpr std::array<std::string_view, 21> kKeys = {
    "breaker",         "breakerConfig",   "checkoutRate",   "browseRate",
    "frontendWorkers", "frontendQueue",   "ordersWorkers",  "ordersQueue",
    "catalogWorkers",  "catalogQueue",    "paymentWorkers", "paymentQueue",
    "clientTimeout",   "frontendTimeout", "paymentTimeout", "paymentTime",
    "latency",         "jitter",          "loss",           "naiveRetries",
    "failFastWhenOpen"};

}  // namespace

LinkConfig ShopOptions::link() const {
  LinkConfig c;
  c.latency = latency;
  c.jitter = jitter;
  c.loss = loss;
  return c;
}

nlohmann::json teachingBreakerConfig() {
  // A small window and a short wait, so a lecture sees the breaker open
  // within a second of payment turning slow and probe every three seconds.
  // A call slower than 200 ms (payment normally takes 10 ms) counts as slow.
  return {{"slidingWindowType", "COUNT_BASED"},
          {"slidingWindowSize", 10},
          {"minimumNumberOfCalls", 5},
          {"failureRateThreshold", 50},
          {"slowCallRateThreshold", 50},
          {"slowCallDurationThreshold", 200},
          {"waitDurationInOpenState", 3000},
          {"permittedNumberOfCallsInHalfOpenState", 3},
          {"maxWaitDurationInHalfOpenState", 0},
          {"automaticTransitionFromOpenToHalfOpenEnabled", true}};
}

ShopOptions parseShopOptions(const nlohmann::json& options) {
  ShopOptions o;
  o.breakerConfig = parseConfig(teachingBreakerConfig(), "options.breakerConfig");
  if (!option_checks::requireKnownKeys(options, kKeys)) return o;
  auto has = [&](const char* key) { return options.contains(key); };
  if (has("breaker")) {
    const auto& v = options["breaker"];
    if (!v.is_boolean()) throw InputError(field("breaker"), "true or false", v.dump());
    o.breaker = v.get<bool>();
  }
  if (has("breakerConfig")) {
    const auto& v = options["breakerConfig"];
    nlohmann::json merged = v;
    if (v.is_object()) {
      merged = teachingBreakerConfig();
      merged.update(v);
    }
    o.breakerConfig = parseConfig(merged, field("breakerConfig"));
  }
  const std::string rate = "a number of requests per second";
  if (has("checkoutRate"))
    o.checkoutRate = numberIn(options["checkoutRate"], "checkoutRate", 0, 10000, rate);
  if (has("browseRate"))
    o.browseRate = numberIn(options["browseRate"], "browseRate", 0, 10000, rate);
  struct Pool {
    const char* key;
    int* value;
    int lo;
  };
  for (const Pool& p :
       {Pool{"frontendWorkers", &o.frontendWorkers, 1}, Pool{"frontendQueue", &o.frontendQueue, 0},
        Pool{"ordersWorkers", &o.ordersWorkers, 1}, Pool{"ordersQueue", &o.ordersQueue, 0},
        Pool{"catalogWorkers", &o.catalogWorkers, 1}, Pool{"catalogQueue", &o.catalogQueue, 0},
        Pool{"paymentWorkers", &o.paymentWorkers, 1}, Pool{"paymentQueue", &o.paymentQueue, 0}})
    if (has(p.key)) *p.value = integerIn(options[p.key], p.key, p.lo, 10000);
  struct Span {
    const char* key;
    SimDuration* value;
    double lo;
  };
  for (const Span& s :
       {Span{"clientTimeout", &o.clientTimeout, 1}, Span{"frontendTimeout", &o.frontendTimeout, 1},
        Span{"paymentTimeout", &o.paymentTimeout, 1}, Span{"paymentTime", &o.paymentTime, 0},
        Span{"latency", &o.latency, 0}, Span{"jitter", &o.jitter, 0}})
    if (has(s.key)) *s.value = millisIn(options[s.key], s.key, s.lo, 3'600'000);
  if (has("loss")) o.loss = numberIn(options["loss"], "loss", 0, 1, "a probability");
  if (has("naiveRetries"))
    o.naiveRetries = integerIn(options["naiveRetries"], "naiveRetries", 0, 10);
  if (has("failFastWhenOpen"))
    o.failFastWhenOpen = option_checks::flag(options["failFastWhenOpen"], "failFastWhenOpen");
  return o;
}

}  // namespace cs::circuit_breaker
