// The shop: building it, its verbs, its snapshots and its checker. See
// shop_pattern.h. Kernel thread only.
#include "patterns/circuit_breaker/shop_pattern.h"

#include <array>
#include <cstdlib>

#include "clusterscope/circuit_breaker/shop_view.h"
#include "clusterscope/errors.h"
#include "patterns/circuit_breaker/breaker_checker.h"
#include "patterns/option_checks.h"
#include "rpc/load_generator.h"
#include "rpc/rpc_views.h"
#include "rpc/service_node.h"

namespace cs::circuit_breaker {
namespace {

using option_checks::numberArg;
using option_checks::onOffArg;
using option_checks::requireArgs;
using option_checks::unknownVerb;

constexpr std::array<const char*, 6> kNames = {"checkout-client", "browse-client", "frontend",
                                               "orders",          "catalog",       "payment"};

constexpr const char* kSick = "sick";
constexpr const char* kRecover = "recover";
constexpr const char* kBreaker = "breaker";
constexpr const char* kForceOpen = "force-open";
constexpr const char* kClose = "close";
constexpr const char* kLoad = "load";
constexpr const char* kBurst = "burst";
constexpr const char* kNaiveRetries = "naive-retries";
constexpr const char* kFailFast = "fail-fast";

std::optional<NodeId> byName(std::string_view name) {
  for (NodeId n = 0; n < kNames.size(); ++n)
    if (name == kNames[n]) return n;
  return std::nullopt;
}

NodeId serviceArg(const std::string& verb, const std::string& arg) {
  const auto n = byName(arg);
  if (!n || *n < kFrontend)
    throw InputError(verb + " SERVICE", "one of frontend, orders, catalog, payment",
                     "\"" + arg + "\"");
  return *n;
}

NodeId clientArg(const std::string& verb, const std::string& arg) {
  const auto n = byName(arg);
  if (!n || *n >= kFrontend)
    throw InputError(verb + " CLIENT", "checkout-client or browse-client", "\"" + arg + "\"");
  return *n;
}

int timesArg(const std::string& arg) {
  const double v = numberArg("naive-retries TIMES", arg, 0, 10);
  if (v != static_cast<int>(v))
    throw InputError("naive-retries TIMES", "a whole number from 0 to 10", "\"" + arg + "\"");
  return static_cast<int>(v);
}

std::string count(const rpc::Stats* s, const Kernel& k, MetricId rpc::Stats::*field) {
  return s ? std::to_string(k.metrics().value(s->*field)) : "0";
}

std::string rateText(double r) {
  if (r < 0) return "- (too few calls)";
  const auto hundredths = static_cast<std::int64_t>(r * 100 + 0.5);
  std::string s = std::to_string(hundredths / 100);
  if (hundredths % 100) {
    s += "." + std::to_string(hundredths % 100 / 10);
    if (hundredths % 10) s += std::to_string(hundredths % 10);
  }
  return s + "%";
}

}  // namespace

std::unique_ptr<Pattern> make(const nlohmann::json& options) {
  return std::make_unique<ShopPattern>(parseShopOptions(options));
}

void ShopPattern::build(Kernel& kernel) {
  system_ = std::make_unique<rpc::RpcSystem>(kernel);
  words_ = defineBreakerWords(kernel);
  rpc::RpcSystem& s = *system_;
  const ShopOptions& o = options_;

  rpc::LoadOptions checkout;
  checkout.target = kFrontend;
  checkout.method = kCheckout;
  checkout.rate = o.checkoutRate;
  checkout.timeout = o.clientTimeout;
  rpc::LoadOptions browse = checkout;
  browse.method = kBrowse;
  browse.rate = o.browseRate;
  s.add(kNames[kCheckoutClient], std::make_unique<rpc::LoadGenerator>(s, checkout));
  s.add(kNames[kBrowseClient], std::make_unique<rpc::LoadGenerator>(s, browse));

  auto service = [](int workers, int queue, rpc::ProcessingTime t) {
    rpc::ServiceOptions so;
    so.workers = workers;
    so.queueCapacity = queue;
    so.processing = std::move(t);
    return so;
  };
  const SimDuration ms{1000};
  auto frontend = std::make_unique<RetryingService>(
      s, service(o.frontendWorkers, o.frontendQueue, rpc::ProcessingTime::uniform(ms, 2 * ms)),
      o.naiveRetries);
  frontend->addDependency({kCheckout, kOrders, kPlaceOrder, o.frontendTimeout});
  frontend->addDependency({kBrowse, kCatalog, kListItems, o.frontendTimeout});
  s.add(kNames[kFrontend], std::move(frontend));

  auto orders = std::make_unique<GuardedService>(
      s, service(o.ordersWorkers, o.ordersQueue, rpc::ProcessingTime::uniform(2 * ms, 4 * ms)),
      kPayment, o.breakerConfig, o.breaker, words_, o.naiveRetries);
  orders->addDependency({kPlaceOrder, kPayment, kCharge, o.paymentTimeout});
  orders->setFailFast(o.failFastWhenOpen);
  s.add(kNames[kOrders], std::move(orders));

  s.add(kNames[kCatalog], std::make_unique<rpc::ServiceNode>(
                              s, service(o.catalogWorkers, o.catalogQueue,
                                         rpc::ProcessingTime::uniform(2 * ms, 5 * ms))));
  s.add(kNames[kPayment], std::make_unique<rpc::ServiceNode>(
                              s, service(o.paymentWorkers, o.paymentQueue,
                                         rpc::ProcessingTime::constant(o.paymentTime))));

  kernel.network().setDefaultLink(o.link());
  // Define the paths now so charts list them before the first request.
  s.path(kCheckoutClient, kFrontend);
  s.path(kBrowseClient, kFrontend);
  s.path(kFrontend, kOrders);
  s.path(kFrontend, kCatalog);
  s.path(kOrders, kPayment);
  static_cast<GuardedService&>(kernel.node(kOrders)).publishGauges();
  for (NodeId n : {kFrontend, kOrders})
    static_cast<RetryingService&>(kernel.node(n)).defineRetryMetric();
}

std::vector<std::pair<std::string, std::string>> ShopPattern::verbs() const {
  // SWITCH is "on" or "off" (a scenario writes {"do": VERB, "switch": "on"}).
  return {{kSick, "SERVICE MS [ERROR_RATE]"},
          {kRecover, "SERVICE"},
          {kBreaker, "SWITCH"},
          {kForceOpen, ""},
          {kClose, ""},
          {kLoad, "CLIENT RATE"},
          {kBurst, "CLIENT MULTIPLIER SECONDS"},
          {kNaiveRetries, "TIMES"},
          {kFailFast, "SWITCH"}};
}

void ShopPattern::validate(const Kernel&, const Command& c) const {
  const auto& a = c.args;
  if (c.verb == kSick) {
    requireArgs(c, 2, 3, "SERVICE MS [ERROR_RATE]");
    serviceArg(kSick, a[0]);
    numberArg("sick MS", a[1], 0, 3'600'000);
    if (a.size() == 3) numberArg("sick ERROR_RATE", a[2], 0, 1);
  } else if (c.verb == kRecover) {
    requireArgs(c, 1, 1, "SERVICE");
    serviceArg(kRecover, a[0]);
  } else if (c.verb == kBreaker || c.verb == kFailFast) {
    requireArgs(c, 1, 1, "on|off");
    onOffArg(c.verb, a[0]);
  } else if (c.verb == kForceOpen || c.verb == kClose) {
    requireArgs(c, 0, 0, "no arguments");
  } else if (c.verb == kLoad) {
    requireArgs(c, 2, 2, "CLIENT RATE");
    clientArg(kLoad, a[0]);
    numberArg("load RATE", a[1], 0, 10000);
  } else if (c.verb == kBurst) {
    requireArgs(c, 3, 3, "CLIENT MULTIPLIER SECONDS");
    clientArg(kBurst, a[0]);
    numberArg("burst MULTIPLIER", a[1], 0, 100);
    numberArg("burst SECONDS", a[2], 0, 3600);
  } else if (c.verb == kNaiveRetries) {
    requireArgs(c, 1, 1, "TIMES");
    timesArg(a[0]);
  } else {
    unknownVerb(c.verb, verbs());
  }
}

void ShopPattern::apply(Kernel& kernel, const Command& c) {
  const auto& a = c.args;
  auto& orders = static_cast<GuardedService&>(kernel.node(kOrders));
  const bool ordersUp = kernel.status(kOrders) != NodeStatus::Crashed;
  if (c.verb == kSick || c.verb == kRecover) {
    const NodeId n = serviceArg(c.verb, a[0]);
    auto& svc = static_cast<rpc::ServiceNode&>(kernel.node(n));
    if (c.verb == kSick) {
      svc.setProcessingTime(
          rpc::ProcessingTime::constant(fromMillis(std::strtod(a[1].c_str(), nullptr))));
      svc.setErrorRate(a.size() == 3 ? std::strtod(a[2].c_str(), nullptr) : 0.0);
    } else {
      const SimDuration ms{1000};
      rpc::ProcessingTime healthy = rpc::ProcessingTime::constant(options_.paymentTime);
      if (n == kFrontend) healthy = rpc::ProcessingTime::uniform(ms, 2 * ms);
      if (n == kOrders) healthy = rpc::ProcessingTime::uniform(2 * ms, 4 * ms);
      if (n == kCatalog) healthy = rpc::ProcessingTime::uniform(2 * ms, 5 * ms);
      svc.setProcessingTime(healthy);
      svc.setErrorRate(0);
    }
  } else if (c.verb == kBreaker) {
    // The choice survives a crash; a crashed orders applies it on restart.
    if (ordersUp)
      orders.setBreakerEnabled(a[0] == "on");
    else
      orders.setBreakerEnabledWhileDown(a[0] == "on");
  } else if (c.verb == kFailFast) {
    orders.setFailFast(a[0] == "on");  // configuration: up or not
  } else if (c.verb == kForceOpen) {
    if (ordersUp) orders.forceOpen();
  } else if (c.verb == kClose) {
    if (ordersUp) orders.close();
  } else if (c.verb == kLoad) {
    auto& client = static_cast<rpc::LoadGenerator&>(kernel.node(clientArg(kLoad, a[0])));
    client.setRate(std::strtod(a[1].c_str(), nullptr));
  } else if (c.verb == kBurst) {
    auto& client = static_cast<rpc::LoadGenerator&>(kernel.node(clientArg(kBurst, a[0])));
    client.burst(std::strtod(a[1].c_str(), nullptr),
                 fromSeconds(std::strtod(a[2].c_str(), nullptr)));
  } else if (c.verb == kNaiveRetries) {
    // Configuration of both callers: it applies whether or not they are up.
    for (NodeId n : {kFrontend, kOrders})
      static_cast<RetryingService&>(kernel.node(n)).setNaiveRetries(timesArg(a[0]));
  }
}

std::optional<NodeId> ShopPattern::resolve(const Kernel&, std::string_view role) const {
  return byName(role);
}

// Every node of the shop goes by its name ("payment"): no roles.
std::vector<std::string> ShopPattern::roleWords() const {
  return {};
}

std::vector<std::unique_ptr<Checker>> ShopPattern::checkers(const Kernel&) const {
  std::vector<std::unique_ptr<Checker>> v;
  v.push_back(std::make_unique<BreakerChecker>(
      words_, system_->words(), kOrders, kPayment,
      options_.breakerConfig.permittedNumberOfCallsInHalfOpenState, options_.breaker));
  return v;
}

void ShopPattern::updateGauges(Kernel& kernel) {
  system_->updateGauges();
  static_cast<GuardedService&>(kernel.node(kOrders)).publishGauges();
  for (NodeId n : {kFrontend, kOrders})
    static_cast<RetryingService&>(kernel.node(n)).defineRetryMetric();
}

NodeSnapshot ShopPattern::snapshot(const Kernel& kernel, NodeId node) const {
  NodeSnapshot snap;
  snap.id = node;
  snap.name = kNames.at(node);
  snap.status = kernel.status(node);
  snap.slowBy = kernel.slowness(node);
  auto& f = snap.fields;
  if (node < kFrontend) {
    const auto& client = static_cast<const rpc::LoadGenerator&>(kernel.node(node));
    snap.member = false;
    snap.role = "client";
    f.emplace_back("rate", nlohmann::json(client.options().rate).dump() + "/s");
    f.emplace_back("sent", std::to_string(client.sent()));
    for (auto st :
         {rpc::Status::Ok, rpc::Status::Error, rpc::Status::Rejected, rpc::Status::Timeout})
      f.emplace_back(rpc::statusName(st), std::to_string(client.outcomes(st)));
    const rpc::Stats* path = system_->findPath(node, kFrontend);
    f.emplace_back("p99 (last interval)",
                   path ? std::to_string(kernel.metrics().value(path->p99) / 1000) + " ms" : "-");
    return snap;
  }
  const auto& svc = static_cast<const rpc::ServiceNode&>(kernel.node(node));
  snap.member = true;
  snap.role = "service";
  f.emplace_back("workers busy",
                 std::to_string(svc.busyWorkers()) + "/" + std::to_string(svc.options().workers));
  f.emplace_back("queue", std::to_string(svc.queueLength()) + "/" +
                              std::to_string(svc.options().queueCapacity));
  f.emplace_back("processing", svc.options().processing.describe());
  f.emplace_back("error rate", rateText(svc.options().errorRate * 100));
  const rpc::Stats* st = system_->findService(node);
  f.emplace_back("ok", count(st, kernel, &rpc::Stats::ok));
  f.emplace_back("error", count(st, kernel, &rpc::Stats::error));
  f.emplace_back("timeout", count(st, kernel, &rpc::Stats::timeout));
  f.emplace_back("rejected", count(st, kernel, &rpc::Stats::rejected));
  f.emplace_back("p99 (last interval)",
                 st ? std::to_string(kernel.metrics().value(st->p99) / 1000) + " ms" : "-");
  if (node == kFrontend || node == kOrders) {
    const auto& caller = static_cast<const RetryingService&>(svc);
    f.emplace_back("naive retries", caller.naiveRetries() ? std::to_string(caller.naiveRetries()) +
                                                                " per request, at once"
                                                          : "off");
    f.emplace_back("retries sent", std::to_string(caller.retriesSent()));
  }
  if (node == kOrders) {
    const auto& orders = static_cast<const GuardedService&>(svc);
    const CircuitBreaker& b = orders.breaker();
    const auto m = b.metrics();
    f.emplace_back("short-circuited", std::to_string(orders.shortCircuited()));
    f.emplace_back("breaker (payment)", stateName(b.state()));
    f.emplace_back("failure rate", rateText(m.failureRate));
    f.emplace_back("slow-call rate", rateText(m.slowCallRate));
    f.emplace_back("buffered calls", std::to_string(m.numberOfBufferedCalls));
    f.emplace_back("window (oldest first)", b.windowContents());
    f.emplace_back("not permitted calls", std::to_string(m.numberOfNotPermittedCalls));
    f.emplace_back("last transition", orders.lastReason().empty() ? "(none)" : orders.lastReason());
  }
  return snap;
}

std::shared_ptr<const PatternView> ShopPattern::view(const Kernel& kernel) const {
  auto v = std::make_shared<ShopView>();
  for (NodeId n : {kCheckoutClient, kBrowseClient})
    v->clients.push_back(rpc::clientView(kernel, *system_, n));
  for (NodeId n : {kFrontend, kOrders, kCatalog, kPayment})
    v->services.push_back(rpc::serviceView(kernel, *system_, n));
  for (NodeId n : {kFrontend, kOrders}) {
    const auto& caller = static_cast<const RetryingService&>(kernel.node(n));
    v->retriers.push_back({n, caller.naiveRetries(), caller.retriesSent()});
  }
  const auto& orders = static_cast<const GuardedService&>(kernel.node(kOrders));
  v->breaker = orders.breaker().view(kOrders, kPayment);
  v->breakerOn = orders.breakerEnabled();
  v->failFast = orders.failFast();
  v->shortCircuited = orders.shortCircuited();
  return v;
}

}  // namespace cs::circuit_breaker
