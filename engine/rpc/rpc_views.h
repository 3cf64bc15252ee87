// Building the window's views of request/response nodes (service_view.h)
// from the nodes and the statistics their RpcSystem keeps. Read-only: no
// draw from any random stream, nothing sent, no metric written. Kernel
// thread only.
#pragma once

#include "clusterscope/kernel.h"
#include "clusterscope/rpc/service_view.h"
#include "rpc/rpc_system.h"

namespace cs::rpc {

// REQUIRES: `node` is a ServiceNode added to `system`.
ServiceView serviceView(const Kernel& kernel, const RpcSystem& system, NodeId node);
// REQUIRES: `node` is a LoadGenerator added to `system`.
ClientView clientView(const Kernel& kernel, const RpcSystem& system, NodeId node);

}  // namespace cs::rpc
