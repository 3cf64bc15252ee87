// Parsing and range-checking of the CQRS pattern's options. See
// cqrs_options.h. Any thread.
#include "patterns/cqrs/cqrs_options.h"

#include <array>
#include <string_view>

#include "clusterscope/errors.h"
#include "patterns/event_sourcing/retention_options.h"
#include "patterns/option_checks.h"

namespace cs::cqrs {
namespace {

using option_checks::field;
using option_checks::flag;
using option_checks::integerIn;
using option_checks::millisIn;
using option_checks::numberIn;

constexpr std::array<std::string_view, 34> kKeys = {
    "model",           "products",     "initialStock",     "handlers",     "replicas",
    "replicaWorkers",  "replicaQueue", "projectorWorkers", "sessions",     "readRate",
    "orderRate",       "restockRate",  "tokens",           "idempotent",   "checkpoint",
    "checkpointEvery", "queryCost",    "projectCost",      "dbReadCost",   "dbWriteCost",
    "dbWorkers",       "dbQueue",      "tokenWait",        "flushEvery",   "commitDelay",
    "latency",         "jitter",       "projectors",       "storeWriters", "commitJitter",
    "validate",        "retention",    "snapshotEvery",    "orderTtl"};

}  // namespace

LinkConfig CqrsOptions::link() const {
  LinkConfig c;
  c.latency = latency;
  c.jitter = jitter;
  return c;
}

CqrsOptions parseCqrsOptions(const nlohmann::json& options) {
  CqrsOptions o;
  if (!option_checks::requireKnownKeys(options, kKeys)) return o;
  auto has = [&](const char* key) { return options.contains(key); };
  auto integer = [&](const char* key, int& to, int lo, int hi) {
    if (has(key)) to = integerIn(options[key], key, lo, hi);
  };
  auto millis = [&](const char* key, SimDuration& to, double lo, double hi) {
    if (has(key)) to = millisIn(options[key], key, lo, hi);
  };
  if (has("model")) {
    const auto& v = options["model"];
    if (!v.is_string() || (v != "cqrs" && v != "one"))
      throw InputError(field("model"), "\"cqrs\" or \"one\"", v.dump());
    o.oneModel = v == "one";
  }
  if (has("checkpoint")) {
    const auto& v = options["checkpoint"];
    if (!v.is_string() || (v != "gap-aware" && v != "high-water"))
      throw InputError(field("checkpoint"), "\"gap-aware\" or \"high-water\"", v.dump());
    o.checkpoint = v == "gap-aware" ? CheckpointRule::GapAware : CheckpointRule::HighWater;
  }
  if (has("validate")) {
    const auto& v = options["validate"];
    if (!v.is_string() || (v != "write-model" && v != "read-model"))
      throw InputError(field("validate"), "\"write-model\" or \"read-model\"", v.dump());
    o.validateOnReadModel = v == "read-model";
  }
  integer("products", o.products, 1, 1'000);
  integer("initialStock", o.initialStock, 0, 10'000'000);
  integer("handlers", o.handlers, 1, 8);
  integer("replicas", o.replicas, 2, 8);
  integer("replicaWorkers", o.replicaWorkers, 1, 64);
  integer("replicaQueue", o.replicaQueue, 0, 100'000);
  integer("projectors", o.projectors, 1, 4);
  integer("projectorWorkers", o.projectorWorkers, 1, 8);
  integer("sessions", o.sessions, 1, 1'000);
  integer("checkpointEvery", o.checkpointEvery, 1, 100'000);
  integer("dbWorkers", o.dbWorkers, 1, 64);
  integer("dbQueue", o.dbQueue, 0, 100'000);
  integer("storeWriters", o.storeWriters, 1, 8);
  if (has("readRate"))
    o.readRate = numberIn(options["readRate"], "readRate", 0, 100'000, "queries per second");
  if (has("orderRate"))
    o.orderRate = numberIn(options["orderRate"], "orderRate", 0, 10'000, "orders per second");
  if (has("restockRate"))
    o.restockRate =
        numberIn(options["restockRate"], "restockRate", 0, 1'000, "deliveries per second");
  if (has("tokens")) o.tokens = flag(options["tokens"], "tokens");
  if (has("idempotent")) o.idempotent = flag(options["idempotent"], "idempotent");
  millis("queryCost", o.queryCost, 0, 10'000);
  millis("projectCost", o.projectCost, 0, 10'000);
  millis("dbReadCost", o.dbReadCost, 0, 10'000);
  millis("dbWriteCost", o.dbWriteCost, 0, 10'000);
  millis("tokenWait", o.tokenWait, 1, 60'000);
  millis("flushEvery", o.flushEvery, 1, 10'000);
  millis("commitDelay", o.commitDelay, 0, 10'000);
  millis("commitJitter", o.commitJitter, 0, 10'000);
  millis("latency", o.latency, 0, 10'000);
  millis("jitter", o.jitter, 0, 10'000);
  if (has("retention")) o.retention = event_sourcing::parseRetention(options["retention"]);
  integer("snapshotEvery", o.snapshotEvery, 0, 1'000'000);
  if (has("orderTtl"))
    o.orderTtl = SimDuration{static_cast<std::int64_t>(
        numberIn(options["orderTtl"], "orderTtl", 0, 86'400, "seconds") * 1e6)};
  return o;
}

}  // namespace cs::cqrs
