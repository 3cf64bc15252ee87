// The options of the Leader Election pattern, parsed from the JSON object a
// scenario or the command line gives. Every key is optional; an unknown key or
// a value out of range is an InputError naming the key and the accepted range.
// Plain values; any thread.
#pragma once

#include <nlohmann/json.hpp>

#include "clusterscope/network.h"
#include "clusterscope/time.h"

namespace cs::leader_election {

struct Options {
  int nodes = 5;  // Raft servers; the client is one more node after them
  SimDuration electionTimeoutMin{150'000};
  SimDuration electionTimeoutMax{300'000};
  SimDuration heartbeatInterval{50'000};  // REQUIRES: < electionTimeoutMin
  SimDuration latency{10'000};
  SimDuration jitter{5'000};
  double loss = 0.0;
  // Safety rule (§5.4.1): vote only for a candidate whose log is at least as
  // up-to-date as one's own. false removes it, so a server missing committed
  // entries can be elected and they are lost: the unsafe switch.
  bool electionRestriction = true;

  // The link every pair of nodes starts with.
  LinkConfig link() const;
};

// Throws InputError ("options.nodes: expected an integer from 3 to 9, got 12").
// A null value means "all defaults".
Options parseOptions(const nlohmann::json& options);

}  // namespace cs::leader_election
