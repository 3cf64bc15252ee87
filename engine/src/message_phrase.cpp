// Filling a message kind's sentence. See message_phrase.h.
#include "clusterscope/message_phrase.h"

#include "clusterscope/placeholders.h"

namespace cs {

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
  return fillPlaceholders(
      phrase.format, vocabulary, record, label.fields, [&](std::size_t i, std::int64_t v) {
        return label.outcome == i                     ? valueText(v, label.valueNames)
               : label.fields[i] == phrase.namedField ? valueText(v, phrase.names)
                                                      : std::to_string(v);
      });
}

}  // namespace cs
