// The publisher: the profile service, which publishes a ProfileUpdated
// message whenever a user changes their profile. Open loop: updates arrive
// at a rate whether or not earlier publishes were acknowledged. Each message
// carries the user id as its ordering key and two attributes (which part
// changed, the user's region).
//
// A publish is done when the broker's PublishAck arrives. Until then the
// publisher keeps it, and when no acknowledgment came within `timeout` it
// sends the same publish again (same PublishId): at-least-once publishing.
// Each further try waits twice as long as the one before, up to maxBackoff,
// so an unreachable broker does not get a storm of retries.
// If only the acknowledgment was lost, the broker stores the message twice,
// and the duplicate is counted at both ends.
//
// Durable: the next PublishId (ids never repeat) and the counters.
// Volatile: the publishes waiting for an acknowledgment (a crashed publisher
// forgets them: it never told anyone they were published) and its timers.
// Kernel thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/pubsub/id_set.h"
#include "patterns/pubsub/pubsub_words.h"

namespace cs::pubsub {

struct PublisherOptions {
  NodeId broker = kNoNode;
  double rate = 10;                    // messages per second; 0: only on demand
  double jitter = 0.5;                 // 0: evenly spaced; 1: gaps uniform in (0, 2/rate]
  int batch = 1;                       // messages per Publish (the rate counts messages)
  int users = 20;                      // ordering keys are user ids 1 .. users
  SimDuration timeout{1'000'000};      // REQUIRES: > 0
  SimDuration maxBackoff{10'000'000};  // the longest wait for an ack before trying again
};

class Publisher : public Node {
 public:
  // Defines pubsub.published, pubsub.publish_acked, pubsub.publish_retries
  // and pubsub.duplicate_acks in `metrics`.
  Publisher(const Words& words, PublisherOptions options, Metrics& metrics);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // ---- Knobs ----
  // REQUIRES: rate >= 0. Takes effect from the next update.
  void setRate(double rate);
  // Publishes `count` updates now, one Publish each: for user `user` (0: a
  // random user each), of the part `change` (-1: random), poisoned or not.
  // REQUIRES: the node is not crashed (it may not have started yet).
  void publishNow(int count, std::int64_t user, int change, bool poison);

  // ---- Observations ----
  const PublisherOptions& options() const { return options_; }
  std::uint64_t published() const { return nextPublish_ - 1; }  // messages, first tries
  std::uint64_t acked() const { return acked_; }                // messages acknowledged
  std::uint64_t retries() const { return retries_; }            // Publish messages sent again
  std::uint64_t duplicateAcks() const { return duplicateAcks_; }
  std::uint64_t unacknowledged() const;  // messages waiting for their PublishAck

  enum TimerTag : std::uint64_t { kNextUpdate = 1, kRetry = 2 };

 private:
  // One Publish waiting for its acknowledgment; a batch is one unit.
  struct Pending {
    PublishId first = 0;
    std::uint32_t count = 1;
    std::uint32_t attempts = 1;
    SimTime deadline{};
    MessageFields fields{};
    std::shared_ptr<const PublishBatch> batch;  // null for one message
  };

  Outgoing make(std::int64_t user, int change, bool poison);
  void publishOne(const Outgoing& message);
  void publishBatch(std::vector<Outgoing> messages);
  // Sends a new Publish and waits for its acknowledgment.
  void track(Pending p);
  void sendPending(const Pending& p);
  void scheduleNext();
  void armRetry();
  SimDuration backoff(std::uint32_t attempts) const;
  void retry(Pending p);
  void retryExpired();
  void handleAck(const Message& m);

  const Words words_;
  PublisherOptions options_;
  Metrics* metrics_;
  MetricId publishedMetric_ = 0, ackedMetric_ = 0, retriesMetric_ = 0, duplicateAcksMetric_ = 0;

  // ---- Durable ----
  PublishId nextPublish_ = 1;
  IdSet ackedBatches_;  // every id of each acknowledged Publish; looked up by its first
  std::uint64_t acked_ = 0, retries_ = 0, duplicateAcks_ = 0;

  // ---- Volatile ----
  bool up_ = false;
  std::deque<Pending> fresh_;  // first tries; deadlines ascend
  // Tries after the first, by deadline (ties in the order they were sent).
  std::multimap<SimTime, Pending> retrying_;
  TimerHandle next_;
  TimerHandle retry_;
  SimTime retryAt_{};
};

}  // namespace cs::pubsub
