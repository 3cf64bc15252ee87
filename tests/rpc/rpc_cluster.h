// Helpers shared by the RPC tests: a caller that records every outcome, and
// trace queries. Test thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "clusterscope/kernel.h"
#include "rpc/load_generator.h"
#include "rpc/rpc_node.h"
#include "rpc/rpc_system.h"
#include "rpc/service_node.h"

namespace cs::rpc::testing {

// Makes calls on demand (from the test) and keeps every outcome.
class Caller : public RpcNode {
 public:
  using RpcNode::RpcNode;
  std::vector<Outcome> outcomes;

  CallId callNow(NodeId to, std::int64_t method, const Args& args, RequestId request,
                 SimDuration timeout) {
    return call(to, method, args, request, timeout);
  }

 protected:
  void onOutcome(const Outcome& o) override { outcomes.push_back(o); }
};

inline constexpr SimDuration ms(std::int64_t n) {
  return SimDuration{n * 1000};
}

template <class T>
T& addNode(RpcSystem& system, const char* name, std::unique_ptr<T> node) {
  T& ref = *node;
  system.add(name, std::move(node));
  return ref;
}

// Every retained trace record of `kind`, in order.
inline std::vector<TraceRecord> records(const Kernel& k, TraceKind kind) {
  std::vector<TraceRecord> out;
  for (std::uint64_t s = k.trace().firstRetained(); s <= k.trace().count(); ++s)
    if (k.trace().at(s).kind == kind) out.push_back(k.trace().at(s));
  return out;
}

inline std::int64_t metric(const Kernel& k, const char* name) {
  const auto id = k.metrics().find(name);
  return id ? k.metrics().value(*id) : -1;
}

}  // namespace cs::rpc::testing
