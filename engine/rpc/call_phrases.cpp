// Requests and replies in a pattern's words. See call_phrases.h.
#include "clusterscope/rpc/call_phrases.h"

#include <memory>

#include "rpc/rpc_system.h"

namespace cs::rpc {

std::vector<MessagePhrase> callPhrases(CallWords words) {
  auto w = std::make_shared<const CallWords>(std::move(words));
  MessagePhrase request =
      MessagePhrase("Request", "{method} request #{call}{arg0}, deadline {deadline}")
          .with("method",
                [w](std::int64_t m, const PhraseFields&) {
                  return w->method ? w->method(m) : "method " + std::to_string(m);
                })
          .with("arg0",
                [w](std::int64_t a, const PhraseFields& f) {
                  return w->arguments ? w->arguments(a, f) : std::string();
                })
          .with("deadline",
                [](std::int64_t at, const PhraseFields&) { return secondsText(SimTime{at}); });
  // An answer's detail: its values when it succeeded; when it failed, why.
  MessagePhrase reply =
      MessagePhrase("Reply", "answer to #{call}: {status}{value0}")
          .with("value0", [w](std::int64_t detail, const PhraseFields& f) -> std::string {
            switch (static_cast<Status>(f["status"])) {
              case Status::Ok:
                return w->answer ? w->answer(detail, f) : std::string();
              case Status::Rejected:
                return " (its queue is full)";
              case Status::Timeout:
                return {};
              case Status::Error:
                break;
            }
            if (w->errorDetail)
              if (std::string said = w->errorDetail(detail); !said.empty()) return ": " + said;
            switch (static_cast<Status>(detail)) {
              case Status::Error:
                return ": a call it made failed";
              case Status::Rejected:
                return ": a call it made was rejected";
              case Status::Timeout:
                return ": a call it made timed out";
              case Status::Ok:
                break;
            }
            return {};
          });
  return {std::move(request), std::move(reply)};
}

}  // namespace cs::rpc
