// What the event log says for a message instead of listing its fields: each
// pattern's words file gives its message kinds a sentence ("RequestVote for
// term {term}: my log ends at index {lastLogIndex} of term {lastLogTerm}"),
// and the window fills it from a typed trace record. Immutable once built;
// any thread may read it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clusterscope/trace.h"
#include "clusterscope/vocabulary.h"

namespace cs {

// A message's fields by name, for words that depend on more than one of them
// (a Reply's detail means one thing when the call failed, another when it
// succeeded).
class PhraseFields {
 public:
  // `vocabulary` may be null: nodes are then "node 3".
  PhraseFields(const LabelInfo& label, const TraceRecord& record, const Vocabulary* vocabulary)
      : label_(&label), record_(&record), vocabulary_(vocabulary) {}
  // The value of the field called `name`; 0 if the kind has none.
  std::int64_t operator[](std::string_view name) const;
  // The name of the node a field's value stands for ("shard 2").
  std::string nodeName(std::int64_t node) const;

 private:
  const LabelInfo* label_;
  const TraceRecord* record_;
  const Vocabulary* vocabulary_;
};

// How one field reads where its number alone would not: a packed map
// version as "3.1", -1 as "not found", a stamp as the time it stands for.
using FieldText = std::function<std::string(std::int64_t value, const PhraseFields& fields)>;

// Whether a message tells of a success or a failure, for kinds whose
// Vocabulary entry has no outcome field to say it (an Ack, a Nack).
enum class Verdict : std::uint8_t { None, Success, Failure };

// A sentence for one message kind, with placeholders as a milestone's
// (LabelInfo::format): {node}, {peer} and the kind's field names. A Reply's
// outcome field reads as its value's name; so does `namedField`, whose
// values are named by `names`, counted from 0 ("{kind}" reads "place an
// order"); a field given words by with() reads as they say.
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
  std::vector<std::pair<std::string, FieldText>> fieldTexts;  // by field name
  std::function<Verdict(const PhraseFields&)> verdict;        // empty: Verdict::None

  // This phrase, with `field` read by `text`.
  MessagePhrase with(std::string field, FieldText text) && {
    fieldTexts.emplace_back(std::move(field), std::move(text));
    return std::move(*this);
  }
  // This phrase, telling of a success or failure as `judge` says.
  MessagePhrase judged(std::function<Verdict(const PhraseFields&)> judge) && {
    verdict = std::move(judge);
    return std::move(*this);
  }
  MessagePhrase judged(Verdict always) && {
    return std::move(*this).judged([always](const PhraseFields&) { return always; });
  }
};

// "6.98 s": a moment of the run as a phrase says it, in hundredths of a
// second like the log's own times.
std::string secondsText(SimTime at);

// The phrase among `phrases` for the kind `label` names; nullptr for none.
const MessagePhrase* findPhrase(const std::vector<MessagePhrase>& phrases, const LabelInfo& label);
// `phrase` filled from `record`, a message of the kind `label` describes.
std::string phraseText(const MessagePhrase& phrase, const LabelInfo& label,
                       const Vocabulary& vocabulary, const TraceRecord& record);
// Whether `record`, a message of the kind `label` describes, tells of a
// success or a failure: its Reply outcome if it has one (0 succeeded), else
// what `phrase` judges; `phrase` may be null.
Verdict messageVerdict(const MessagePhrase* phrase, const LabelInfo& label,
                       const TraceRecord& record);

}  // namespace cs
