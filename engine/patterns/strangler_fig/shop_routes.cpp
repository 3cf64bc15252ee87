// Looking routes and capabilities up by name. See shop_routes.h. Any thread.
#include "patterns/strangler_fig/shop_routes.h"

namespace cs::strangler_fig {

std::optional<int> routeByName(std::string_view name) {
  for (int r = 0; r < kRoutes; ++r)
    if (kRouteInfo[r].name == name) return r;
  return std::nullopt;
}

std::optional<int> capabilityByName(std::string_view name) {
  for (int c = 0; c < kCapabilities; ++c)
    if (kCapabilityNames[c] == name) return c;
  return std::nullopt;
}

}  // namespace cs::strangler_fig
