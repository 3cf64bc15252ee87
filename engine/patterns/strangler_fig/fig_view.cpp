// The Strangler Fig pattern's typed view for the window and its inspector
// rows. Read-only: no draw from any random stream, nothing sent. See
// fig_pattern.h. Kernel thread only.
#include "clusterscope/strangler_fig/fig_view.h"

#include "patterns/strangler_fig/data_sync.h"
#include "patterns/strangler_fig/fig_pattern.h"
#include "patterns/strangler_fig/rollout_controller.h"
#include "patterns/strangler_fig/shop_client.h"
#include "patterns/strangler_fig/shop_services.h"
#include "rpc/rpc_views.h"

namespace cs::strangler_fig {
namespace {

std::string ms(SimDuration d) {
  return std::to_string(d.count() / 1000) + " ms";
}

std::string percent(double p) {
  return std::to_string(static_cast<int>(p + 0.5)) + "%";
}

void serviceRows(const rpc::ServiceNode& svc, NodeSnapshot& snap) {
  auto& f = snap.fields;
  f.emplace_back("workers busy",
                 std::to_string(svc.busyWorkers()) + "/" + std::to_string(svc.options().workers));
  f.emplace_back("queue", std::to_string(svc.queueLength()) + "/" +
                              std::to_string(svc.options().queueCapacity));
  f.emplace_back("answered", std::to_string(svc.answered()));
}

}  // namespace

std::shared_ptr<const PatternView> FigPattern::view(const Kernel& kernel) const {
  auto v = std::make_shared<FigView>();
  const DataSyncNode& sy = sync(kernel);
  for (int r = 0; r < kRoutes; ++r) {
    const RouteState& s = table_.route(r);
    const RouteInfo& info = kRouteInfo[static_cast<std::size_t>(r)];
    RouteView rv;
    rv.index = r;
    rv.name = std::string(info.name);
    rv.capability = std::string(kCapabilityNames[static_cast<std::size_t>(info.capability)]);
    rv.write = info.write;
    rv.stage = s.stage;
    rv.weight = s.weight();
    rv.shadow = s.shadow;
    rv.shadowInFlight = s.comparing;
    rv.mirrored = s.mirrored;
    rv.verdict = s.verdict;
    rv.rollbacks = s.rollbacks;
    rv.servedLegacy = s.legacyTotal.requests;
    rv.servedNew = s.newTotal.requests;
    rv.failedLegacy = s.legacyTotal.failed;
    rv.failedNew = s.newTotal.failed;
    rv.history = s.history;
    v->routes.push_back(std::move(rv));
  }
  v->legacy = rpc::serviceView(kernel, *system_, kLegacy);
  v->legacySecondary = rpc::serviceView(kernel, *system_, kLegacy2);
  v->legacyOn = kernel.status(kLegacy) == NodeStatus::Up;
  for (int c = 0; c < kCapabilities; ++c) {
    const NewService& svc = service(kernel, c);
    NewServiceView nv;
    nv.service = rpc::serviceView(kernel, *system_, svc.id());
    nv.capability = std::string(kCapabilityNames[static_cast<std::size_t>(c)]);
    nv.priceBug = svc.priceBug() && c == kRouteInfo[kPricesRoute].capability;
    nv.checkoutBug = svc.checkoutBug() && c == kRouteInfo[kCheckoutRoute].capability;
    nv.lag = sy.lag(c, kernel.now());
    nv.pendingChanges = sy.pending(c);
    nv.diverged = sy.diverged(c);
    v->services.push_back(std::move(nv));
  }
  v->facades = {kFacade1, kFacade2};
  const auto& client = static_cast<const ShopClient&>(kernel.node(kClient));
  rpc::ClientView cv;
  cv.id = kClient;
  cv.name = nodeName(kClient);
  cv.rate = client.options().rate;
  cv.sent = client.sent();
  cv.outcomes = {client.outcomes(rpc::Status::Ok), client.outcomes(rpc::Status::Error),
                 client.outcomes(rpc::Status::Rejected), client.outcomes(rpc::Status::Timeout)};
  v->clients.push_back(cv);
  v->controller = kController;
  v->sync = kSync;
  v->dataSync = sy.options().mode;
  v->reconcile = sy.options().reconcile;
  v->cdcStopped = sy.captureStopped();
  v->cdcStoppedAt = sy.captureStoppedAt();
  v->mirrorWrites = facadeConfig_.mirrorWrites;
  v->shadowOn = facadeConfig_.shadow;
  v->autoAnalysis =
      static_cast<const RolloutController&>(kernel.node(kController)).options().automatic;
  v->doubleCharges = payments_.doubleCharges();
  v->reconciled = sy.repaired();
  return v;
}

NodeSnapshot FigPattern::snapshot(const Kernel& kernel, NodeId node) const {
  NodeSnapshot snap;
  snap.id = node;
  snap.name = nodeName(node);
  snap.status = kernel.status(node);
  snap.slowBy = kernel.slowness(node);
  auto& f = snap.fields;
  if (node == kClient) {
    const auto& c = static_cast<const ShopClient&>(kernel.node(node));
    snap.member = false;
    snap.role = "client";
    f.emplace_back("rate", std::to_string(static_cast<int>(c.options().rate)) + "/s");
    f.emplace_back("sent", std::to_string(c.sent()));
    for (auto st :
         {rpc::Status::Ok, rpc::Status::Error, rpc::Status::Rejected, rpc::Status::Timeout})
      f.emplace_back(rpc::statusName(st), std::to_string(c.outcomes(st)));
    f.emplace_back("calls", nodeName(c.facade()));
    return snap;
  }
  if (node == kFacade1 || node == kFacade2) {
    snap.role = "facade";
    f.emplace_back("forwarded",
                   std::to_string(static_cast<const Facade&>(kernel.node(node)).forwarded()));
    f.emplace_back("route table update", std::to_string(table_.generation()));
    for (int r = 0; r < kRoutes; ++r) {
      const RouteState& s = table_.route(r);
      std::string text = stageName(s.stage);
      if (s.stage == Stage::Canary) text += " " + std::to_string(s.weight()) + "%";
      if (s.mirrored)
        text += ", shadow " + std::to_string(s.shadow[0]) + " match / " +
                std::to_string(s.shadow[1]) + " mismatch / " + std::to_string(s.shadow[2]) +
                " ignored / " + std::to_string(s.shadow[3]) + " error / " +
                std::to_string(s.shadow[4]) + " timeout";
      f.emplace_back(std::string(kRouteInfo[static_cast<std::size_t>(r)].name), text);
    }
    return snap;
  }
  if (node == kController) {
    const auto& ctl = static_cast<const RolloutController&>(kernel.node(node));
    const AnalysisOptions& a = ctl.options();
    snap.role = "rollout controller";
    f.emplace_back("automatic analysis", a.automatic ? "on" : "off");
    f.emplace_back("promote after",
                   ms(a.pause) + " and " + std::to_string(a.minRequests) + " requests");
    f.emplace_back("abort when errors exceed legacy's by", percent(a.maxErrorIncrease) + " points");
    for (int r = 0; r < kRoutes; ++r) {
      const RouteState& s = table_.route(r);
      if (s.stage != Stage::Canary) continue;
      f.emplace_back(std::string(kRouteInfo[static_cast<std::size_t>(r)].name),
                     std::to_string(s.weight()) + "%: " + verdictName(s.verdict) + ", new " +
                         percent(s.newWindow.errorPercent()) + " errors " +
                         ms(s.newWindow.meanLatency()) + ", legacy " +
                         percent(s.legacyWindow.errorPercent()) + " errors " +
                         ms(s.legacyWindow.meanLatency()));
    }
    return snap;
  }
  if (node == kSync) {
    const DataSyncNode& sy = sync(kernel);
    const bool cdc = sy.options().mode == DataSync::ChangeDataCapture;
    snap.role = cdc ? "CDC connector" : "reconciler";
    f.emplace_back("legacy database changes", std::to_string(db_.changes()));
    if (cdc && sy.captureStopped()) {
      f.emplace_back("capture", "stopped: the legacy database is switched off");
      return snap;
    }
    if (!cdc) {
      f.emplace_back("reconciliation", sy.options().reconcile ? "on" : "OFF");
      f.emplace_back("repaired", std::to_string(sy.repaired()));
    }
    for (int c = 0; c < kCapabilities; ++c)
      f.emplace_back(
          std::string(kCapabilityNames[static_cast<std::size_t>(c)]),
          cdc ? std::to_string(sy.pending(c)) + " pending, lag " + ms(sy.lag(c, kernel.now()))
              : std::to_string(sy.diverged(c)) + " entities diverged");
    return snap;
  }
  const auto& svc = static_cast<const rpc::ServiceNode&>(kernel.node(node));
  if (node == kLegacy || node == kLegacy2) {
    snap.role = node == kLegacy ? "legacy monolith" : "legacy (noise baseline)";
    serviceRows(svc, snap);
    f.emplace_back("database changes", std::to_string(db_.changes()));
    f.emplace_back("payments charged", std::to_string(payments_.charges()));
    f.emplace_back("orders charged twice", std::to_string(payments_.doubleCharges()));
    return snap;
  }
  const auto& ns = static_cast<const NewService&>(svc);
  snap.role = "new service";
  serviceRows(svc, snap);
  std::string routes;
  for (const auto& info : kRouteInfo)
    if (info.capability == ns.capability())
      routes += (routes.empty() ? "" : ", ") + std::string(info.name);
  f.emplace_back("captures", routes);
  f.emplace_back("changes applied", std::to_string(ns.applied()));
  if (ns.capability() == kRouteInfo[kPricesRoute].capability)
    f.emplace_back("seeded bug: price rounding", ns.priceBug() ? "on" : "off");
  if (ns.capability() == kRouteInfo[kCheckoutRoute].capability)
    f.emplace_back("seeded bug: checkout fails", ns.checkoutBug() ? "on" : "off");
  return snap;
}

}  // namespace cs::strangler_fig
