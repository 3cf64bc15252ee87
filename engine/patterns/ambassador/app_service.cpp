// Service A: one call to B per request. See app_service.h. Kernel thread only.
#include "patterns/ambassador/app_service.h"

namespace cs::ambassador {

AppService::AppService(rpc::RpcSystem& system, rpc::ServiceOptions options, NodeId downstream,
                       SimDuration timeout)
    : ServiceNode(system, std::move(options)), downstream_(downstream), timeout_(timeout) {}

AppService::Next AppService::process(Job& job) {
  return Next::call(downstream_, kFetchB, job.args, timeout_);
}

}  // namespace cs::ambassador
