// Reading the "retention" option of the Event Sourcing pattern:
//
//   "retention": "off"                       keep every event forever
//   "retention": {"orderMaxAge": 600, "abandonedOrderAge": 1800,
//                 "scavengeEvery": 60}       seconds; each key optional
//
// Throws InputError naming "options.retention" or its key and what it
// accepts. Any thread.
#pragma once

#include <nlohmann/json.hpp>

#include "patterns/event_sourcing/retention_policy.h"

namespace cs::event_sourcing {

RetentionOptions parseRetention(const nlohmann::json& v);

}  // namespace cs::event_sourcing
