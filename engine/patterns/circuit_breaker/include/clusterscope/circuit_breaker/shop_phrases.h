// The shop's calls in sentences, for the event log (message_phrase.h): which
// call a request makes ("checkout", "charge") and what a failed answer says,
// a short-circuited call among them. Immutable; any thread may call it.
#pragma once

#include <vector>

#include "clusterscope/message_phrase.h"

namespace cs::circuit_breaker {

// What the event log says for each of the pattern's messages.
std::vector<MessagePhrase> shopPhrases();

}  // namespace cs::circuit_breaker
