// Timeouts, breakers, hedging, retries, the budget, identity, the log and
// the metrics of the calling-side sidecar. See outbound_ambassador.h. Kernel
// thread only.
#include "patterns/ambassador/outbound_ambassador.h"

#include <algorithm>
#include <cassert>

namespace cs::ambassador {
namespace {

// A try's cookie: the exchange, whether it is the hedge, and its attempt
// number (at most 1 + maxRetries + 1 hedge <= 12 < 16).
std::uint64_t cookie(std::uint64_t exchange, bool hedge, int attempt) {
  return (exchange << 5) | (hedge ? 16u : 0u) | static_cast<std::uint64_t>(attempt);
}

const char* outcomeWord(rpc::Status s) {
  return rpc::statusName(s);
}

}  // namespace

AmbassadorWords defineAmbassadorWords(Kernel& k) {
  AmbassadorWords w;
  w.identityRejected = k.defineMilestone(
      "identity-rejected", {"identity", "count"},
      "{node} refused a call from {peer}: identity {identity} is not allowed ({count} refused "
      "since the last report); the request never reached the service");
  w.budgetExhausted = k.defineMilestone(
      "retry-budget-exhausted", {"extras", "allowance", "count"},
      "{node}'s retry budget is spent: {extras} extra tries of {allowance} allowed in the "
      "window; {count} requests were not retried since the last report");
  w.hedgeSent = k.defineMilestone(
      "hedge-sent", {"afterMs", "count"},
      "{node} sent a hedged request to {peer}: the first try had no answer after {afterMs} ms "
      "({count} hedges sent since the last report)");
  w.retrySucceeded = k.defineMilestone(
      "retry-succeeded", {"attempt", "latencyMs", "count"},
      "{node}'s retry to {peer} succeeded on try {attempt} ({latencyMs} ms in all): the caller "
      "never saw the failure ({count} requests saved by a retry since the last report)");
  w.breaker = circuit_breaker::defineBreakerWords(k);
  w.hedgeWon = k.defineMilestone(
      "hedge-won", {"latencyMs", "count"},
      "{node}'s hedged request to {peer} answered first ({latencyMs} ms in all; {count} hedges "
      "won since the last report)");
  return w;
}

OutboundAmbassador::OutboundAmbassador(rpc::RpcSystem& system, const AmbassadorWords& words,
                                       std::string route, std::vector<NodeId> upstreams,
                                       std::int64_t identity, RoutePolicy policy)
    : RpcNode(system),
      words_(words),
      route_(std::move(route)),
      upstreams_(std::move(upstreams)),
      identity_(identity),
      policy_(std::move(policy)),
      budget_(policy_.budget) {
  assert(!upstreams_.empty() && policy_.maxRetries >= 0 && policy_.maxRetries <= 10);
  for (std::size_t i = 0; i < upstreams_.size(); ++i) {
    breakers_.emplace_back(policy_.breakerConfig);
    breakerMilestones_.emplace_back(words_.breaker, policy_.breakerConfig);
  }
}

void OutboundAmbassador::defineMetrics() {
  if (metricsDefined_) return;
  metricsDefined_ = true;
  Metrics& m = system().metrics();
  // Family "route", subject the route ("app->b"): what the ambassador did for it.
  const std::string p = "amb." + route_ + ".";
  auto counter = [&](const char* measure) {
    return m.define(MetricInfo::counter(p + measure, "route", route_, measure));
  };
  auto latency = [&](const char* measure) {
    return m.define(
        MetricInfo::gauge(p + measure + "_us", "route", route_, measure, MetricUnit::Microseconds));
  };
  metrics_.requests = counter("requests");
  metrics_.tries = counter("tries");
  metrics_.retries = counter("retries");
  metrics_.hedges = counter("hedges");
  metrics_.hedgeWins = counter("hedge_wins");
  metrics_.budgetExhausted = counter("budget_exhausted");
  metrics_.timeouts = counter("timeouts");
  metrics_.shortCircuited = counter("short_circuited");
  metrics_.p50 = latency("p50");
  metrics_.p99 = latency("p99");
  for (NodeId u : upstreams_) {
    const std::string path = system().name(id()) + "->" + system().name(u);
    metrics_.breakerState.push_back(m.define(MetricInfo::state(
        "breaker." + path + ".state", "breaker", path, "state", circuit_breaker::stateNames())));
  }
}

void OutboundAmbassador::publishGauges() {
  defineMetrics();
  system().metrics().set(metrics_.p50, latency_.window.p50());
  system().metrics().set(metrics_.p99, latency_.window.p99());
  for (std::size_t i = 0; i < breakers_.size(); ++i)
    system().metrics().set(
        metrics_.breakerState[i],
        static_cast<std::int64_t>(policy_.breaker ? breakers_[i].state()
                                                  : circuit_breaker::State::DISABLED));
  latency_.roll();
}

void OutboundAmbassador::note(RequestId request, int attempt, NodeId upstream, const char* what,
                              SimDuration latency) {
  log_.add({now(), request, attempt, upstream, what, latency});
}

std::size_t OutboundAmbassador::indexOf(NodeId upstream) const {
  for (std::size_t i = 0; i < upstreams_.size(); ++i)
    if (upstreams_[i] == upstream) return i;
  return 0;
}

void OutboundAmbassador::onRequest(const Message& m) {
  defineMetrics();
  const rpc::RequestBody body = rpc::RequestBody::from(m);
  const std::uint64_t id = nextExchange_++;
  Exchange& ex = exchanges_.insert(id);
  ex.from = replyTo(m);
  ex.method = body.method;
  ex.args = body.args;
  ex.started = now();
  ex.deadline = std::min(now() + policy_.overallTimeout, body.deadline);
  ++counters_.requests;
  count(metrics_.requests);
  budget_.deposit(now());
  // No timer for the overall deadline: every try's timeout and every backoff
  // ends by it (see sendTry and afterFailure), so a try times out then.
  const std::size_t prefer = roundRobin_++ % upstreams_.size();
  if (!sendTry(id, ex, prefer, false)) {
    ++counters_.shortCircuited;
    count(metrics_.shortCircuited);
    finish(id, rpc::Status::Error, {kUnavailable});
  }
}

bool OutboundAmbassador::sendTry(std::uint64_t id, Exchange& ex, std::size_t prefer, bool hedge) {
  const SimDuration left = ex.deadline - now();
  if (left.count() <= 0) return false;
  std::size_t chosen = upstreams_.size();
  for (std::size_t k = 0; k < upstreams_.size(); ++k) {
    const std::size_t i = (prefer + k) % upstreams_.size();
    if (!policy_.breaker || breakers_[i].tryAcquirePermission(now())) {
      drainBreaker(i);
      chosen = i;
      break;
    }
    drainBreaker(i);
  }
  if (chosen == upstreams_.size()) return false;
  ++ex.attempts;
  ++ex.outstanding;
  ex.last = chosen;
  ++counters_.tries;
  count(metrics_.tries);
  rpc::Args args = ex.args;
  args[2] = identity_;  // service identity, checked by the receiving ambassador
  const SimDuration timeout = std::min(policy_.perTryTimeout, left);
  call(upstreams_[chosen], ex.method, args, ex.from.request, timeout,
       cookie(id, hedge, ex.attempts), ex.from.requestMessage);
  note(ex.from.request, ex.attempts, upstreams_[chosen], hedge ? "hedge" : "try");
  if (!hedge && ex.attempts == 1 && policy_.hedging && upstreams_.size() > 1 &&
      policy_.hedgeAfter < timeout) {
    hedges_.add(now() + policy_.hedgeAfter, id);
    armDeadlines(hedges_, tag(kHedgeTimer, 0));
  }
  return true;
}

void OutboundAmbassador::onOutcome(const rpc::Outcome& o) {
  const std::uint64_t id = o.cookie >> 5;
  const bool wasHedge = (o.cookie & 16u) != 0;
  const int attempt = static_cast<int>(o.cookie & 15u);
  const std::size_t up = indexOf(o.callee);
  const bool failed = o.status != rpc::Status::Ok;
  if (policy_.breaker) {
    breakerMilestones_[up].beforeOutcome(breakers_[up], failed, o.latency);
    if (failed)
      breakers_[up].onError(o.latency, now());
    else
      breakers_[up].onSuccess(o.latency, now());
    drainBreaker(up);
  }
  Exchange* found = exchanges_.find(id);
  if (!found) {
    // Answered already (the other try of a hedge won, or the deadline passed).
    note(o.request, attempt, o.callee, "ignored (already answered)", o.latency);
    return;
  }
  Exchange& ex = *found;
  --ex.outstanding;
  note(o.request, attempt, o.callee, outcomeWord(o.status), o.latency);
  if (!failed) {
    if (wasHedge) {
      ++counters_.hedgeWins;
      count(metrics_.hedgeWins);
      if (hedgeWonMilestone_.count(now()))
        milestone(words_.hedgeWon,
                  {(now() - ex.started).count() / 1000, hedgeWonMilestone_.take(now())}, o.callee);
    } else if (ex.retriesDone > 0 && retryMilestone_.count(now())) {
      milestone(words_.retrySucceeded,
                {attempt, (now() - ex.started).count() / 1000, retryMilestone_.take(now())},
                o.callee);
    }
    return finish(id, rpc::Status::Ok, o.values);
  }
  ex.lastStatus = o.status == rpc::Status::Timeout ? rpc::Status::Error : o.status;
  ex.lastValues = o.status == rpc::Status::Timeout ? rpc::Values{kGatewayTimeout} : o.values;
  if (o.status == rpc::Status::Error && o.values[0] == kForbidden)
    return finish(id, ex.lastStatus, ex.lastValues);  // not ours to retry
  if (ex.outstanding > 0) return;                     // the other try may still answer
  afterFailure(id, ex);
}

void OutboundAmbassador::afterFailure(std::uint64_t id, Exchange& ex) {
  if (now() >= ex.deadline) {
    // The last try ran out of time with the request: an overall timeout.
    ++counters_.timeouts;
    count(metrics_.timeouts);
    return finish(id, rpc::Status::Error, {kGatewayTimeout});
  }
  if (!policy_.retries || ex.retriesDone >= policy_.maxRetries)
    return finish(id, ex.lastStatus, ex.lastValues);
  const SimDuration delay = backoffDelay(ex.retriesDone + 1, policy_.backoffBase,
                                         policy_.backoffCap, policy_.jitter, rng());
  if (now() + delay >= ex.deadline) return finish(id, ex.lastStatus, ex.lastValues);
  note(ex.from.request, ex.attempts, kNoNode, "backoff", delay);
  ex.retryTimer = setTimer(std::max(delay, SimDuration{1}), tag(kRetryTimer, id));
}

void OutboundAmbassador::exhausted(Exchange& ex) {
  ++counters_.budgetExhausted;
  count(metrics_.budgetExhausted);
  note(ex.from.request, ex.attempts, kNoNode, "retry budget exhausted");
  if (exhaustedMilestone_.count(now()))
    milestone(words_.budgetExhausted, {budget_.extraTries(now()), budget_.allowance(now()),
                                       exhaustedMilestone_.take(now())});
}

bool OutboundAmbassador::withdraw() {
  // Teaching note: without the budget every failure may be retried, so a
  // sick replica multiplies the load on the healthy one (a retry storm).
  return budget_.tryWithdraw(now()) || !policy_.retryBudget;
}

void OutboundAmbassador::onOwnTimer(TimerHandle, std::uint64_t t) {
  if (static_cast<TimerKind>(t >> 56) == kHedgeTimer) return hedgeDue();
  const std::uint64_t id = t & ((std::uint64_t{1} << 56) - 1);
  Exchange* ex = exchanges_.find(id);
  if (!ex) return;
  ex->retryTimer = {};
  if (!withdraw()) {
    exhausted(*ex);
    return finish(id, ex->lastStatus, ex->lastValues);
  }
  ++ex->retriesDone;
  ++counters_.retries;
  count(metrics_.retries);
  if (!sendTry(id, *ex, (ex->last + 1) % upstreams_.size(), false)) {
    ++counters_.shortCircuited;
    count(metrics_.shortCircuited);
    finish(id, rpc::Status::Error, {kUnavailable});
  }
}

void OutboundAmbassador::hedgeDue() {
  hedges_.timer = TimerHandle{};
  hedges_.armedAt = SimTime{-1};
  while (!hedges_.empty() && hedges_.front().at <= now()) {
    const std::uint64_t id = hedges_.front().key;
    hedges_.popFront();
    Exchange* ex = exchanges_.find(id);
    if (ex && ex->attempts == 1 && ex->outstanding == 1) hedge(id, *ex);
  }
  // Requests answered (or failed) before their hedge was due need none.
  while (!hedges_.empty() && !exchanges_.find(hedges_.front().key)) hedges_.popFront();
  armDeadlines(hedges_, tag(kHedgeTimer, 0));
}

// The first try has had no answer for hedgeAfter: a second try to the other
// replica, if the budget allows.
void OutboundAmbassador::hedge(std::uint64_t id, Exchange& ex) {
  if (ex.hedged || !policy_.hedging) return;
  if (!withdraw()) return exhausted(ex);
  ex.hedged = true;
  const std::size_t other = (ex.last + 1) % upstreams_.size();
  if (!sendTry(id, ex, other, true)) return;
  ++counters_.hedges;
  count(metrics_.hedges);
  if (hedgeSentMilestone_.count(now()))
    milestone(words_.hedgeSent,
              {policy_.hedgeAfter.count() / 1000, hedgeSentMilestone_.take(now())},
              upstreams_[ex.last]);
}

void OutboundAmbassador::finish(std::uint64_t id, rpc::Status status, const rpc::Values& values) {
  Exchange* found = exchanges_.find(id);
  assert(found);
  Exchange& ex = *found;
  cancelTimer(ex.retryTimer);
  reply(ex.from, status, values);
  const SimDuration took = now() - ex.started;
  latency_.record(took.count());
  recent_.record(now(), took.count());
  if (status == rpc::Status::Ok)
    ++counters_.ok;
  else
    ++counters_.failed;
  note(ex.from.request, 0, kNoNode, status == rpc::Status::Ok ? "answered ok" : "answered error",
       took);
  exchanges_.erase(id);
}

void OutboundAmbassador::drainBreaker(std::size_t upstream) {
  const std::vector<circuit_breaker::Transition> ts = breakers_[upstream].takeTransitions();
  if (ts.empty()) return;
  for (const auto& m : breakerMilestones_[upstream].describe(ts, breakers_[upstream]))
    milestone(m.label, m.values, upstreams_[upstream]);
  for (const circuit_breaker::Transition& t : ts)
    note(0, 0, upstreams_[upstream],
         t.to == circuit_breaker::State::OPEN        ? "breaker OPEN"
         : t.to == circuit_breaker::State::HALF_OPEN ? "breaker HALF_OPEN"
                                                     : "breaker CLOSED");
}

void OutboundAmbassador::onReset() {
  exchanges_.clear();
  hedges_.clear();
  budget_.clear();
  breakers_.clear();
  for (std::size_t i = 0; i < upstreams_.size(); ++i)
    breakers_.emplace_back(policy_.breakerConfig, now());
  for (auto& m : breakerMilestones_) m.reset();
  roundRobin_ = 0;
}

}  // namespace cs::ambassador
