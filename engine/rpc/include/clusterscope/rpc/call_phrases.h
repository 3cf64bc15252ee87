// The RPC layer's Request and Reply in sentences (message_phrase.h), in the
// words of the pattern built on it: its methods' names, what a request's
// arguments and an answer's values mean, what its error details say.
// ("frontend → catalog: list items request #416, deadline 6.98 s";
// "catalog → frontend: answer to #416: error: its own call timed out").
// Immutable; any thread may call it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "clusterscope/message_phrase.h"

namespace cs::rpc {

struct CallWords {
  // The method's name ("browse"); its number when empty.
  std::function<std::string(std::int64_t method)> method;
  // What a request's arguments say after its number (" for key 7"), given
  // arg0 and every field; nothing when empty.
  FieldText arguments;
  // What an ok answer's values say after "ok" (": 12, version 3"), given
  // value0 and every field; nothing when empty.
  FieldText answer;
  // What an error's detail (value0) says when it is none of the RPC
  // layer's own (the status of a call the callee made itself), "" for
  // nothing to add.
  std::function<std::string(std::int64_t detail)> errorDetail;
};

// Phrases for "Request" and "Reply".
std::vector<MessagePhrase> callPhrases(CallWords words);

}  // namespace cs::rpc
