// Naive retries of failed downstream calls. See retrying_service.h. Kernel
// thread only.
#include "patterns/circuit_breaker/retrying_service.h"

#include <cassert>

namespace cs::circuit_breaker {

RetryingService::RetryingService(rpc::RpcSystem& system, rpc::ServiceOptions options,
                                 int naiveRetries)
    : ServiceNode(system, std::move(options)), naiveRetries_(naiveRetries) {
  assert(naiveRetries >= 0);
}

void RetryingService::setNaiveRetries(int retries) {
  assert(retries >= 0);
  naiveRetries_ = retries;
}

void RetryingService::defineRetryMetric() {
  if (metricDefined_) return;
  metricDefined_ = true;
  retriesMetric_ = system().metrics().define(
      MetricInfo::counter("svc." + name() + ".retries", "service", name(), "retries"));
}

RetryingService::Next RetryingService::afterCall(Job& job, const rpc::Outcome& o) {
  // job.step counts the retries made for this request so far.
  if (o.status != rpc::Status::Ok && job.step < naiveRetries_) {
    // Teaching note: this is the whole mistake. The retry goes out at once,
    // to a dependency that just failed or is too busy to answer, even when
    // our own caller has already given up; nothing limits how many retries
    // are in flight across all requests.
    ++job.step;
    ++retriesSent_;
    defineRetryMetric();
    system().metrics().add(retriesMetric_);
    return process(job);
  }
  return ServiceNode::afterCall(job, o);
}

}  // namespace cs::circuit_breaker
