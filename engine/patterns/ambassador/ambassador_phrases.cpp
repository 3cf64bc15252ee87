// The Ambassador pattern's calls in words. See ambassador_phrases.h.
#include "clusterscope/ambassador/ambassador_phrases.h"

#include "clusterscope/rpc/call_phrases.h"
#include "patterns/ambassador/ambassador_pattern.h"
#include "patterns/ambassador/app_service.h"
#include "patterns/ambassador/outbound_ambassador.h"

namespace cs::ambassador {

std::vector<MessagePhrase> ambassadorPhrases() {
  rpc::CallWords words;
  words.method = [](std::int64_t m) -> std::string {
    if (m == kServe) return "serve";
    if (m == kFetchB) return "fetch-from-B";
    return "method " + std::to_string(m);
  };
  // The identity the outbound ambassador writes into every try (arg2).
  words.arguments = [](std::int64_t, const PhraseFields& f) -> std::string {
    switch (f["arg2"]) {
      case kAppIdentity:
        return " with A's identity";
      case kForgedIdentity:
        return " with a forged identity";
      case 0:
        return {};
    }
    return " with an unknown identity";
  };
  // Envoy's answers of its own, not the upstream's.
  words.errorDetail = [](std::int64_t detail) -> std::string {
    switch (detail) {
      case kUnavailable:
        return "503 no healthy upstream: every replica's breaker is open";
      case kGatewayTimeout:
        return "504 upstream request timeout: the route's deadline passed";
      case kForbidden:
        return "403 access denied: the caller's identity is refused";
    }
    return {};
  };
  return rpc::callPhrases(std::move(words));
}

}  // namespace cs::ambassador
