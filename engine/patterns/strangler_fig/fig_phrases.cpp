// The Strangler Fig pattern's calls in words. See fig_phrases.h.
#include "clusterscope/strangler_fig/fig_phrases.h"

#include "clusterscope/rpc/call_phrases.h"
#include "patterns/strangler_fig/shop_routes.h"

namespace cs::strangler_fig {

std::vector<MessagePhrase> figPhrases() {
  rpc::CallWords words;
  words.method = [](std::int64_t m) -> std::string {
    if (m == kApplyMethod) return "apply-change";
    if (m >= 0 && m < kRoutes) return std::string(kRouteInfo[static_cast<std::size_t>(m)].name);
    return "unknown route " + std::to_string(m);
  };
  // Args: key, value, flags (kFlagMirror, kFlagDryRun); a change applied to
  // a new service's store: key, value, version.
  words.arguments = [](std::int64_t key, const PhraseFields& f) {
    std::string s = " for key " + std::to_string(key);
    if (f["method"] == kApplyMethod)
      return s + " (value " + std::to_string(f["arg1"]) + ", version " + std::to_string(f["arg2"]) +
             ")";
    const std::int64_t route = f["method"];
    const bool write =
        route >= 0 && route < kRoutes && kRouteInfo[static_cast<std::size_t>(route)].write;
    if (f["arg2"] & kFlagMirror)
      s += f["arg2"] & kFlagDryRun ? " (a shadow copy, dry run: change nothing)"
           : write                 ? " (a shadow copy that changes data for real)"
                                   : " (a shadow copy)";
    return s;
  };
  // Values: the answer, a stamp (never shown: it always differs), the
  // entity's version, who answered.
  words.answer = [](std::int64_t value, const PhraseFields& f) -> std::string {
    const std::int64_t by = f["value" + std::to_string(kServedBy)];
    if (by != kByLegacy && by != kByNew) return {};
    return ": " + std::to_string(value) + ", version " +
           std::to_string(f["value" + std::to_string(kVersion)]) +
           (by == kByLegacy ? ", from the legacy monolith" : ", from the new service");
  };
  words.errorDetail = [](std::int64_t detail) -> std::string {
    if (detail == 404) return "404: not found here";
    if (detail == 504) return "504: the backend did not answer in time";
    return {};
  };
  return rpc::callPhrases(std::move(words));
}

}  // namespace cs::strangler_fig
