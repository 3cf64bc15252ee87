// Parsing and range-checking of the Ambassador pattern's options. See
// ambassador_options.h. Any thread.
#include "patterns/ambassador/ambassador_options.h"

#include <array>
#include <string>
#include <string_view>

#include "clusterscope/errors.h"
#include "patterns/option_checks.h"

namespace cs::ambassador {
namespace {

using option_checks::field;
using option_checks::flag;
using option_checks::integerIn;
using option_checks::millisIn;
using option_checks::numberIn;
using option_checks::numberText;

constexpr std::array<std::string_view, 31> kKeys = {
    "ambassador", "rogue",          "retries",        "maxRetries",         "backoffBase",
    "backoffCap", "jitter",         "budgetPercent",  "budgetMinPerSecond", "budgetWindow",
    "hedging",    "hedgeAfter",     "perTryTimeout",  "overallTimeout",     "breaker",
    "loadRate",   "rogueRate",      "replicaTimeMin", "replicaTimeMax",     "tailChance",
    "tailMin",    "tailMax",        "appTimeout",     "clientTimeout",      "latency",
    "linkJitter", "replicaWorkers", "replicaQueue",   "appWorkers",         "appQueue",
    "retryBudget"};

}  // namespace

LinkConfig AmbassadorOptions::link() const {
  LinkConfig c;
  c.latency = latency;
  c.jitter = linkJitter;
  return c;
}

rpc::ProcessingTime AmbassadorOptions::replicaTime(int replica) const {
  if (replica == 0) return rpc::ProcessingTime::uniform(replicaTimeMin, replicaTimeMax);
  return rpc::ProcessingTime::mixture(tailChance, replicaTimeMin, replicaTimeMax, tailMin, tailMax);
}

nlohmann::json teachingBreakerConfig() {
  // Opens when half of the last 10 tries to a replica failed; probes again
  // after 2 s. A try slower than 300 ms counts as slow.
  return {{"slidingWindowType", "COUNT_BASED"},
          {"slidingWindowSize", 10},
          {"minimumNumberOfCalls", 5},
          {"failureRateThreshold", 50},
          {"slowCallRateThreshold", 100},
          {"slowCallDurationThreshold", 300},
          {"waitDurationInOpenState", 2000},
          {"permittedNumberOfCallsInHalfOpenState", 2},
          {"maxWaitDurationInHalfOpenState", 0},
          {"automaticTransitionFromOpenToHalfOpenEnabled", false}};
}

AmbassadorOptions parseAmbassadorOptions(const nlohmann::json& options) {
  AmbassadorOptions o;
  o.route.breakerConfig = circuit_breaker::parseConfig(teachingBreakerConfig(), "breakerConfig");
  if (!option_checks::requireKnownKeys(options, kKeys)) return o;
  auto has = [&](const char* key) { return options.contains(key); };
  RoutePolicy& r = o.route;
  struct Flag {
    const char* key;
    bool* value;
  };
  for (const Flag& f : {Flag{"ambassador", &o.ambassador}, Flag{"rogue", &o.rogue},
                        Flag{"retries", &r.retries}, Flag{"hedging", &r.hedging},
                        Flag{"breaker", &r.breaker}, Flag{"retryBudget", &r.retryBudget}})
    if (has(f.key)) *f.value = flag(options[f.key], f.key);
  struct Pool {
    const char* key;
    int* value;
    int lo;
  };
  for (const Pool& p :
       {Pool{"replicaWorkers", &o.replicaWorkers, 1}, Pool{"replicaQueue", &o.replicaQueue, 0},
        Pool{"appWorkers", &o.appWorkers, 1}, Pool{"appQueue", &o.appQueue, 0}})
    if (has(p.key)) *p.value = integerIn(options[p.key], p.key, p.lo, 10000);
  if (has("maxRetries")) r.maxRetries = integerIn(options["maxRetries"], "maxRetries", 0, 10);
  if (has("budgetPercent"))
    r.budget.percent = integerIn(options["budgetPercent"], "budgetPercent", 0, 100);
  if (has("budgetMinPerSecond"))
    r.budget.minPerSecond = integerIn(options["budgetMinPerSecond"], "budgetMinPerSecond", 0, 1000);
  if (has("jitter")) {
    const auto& v = options["jitter"];
    const std::string expected = "one of \"none\", \"full\", \"equal\"";
    if (!v.is_string()) throw InputError(field("jitter"), expected, v.dump());
    const auto s = v.get<std::string>();
    if (s == "none")
      r.jitter = Jitter::None;
    else if (s == "full")
      r.jitter = Jitter::Full;
    else if (s == "equal")
      r.jitter = Jitter::Equal;
    else
      throw InputError(field("jitter"), expected, v.dump());
  }
  struct Span {
    const char* key;
    SimDuration* value;
    double lo;
  };
  for (const Span& s :
       {Span{"backoffBase", &r.backoffBase, 0}, Span{"backoffCap", &r.backoffCap, 0},
        Span{"budgetWindow", &r.budget.window, 10}, Span{"hedgeAfter", &r.hedgeAfter, 1},
        Span{"perTryTimeout", &r.perTryTimeout, 1}, Span{"overallTimeout", &r.overallTimeout, 1},
        Span{"replicaTimeMin", &o.replicaTimeMin, 0}, Span{"replicaTimeMax", &o.replicaTimeMax, 0},
        Span{"tailMin", &o.tailMin, 0}, Span{"tailMax", &o.tailMax, 0},
        Span{"appTimeout", &o.appTimeout, 1}, Span{"clientTimeout", &o.clientTimeout, 1},
        Span{"latency", &o.latency, 0}, Span{"linkJitter", &o.linkJitter, 0}})
    if (has(s.key)) *s.value = millisIn(options[s.key], s.key, s.lo, 3'600'000);
  const std::string rate = "a number of requests per second";
  if (has("loadRate")) o.loadRate = numberIn(options["loadRate"], "loadRate", 0, 10000, rate);
  if (has("rogueRate")) o.rogueRate = numberIn(options["rogueRate"], "rogueRate", 0, 10000, rate);
  if (has("tailChance"))
    o.tailChance = numberIn(options["tailChance"], "tailChance", 0, 1, "a probability");
  if (r.backoffCap < r.backoffBase)
    throw InputError(field("backoffCap"), "at least options.backoffBase",
                     numberText(static_cast<double>(r.backoffCap.count()) / 1000));
  if (o.replicaTimeMax < o.replicaTimeMin)
    throw InputError(field("replicaTimeMax"), "at least options.replicaTimeMin",
                     numberText(static_cast<double>(o.replicaTimeMax.count()) / 1000));
  if (o.tailMax < o.tailMin)
    throw InputError(field("tailMax"), "at least options.tailMin",
                     numberText(static_cast<double>(o.tailMax.count()) / 1000));
  return o;
}

}  // namespace cs::ambassador
