// A trace record's sentence from its format: {node} and {peer} name the
// record's nodes, and {field} stands for each of the record's values in the
// order of `fields`; {field:one|many} is the word that agrees with that
// value ("{count} {count:event|events}" reads "1 event", "3 events"). Milestones
// (Vocabulary::describe) and messages' phrases (message_phrase.h) fill their formats this one way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cs {

class Vocabulary;
struct TraceRecord;

// `valueText(i, v)` gives the words for value `v` of field `i`.
std::string fillPlaceholders(
    std::string format, const Vocabulary& vocabulary, const TraceRecord& record,
    const std::vector<std::string>& fields,
    const std::function<std::string(std::size_t field, std::int64_t value)>& valueText);

}  // namespace cs
