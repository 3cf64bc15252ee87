// The "processed" checker. See processed_checker.h. Kernel thread only.
#include "patterns/pubsub/processed_checker.h"

#include <string>

#include "clusterscope/kernel.h"
#include "patterns/pubsub/subscriber.h"

namespace cs::pubsub {

void ProcessedChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Milestone || r.label != world_.words.messageAcked ||
      r.node != world_.broker)
    return;
  for (const CheckedSubscription& s : world_.subscriptions)
    if (static_cast<std::int64_t>(s.index) == r.v[2])
      waiting_.push_back({&s, static_cast<Seq>(r.v[0]), static_cast<PublishId>(r.v[1])});
}

void ProcessedChecker::afterEvent(const Kernel& kernel) {
  std::size_t kept = 0;
  for (const Acked& a : waiting_) {
    const NodeId n = a.subscription->subscriber;
    if (static_cast<const Subscriber&>(kernel.node(n)).hasProcessed(a.publish)) continue;
    if (kernel.status(n) == NodeStatus::Crashed) {
      // Its queue went with the crash, and the broker has forgotten it.
      violate(a.subscription->name + " acknowledged message " + std::to_string(a.message) +
              " (publish " + std::to_string(a.publish) +
              ") before processing it and crashed: the message is lost");
      continue;
    }
    waiting_[kept++] = a;
  }
  waiting_.resize(kept);
}

}  // namespace cs::pubsub
