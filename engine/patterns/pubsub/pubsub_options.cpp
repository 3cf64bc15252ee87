// Parsing and range-checking of the Pub/Sub pattern's options. See
// pubsub_options.h. Any thread.
#include "patterns/pubsub/pubsub_options.h"

#include <string_view>

#include "clusterscope/errors.h"
#include "patterns/option_checks.h"

namespace cs::pubsub {
namespace {

using option_checks::field;
using option_checks::flag;
using option_checks::integerIn;
using option_checks::millisIn;
using option_checks::numberIn;

constexpr std::array<std::string_view, 20> kKeys = {
    "publishRate",     "users",        "publishTimeout", "ackDeadline",     "maxDeliveryAttempts",
    "maxOutstanding",  "retention",    "ordering",       "durable",         "push",
    "analyticsFilter", "poisoned",     "emailTime",      "searchIndexTime", "recommendationTime",
    "analyticsTime",   "backlogAlarm", "latency",        "jitter",          "ackAfterProcessing"};

constexpr std::array<const char*, 4> kTimeKeys = {"emailTime", "searchIndexTime",
                                                  "recommendationTime", "analyticsTime"};

std::string subscriberList() {
  std::string s;
  for (const char* n : kSubscriberNames) {
    if (!s.empty()) s += ", ";
    s += n;
  }
  return s;
}

std::array<bool, 4> parsePush(const nlohmann::json& v) {
  const std::string expected = "a list of subscribers from " + subscriberList();
  if (!v.is_array()) throw InputError(field("push"), expected, v.dump());
  std::array<bool, 4> push{};
  for (const auto& name : v) {
    const int i = name.is_string() ? subscriberIndex(name.get<std::string>()) : -1;
    if (i < 0) throw InputError(field("push"), expected, name.dump());
    if (push[static_cast<std::size_t>(i)])
      throw InputError(field("push"), expected + ", each once", name.dump() + " twice");
    push[static_cast<std::size_t>(i)] = true;
  }
  return push;
}

}  // namespace

int subscriberIndex(std::string_view name) {
  for (std::size_t i = 0; i < kSubscriberNames.size(); ++i)
    if (name == kSubscriberNames[i]) return static_cast<int>(i);
  return -1;
}

LinkConfig PubSubOptions::link() const {
  LinkConfig c;
  c.latency = latency;
  c.jitter = jitter;
  return c;
}

rpc::ProcessingTime PubSubOptions::processingTime(std::size_t subscriber) const {
  const SimDuration mean = processing.at(subscriber);
  return rpc::ProcessingTime::uniform(mean / 2, mean + mean / 2);
}

SimDuration PubSubOptions::slowestProcessing(std::size_t subscriber) const {
  const SimDuration mean = processing.at(subscriber);
  return mean + mean / 2;
}

PubSubOptions parsePubSubOptions(const nlohmann::json& options) {
  PubSubOptions o;
  o.analyticsFilter = Filter::parse("attributes.change = \"interests\"", field("analyticsFilter"));
  if (!option_checks::requireKnownKeys(options, kKeys)) return o;
  auto has = [&](const char* key) { return options.contains(key); };
  if (has("publishRate"))
    o.publishRate = numberIn(options["publishRate"], "publishRate", 0, 100'000,
                             "a number of messages per second");
  if (has("users")) o.users = integerIn(options["users"], "users", 1, 1'000'000);
  if (has("publishTimeout"))
    o.publishTimeout = millisIn(options["publishTimeout"], "publishTimeout", 1, 3'600'000);
  if (has("ackDeadline"))
    o.ackDeadline = millisIn(options["ackDeadline"], "ackDeadline", 1, 3'600'000);
  if (has("maxDeliveryAttempts"))
    o.maxDeliveryAttempts =
        integerIn(options["maxDeliveryAttempts"], "maxDeliveryAttempts", 1, 100);
  if (has("maxOutstanding"))
    o.maxOutstanding = integerIn(options["maxOutstanding"], "maxOutstanding", 1, 10'000);
  if (has("retention")) o.retention = millisIn(options["retention"], "retention", 1, 604'800'000);
  if (has("ordering")) o.ordering = flag(options["ordering"], "ordering");
  if (has("durable")) o.durable = flag(options["durable"], "durable");
  if (has("ackAfterProcessing"))
    o.ackAfterProcessing = flag(options["ackAfterProcessing"], "ackAfterProcessing");
  if (has("push")) o.push = parsePush(options["push"]);
  if (has("analyticsFilter")) {
    const auto& v = options["analyticsFilter"];
    if (!v.is_string())
      throw InputError(field("analyticsFilter"), "a filter such as attributes.change = \"name\"",
                       v.dump());
    o.analyticsFilter = Filter::parse(v.get<std::string>(), field("analyticsFilter"));
  }
  if (has("poisoned")) {
    const auto& v = options["poisoned"];
    const std::string expected = "one of " + subscriberList() + ", none";
    if (!v.is_string()) throw InputError(field("poisoned"), expected, v.dump());
    const std::string name = v.get<std::string>();
    o.poisoned = subscriberIndex(name);
    if (o.poisoned < 0 && name != "none") throw InputError(field("poisoned"), expected, v.dump());
  }
  for (std::size_t i = 0; i < kTimeKeys.size(); ++i)
    if (has(kTimeKeys[i]))
      o.processing[i] = millisIn(options[kTimeKeys[i]], kTimeKeys[i], 0, 60'000);
  if (has("backlogAlarm"))
    o.backlogAlarm = integerIn(options["backlogAlarm"], "backlogAlarm", 0, 1'000'000);
  if (has("latency")) o.latency = millisIn(options["latency"], "latency", 0, 10'000);
  if (has("jitter")) o.jitter = millisIn(options["jitter"], "jitter", 0, 10'000);
  return o;
}

}  // namespace cs::pubsub
