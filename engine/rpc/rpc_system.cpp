// Vocabulary, names and statistics shared by the RPC nodes. See rpc_system.h.
#include "rpc/rpc_system.h"

#include "rpc/load_generator.h"
#include "rpc/service_node.h"

namespace cs::rpc {

const char* statusName(Status status) {
  switch (status) {
    case Status::Ok:
      return "ok";
    case Status::Error:
      return "error";
    case Status::Rejected:
      return "rejected";
    case Status::Timeout:
      return "timeout";
  }
  return "?";
}

RpcSystem::RpcSystem(Kernel& kernel) : kernel_(&kernel) {
  // A caller numbers its calls; the callee's Reply and the caller's timeout
  // repeat the number.
  words_.request = kernel.defineMessage(
      "Request", {"call", "method", "deadline", "arg0", "arg1", "arg2"}, Exchange::Request, "call");
  words_.reply = kernel.defineMessage(
      "Reply", {"call", "status", "value0", "value1", "value2", "value3"}, Exchange::Reply, "call",
      {"status",
       {statusName(Status::Ok), statusName(Status::Error), statusName(Status::Rejected),
        statusName(Status::Timeout)}});
  words_.rejecting =
      kernel.defineMilestone("rejecting", {"queued"},
                             "{node}'s queue is full ({queued} waiting): it rejects new requests");
  words_.accepting = kernel.defineMilestone("accepting", {"queued"},
                                            "{node}'s queue drained to {queued}: it accepts again");
  words_.timedOut = kernel.defineMilestone("timed-out", {"call", "method"},
                                           "{node} gave up waiting for {peer} (call {call})",
                                           Exchange::GaveUp, "call");
}

NodeId RpcSystem::add(std::string name, std::unique_ptr<Node> node) {
  const bool serves = dynamic_cast<const ServiceNode*>(node.get()) != nullptr;
  const NodeId id = kernel_->addNode(std::move(node));
  if (names_.size() <= id) names_.resize(id + 1);
  kernel_->nameNode(id, name);
  names_[id] = std::move(name);
  if (serves) {
    service(id);
    gauges(id);
  }
  if (dynamic_cast<const LoadGenerator*>(&kernel_->node(id))) {
    const std::string& n = names_[id];
    clients_.push_back(
        {id, metrics().define(MetricInfo::gauge("client." + n + ".failed_5s", "client", n,
                                                "failed_5s", MetricUnit::Percent))});
    metrics().set(clients_.back().failedRecent, -1);  // nothing measured yet
  }
  return id;
}

std::string RpcSystem::name(NodeId id) const {
  if (id < names_.size() && !names_[id].empty()) return names_[id];
  return "node" + std::to_string(id);
}

Stats& RpcSystem::define(const std::string& prefix, const std::string& family,
                         const std::string& subject) {
  auto s = std::make_unique<Stats>();
  s->name = prefix + "." + subject;
  Metrics& m = metrics();
  auto counter = [&](const char* measure) {
    return m.define(MetricInfo::counter(s->name + "." + measure, family, subject, measure));
  };
  // A percentile's name says its unit ("p99_us"); its measure does not.
  auto latency = [&](const char* measure) {
    return m.define(MetricInfo::gauge(s->name + "." + measure + "_us", family, subject, measure,
                                      MetricUnit::Microseconds));
  };
  s->ok = counter("ok");
  s->error = counter("error");
  s->rejected = counter("rejected");
  s->timeout = counter("timeout");
  s->late = counter("late");
  s->p50 = latency("p50");
  s->p90 = latency("p90");
  s->p99 = latency("p99");
  s->p99Recent = latency("p99_5s");
  stats_.push_back(std::move(s));
  return *stats_.back();
}

Stats& RpcSystem::service(NodeId callee) {
  if (services_.size() <= callee) services_.resize(callee + 1, nullptr);
  if (!services_[callee]) services_[callee] = &define("svc", "service", name(callee));
  return *services_[callee];
}

Stats& RpcSystem::path(NodeId caller, NodeId callee) {
  for (const PathKey& p : paths_)
    if (p.caller == caller && p.callee == callee) return *p.stats;
  Stats& s = define("path", "path", name(caller) + "->" + name(callee));
  paths_.push_back({caller, callee, &s});
  return s;
}

ServiceGauges& RpcSystem::gauges(NodeId service) {
  if (gauges_.size() <= service) gauges_.resize(service + 1);
  if (!gauges_[service]) {
    auto g = std::make_unique<ServiceGauges>();
    const std::string subject = name(service);
    auto gauge = [&](const char* measure) {
      return metrics().define(
          MetricInfo::gauge("svc." + subject + "." + measure, "service", subject, measure));
    };
    g->inflight = gauge("inflight");
    g->queue = gauge("queue");
    g->busy = gauge("busy");
    gauges_[service] = std::move(g);
  }
  return *gauges_[service];
}

const Stats* RpcSystem::findService(NodeId callee) const {
  return callee < services_.size() ? services_[callee] : nullptr;
}

const Stats* RpcSystem::findPath(NodeId caller, NodeId callee) const {
  for (const PathKey& p : paths_)
    if (p.caller == caller && p.callee == callee) return p.stats;
  return nullptr;
}

void RpcSystem::recordOutcome(Stats& path, Stats& service, Status status, SimDuration latency) {
  Metrics& m = metrics();
  for (Stats* s : {&path, &service}) {
    switch (status) {
      case Status::Ok:
        m.add(s->ok);
        break;
      case Status::Error:
        m.add(s->error);
        break;
      case Status::Rejected:
        m.add(s->rejected);
        break;
      case Status::Timeout:
        m.add(s->timeout);
        break;
    }
    s->latency.record(latency.count());
    s->recent.record(kernel_->now(), latency.count());
  }
}

void RpcSystem::recordLate(Stats& path, Stats& service) {
  metrics().add(path.late);
  metrics().add(service.late);
}

void RpcSystem::updateGauges() {
  Metrics& m = metrics();
  for (const auto& s : stats_) {
    const Histogram& w = s->latency.window;
    m.set(s->p50, w.p50());
    m.set(s->p90, w.p90());
    m.set(s->p99, w.p99());
    m.set(s->p99Recent, s->recent.last(kernel_->now()).p99());
    s->latency.roll();
  }
  for (const ClientGauge& c : clients_) {
    const auto& client = static_cast<const LoadGenerator&>(kernel_->node(c.client));
    m.set(c.failedRecent, client.recentFailedPercent(kernel_->now()));
  }
}

}  // namespace cs::rpc
