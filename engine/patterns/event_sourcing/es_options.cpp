// Parsing and range-checking of the Event Sourcing pattern's options. See
// es_options.h. Any thread.
#include "patterns/event_sourcing/es_options.h"

#include <array>
#include <string_view>

#include "clusterscope/errors.h"
#include "patterns/event_sourcing/retention_options.h"
#include "patterns/option_checks.h"

namespace cs::event_sourcing {
namespace {

using option_checks::field;
using option_checks::flag;
using option_checks::integerIn;
using option_checks::millisIn;
using option_checks::numberIn;

constexpr std::array<std::string_view, 19> kKeys = {
    "products",        "initialStock", "handlers",         "orderRate",   "restockRate",
    "restockQuantity", "maxQuantity",  "expectedRevision", "eventIds",    "snapshotEvery",
    "schema",          "crud",         "cacheAggregates",  "commitDelay", "handlerTimeout",
    "latency",         "jitter",       "buggyRelease",     "retention"};

}  // namespace

LinkConfig EsOptions::link() const {
  LinkConfig c;
  c.latency = latency;
  c.jitter = jitter;
  return c;
}

EsOptions parseEsOptions(const nlohmann::json& options) {
  EsOptions o;
  if (!option_checks::requireKnownKeys(options, kKeys)) return o;
  auto has = [&](const char* key) { return options.contains(key); };
  if (has("products")) o.products = integerIn(options["products"], "products", 1, 100'000);
  if (has("initialStock"))
    o.initialStock = integerIn(options["initialStock"], "initialStock", 0, 1'000'000);
  if (has("handlers")) o.handlers = integerIn(options["handlers"], "handlers", 2, 4);
  if (has("orderRate"))
    o.orderRate = numberIn(options["orderRate"], "orderRate", 0, 1'000'000, "commands per second");
  if (has("restockRate"))
    o.restockRate =
        numberIn(options["restockRate"], "restockRate", 0, 1'000'000, "deliveries per second");
  if (has("restockQuantity"))
    o.restockQuantity = integerIn(options["restockQuantity"], "restockQuantity", 1, 1'000'000);
  if (has("maxQuantity")) o.maxQuantity = integerIn(options["maxQuantity"], "maxQuantity", 1, 100);
  if (has("expectedRevision")) {
    const auto& v = options["expectedRevision"];
    if (!v.is_string() || (v != "exact" && v != "any"))
      throw InputError(field("expectedRevision"), "\"exact\" or \"any\"", v.dump());
    o.expectExact = v == "exact";
  }
  if (has("eventIds")) o.eventIds = flag(options["eventIds"], "eventIds");
  if (has("snapshotEvery"))
    o.snapshotEvery = integerIn(options["snapshotEvery"], "snapshotEvery", 0, 1'000'000);
  if (has("schema")) o.schema = integerIn(options["schema"], "schema", 1, 2);
  if (has("crud")) o.crud = flag(options["crud"], "crud");
  if (has("cacheAggregates"))
    o.cacheAggregates = flag(options["cacheAggregates"], "cacheAggregates");
  if (has("buggyRelease")) o.buggyRelease = flag(options["buggyRelease"], "buggyRelease");
  if (has("commitDelay"))
    o.commitDelay = millisIn(options["commitDelay"], "commitDelay", 0, 10'000);
  if (has("handlerTimeout"))
    o.handlerTimeout = millisIn(options["handlerTimeout"], "handlerTimeout", 1, 60'000);
  if (has("latency")) o.latency = millisIn(options["latency"], "latency", 0, 10'000);
  if (has("jitter")) o.jitter = millisIn(options["jitter"], "jitter", 0, 10'000);
  if (has("retention")) o.retention = parseRetention(options["retention"]);
  return o;
}

}  // namespace cs::event_sourcing
