// The options of the Pub/Sub pattern's world (see pubsub_pattern.h), parsed
// from the JSON object a scenario or the command line gives. Every key is
// optional; an unknown key or a value out of range is an InputError naming
// the key and what was expected. Durations are in milliseconds. Plain
// values; any thread.
#pragma once

#include <array>
#include <string>

#include <nlohmann/json.hpp>

#include "clusterscope/network.h"
#include "clusterscope/time.h"
#include "patterns/pubsub/filter.h"
#include "rpc/processing_time.h"

namespace cs::pubsub {

// The four subscribers, in node order after profile and broker.
inline constexpr std::array<const char*, 4> kSubscriberNames = {"email", "search-index",
                                                                "recommendation", "analytics"};

struct PubSubOptions {
  double publishRate = 10;  // ProfileUpdated messages per second, open loop
  int users = 20;           // ordering keys: user ids 1 .. users
  SimDuration publishTimeout{1'000'000};
  SimDuration ackDeadline{10'000'000};
  int maxDeliveryAttempts = 5;
  int maxOutstanding = 10;  // flow control, per subscription
  SimDuration retention{600'000'000};
  bool ordering = true;  // the subscriptions deliver each user's updates in order
  bool durable = true;   // false: the broker keeps messages in memory only
  // Safety rule: a subscriber acknowledges a message only once its handler
  // has processed it. false removes it (the unsafe switch): it acks on
  // receipt, and a crash loses what it held unprocessed.
  bool ackAfterProcessing = true;
  // Push or pull, per subscriber (by kSubscriberNames index).
  std::array<bool, 4> push = {true, false, false, false};
  Filter analyticsFilter;
  int poisoned = 2;  // the subscriber whose handler fails on poison messages; -1: none
  // Mean processing time per message, per subscriber; each message takes
  // uniformly between half and one and a half times it.
  std::array<SimDuration, 4> processing = {SimDuration{10'000}, SimDuration{30'000},
                                           SimDuration{15'000}, SimDuration{5'000}};
  int backlogAlarm = 20;
  SimDuration latency{2'000};
  SimDuration jitter{1'000};

  LinkConfig link() const;
  rpc::ProcessingTime processingTime(std::size_t subscriber) const;
  // The longest one message takes under processingTime(subscriber).
  SimDuration slowestProcessing(std::size_t subscriber) const;
};

// Throws InputError ("options.maxOutstanding: expected an integer from 1 to
// 10000, got 0"). A null value means "all defaults".
PubSubOptions parsePubSubOptions(const nlohmann::json& options);

// The index of a subscriber named `name` in kSubscriberNames, or -1.
int subscriberIndex(std::string_view name);

}  // namespace cs::pubsub
