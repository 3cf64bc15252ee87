// Filling a message kind's sentence. See message_phrase.h.
#include "clusterscope/message_phrase.h"

#include <cstdio>

#include "clusterscope/placeholders.h"

namespace cs {

std::int64_t PhraseFields::operator[](std::string_view name) const {
  const auto i = label_->fieldIndex(name);
  return i && *i < record_->v.size() ? record_->v[*i] : 0;
}

std::string PhraseFields::nodeName(std::int64_t node) const {
  const auto id = static_cast<NodeId>(node);
  return vocabulary_ ? vocabulary_->nodeName(id) : "node " + std::to_string(node);
}

std::string secondsText(SimTime at) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", toSeconds(at));
  return text;
}

const MessagePhrase* findPhrase(const std::vector<MessagePhrase>& phrases, const LabelInfo& label) {
  if (label.kind != LabelKind::Message) return nullptr;
  for (const MessagePhrase& p : phrases)
    if (p.message == label.name) return &p;
  return nullptr;
}

std::string phraseText(const MessagePhrase& phrase, const LabelInfo& label,
                       const Vocabulary& vocabulary, const TraceRecord& record) {
  // A value by its name where the field's values have names, else the number.
  auto valueText = [](std::int64_t v, const std::vector<std::string>& names) {
    const auto n = static_cast<std::size_t>(v);
    return v >= 0 && n < names.size() ? names[n] : std::to_string(v);
  };
  const PhraseFields fields(label, record, &vocabulary);
  return fillPlaceholders(
      phrase.format, vocabulary, record, label.fields, [&](std::size_t i, std::int64_t v) {
        for (const auto& [field, text] : phrase.fieldTexts)
          if (field == label.fields[i]) return text(v, fields);
        return label.outcome == i                     ? valueText(v, label.valueNames)
               : label.fields[i] == phrase.namedField ? valueText(v, phrase.names)
                                                      : std::to_string(v);
      });
}

Verdict messageVerdict(const MessagePhrase* phrase, const LabelInfo& label,
                       const TraceRecord& record) {
  if (label.outcome && *label.outcome < record.v.size())
    return record.v[*label.outcome] == 0 ? Verdict::Success : Verdict::Failure;
  if (phrase && phrase->verdict) return phrase->verdict(PhraseFields(label, record, nullptr));
  return Verdict::None;
}

}  // namespace cs
