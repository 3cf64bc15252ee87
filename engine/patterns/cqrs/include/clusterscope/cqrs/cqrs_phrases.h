// CQRS's messages in sentences, for the event log (message_phrase.h), the write side's (event
// sourcing's) among them; the words beside the messages' definitions, in cqrs_words.cpp. Immutable;
// any thread may call it.
#pragma once

#include <vector>

#include "clusterscope/message_phrase.h"

namespace cs::cqrs {

// What the event log says for each of the pattern's messages.
std::vector<MessagePhrase> cqrsPhrases();

}  // namespace cs::cqrs
