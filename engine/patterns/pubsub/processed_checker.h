// The Pub/Sub pattern's "processed" invariant, outside the subscribers'
// code: every message the broker records as acknowledged for a subscription
// is processed by that subscription's subscriber. An ack tells the broker to
// forget the message, so a subscriber that crashes holding a message it
// acknowledged but has not processed has lost it: no one will deliver it
// again. Checked from the broker's messageAcked milestones and each
// subscriber's durable record of the publishes it processed
// (Subscriber::hasProcessed), after every event. Kernel thread only.
#pragma once

#include <string_view>
#include <vector>

#include "clusterscope/checker.h"
#include "patterns/pubsub/pubsub_checker.h"

namespace cs::pubsub {

class ProcessedChecker : public Checker {
 public:
  explicit ProcessedChecker(CheckedWorld world) : world_(std::move(world)) {}
  std::string_view name() const override {
    return "every acknowledged message is processed by its subscriber";
  }
  std::string_view meaning() const override {
    return "an ack tells the broker to forget a message: sent before the work is done, a crash "
           "loses it";
  }
  void onRecord(const TraceRecord& record) override;
  void afterEvent(const Kernel& kernel) override;

 private:
  struct Acked {
    const CheckedSubscription* subscription;
    Seq message;
    PublishId publish;
  };
  CheckedWorld world_;
  // Acknowledged and not yet seen processed: with the rule on, emptied by
  // the next afterEvent; with it off, the subscriber's unprocessed queue.
  std::vector<Acked> waiting_;
};

}  // namespace cs::pubsub
