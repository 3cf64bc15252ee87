// Identity check and forwarding. See inbound_ambassador.h. Kernel thread only.
#include "patterns/ambassador/inbound_ambassador.h"

#include <algorithm>

namespace cs::ambassador {

InboundAmbassador::InboundAmbassador(rpc::RpcSystem& system, const AmbassadorWords& words,
                                     NodeId service, std::vector<std::int64_t> validIdentities)
    : RpcNode(system), words_(words), service_(service), identities_(std::move(validIdentities)) {}

void InboundAmbassador::defineMetrics() {
  if (metricsDefined_) return;
  metricsDefined_ = true;
  const std::string prefix = "amb." + name() + ".";
  auto counter = [&](const char* measure) {
    return system().metrics().define(
        MetricInfo::counter(prefix + measure, "ambassador", name(), measure));
  };
  refusedMetric_ = counter("identity_rejected");
  forwardedMetric_ = counter("forwarded");
}

bool InboundAmbassador::valid(std::int64_t identity) const {
  return std::find(identities_.begin(), identities_.end(), identity) != identities_.end();
}

void InboundAmbassador::onRequest(const Message& m) {
  defineMetrics();
  const rpc::RequestBody body = rpc::RequestBody::from(m);
  if (!valid(body.args[2])) {
    ++refused_;
    system().metrics().add(refusedMetric_);
    // A rogue's stream of calls makes one milestone a second, not one each.
    if (refusals_.count(now()))
      milestone(words_.identityRejected, {body.args[2], refusals_.take(now())}, m.from);
    reply(replyTo(m), rpc::Status::Error, {kForbidden});
    return;
  }
  ++forwarded_;
  system().metrics().add(forwardedMetric_);
  const SimDuration left = std::max(body.deadline - now(), SimDuration{1});
  const rpc::CallId c = call(service_, body.method, body.args, m.request, left, 0, m.id);
  waiting_.insert(c) = replyTo(m);
}

void InboundAmbassador::onOutcome(const rpc::Outcome& o) {
  const rpc::ReplyTo* found = waiting_.find(o.call);
  if (!found) return;
  const rpc::ReplyTo to = *found;
  waiting_.erase(o.call);
  if (o.status == rpc::Status::Timeout)
    reply(to, rpc::Status::Error, {kGatewayTimeout});
  else
    reply(to, o.status, o.values);
}

void InboundAmbassador::onReset() {
  waiting_.clear();
}

}  // namespace cs::ambassador
