// Filling a message kind's sentence. See message_phrase.h.
#include "clusterscope/message_phrase.h"

namespace cs {

const MessagePhrase* findPhrase(const std::vector<MessagePhrase>& phrases, const LabelInfo& label) {
  if (label.kind != LabelKind::Message) return nullptr;
  for (const MessagePhrase& p : phrases)
    if (p.message == label.name) return &p;
  return nullptr;
}

std::string phraseText(const MessagePhrase& phrase, const LabelInfo& label,
                       const Vocabulary& vocabulary, const TraceRecord& record) {
  std::string s = phrase.format;
  auto replace = [&s](const std::string& key, const std::string& value) {
    for (auto pos = s.find(key); pos != std::string::npos; pos = s.find(key, pos + value.size()))
      s.replace(pos, key.size(), value);
  };
  // A value by its name where the field's values have names, else the number.
  auto valueText = [](std::int64_t v, const std::vector<std::string>& names) {
    const auto n = static_cast<std::size_t>(v);
    return v >= 0 && n < names.size() ? names[n] : std::to_string(v);
  };
  replace("{node}", vocabulary.nodeName(record.node));
  replace("{peer}", vocabulary.nodeName(record.peer));
  for (std::size_t i = 0; i < label.fields.size() && i < record.v.size(); ++i) {
    const std::int64_t v = record.v[i];
    const std::string& field = label.fields[i];
    replace("{" + field + "}", label.outcome == i           ? valueText(v, label.valueNames)
                               : field == phrase.namedField ? valueText(v, phrase.names)
                                                            : std::to_string(v));
  }
  return s;
}

}  // namespace cs
