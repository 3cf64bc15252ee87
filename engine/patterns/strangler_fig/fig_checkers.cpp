// The Strangler Fig pattern's invariants. See fig_checkers.h. Kernel thread
// only.
#include "patterns/strangler_fig/fig_checkers.h"

#include <algorithm>
#include <limits>
#include <string>

#include "clusterscope/kernel.h"

namespace cs::strangler_fig {
namespace {

// Requests and forwards are forgotten this long after they were sent: far
// longer than any timeout of the client, the facade or a backend.
constexpr SimDuration kMemory{10'000'000};
constexpr SimDuration kSweepEvery{100'000};

bool ok(std::int64_t status) {
  return status == static_cast<std::int64_t>(rpc::Status::Ok);
}

}  // namespace

std::string routeText(std::int64_t r) {
  if (r < 0 || r >= kRoutes) return "route " + std::to_string(r);
  return "route " + std::string(kRouteInfo[static_cast<std::size_t>(r)].name);
}

// ---- AnswerChecker ----

// Every trace record comes here, so the path that ignores one is a few
// compares, and the violations' text is built out of line (report()).
void AnswerChecker::onRecord(const TraceRecord& r) {
  if (r.kind == TraceKind::Milestone) return onMilestone(r);
  if (r.kind != TraceKind::Sent || (r.flags & kFlagDuplicate)) return;
  if (++seen_ % 4096 == 0) prune(r.at);
  if (r.label == rpc_.request) return onRequestSent(r);
  if (r.label == rpc_.reply) onReplySent(r);
}

void AnswerChecker::onMilestone(const TraceRecord& r) {
  if (r.label == words_.routeRolledBack) {
    rolledBack_[static_cast<std::size_t>(r.v[0])] = true;
  } else if (r.label == words_.routeMoved) {
    rolledBack_[static_cast<std::size_t>(r.v[0])] = false;
    retired_[static_cast<std::size_t>(r.v[0])] =
        r.v[2] == static_cast<std::int64_t>(Stage::Retired);
  } else if (r.label == words_.cutover) {
    rolledBack_ = {};
  }
}

void AnswerChecker::onRequestSent(const TraceRecord& r) {
  const std::int64_t method = r.v[1];
  if (r.node == nodes_.client) {
    requests_.add(r.request, {r.at, static_cast<int>(method), {}, false, {}});
    return;
  }
  if (!nodes_.isFacade(r.node) || method < 0 || method >= kRoutes) return;
  const auto route = static_cast<std::size_t>(method);
  const bool mirror = r.v[5] & kFlagMirror;
  if (retired_[route] && (r.peer == nodes_.legacy || r.peer == nodes_.secondary))
    report("", method, " is retired, yet the facade sent a request of it to the monolith");
  if (mirror) return;
  if (rolledBack_[route] && nodes_.isService(r.peer))
    report("", method, " was rolled back, yet the facade sent client traffic to the new service");
  ClientRequest* q = requests_.find(r.request);
  if (!q) return;
  MessageId& forward = q->primaryForward[nodes_.facadeIndex(r.node)];
  if (forward != 0)
    report("a client request of ", method,
           " was forwarded twice as a primary: two implementations would answer it");
  forward = r.msg;
}

void AnswerChecker::onReplySent(const TraceRecord& r) {
  if (nodes_.isFacade(r.peer)) {
    // Only the reply to the primary forward: not a mirror's, nor a second write's.
    ClientRequest* q = requests_.find(r.request);
    if (!q || r.cause != q->primaryForward[nodes_.facadeIndex(r.peer)] || !ok(r.v[1])) return;
    q->primaryOk = true;
    q->primary = {r.v[2], r.v[3], r.v[4], r.v[5]};
    return;
  }
  if (!nodes_.isFacade(r.node) || r.peer != nodes_.client) return;
  ClientRequest* found = requests_.find(r.request);
  if (!found) return;
  const ClientRequest& q = *found;
  if (ok(r.v[1])) {
    const rpc::Values got{r.v[2], r.v[3], r.v[4], r.v[5]};
    if (!q.primaryOk)
      report("the facade answered a request of ", q.route,
             " Ok though its primary did not answer Ok");
    else if (got != q.primary)
      report("a client of ", q.route,
             " got an answer that is not its primary's: a shadow's answer reached a client");
  }
  requests_.erase(r.request);
}

void AnswerChecker::report(const char* before, std::int64_t route, const char* after) {
  violate(before + routeText(route) + after);
}

void AnswerChecker::prune(SimTime now) {
  requests_.dropOldest([&](const ClientRequest& q) { return q.at < now - kMemory; });
}

// ---- ShadowChecker ----

void ShadowChecker::onRecord(const TraceRecord& r) {
  if (r.kind == TraceKind::Crashed && nodes_.isFacade(r.node)) {
    // The facade counts the comparisons it lost as timeouts.
    open_[nodes_.facadeIndex(r.node)].dropOldest([](SimTime) { return true; });
    return;
  }
  if (r.kind == TraceKind::Milestone && r.label == words_.shadowCompared) {
    const auto call = static_cast<std::uint64_t>(r.v[2]);
    RequestWindow<SimTime>& open = open_[nodes_.facadeIndex(r.node)];
    if (!nodes_.isFacade(r.node) || !open.find(call))
      report(r.v[0]);
    else
      open.erase(call);
    return;
  }
  if (r.kind != TraceKind::Sent || (r.flags & kFlagDuplicate) || r.label != rpc_.request) return;
  // Only a route's request carries flags; an apply's third arg is a version.
  if (!nodes_.isFacade(r.node) || !nodes_.isService(r.peer) || r.v[1] < 0 || r.v[1] >= kRoutes ||
      !(r.v[5] & kFlagMirror))
    return;
  open_[nodes_.facadeIndex(r.node)].add(static_cast<std::uint64_t>(r.v[0]), r.at);
}

void ShadowChecker::report(std::int64_t route) {
  violate(routeText(route) +
          ": a comparison outcome for a copy never mirrored, or a second outcome for one");
}

// ---- DataChecker ----

void DataChecker::onRecord(const TraceRecord& r) {
  if (r.kind == TraceKind::Milestone) {
    if (r.label == words_.charged && r.v[1] > 1) reportCharged(r.v[0], r.v[1]);
    return;
  }
  if (r.kind != TraceKind::Sent || (r.flags & kFlagDuplicate)) return;
  if (r.label == rpc_.request && r.node == nodes_.client && r.v[1] >= 0 && r.v[1] < kRoutes) {
    const RouteInfo& info = kRouteInfo[static_cast<std::size_t>(r.v[1])];
    if (info.write) writes_.add(r.request, {info.capability, r.v[3], r.at});
    return;
  }
  if (r.label != rpc_.reply || !nodes_.isFacade(r.node) || r.peer != nodes_.client) return;
  const WriteSeen* seen = writes_.find(r.request);
  if (!seen) return;
  const WriteSeen w = *seen;
  writes_.erase(r.request);
  if (!ok(r.v[1])) return;
  const std::int64_t version = r.v[2 + kVersion];
  if (db_.get(w.table, w.key).version < version) reportMissing(version);
}

void DataChecker::reportCharged(std::int64_t order, std::int64_t times) {
  violate("order " + std::to_string(order) + " was charged " + std::to_string(times) + " times");
}

void DataChecker::reportMissing(std::int64_t version) {
  violate("a write acknowledged at version " + std::to_string(version) +
          " is not in the legacy database");
}

bool DataChecker::repairPathHealthy(const Kernel& kernel, NodeId service) const {
  const Network& net = kernel.network();
  for (NodeId n : {nodes_.sync, service})
    if (kernel.status(n) != NodeStatus::Up || kernel.slowness(n) != SimDuration{0}) return false;
  for (auto [a, b] : {std::pair{nodes_.sync, service}, std::pair{service, nodes_.sync}})
    if (!net.reachable(a, b) || net.link(a, b).loss > 0) return false;
  return true;
}

void DataChecker::afterEvent(const Kernel& kernel) {
  if (kernel.now() - lastSweep_ >= kSweepEvery) sweep(kernel);
}

void DataChecker::sweep(const Kernel& kernel) {
  const SimTime now = kernel.now();
  lastSweep_ = now;
  writes_.dropOldest([&](const WriteSeen& w) { return w.at < now - kMemory; });
  const bool cdc = sync_.options().mode == DataSync::ChangeDataCapture;
  if (behindSince_.empty())
    behindSince_.assign(static_cast<std::size_t>(kCapabilities) * kKeys,
                        SimTime{std::numeric_limits<std::int64_t>::max()});
  for (int c = 0; c < kCapabilities; ++c) {
    const Table& mine = services_[static_cast<std::size_t>(c)]->store();
    const bool caughtUp = cdc && sync_.pending(c) == 0;
    const bool repairable = repairPathHealthy(kernel, nodes_.services[static_cast<std::size_t>(c)]);
    for (std::int64_t k = 0; k < kKeys; ++k) {
      const auto i = static_cast<std::size_t>(c * kKeys + k);
      const bool behind = mine.get(c, k).version != db_.get(c, k).version;
      if (!behind || (!cdc && !repairable)) {
        behindSince_[i] = SimTime{std::numeric_limits<std::int64_t>::max()};
        reported_[i] = false;
        continue;
      }
      behindSince_[i] = std::min(behindSince_[i], now);
      const bool broken = cdc ? caughtUp : now - behindSince_[i] > grace_;
      if (!broken || reported_[i]) continue;
      reported_[i] = true;
      violate(std::string(kCapabilityNames[static_cast<std::size_t>(c)]) + " key " +
              std::to_string(k) + ": the new store is at version " +
              std::to_string(mine.get(c, k).version) + ", the legacy database at " +
              std::to_string(db_.get(c, k).version) +
              (cdc ? " though change data capture has caught up" : " for longer than the grace"));
    }
  }
}

}  // namespace cs::strangler_fig
