// The broker: topics with retained messages and subscriptions with their
// own backlogs (see topic.h and subscription.h). It
//   - stores each Publish in the topic's log and then acknowledges it
//     (PublishAck): what it acknowledged is in durable storage;
//   - delivers each message to every subscription whose filter matches:
//     pushes it to the subscription's endpoint (Push, one message each) or
//     answers the subscriber's Pull with a batch (PullResponse), within the
//     subscription's flow control (maxOutstanding leased at once);
//   - redelivers what is not acknowledged in time (ackDeadline) or is
//     negatively acknowledged (Nack), and after maxDeliveryAttempts moves the
//     message to the dead-letter topic instead; a push endpoint that nacks
//     is pushed to again only after a backoff (push_backoff.h);
//   - discards messages older than the retention period.
//
// Publishes go to topic 0. Durable: the topics' logs and the subscriptions'
// slots (which message is acknowledged, how many delivery attempts each
// had), the set of publish ids seen, the settings and the counters.
// Volatile: leases, waiting pulls, delivery cursors, timers. A restarted
// broker delivers again from each subscription's oldest unacknowledged
// message, so nothing it acknowledged is lost. With durable = false
// (a teaching contrast) a crash loses every retained message too.
// Kernel thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/pubsub/id_set.h"
#include "patterns/pubsub/pubsub_words.h"
#include "patterns/pubsub/push_backoff.h"
#include "patterns/pubsub/subscription.h"
#include "patterns/pubsub/topic.h"
#include "rpc/histogram.h"

namespace cs::pubsub {

struct BrokerOptions {
  std::vector<std::string> topics;  // names; publishes go to the first
  std::vector<SubscriptionConfig> subscriptions;
  bool durable = true;
  // backlog-growing when a backlog reaches this many messages; 0: never.
  std::uint64_t backlogAlarm = 20;
};

// Per-subscription metric ids: pubsub.<subscription>.{delivered, acked,
// redelivered, dead_lettered, expired} (counters), .{backlog, outstanding}
// (gauges) and .{p50_us, p99_us} (publish-to-ack latency over the last
// sample interval).
struct SubscriptionMetrics {
  MetricId delivered = 0, acked = 0, redelivered = 0, deadLettered = 0, expired = 0;
  MetricId backlog = 0, outstanding = 0, p50 = 0, p99 = 0;
  rpc::WindowedHistogram latency;
};

class Broker : public Node {
 public:
  // Defines the broker's metrics in `metrics` (pubsub.stored,
  // pubsub.duplicates, pubsub.retained and the per-subscription ones).
  Broker(const Words& words, BrokerOptions options, Metrics& metrics);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // ---- Knobs (settings: they survive a crash) ----
  void setAckDeadline(std::size_t subscription, SimDuration deadline);
  void setMaxDeliveryAttempts(std::size_t subscription, int attempts);
  void setMaxOutstanding(std::size_t subscription, int messages);
  void setRetention(SimDuration retention);
  // Delivers what the settings now allow. REQUIRES: the node is not paused
  // (a crashed or not yet started broker does nothing).
  void poke();

  // ---- Observations ----
  std::size_t topicCount() const { return topics_.size(); }
  const Topic& topic(std::size_t i) const { return topics_.at(i); }
  std::size_t subscriptionCount() const { return subs_.size(); }
  const Subscription& subscription(std::size_t i) const { return subs_.at(i); }
  const SubscriptionMetrics& subscriptionMetrics(std::size_t i) const { return subMetrics_.at(i); }
  bool durable() const { return options_.durable; }
  std::uint64_t stored() const { return stored_; }          // messages stored, duplicates too
  std::uint64_t duplicates() const { return duplicates_; }  // publishes stored again
  std::uint64_t restarts() const { return restarts_; }
  // Sets the gauges and rolls the latency windows; call before each sample.
  void publishGauges();

  // kPushResume + i: subscription i's push backoff has passed.
  enum TimerTag : std::uint64_t { kLeaseTimer = 1, kRetentionTimer = 2, kPushResume = 16 };

 private:
  struct WaitingPull {
    bool active = false;
    NodeId from = kNoNode;
    std::int64_t pull = 0;
    int maxMessages = 0;
    MessageId message = 0;
  };

  void handlePublish(const Message& m);
  void handlePull(const Message& m);
  void handleAck(const Message& m);
  void handleNack(const Message& m);
  Seq store(std::size_t topic, TopicMessage message);
  void pump(std::size_t sub);
  void pumpTopic(std::size_t topic);
  void pushAll(std::size_t sub);
  void answerPull(std::size_t sub);
  Delivery deliver(std::size_t sub, const Subscription::Next& next);
  void acked(std::size_t sub, Seq seq, NodeId from);
  void released(std::size_t sub, Seq seq, Subscription::Release release);
  void deadLetter(std::size_t sub, Seq seq);
  void checkBacklog(std::size_t sub);
  void trim(std::size_t topic);
  void armLeaseTimer(SimTime deadline);
  void expireLeases();
  void armRetentionTimer();
  void expireRetention();
  bool validSubscription(std::int64_t sub) const {
    return sub >= 0 && static_cast<std::size_t>(sub) < subs_.size();
  }

  const Words words_;
  BrokerOptions options_;
  Metrics* metrics_;
  MetricId storedMetric_ = 0, duplicatesMetric_ = 0, retainedMetric_ = 0;
  std::vector<SubscriptionMetrics> subMetrics_;
  std::vector<std::vector<std::size_t>> topicSubs_;  // by topic: its subscriptions

  // ---- Durable ----
  std::vector<Topic> topics_;
  std::vector<Subscription> subs_;
  IdSet seen_;  // publish ids stored, to count duplicates
  std::uint64_t stored_ = 0, duplicates_ = 0, restarts_ = 0;
  bool startedBefore_ = false;

  // ---- Volatile ----
  bool up_ = false;
  std::vector<WaitingPull> waiting_;  // by subscription
  std::vector<PushBackoff> backoff_;  // by subscription (push ones only use it)
  TimerHandle leaseTimer_;
  SimTime leaseTimerAt_{};
  TimerHandle retentionTimer_;
  SimTime retentionAt_{};
};

}  // namespace cs::pubsub
