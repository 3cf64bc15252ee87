// The Strangler Fig pattern's calls in sentences, for the event log
// (message_phrase.h): which route a request asks for, whether the facade sent
// it as a shadow copy, and whether the legacy monolith or a new service
// answered. Immutable; any thread may call it.
#pragma once

#include <vector>

#include "clusterscope/message_phrase.h"

namespace cs::strangler_fig {

// What the event log says for each of the pattern's messages.
std::vector<MessagePhrase> figPhrases();

}  // namespace cs::strangler_fig
