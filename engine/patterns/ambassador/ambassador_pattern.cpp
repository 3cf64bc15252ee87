// The Ambassador pattern's world: building it, its verbs, its snapshots and
// its checker. See ambassador_pattern.h. Kernel thread only.
#include "patterns/ambassador/ambassador_pattern.h"

#include <array>
#include <cstdlib>

#include "clusterscope/ambassador/ambassador_view.h"
#include "clusterscope/errors.h"
#include "patterns/ambassador/ambassador_checker.h"
#include "patterns/ambassador/app_service.h"
#include "patterns/ambassador/inbound_ambassador.h"
#include "patterns/option_checks.h"
#include "rpc/load_generator.h"
#include "rpc/rpc_views.h"
#include "rpc/service_node.h"

namespace cs::ambassador {
namespace {

using option_checks::numberArg;
using option_checks::onOffArg;
using option_checks::requireArgs;
using option_checks::unknownVerb;

constexpr std::array<const char*, 8> kNames = {"client",        "app", "ambassador",    "b1",
                                               "b1-ambassador", "b2",  "b2-ambassador", "rogue"};

constexpr const char* kSick = "sick";
constexpr const char* kRecover = "recover";
constexpr const char* kRetries = "retries";
constexpr const char* kHedging = "hedging";
constexpr const char* kRetryBudget = "retry-budget";
constexpr const char* kAmbassadorVerb = "ambassador";
constexpr const char* kRogueVerb = "rogue";

std::optional<NodeId> byName(std::string_view name) {
  for (NodeId n = 0; n < kNames.size(); ++n)
    if (name == kNames[n]) return n;
  return std::nullopt;
}

NodeId replicaArg(const std::string& verb, const std::string& arg) {
  if (arg == "b1") return kB1;
  if (arg == "b2") return kB2;
  throw InputError(verb + " REPLICA", "b1 or b2", "\"" + arg + "\"");
}

std::string ms(std::int64_t us) {
  return std::to_string(us / 1000) + " ms";
}

}  // namespace

std::unique_ptr<Pattern> make(const nlohmann::json& options) {
  return std::make_unique<AmbassadorPattern>(parseAmbassadorOptions(options));
}

void AmbassadorPattern::build(Kernel& kernel) {
  system_ = std::make_unique<rpc::RpcSystem>(kernel);
  words_ = defineAmbassadorWords(kernel);
  rpc::RpcSystem& s = *system_;
  const AmbassadorOptions& o = options_;

  rpc::LoadOptions load;
  load.target = kApp;
  load.method = kServe;
  load.rate = o.loadRate;
  load.timeout = o.clientTimeout;
  s.add(kNames[kClient], std::make_unique<rpc::LoadGenerator>(s, load));

  const SimDuration ms1{1000};
  rpc::ServiceOptions app;
  app.workers = o.appWorkers;
  app.queueCapacity = o.appQueue;
  app.processing = rpc::ProcessingTime::uniform(ms1, 2 * ms1);
  s.add(kNames[kApp],
        std::make_unique<AppService>(s, app, o.ambassador ? kAmbassador : kB1, o.appTimeout));
  s.add(kNames[kAmbassador],
        std::make_unique<OutboundAmbassador>(s, words_, "app->b",
                                             std::vector<NodeId>{kB1Ambassador, kB2Ambassador},
                                             kAppIdentity, o.route));
  for (int r = 0; r < 2; ++r) {
    rpc::ServiceOptions replica;
    replica.workers = o.replicaWorkers;
    replica.queueCapacity = o.replicaQueue;
    replica.processing = o.replicaTime(r);
    const NodeId service = r == 0 ? kB1 : kB2;
    s.add(kNames[service], std::make_unique<rpc::ServiceNode>(s, replica));
    s.add(kNames[service + 1], std::make_unique<InboundAmbassador>(
                                   s, words_, service, std::vector<std::int64_t>{kAppIdentity}));
  }
  rpc::LoadOptions rogue;
  rogue.target = kB1Ambassador;
  rogue.method = kFetchB;
  rogue.args = {0, 0, kForgedIdentity};
  rogue.rate = o.rogue ? o.rogueRate : 0;
  rogue.timeout = o.clientTimeout;
  s.add(kNames[kRogue], std::make_unique<rpc::LoadGenerator>(s, rogue));

  Network& net = kernel.network();
  net.setDefaultLink(o.link());
  // A sidecar shares its service's host: a local hop, no network latency.
  LinkConfig local;
  local.latency = SimDuration{0};
  for (auto [a, b] : {std::pair{kApp, kAmbassador}, std::pair{kB1, kB1Ambassador},
                      std::pair{kB2, kB2Ambassador}}) {
    net.setLink(a, b, local);
    net.setLink(b, a, local);
  }
  s.path(kClient, kApp);
  s.path(kApp, kAmbassador);
  s.path(kApp, kB1);
  s.path(kAmbassador, kB1Ambassador);
  s.path(kAmbassador, kB2Ambassador);
  s.path(kRogue, kB1Ambassador);
  static_cast<OutboundAmbassador&>(kernel.node(kAmbassador)).defineMetrics();
  static_cast<InboundAmbassador&>(kernel.node(kB1Ambassador)).defineMetrics();
  static_cast<InboundAmbassador&>(kernel.node(kB2Ambassador)).defineMetrics();
}

std::vector<std::pair<std::string, std::string>> AmbassadorPattern::verbs() const {
  // SWITCH is "on" or "off" (a scenario writes {"do": VERB, "switch": "on"}).
  return {{kSick, "REPLICA MS [ERROR_RATE]"},
          {kRecover, "REPLICA"},
          {kRetries, "SWITCH"},
          {kHedging, "SWITCH"},
          {kAmbassadorVerb, "SWITCH"},
          {kRogueVerb, "SWITCH"},
          {kRetryBudget, "SWITCH"}};
}

void AmbassadorPattern::validate(const Kernel&, const Command& c) const {
  const auto& a = c.args;
  if (c.verb == kSick) {
    requireArgs(c, 2, 3, "REPLICA MS [ERROR_RATE]");
    replicaArg(kSick, a[0]);
    numberArg("sick MS", a[1], 0, 3'600'000);
    if (a.size() == 3) numberArg("sick ERROR_RATE", a[2], 0, 1);
  } else if (c.verb == kRecover) {
    requireArgs(c, 1, 1, "REPLICA");
    replicaArg(kRecover, a[0]);
  } else if (c.verb == kRetries || c.verb == kHedging || c.verb == kAmbassadorVerb ||
             c.verb == kRogueVerb || c.verb == kRetryBudget) {
    requireArgs(c, 1, 1, "on|off");
    onOffArg(c.verb, a[0]);
  } else {
    unknownVerb(c.verb, verbs());
  }
}

void AmbassadorPattern::apply(Kernel& kernel, const Command& c) {
  const auto& a = c.args;
  auto& amb = static_cast<OutboundAmbassador&>(kernel.node(kAmbassador));
  const bool on = !a.empty() && a[0] == "on";
  if (c.verb == kSick || c.verb == kRecover) {
    const NodeId n = replicaArg(c.verb, a[0]);
    auto& svc = static_cast<rpc::ServiceNode&>(kernel.node(n));
    if (c.verb == kSick) {
      svc.setProcessingTime(
          rpc::ProcessingTime::constant(fromMillis(std::strtod(a[1].c_str(), nullptr))));
      svc.setErrorRate(a.size() == 3 ? std::strtod(a[2].c_str(), nullptr) : 0.0);
    } else {
      svc.setProcessingTime(options_.replicaTime(n == kB1 ? 0 : 1));
      svc.setErrorRate(0);
    }
  } else if (c.verb == kRetries) {
    amb.setRetries(on);  // configuration: survives a crash of the sidecar
  } else if (c.verb == kHedging) {
    amb.setHedging(on);
  } else if (c.verb == kRetryBudget) {
    amb.setRetryBudget(on);
  } else if (c.verb == kAmbassadorVerb) {
    // Without its ambassador, A's one call goes straight to b1.
    static_cast<AppService&>(kernel.node(kApp)).setDownstream(on ? kAmbassador : kB1);
  } else if (c.verb == kRogueVerb) {
    static_cast<rpc::LoadGenerator&>(kernel.node(kRogue)).setRate(on ? options_.rogueRate : 0);
  }
}

std::optional<NodeId> AmbassadorPattern::resolve(const Kernel&, std::string_view role) const {
  return byName(role);
}

// Every node goes by its name ("b1-ambassador"): no roles.
std::vector<std::string> AmbassadorPattern::roleWords() const {
  return {};
}

std::vector<std::unique_ptr<Checker>> AmbassadorPattern::checkers(const Kernel&) const {
  std::vector<std::unique_ptr<Checker>> v;
  CheckedNodes nodes;
  nodes.ambassador = kAmbassador;
  nodes.rogue = kRogue;
  nodes.replicas[0] = kB1;
  nodes.replicas[1] = kB2;
  v.push_back(std::make_unique<AmbassadorChecker>(system_->words(), nodes, options_.route.budget));
  return v;
}

void AmbassadorPattern::updateGauges(Kernel& kernel) {
  system_->updateGauges();
  static_cast<OutboundAmbassador&>(kernel.node(kAmbassador)).publishGauges();
}

NodeSnapshot AmbassadorPattern::snapshot(const Kernel& kernel, NodeId node) const {
  NodeSnapshot snap;
  snap.id = node;
  snap.name = kNames.at(node);
  snap.status = kernel.status(node);
  snap.slowBy = kernel.slowness(node);
  auto& f = snap.fields;
  const Metrics& m = kernel.metrics();
  if (node == kClient || node == kRogue) {
    const auto& client = static_cast<const rpc::LoadGenerator&>(kernel.node(node));
    snap.member = false;
    snap.role = node == kRogue ? "rogue client" : "client";
    f.emplace_back("rate", nlohmann::json(client.options().rate).dump() + "/s");
    f.emplace_back("sent", std::to_string(client.sent()));
    for (auto st :
         {rpc::Status::Ok, rpc::Status::Error, rpc::Status::Rejected, rpc::Status::Timeout})
      f.emplace_back(rpc::statusName(st), std::to_string(client.outcomes(st)));
    const rpc::Stats* path = system_->findPath(node, client.options().target);
    if (path) f.emplace_back("p99 (whole run)", ms(path->latency.total.p99()));
    return snap;
  }
  if (node == kAmbassador) {
    const auto& amb = static_cast<const OutboundAmbassador&>(kernel.node(node));
    const RoutePolicy& p = amb.policy();
    const auto& c = amb.counters();
    snap.role = "ambassador";
    const auto& app = static_cast<const AppService&>(kernel.node(kApp));
    f.emplace_back("in use", app.downstream() == kAmbassador ? "yes" : "no");
    f.emplace_back("route", "app -> b1, b2");
    f.emplace_back("retries", p.retries ? "on, max " + std::to_string(p.maxRetries) + ", backoff " +
                                              ms(p.backoffBase.count()) + ".." +
                                              ms(p.backoffCap.count()) + ", " +
                                              jitterName(p.jitter) + " jitter"
                                        : "off");
    f.emplace_back("retry budget", std::string(p.retryBudget ? "" : "OFF (counted, not kept): ") +
                                       std::to_string(p.budget.percent) + "% + " +
                                       std::to_string(p.budget.minPerSecond) + "/s over " +
                                       ms(p.budget.window.count()));
    f.emplace_back("hedging", p.hedging ? "after " + ms(p.hedgeAfter.count()) : "off");
    f.emplace_back("timeouts", "per try " + ms(p.perTryTimeout.count()) + ", overall " +
                                   ms(p.overallTimeout.count()));
    f.emplace_back("requests", std::to_string(c.requests));
    f.emplace_back("tries", std::to_string(c.tries));
    f.emplace_back("retries sent", std::to_string(c.retries));
    f.emplace_back("hedges sent / won",
                   std::to_string(c.hedges) + " / " + std::to_string(c.hedgeWins));
    f.emplace_back("budget exhausted", std::to_string(c.budgetExhausted));
    f.emplace_back("overall timeouts", std::to_string(c.timeouts));
    f.emplace_back("short-circuited", std::to_string(c.shortCircuited));
    f.emplace_back("p50 / p99 (whole run)",
                   ms(amb.latency().total.p50()) + " / " + ms(amb.latency().total.p99()));
    const rpc::Histogram recent = amb.recentLatency().last(kernel.now());
    f.emplace_back("p50 / p99 (last " + std::to_string(rpc::RecentLatency::kSeconds) + " s)",
                   ms(recent.p50()) + " / " + ms(recent.p99()));
    for (std::size_t i = 0; i < amb.upstreams().size(); ++i)
      f.emplace_back("breaker " + std::string(kNames[amb.upstreams()[i]]),
                     p.breaker ? circuit_breaker::stateName(amb.breaker(i).state()) : "off");
    f.emplace_back("identity", std::to_string(amb.identity()));
    const auto& log = amb.log();
    const std::size_t from = log.size() > 8 ? log.size() - 8 : 0;
    for (std::size_t i = from; i < log.size(); ++i) {
      const LogLine& l = log[i];
      std::string text = std::string(l.what);
      if (l.attempt) text = "try " + std::to_string(l.attempt) + " " + text;
      if (l.upstream != kNoNode) text += " " + std::string(kNames.at(l.upstream));
      if (l.latency.count()) text += " (" + ms(l.latency.count()) + ")";
      f.emplace_back("log " + std::to_string(l.at.count() / 1000) + " ms #" +
                         std::to_string(l.request & ((RequestId{1} << 40) - 1)),
                     text);
    }
    return snap;
  }
  if (node == kB1Ambassador || node == kB2Ambassador) {
    const auto& in = static_cast<const InboundAmbassador&>(kernel.node(node));
    snap.role = "ambassador";
    f.emplace_back("service", kNames.at(in.service()));
    f.emplace_back("allowed identities", std::to_string(kAppIdentity) + " (app)");
    f.emplace_back("forwarded", std::to_string(in.forwarded()));
    f.emplace_back("refused (identity)", std::to_string(in.refused()));
    return snap;
  }
  const auto& svc = static_cast<const rpc::ServiceNode&>(kernel.node(node));
  snap.role = "service";
  f.emplace_back("workers busy",
                 std::to_string(svc.busyWorkers()) + "/" + std::to_string(svc.options().workers));
  f.emplace_back("queue", std::to_string(svc.queueLength()) + "/" +
                              std::to_string(svc.options().queueCapacity));
  f.emplace_back("processing", svc.options().processing.describe());
  f.emplace_back("answered", std::to_string(svc.answered()));
  if (node == kApp) {
    const auto& app = static_cast<const AppService&>(svc);
    f.emplace_back("calls B via", kNames.at(app.downstream()));
  }
  const rpc::Stats* st = system_->findService(node);
  if (st) f.emplace_back("p99 (last interval)", ms(m.value(st->p99)));
  return snap;
}

std::shared_ptr<const PatternView> AmbassadorPattern::view(const Kernel& kernel) const {
  auto v = std::make_shared<AmbassadorView>();
  for (NodeId n : {kClient, kRogue}) v->clients.push_back(rpc::clientView(kernel, *system_, n));
  for (NodeId n : {kApp, kB1, kB2}) v->services.push_back(rpc::serviceView(kernel, *system_, n));
  v->rogue = kRogue;
  const auto& amb = static_cast<const OutboundAmbassador&>(kernel.node(kAmbassador));
  const RoutePolicy& p = amb.policy();
  const auto& c = amb.counters();
  OutboundView& out = v->outbound;
  out.id = kAmbassador;
  out.inUse = static_cast<const AppService&>(kernel.node(kApp)).downstream() == kAmbassador;
  out.retries = p.retries;
  out.hedging = p.hedging;
  out.retryBudget = p.retryBudget;
  out.breakers = p.breaker;
  out.requests = c.requests;
  out.tries = c.tries;
  out.retriesSent = c.retries;
  out.hedgesSent = c.hedges;
  out.hedgesWon = c.hedgeWins;
  out.budgetExhausted = c.budgetExhausted;
  out.overallTimeouts = c.timeouts;
  out.shortCircuited = c.shortCircuited;
  for (std::size_t i = 0; i < amb.upstreams().size(); ++i)
    out.upstreams.push_back(
        {amb.upstreams()[i], amb.breaker(i).view(kAmbassador, amb.upstreams()[i])});
  for (NodeId n : {kB1Ambassador, kB2Ambassador}) {
    const auto& in = static_cast<const InboundAmbassador&>(kernel.node(n));
    v->inbound.push_back({n, in.service(), in.forwarded(), in.refused()});
  }
  return v;
}

}  // namespace cs::ambassador
