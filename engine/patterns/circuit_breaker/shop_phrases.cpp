// The shop's calls in words. See shop_phrases.h.
#include "clusterscope/circuit_breaker/shop_phrases.h"

#include "clusterscope/rpc/call_phrases.h"
#include "patterns/circuit_breaker/shop_pattern.h"

namespace cs::circuit_breaker {

std::vector<MessagePhrase> shopPhrases() {
  rpc::CallWords words;
  words.method = [](std::int64_t m) -> std::string {
    switch (m) {
      case kCheckout:
        return "checkout";
      case kBrowse:
        return "browse";
      case kPlaceOrder:
        return "place-order";
      case kListItems:
        return "list-items";
      case kCharge:
        return "charge";
    }
    return "method " + std::to_string(m);
  };
  // resilience4j's CallNotPermittedException, answered by the fallback.
  words.errorDetail = [](std::int64_t detail) -> std::string {
    return detail == kFallbackUnavailable
               ? "call not permitted: the breaker is open, the fallback answers at once"
               : "";
  };
  return rpc::callPhrases(std::move(words));
}

}  // namespace cs::circuit_breaker
