// Routing, mirroring and comparing. See facade.h. Kernel thread only.
#include "patterns/strangler_fig/facade.h"

#include <algorithm>

#include "clusterscope/rng.h"

namespace cs::strangler_fig {
namespace {

constexpr std::int64_t kGatewayTimeout = 504;
constexpr std::int64_t kNoRoute = 404;
// The reply fields a comparison looks at; who answered always differs.
constexpr int kCompared = 3;

}  // namespace

Facade::Facade(rpc::RpcSystem& system, const FigWords& words, const FigMetrics& metrics,
               RouteTable& table, const FacadeConfig& config, FacadeTargets targets)
    : RpcNode(system),
      words_(words),
      metrics_(metrics),
      table_(table),
      config_(config),
      targets_(targets) {}

NodeId Facade::serviceFor(int route) const {
  return targets_
      .services[static_cast<std::size_t>(kRouteInfo[static_cast<std::size_t>(route)].capability)];
}

void Facade::onRequest(const Message& m) {
  const rpc::RequestBody body = rpc::RequestBody::from(m);
  if (body.method < 0 || body.method >= kRoutes) {
    reply(replyTo(m), rpc::Status::Error, {kNoRoute});
    return;
  }
  const int route = static_cast<int>(body.method);
  const RouteState& s = table_.route(route);
  const bool write = kRouteInfo[static_cast<std::size_t>(route)].write;
  NodeId primary = targets_.legacy;
  if (s.stage >= Stage::Migrated ||
      (s.stage == Stage::Canary && static_cast<int>(rng().below(100)) < s.weight()))
    primary = serviceFor(route);
  const std::uint64_t id = nextId_++;
  Pending& p = pending_.insert(id);
  p.to = replyTo(m);
  p.route = route;
  p.key = body.args[0];
  const SimDuration timeout =
      std::max(std::min(config_.backendTimeout, body.deadline - now()), SimDuration{1});
  ++forwarded_;
  call(primary, route, {body.args[0], body.args[1], 0}, m.request, timeout, id * 4 + kPrimary,
       m.id);
  if (s.stage != Stage::Shadow || !config_.shadow) return;
  // Teaching note: a mirrored write must not happen for real — the candidate
  // would change data and charge payments a second time — so it is sent as a
  // dry run, unless the unsafe switch says otherwise.
  const std::int64_t flags =
      kFlagMirror | (write && !config_.mirrorWrites ? kFlagDryRun : std::int64_t{0});
  p.shadowed = true;
  Comparison& c = comparisons_.insert(id);
  c.route = route;
  c.key = body.args[0];
  c.candidateCall = call(serviceFor(route), route, {body.args[0], body.args[1], flags}, m.request,
                         timeout, id * 4 + kCandidate, m.id);
  call(targets_.secondary, route, {body.args[0], body.args[1], kFlagMirror | kFlagDryRun},
       m.request, timeout, id * 4 + kSecondary, m.id);
  RouteState& w = table_.route(route);
  ++w.mirrored;
  ++w.comparing;
  ++comparing_[static_cast<std::size_t>(route)];
}

void Facade::onOutcome(const rpc::Outcome& o) {
  const std::uint64_t id = o.cookie / 4;
  const auto role = static_cast<Role>(o.cookie % 4);
  if (role == kPrimary) {
    // Most requests are not shadowed: their comparison is not looked for.
    const Pending* p = pending_.find(id);
    const bool shadowed = p && p->shadowed;
    primaryDone(id, o);
    if (shadowed) compared(id, kPrimary, o);
  } else if (role == kSecondWrite) {
    // Legacy has committed; a failed second write leaves the stores apart,
    // for reconciliation to find. The client gets legacy's answer either way.
    answerClient(id);
  } else {
    compared(id, role, o);
  }
}

void Facade::primaryDone(std::uint64_t id, const rpc::Outcome& o) {
  Pending* p = pending_.find(id);
  if (!p) return;
  const bool ok = o.status == rpc::Status::Ok;
  RouteState& s = table_.route(p->route);
  const RouteMetrics& rm = metrics_.routes[static_cast<std::size_t>(p->route)];
  Metrics& m = system().metrics();
  if (o.callee == targets_.legacy) {
    s.legacyTotal.add(ok, o.latency);
    s.legacyWindow.add(ok, o.latency);
    m.add(ok ? rm.legacyOk : rm.legacyFailed);
  } else {
    s.newTotal.add(ok, o.latency);
    s.newWindow.add(ok, o.latency);
    m.add(ok ? rm.newOk : rm.newFailed);
  }
  s.recent.record(now(), !ok);
  p->status = o.status == rpc::Status::Timeout ? rpc::Status::Error : o.status;
  p->answer = o.status == rpc::Status::Timeout ? rpc::Values{kGatewayTimeout} : o.values;
  const bool dualWrite = config_.dataSync == DataSync::DualWrite && ok &&
                         o.callee == targets_.legacy &&
                         kRouteInfo[static_cast<std::size_t>(p->route)].write;
  if (!dualWrite) {
    answerClient(id);
    return;
  }
  call(serviceFor(p->route), kApplyMethod, {p->key, o.values[kValue], o.values[kVersion]},
       o.request, config_.backendTimeout, id * 4 + kSecondWrite, 0);
}

void Facade::answerClient(std::uint64_t id) {
  Pending* p = pending_.find(id);
  if (!p) return;
  reply(p->to, p->status, p->answer);
  pending_.erase(id);
}

void Facade::compared(std::uint64_t id, Role role, const rpc::Outcome& o) {
  Comparison* c = comparisons_.find(id);
  if (!c) return;
  c->answers[role] = {o.status, o.values};
  if (--c->waiting > 0) return;
  const ShadowOutcome outcome = judge(*c);
  const auto route = static_cast<std::size_t>(c->route);
  RouteState& s = table_.route(c->route);
  ++s.shadow[static_cast<std::size_t>(outcome)];
  --s.comparing;
  --comparing_[route];
  system().metrics().add(metrics_.routes[route].shadow[static_cast<std::size_t>(outcome)]);
  const rpc::Values& legacy = c->answers[kPrimary].values;
  const rpc::Values& candidate = c->answers[kCandidate].values;
  milestone(words_.shadowCompared,
            {c->route, static_cast<std::int64_t>(outcome),
             static_cast<std::int64_t>(c->candidateCall), legacy[kValue] - candidate[kValue]});
  if (outcome == ShadowOutcome::Mismatch)
    milestone(words_.shadowMismatch, {c->route, c->key, legacy[kValue], candidate[kValue]});
  comparisons_.erase(id);
}

ShadowOutcome Facade::judge(Comparison& c) {
  const Answer& legacy = c.answers[kPrimary];
  const Answer& candidate = c.answers[kCandidate];
  const Answer& secondary = c.answers[kSecondary];
  if (candidate.status == rpc::Status::Timeout) return ShadowOutcome::Timeout;
  if (candidate.status != rpc::Status::Ok) return ShadowOutcome::CandidateError;
  if (legacy.status != rpc::Status::Ok) return ShadowOutcome::Ignored;
  RouteState& s = table_.route(c.route);
  // The noise baseline: a field in which two legacy instances differ for the
  // same request (a timestamp) differs for reasons that are not a bug.
  if (secondary.status == rpc::Status::Ok)
    for (int f = 0; f < kCompared; ++f)
      if (secondary.values[f] != legacy.values[f]) s.noise |= 1u << f;
  std::uint32_t diff = 0;
  for (int f = 0; f < kCompared; ++f)
    if (candidate.values[f] != legacy.values[f]) diff |= 1u << f;
  diff &= ~s.noise;
  if (diff == 0) return ShadowOutcome::Match;
  // The candidate's store had not yet caught up with the change legacy read:
  // a difference of data, not of code.
  if (candidate.values[kVersion] < legacy.values[kVersion]) return ShadowOutcome::Ignored;
  return ShadowOutcome::Mismatch;
}

void Facade::onReset() {
  // Comparisons in progress die with the facade: each still ends in exactly
  // one outcome, a timeout.
  for (int r = 0; r < kRoutes; ++r) {
    const std::uint64_t n = comparing_[static_cast<std::size_t>(r)];
    RouteState& s = table_.route(r);
    s.shadow[static_cast<std::size_t>(ShadowOutcome::Timeout)] += n;
    s.comparing -= n;
    system().metrics().add(metrics_.routes[static_cast<std::size_t>(r)]
                               .shadow[static_cast<std::size_t>(ShadowOutcome::Timeout)],
                           static_cast<std::int64_t>(n));
  }
  comparing_ = {};
  pending_.clear();
  comparisons_.clear();
}

}  // namespace cs::strangler_fig
