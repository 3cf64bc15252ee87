// The request/response nodes' views. See rpc_views.h.
#include "rpc/rpc_views.h"

#include "rpc/load_generator.h"
#include "rpc/service_node.h"

namespace cs::rpc {

ServiceView serviceView(const Kernel& kernel, const RpcSystem& system, NodeId node) {
  const auto& svc = static_cast<const ServiceNode&>(kernel.node(node));
  ServiceView v;
  v.id = node;
  v.name = system.name(node);
  v.workersBusy = svc.busyWorkers();
  v.workers = svc.options().workers;
  v.queueLength = svc.queueLength();
  v.queueCapacity = svc.options().queueCapacity;
  v.processing = svc.options().processing.view();
  v.errorRate = svc.options().errorRate;
  if (const Stats* st = system.findService(node)) {
    const Metrics& m = kernel.metrics();
    v.outcomes = {static_cast<std::uint64_t>(m.value(st->ok)),
                  static_cast<std::uint64_t>(m.value(st->error)),
                  static_cast<std::uint64_t>(m.value(st->rejected)),
                  static_cast<std::uint64_t>(m.value(st->timeout))};
    v.p99 = SimDuration{m.value(st->p99)};
    v.p99Recent = SimDuration{m.value(st->p99Recent)};
  }
  return v;
}

ClientView clientView(const Kernel& kernel, const RpcSystem& system, NodeId node) {
  const auto& client = static_cast<const LoadGenerator&>(kernel.node(node));
  ClientView v;
  v.id = node;
  v.name = system.name(node);
  v.rate = client.options().rate;
  v.sent = client.sent();
  v.outcomes = {client.outcomes(Status::Ok), client.outcomes(Status::Error),
                client.outcomes(Status::Rejected), client.outcomes(Status::Timeout)};
  v.failedRecentPercent = client.recentFailedPercent(kernel.now());
  return v;
}

}  // namespace cs::rpc
