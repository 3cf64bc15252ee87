// The Ambassador pattern's calls in sentences, for the event log
// (message_phrase.h): which call a request makes, whether it carries the
// service's identity, and what Envoy's error answers (503, 504, 403) mean.
// Immutable; any thread may call it.
#pragma once

#include <vector>

#include "clusterscope/message_phrase.h"

namespace cs::ambassador {

// What the event log says for each of the pattern's messages.
std::vector<MessagePhrase> ambassadorPhrases();

}  // namespace cs::ambassador
