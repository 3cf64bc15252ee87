// Sharding's messages in sentences, for the event log (message_phrase.h), in
// MongoDB's words: a router's operations and a shard's answers (StaleConfig
// among them), the shard map's versions, and a chunk migration's phases from
// moveChunk to the commit. The words beside the messages' definitions, in
// sharding_words.cpp. Immutable; any thread may call it.
#pragma once

#include <vector>

#include "clusterscope/message_phrase.h"

namespace cs::sharding {

// What the event log says for each of the pattern's messages.
std::vector<MessagePhrase> shardingPhrases();

}  // namespace cs::sharding
