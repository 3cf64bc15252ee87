// The routes' business logic, legacy and new. See shop_services.h. Kernel
// thread only.
#include "patterns/strangler_fig/shop_services.h"

namespace cs::strangler_fig {
namespace {

constexpr std::int64_t kNotFound = 404;

using Next = rpc::ServiceNode::Next;

bool validRoute(std::int64_t method) {
  return method >= 0 && method < kRoutes;
}

}  // namespace

Next LegacyMonolith::process(Job& job) {
  if (!validRoute(job.method)) return Next::answer(rpc::Status::Error, {kNotFound});
  const int route = static_cast<int>(job.method);
  // A retired route's code has been deleted from the monolith.
  if (world_.table->route(route).stage == Stage::Retired)
    return Next::answer(rpc::Status::Error, {kNotFound});
  const RouteInfo& info = kRouteInfo[static_cast<std::size_t>(route)];
  const std::int64_t key = job.args[0];
  const Entity row = world_.db->get(info.capability, key);
  if (!info.write)
    return Next::answer(rpc::Status::Ok, {row.value, now().count(), row.version, kByLegacy});
  if (job.args[2] & kFlagDryRun)
    return Next::answer(rpc::Status::Ok, {job.args[1], now().count(), row.version + 1, kByLegacy});
  const Entity e = world_.db->write(info.capability, key, job.args[1], now());
  if (route == kCheckoutRoute)
    milestone(world_.words->charged, {key, world_.payments->charge(key), kByLegacy});
  return Next::answer(rpc::Status::Ok, {e.value, now().count(), e.version, kByLegacy});
}

Next NewService::process(Job& job) {
  const std::int64_t key = job.args[0];
  if (job.method == kApplyMethod) {
    if (store_.apply(capability_, key, {job.args[1], job.args[2]})) ++applied_;
    return Next::answer(rpc::Status::Ok);
  }
  if (!validRoute(job.method)) return Next::answer(rpc::Status::Error, {kNotFound});
  const int route = static_cast<int>(job.method);
  const RouteInfo& info = kRouteInfo[static_cast<std::size_t>(route)];
  if (info.capability != capability_) return Next::answer(rpc::Status::Error, {kNotFound});
  const Entity mine = store_.get(capability_, key);
  if (!info.write) {
    std::int64_t value = mine.value;
    if (priceBug_ && route == kPricesRoute && value % 10 == 5) value += 1;
    return Next::answer(rpc::Status::Ok, {value, now().count(), mine.version, kByNew});
  }
  if (checkoutBug_ && route == kCheckoutRoute) return Next::answer(rpc::Status::Error);
  if (job.args[2] & kFlagDryRun)
    return Next::answer(rpc::Status::Ok, {job.args[1], now().count(), mine.version + 1, kByNew});
  // Writes go through to the legacy database too, so that a rollback to the
  // monolith finds every acknowledged write there.
  const Entity e = world_.db->write(capability_, key, job.args[1], now());
  store_.apply(capability_, key, e);
  if (route == kCheckoutRoute)
    milestone(world_.words->charged, {key, world_.payments->charge(key), kByNew});
  return Next::answer(rpc::Status::Ok, {e.value, now().count(), e.version, kByNew});
}

}  // namespace cs::strangler_fig
