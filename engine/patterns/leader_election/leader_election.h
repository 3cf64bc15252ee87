// Leader Election with Raft (§5.2, §5.4.1 of the Raft paper): the factory the
// pattern registry calls.
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "clusterscope/pattern.h"

namespace cs::leader_election {

// Throws InputError naming an unknown option or a value out of range.
std::unique_ptr<Pattern> make(const nlohmann::json& options);

}  // namespace cs::leader_election
