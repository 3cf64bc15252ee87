// The Ambassador pattern's checker. See ambassador_checker.h. Kernel thread
// only.
#include "patterns/ambassador/ambassador_checker.h"

#include <string>

namespace cs::ambassador {

AmbassadorChecker::AmbassadorChecker(const rpc::Words& words, CheckedNodes nodes,
                                     RetryBudget::Config budget)
    : words_(words), nodes_(nodes), budget_(budget) {}

void AmbassadorChecker::forget() {
  exchanges_.clear();
  requests_.clear();
  extras_.clear();
}

void AmbassadorChecker::onRecord(const TraceRecord& r) {
  const NodeId amb = nodes_.ambassador;
  if (r.kind == TraceKind::Crashed && r.node == amb) return forget();
  if (r.kind == TraceKind::Delivered && r.label == words_.request) {
    if ((r.peer == nodes_.replicas[0] || r.peer == nodes_.replicas[1]) &&
        (r.request >> 40) == nodes_.rogue)
      violate("request " + std::to_string(r.request) + " of the rogue client reached replica " +
              std::to_string(r.peer));
    if (r.peer == amb) {
      ++exchanges_[r.msg].deliveries;
      requests_.push_back(r.at);
    }
    return;
  }
  if (r.kind != TraceKind::Sent || r.node != amb || (r.flags & kFlagDuplicate)) return;
  auto it = exchanges_.find(r.cause);
  if (it == exchanges_.end()) return;  // delivered before a crash we forgot
  Exchange& e = it->second;
  if (r.label == words_.reply) {
    if (++e.answers > e.deliveries)
      violate("the ambassador answered request message " + std::to_string(r.cause) + " " +
              std::to_string(e.answers) + " times");
    if (e.answers >= e.deliveries) exchanges_.erase(it);
    return;
  }
  if (r.label != words_.request || ++e.tries <= e.deliveries) return;
  // An extra try: check the budget's bound.
  const SimDuration w = budget_.window;
  const SimDuration bucket = w / budget_.buckets;
  while (!requests_.empty() && requests_.front() <= r.at - w) requests_.pop_front();
  extras_.push_back(r.at);
  while (!extras_.empty() && extras_.front() <= r.at - w + bucket) extras_.pop_front();
  const auto requests = static_cast<std::int64_t>(requests_.size());
  const std::int64_t allowed =
      requests * budget_.percent / 100 + std::int64_t{budget_.minPerSecond} * w.count() / 1'000'000;
  if (static_cast<std::int64_t>(extras_.size()) > allowed)
    violate("the ambassador sent " + std::to_string(extras_.size()) +
            " extra tries in a window where the retry budget allows " + std::to_string(allowed) +
            " (" + std::to_string(requests) + " requests)");
}

}  // namespace cs::ambassador
