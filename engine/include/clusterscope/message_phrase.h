// What the event log says for a message instead of listing its fields: each
// pattern's words file gives its message kinds a sentence ("RequestVote for
// term {term}: my log ends at index {lastLogIndex} of term {lastLogTerm}"),
// and the window fills it from a typed trace record. Immutable once built;
// any thread may read it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "clusterscope/trace.h"
#include "clusterscope/vocabulary.h"

namespace cs {

// A sentence for one message kind, with placeholders as a milestone's
// (LabelInfo::format): {node}, {peer} and the kind's field names. A Reply's
// outcome field reads as its value's name; so does `namedField`, whose
// values are named by `names`, counted from 0 ("{kind}" reads "place an
// order").
struct MessagePhrase {
  MessagePhrase(std::string message, std::string format, std::string namedField = {},
                std::vector<std::string> names = {})
      : message(std::move(message)),
        format(std::move(format)),
        namedField(std::move(namedField)),
        names(std::move(names)) {}
  std::string message;  // the kind's name (LabelInfo::name)
  std::string format;
  std::string namedField;  // "" for none
  std::vector<std::string> names;
};

// The phrase among `phrases` for the kind `label` names; nullptr for none.
const MessagePhrase* findPhrase(const std::vector<MessagePhrase>& phrases, const LabelInfo& label);
// `phrase` filled from `record`, a message of the kind `label` describes.
std::string phraseText(const MessagePhrase& phrase, const LabelInfo& label,
                       const Vocabulary& vocabulary, const TraceRecord& record);

}  // namespace cs
