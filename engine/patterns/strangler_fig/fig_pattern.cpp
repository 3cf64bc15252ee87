// The Strangler Fig pattern's world: building it, its verbs, its checkers
// and gauges. The window's view and the inspector rows are in fig_view.cpp.
// See fig_pattern.h. Kernel thread only.
#include "patterns/strangler_fig/fig_pattern.h"

#include <cstdlib>

#include "clusterscope/errors.h"
#include "patterns/option_checks.h"
#include "patterns/strangler_fig/canary_split_checker.h"
#include "patterns/strangler_fig/data_sync.h"
#include "patterns/strangler_fig/fig_checkers.h"
#include "patterns/strangler_fig/rollout_controller.h"
#include "patterns/strangler_fig/shop_client.h"
#include "patterns/strangler_fig/shop_services.h"

namespace cs::strangler_fig {
namespace {

using option_checks::numberArg;
using option_checks::onOffArg;
using option_checks::requireArgs;
using option_checks::unknownVerb;

constexpr const char* kAdvance = "advance";
constexpr const char* kRollback = "rollback";
constexpr const char* kCutover = "cutover";
constexpr const char* kPriceBug = "price-bug";
constexpr const char* kCheckoutBug = "checkout-bug";
constexpr const char* kMirrorWrites = "mirror-writes";
constexpr const char* kAnalysis = "analysis";
constexpr const char* kReconcile = "reconcile";
constexpr const char* kRate = "rate";
constexpr const char* kWeight = "weight";
constexpr const char* kShadow = "shadow";
constexpr const char* kSwitchOff = "switch-off-legacy";

// A canary weight, as one of kCanaryWeights' percents; its index.
int weightArg(const std::string& arg) {
  std::string allowed;
  for (std::size_t i = 0; i < kCanaryWeights.size(); ++i) {
    if (arg == std::to_string(kCanaryWeights[i])) return static_cast<int>(i);
    allowed += (i ? ", " : "") + std::to_string(kCanaryWeights[i]);
  }
  throw InputError("weight ROUTE PERCENT", "a canary weight: one of " + allowed, "\"" + arg + "\"");
}

// "all" or one route's index.
std::vector<int> routesArg(const std::string& verb, const std::string& arg) {
  if (arg == "all") {
    std::vector<int> all;
    for (int r = 0; r < kRoutes; ++r) all.push_back(r);
    return all;
  }
  if (auto r = routeByName(arg)) return {*r};
  std::string names = "all";
  for (const auto& info : kRouteInfo) names += ", " + std::string(info.name);
  throw InputError(verb + " ROUTE", "one of " + names, "\"" + arg + "\"");
}

}  // namespace

FigNodes figNodes() {
  FigNodes n;
  n.client = kClient;
  n.facades = {kFacade1, kFacade2};
  n.legacy = kLegacy;
  n.secondary = kLegacy2;
  for (int c = 0; c < kCapabilities; ++c)
    n.services[static_cast<std::size_t>(c)] = static_cast<NodeId>(kFirstService + c);
  n.sync = kSync;
  return n;
}

std::unique_ptr<Pattern> make(const nlohmann::json& options) {
  return std::make_unique<FigPattern>(parseFigOptions(options));
}

std::string FigPattern::nodeName(NodeId node) {
  switch (node) {
    case kClient:
      return "client";
    case kFacade1:
      return "facade-1";
    case kFacade2:
      return "facade-2";
    case kLegacy:
      return "legacy";
    case kLegacy2:
      return "legacy-2";
    case kController:
      return "controller";
    case kSync:
      return "sync";
    default:
      break;
  }
  if (node >= kFirstService && node < kFirstService + kCapabilities)
    return std::string(kCapabilityNames[node - kFirstService]);
  return "node " + std::to_string(node);
}

const NewService& FigPattern::service(const Kernel& kernel, int capability) const {
  return static_cast<const NewService&>(
      kernel.node(static_cast<NodeId>(kFirstService + capability)));
}

const DataSyncNode& FigPattern::sync(const Kernel& kernel) const {
  return static_cast<const DataSyncNode&>(kernel.node(kSync));
}

RolloutController& FigPattern::controller(Kernel& kernel) const {
  return static_cast<RolloutController&>(kernel.node(kController));
}

void FigPattern::build(Kernel& kernel) {
  system_ = std::make_unique<rpc::RpcSystem>(kernel);
  words_ = defineFigWords(kernel);
  metrics_ = defineFigMetrics(kernel.metrics());
  rpc::RpcSystem& s = *system_;
  const FigOptions& o = options_;
  for (int r = 0; r < kRoutes; ++r)
    table_.set(r, o.stages[static_cast<std::size_t>(r)], o.weightSteps[static_cast<std::size_t>(r)],
               SimTime{0});
  facadeConfig_.backendTimeout = o.backendTimeout;
  facadeConfig_.dataSync = o.sync.mode;
  facadeConfig_.mirrorWrites = o.mirrorWrites;

  ShopClientOptions client;
  client.facades = {kFacade1, kFacade2};
  client.rate = o.rate;
  client.timeout = o.clientTimeout;
  s.add(nodeName(kClient), std::make_unique<ShopClient>(s, client));

  FacadeTargets targets;
  targets.legacy = kLegacy;
  targets.secondary = kLegacy2;
  for (int c = 0; c < kCapabilities; ++c)
    targets.services[static_cast<std::size_t>(c)] = static_cast<NodeId>(kFirstService + c);
  for (NodeId f : {kFacade1, kFacade2})
    s.add(nodeName(f),
          std::make_unique<Facade>(s, words_, metrics_, table_, facadeConfig_, targets));

  const ShopWorld world{&db_, &payments_, &table_, &words_};
  rpc::ServiceOptions legacy;
  legacy.workers = o.legacyWorkers;
  legacy.queueCapacity = o.legacyQueue;
  legacy.processing = rpc::ProcessingTime::uniform(o.legacyTimeMin, o.legacyTimeMax);
  for (NodeId l : {kLegacy, kLegacy2})
    s.add(nodeName(l), std::make_unique<LegacyMonolith>(s, legacy, world));

  rpc::ServiceOptions fresh;
  fresh.workers = o.newWorkers;
  fresh.queueCapacity = o.newQueue;
  fresh.processing = rpc::ProcessingTime::uniform(o.newTimeMin, o.newTimeMax);
  std::array<const NewService*, kCapabilities> services{};
  for (int c = 0; c < kCapabilities; ++c) {
    auto svc = std::make_unique<NewService>(s, fresh, world, c);
    svc->setPriceBug(o.priceBug);
    svc->setCheckoutBug(o.checkoutBug);
    services[static_cast<std::size_t>(c)] = svc.get();
    s.add(nodeName(static_cast<NodeId>(kFirstService + c)), std::move(svc));
  }
  AnalysisOptions analysis = o.analysis;
  analysis.cutoverAt = o.cutoverAt;
  kernel.addNode(std::make_unique<RolloutController>(words_, table_, analysis));
  kernel.nameNode(kController, nodeName(kController));
  s.add(nodeName(kSync),
        std::make_unique<DataSyncNode>(s, words_, metrics_, db_, services, o.sync));

  kernel.network().setDefaultLink(o.link());
  for (NodeId f : {kFacade1, kFacade2}) {
    s.path(kClient, f);
    s.path(f, kLegacy);
  }
}

std::vector<std::pair<std::string, std::string>> FigPattern::verbs() const {
  // ROUTE is a route's name or "all"; SWITCH is "on" or "off".
  return {{kAdvance, "ROUTE"},        {kRollback, "ROUTE"},     {kCutover, ""},
          {kPriceBug, "SWITCH"},      {kCheckoutBug, "SWITCH"}, {kMirrorWrites, "SWITCH"},
          {kAnalysis, "SWITCH"},      {kReconcile, "SWITCH"},   {kRate, "RATE"},
          {kWeight, "ROUTE PERCENT"}, {kShadow, "SWITCH"},      {kSwitchOff, ""}};
}

void FigPattern::validate(const Kernel&, const Command& c) const {
  const auto& a = c.args;
  if (c.verb == kAdvance || c.verb == kRollback) {
    requireArgs(c, 1, 1, "ROUTE");
    routesArg(c.verb, a[0]);
  } else if (c.verb == kCutover || c.verb == kSwitchOff) {
    requireArgs(c, 0, 0, "");
  } else if (c.verb == kWeight) {
    requireArgs(c, 2, 2, "ROUTE PERCENT");
    routesArg(c.verb, a[0]);
    weightArg(a[1]);
  } else if (c.verb == kPriceBug || c.verb == kCheckoutBug || c.verb == kMirrorWrites ||
             c.verb == kAnalysis || c.verb == kReconcile || c.verb == kShadow) {
    requireArgs(c, 1, 1, "on|off");
    onOffArg(c.verb, a[0]);
  } else if (c.verb == kRate) {
    requireArgs(c, 1, 1, "RATE");
    numberArg("rate RATE", a[0], 0, 100'000);
  } else {
    unknownVerb(c.verb, verbs());
  }
}

void FigPattern::apply(Kernel& kernel, const Command& c) {
  const auto& a = c.args;
  const bool on = !a.empty() && a[0] == "on";
  RolloutController& ctl = controller(kernel);
  if (c.verb == kAdvance) {
    for (int r : routesArg(c.verb, a[0])) ctl.advance(r, false);
  } else if (c.verb == kRollback) {
    for (int r : routesArg(c.verb, a[0])) ctl.rollback(r, false);
  } else if (c.verb == kCutover) {
    ctl.cutover();
  } else if (c.verb == kPriceBug || c.verb == kCheckoutBug) {
    for (int s = 0; s < kCapabilities; ++s) {
      auto& svc = static_cast<NewService&>(kernel.node(static_cast<NodeId>(kFirstService + s)));
      if (c.verb == kPriceBug)
        svc.setPriceBug(on);
      else
        svc.setCheckoutBug(on);
    }
  } else if (c.verb == kMirrorWrites) {
    facadeConfig_.mirrorWrites = on;
  } else if (c.verb == kShadow) {
    facadeConfig_.shadow = on;
  } else if (c.verb == kWeight) {
    for (int r : routesArg(c.verb, a[0])) ctl.setWeight(r, weightArg(a[1]));
  } else if (c.verb == kSwitchOff) {
    switchOffLegacy(kernel);
  } else if (c.verb == kAnalysis) {
    ctl.setAutomatic(on);
  } else if (c.verb == kReconcile) {
    static_cast<DataSyncNode&>(kernel.node(kSync)).setReconcile(on);
  } else if (c.verb == kRate) {
    static_cast<ShopClient&>(kernel.node(kClient))
        .setRate(std::strtod(a[0].c_str(), nullptr), kernel.status(kClient) != NodeStatus::Crashed);
  }
}

void FigPattern::switchOffLegacy(Kernel& kernel) {
  if (!controller(kernel).mayRetireMonolith()) return;
  for (NodeId l : {kLegacy, kLegacy2})
    if (kernel.status(l) != NodeStatus::Crashed) kernel.crash(l);
  static_cast<DataSyncNode&>(kernel.node(kSync)).stopCapture();
}

std::optional<NodeId> FigPattern::resolve(const Kernel&, std::string_view role) const {
  for (NodeId n = 0; n < kFigNodes; ++n)
    if (nodeName(n) == role) return n;
  return std::nullopt;
}

std::vector<std::unique_ptr<Checker>> FigPattern::checkers(const Kernel& kernel) const {
  std::array<const NewService*, kCapabilities> services{};
  for (int c = 0; c < kCapabilities; ++c)
    services[static_cast<std::size_t>(c)] = &service(kernel, c);
  std::vector<std::unique_ptr<Checker>> v;
  v.push_back(std::make_unique<AnswerChecker>(system_->words(), words_, figNodes()));
  v.push_back(std::make_unique<ShadowChecker>(system_->words(), words_, figNodes()));
  v.push_back(std::make_unique<CanarySplitChecker>(system_->words(), figNodes(), table_));
  v.push_back(std::make_unique<DataChecker>(system_->words(), words_, figNodes(), db_, services,
                                            sync(kernel), 3 * options_.sync.reconcileInterval));
  return v;
}

void FigPattern::updateGauges(Kernel& kernel) {
  system_->updateGauges();
  Metrics& m = kernel.metrics();
  const SimTime now = kernel.now();
  for (int r = 0; r < kRoutes; ++r) {
    const RouteState& s = table_.route(r);
    const RouteMetrics& rm = metrics_.routes[static_cast<std::size_t>(r)];
    m.set(rm.stage, static_cast<std::int64_t>(s.stage));
    m.set(rm.weight, s.weight());
    m.set(rm.failedRecent, s.recent.failedPercent(now));
    m.set(rm.legacyMs, s.legacyWindow.meanLatency().count());
    m.set(rm.newMs, s.newWindow.meanLatency().count());
  }
  const DataSyncNode& sy = sync(kernel);
  std::int64_t diverged = 0;
  for (int c = 0; c < kCapabilities; ++c) {
    const ServiceMetrics& sm = metrics_.services[static_cast<std::size_t>(c)];
    m.set(sm.lag, sy.lag(c, now).count());
    m.set(sm.pending, static_cast<std::int64_t>(sy.pending(c)));
    m.set(sm.diverged, static_cast<std::int64_t>(sy.diverged(c)));
    diverged += static_cast<std::int64_t>(sy.diverged(c));
  }
  m.set(metrics_.diverged, diverged);
  m.set(metrics_.doubleCharges, static_cast<std::int64_t>(payments_.doubleCharges()));
}

}  // namespace cs::strangler_fig
