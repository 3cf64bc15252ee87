// The breaker's safety checker. See breaker_checker.h. Kernel thread only.
#include "patterns/circuit_breaker/breaker_checker.h"

#include <algorithm>
#include <string>

namespace cs::circuit_breaker {

BreakerChecker::BreakerChecker(const BreakerWords& words, const rpc::Words& rpcWords, NodeId owner,
                               NodeId service, int permittedInHalfOpen, bool startsEnabled)
    : words_(words),
      rpc_(rpcWords),
      owner_(owner),
      service_(service),
      permitted_(permittedInHalfOpen),
      state_(startsEnabled ? State::CLOSED : State::DISABLED) {}

void BreakerChecker::forget(std::int64_t call) {
  probes_.erase(std::remove(probes_.begin(), probes_.end(), call), probes_.end());
}

void BreakerChecker::onRecord(const TraceRecord& r) {
  switch (r.kind) {
    case TraceKind::Crashed:
      if (r.node == owner_) {  // the breaker is volatile: it comes back CLOSED
        state_ = State::CLOSED;
        probes_.clear();
      }
      return;
    case TraceKind::Milestone: {
      if (r.node != owner_) return;
      if (r.label == rpc_.timedOut) {
        if (r.peer == service_) forget(r.v[0]);
        return;
      }
      if (r.peer != service_) return;
      if (r.label == words_.opened) {
        state_ = State::OPEN;
      } else if (r.label == words_.halfOpen) {
        state_ = State::HALF_OPEN;
        probes_.clear();
      } else if (r.label == words_.closed || r.label == words_.reset) {
        state_ = State::CLOSED;
      } else if (r.label == words_.forcedOpen) {
        state_ = State::FORCED_OPEN;
      } else if (r.label == words_.disabled) {
        state_ = State::DISABLED;
      }
      return;
    }
    case TraceKind::Delivered:
      if (r.label == rpc_.reply && r.node == service_ && r.peer == owner_) forget(r.v[0]);
      return;
    case TraceKind::Sent: {
      if (r.label != rpc_.request || r.node != owner_ || r.peer != service_) return;
      if (r.flags & kFlagDuplicate) return;
      const std::string call = "call " + std::to_string(r.v[0]);
      if (state_ == State::OPEN || state_ == State::FORCED_OPEN) {
        violate("node " + std::to_string(owner_) + " sent a request (" + call + ") to node " +
                std::to_string(service_) + " while its breaker was " + stateName(state_));
      } else if (state_ == State::HALF_OPEN) {
        probes_.push_back(r.v[0]);
        if (static_cast<int>(probes_.size()) > permitted_)
          violate("node " + std::to_string(owner_) + " has " + std::to_string(probes_.size()) +
                  " probe requests out to node " + std::to_string(service_) +
                  " while HALF_OPEN permits " + std::to_string(permitted_) + " (" + call + ")");
      }
      return;
    }
    default:
      return;
  }
}

}  // namespace cs::circuit_breaker
