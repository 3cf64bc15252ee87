// A trace record as the event log says it: who did what to whom, in the
// words of the record's label ("frontend → catalog: Request #416, deadline at
// 6.98 s"; "orders → frontend: Reply #11: timeout"), never a list of
// name=value fields; and whether it tells of a success, a failure or a fault,
// for its colour. Reads the typed record and the Vocabulary's label, never
// the engine's text back. UI thread only.
#pragma once

#include <clusterscope/driver.h>
#include <clusterscope/message_phrase.h>
#include <clusterscope/vocabulary.h>
#include <QString>
#include <vector>

namespace cs::ui {

enum class EventTone { Plain, Success, Failure, Fault, Command, Quiet };

// The sentence for `d`; `vocabulary` may be null (the engine's text is
// used). A message whose kind has a phrase among `phrases` says it.
QString eventWords(const Vocabulary* vocabulary, const DriverRecord& d,
                   const std::vector<MessagePhrase>& phrases = {});
// A message tells of a success or a failure by its Reply outcome, or as its
// phrase among `phrases` judges it (message_phrase.h); a milestone by its name.
EventTone eventTone(const Vocabulary* vocabulary, const TraceRecord& r,
                    const std::vector<MessagePhrase>& phrases = {});

// "lastLogIndex" -> "last log index".
QString fieldWords(const std::string& field);

}  // namespace cs::ui
