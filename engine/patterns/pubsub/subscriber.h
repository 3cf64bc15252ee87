// A subscriber: a service that consumes one subscription (email,
// search-index, recommendation, analytics). Messages arrive by push (the
// broker sends each one) or pull (the subscriber asks for a batch when it has
// nothing left to do, and the broker holds the request until it has
// something). One worker handles them in arrival order, each for its
// processing time; then the subscriber acknowledges it (push: at once; pull:
// acks are batched until the worker waits or runs dry) or, if the handler
// failed, sends a Nack so the broker redelivers it.
//
// The handler is idempotent: it remembers which publishes it has processed
// and does not repeat the work for a duplicate (a redelivery, or a publish
// stored twice), but acknowledges it again. It remembers them for as long as
// the broker may still deliver a copy (processed_ids.h), so its record stays
// the size of that stretch of the run. One subscriber may fail on every
// poison message (failsOnPoison): those exhaust their delivery attempts and
// land in the dead-letter topic.
//
// Durable: the publishes processed (the service's own database), the
// processing time setting and the counters. Volatile: received messages not
// yet handled, acks not yet sent, the outstanding pull. Kernel thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "clusterscope/kernel.h"
#include "clusterscope/ring.h"
#include "patterns/pubsub/processed_ids.h"
#include "patterns/pubsub/pubsub_words.h"
#include "patterns/pubsub/subscription.h"
#include "rpc/processing_time.h"

namespace cs::pubsub {

struct SubscriberOptions {
  NodeId broker = kNoNode;
  std::int64_t subscription = 0;  // the broker's index of the subscription
  DeliveryMode delivery = DeliveryMode::Pull;
  rpc::ProcessingTime processing = rpc::ProcessingTime::constant(SimDuration{10'000});
  // The longest one message takes under `processing`, and whether the
  // slow-consumer verb chose it: what the window shows of it.
  SimDuration processingSlowest{10'000};
  bool slowed = false;
  bool failsOnPoison = false;
  // Ack once processed (at-least-once); false: ack on receipt (the unsafe
  // switch: at-most-once, so a crash before processing loses the message).
  bool ackAfterProcessing = true;
  SimDuration pullTimeout{1'000'000};  // asks again when a pull got no answer in this time
  int maxMessages = 1000;              // asked per pull; the broker's flow control may give fewer
  // A push endpoint's server queue: it holds at most this many pushes and
  // answers one more with an error (a Nack), as a web server answers 429.
  std::size_t pushQueueLimit = 100;
  // Behind when told that this many messages wait (or after a restart);
  // caught up when nothing waits and every message received is handled.
  std::uint64_t behindThreshold = 20;
  // How long a processed publish is remembered: twice the subscription's
  // retention, since a copy delivered just before the broker discards it
  // may still wait in this subscriber's queue before it is handled.
  SimDuration remember{1'200'000'000};
};

class Subscriber : public Node {
 public:
  Subscriber(const Words& words, SubscriberOptions options);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // ---- Knobs ----
  void setProcessing(rpc::ProcessingTime processing, SimDuration slowest, bool slowed) {
    options_.processing = std::move(processing);
    options_.processingSlowest = slowest;
    options_.slowed = slowed;
  }

  // Configuration: survives a crash.
  void setAckAfterProcessing(bool on) { options_.ackAfterProcessing = on; }
  // The subscription's retention grew: copies may come for longer.
  void rememberAtLeast(SimDuration d) { done_.lengthen(d); }

  // ---- Observations ----
  const SubscriberOptions& options() const { return options_; }
  std::uint64_t received() const { return received_; }    // deliveries, duplicates too
  std::uint64_t processed() const { return processed_; }  // distinct publishes handled
  std::uint64_t duplicates() const { return duplicates_; }
  std::uint64_t failures() const { return failures_; }  // handler failures (nacks sent)
  std::uint64_t refused() const { return refused_; }    // pushes answered "full" (nacks sent)
  std::size_t queued() const { return queue_.size(); }  // received, not yet handled
  bool busy() const { return busy_; }
  bool behind() const { return behind_; }
  // Whether `publish` was processed within the time it is remembered for.
  bool hasProcessed(PublishId publish) const { return done_.contains(publish); }
  const ProcessedIds& processedIds() const { return done_; }
  const Delivery& lastHandled() const { return last_; }

  enum TimerTag : std::uint64_t { kWork = 1, kPullTimeout = 2 };

 private:
  void receive(const Delivery& d);
  void onPush(const Delivery& d);
  void onPullResponse(const Message& m);
  // Handles queued messages until one takes time (then waits for kWork) or
  // none is left (then acks, and pulls for more).
  void work();
  void handle(const Delivery& d);
  void ack(const Delivery& d);
  void nack(const Delivery& d, bool full);
  void flushAcks();
  void pullIfIdle();
  void checkCaughtUp();

  const Words words_;
  SubscriberOptions options_;

  // ---- Durable ----
  ProcessedIds done_;  // publishes processed, while a copy may still come
  std::uint64_t received_ = 0, processed_ = 0, duplicates_ = 0, failures_ = 0, refused_ = 0;
  std::int64_t pullId_ = 0;  // pull ids never repeat, so a late answer is recognised
  bool startedBefore_ = false;
  Delivery last_;

  // ---- Volatile ----
  bool up_ = false;
  Ring<Delivery> queue_;
  bool busy_ = false;  // the front of queue_ is being handled until kWork fires
  TimerHandle work_;
  std::vector<Seq> acks_;
  PublishId firstAckPublish_ = 0;
  bool pullOutstanding_ = false;
  TimerHandle pullTimer_;
  bool behind_ = false;
  bool toldNothingWaits_ = false;  // the last PullResponse said no more messages wait
};

}  // namespace cs::pubsub
