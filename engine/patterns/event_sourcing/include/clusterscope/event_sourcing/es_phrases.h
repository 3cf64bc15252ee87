// Event sourcing's messages in sentences, for the event log (message_phrase.h); the words beside
// the messages' definitions, in es_words.cpp. Immutable; any thread may call it.
#pragma once

#include <vector>

#include "clusterscope/message_phrase.h"

namespace cs::event_sourcing {

// What the event log says for each of the pattern's messages.
std::vector<MessagePhrase> esPhrases();

}  // namespace cs::event_sourcing
