// Pub/Sub's messages in sentences, for the event log (message_phrase.h):
// publish, its acknowledgment, pull, push, ack and nack, in Google Pub/Sub's
// words; the words beside the messages' definitions, in pubsub_words.cpp.
// Immutable; any thread may call it.
#pragma once

#include <vector>

#include "clusterscope/message_phrase.h"

namespace cs::pubsub {

// What the event log says for each of the pattern's messages.
std::vector<MessagePhrase> pubsubPhrases();

}  // namespace cs::pubsub
