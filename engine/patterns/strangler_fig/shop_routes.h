// The legacy shop's dozen routes, the capabilities the new services capture
// and the tables the data lives in. A route is what the facade routes: one
// URL of the monolith ("GET /prices/{id}"), read or write, served from one
// table. Constant data; any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "clusterscope/strangler_fig/fig_view.h"

namespace cs::strangler_fig {

inline constexpr int kRoutes = kRouteCount;
inline constexpr int kCapabilities = 5;    // one new service each, one table each
inline constexpr std::int64_t kKeys = 64;  // entities per table

struct RouteInfo {
  std::string_view name;
  int capability;  // the new service, and its table
  bool write;
  int mix;  // the route's share of client traffic, in parts of kMixTotal
};

inline constexpr std::array<std::string_view, kCapabilities> kCapabilityNames = {
    "catalog", "pricing", "cart", "orders", "account"};

inline constexpr int kCheckoutRoute = 7;
inline constexpr int kPricesRoute = 4;

inline constexpr std::array<RouteInfo, kRoutes> kRouteInfo = {{
    {"catalog", 0, false, 12},
    {"product", 0, false, 12},
    {"search", 0, false, 8},
    {"reviews", 0, false, 6},
    {"prices", 1, false, 12},
    {"cart", 2, false, 8},
    {"add-to-cart", 2, true, 8},
    {"checkout", 3, true, 8},
    {"orders", 3, false, 6},
    {"account", 4, false, 8},
    {"update-address", 4, true, 4},
    {"wishlist", 4, false, 8},
}};

inline constexpr int mixTotal() {
  int t = 0;
  for (const auto& r : kRouteInfo) t += r.mix;
  return t;
}
inline constexpr int kMixTotal = mixTotal();

// The route picked by a draw in [0, kMixTotal).
inline constexpr int routeForDraw(int draw) {
  for (int r = 0; r < kRoutes; ++r) {
    if (draw < kRouteInfo[r].mix) return r;
    draw -= kRouteInfo[r].mix;
  }
  return kRoutes - 1;
}

std::optional<int> routeByName(std::string_view name);
std::optional<int> capabilityByName(std::string_view name);

// The request a route's caller sends: RPC method = route index; the args.
// Flags say what kind of copy the facade sent.
inline constexpr std::int64_t kFlagMirror = 1;  // a shadow copy: its answer goes to the comparison
inline constexpr std::int64_t kFlagDryRun = 2;  // compute the answer, change nothing
// Applying a change to a new service's store (CDC, dual write, reconciliation).
inline constexpr std::int64_t kApplyMethod = 100;

// Reply values of a route: what the shop answers, and who answered.
enum ReplyField : int {
  kValue = 0,     // a price, a stock count, an order total
  kStamp = 1,     // when the answer was made (microseconds): always differs
  kVersion = 2,   // the entity's version in the store that answered
  kServedBy = 3,  // which implementation answered: kByLegacy or kByNew
};
inline constexpr std::int64_t kByLegacy = 1;
inline constexpr std::int64_t kByNew = 2;

}  // namespace cs::strangler_fig
