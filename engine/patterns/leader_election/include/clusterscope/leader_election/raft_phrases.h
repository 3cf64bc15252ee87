// Raft's messages in sentences, for the event log (message_phrase.h); the words beside the
// messages' definitions, in raft_messages.cpp. Immutable; any thread may call it.
#pragma once

#include <vector>

#include "clusterscope/message_phrase.h"

namespace cs::leader_election {

// What the event log says for each of the pattern's messages.
std::vector<MessagePhrase> raftPhrases();

}  // namespace cs::leader_election
