// Labels, message fields and payload descriptions of the Pub/Sub pattern.
// See pubsub_words.h. Kernel thread only.
#include "patterns/pubsub/pubsub_words.h"

#include "clusterscope/pubsub/pubsub_phrases.h"
#include "patterns/pubsub/filter.h"

namespace cs::pubsub {
namespace {

// A list for the inspector, cut after a few entries so a batch of a
// thousand stays one readable line.
template <class T, class Fn>
std::string describeList(const std::vector<T>& items, Fn one) {
  constexpr std::size_t kShown = 6;
  std::string s = "[";
  for (std::size_t i = 0; i < items.size() && i < kShown; ++i) {
    if (i) s += ", ";
    s += one(items[i]);
  }
  if (items.size() > kShown) s += ", ... " + std::to_string(items.size() - kShown) + " more";
  return s + "]";
}

// " and 4 more": the rest of a batch whose fields describe its first.
std::string andMore(std::int64_t count) {
  return count > 1 ? " and " + std::to_string(count - 1) + " more" : std::string();
}

std::string nameOf(std::int64_t value, const auto& names) {
  return value >= 0 && static_cast<std::size_t>(value) < names.size()
             ? std::string(names[static_cast<std::size_t>(value)])
             : std::to_string(value);
}

}  // namespace

MessageFields publishFields(const Outgoing& first, std::size_t count) {
  return {static_cast<std::int64_t>(first.publish),
          static_cast<std::int64_t>(count),
          first.key,
          first.attributes.change,
          first.attributes.region,
          first.flags};
}

Outgoing outgoingFrom(const MessageFields& f) {
  return {static_cast<PublishId>(f[0]), f[2],
          Attributes{static_cast<std::uint8_t>(f[3]), static_cast<std::uint8_t>(f[4])},
          static_cast<std::uint8_t>(f[5])};
}

std::string PublishBatch::describe() const {
  return describeList(messages, [](const Outgoing& m) {
    return "publish " + std::to_string(m.publish) + " user " + std::to_string(m.key) +
           ((m.flags & kPoison) ? " (poison)" : "");
  });
}

std::string DeliveryBatch::describe() const {
  return describeList(messages, [](const Delivery& d) {
    std::string s = "message " + std::to_string(d.message) + " user " + std::to_string(d.key);
    if (d.attempt > 1) s += " (attempt " + std::to_string(d.attempt) + ")";
    return s;
  });
}

std::string AckBatch::describe() const {
  return describeList(messages, [](Seq s) { return std::to_string(s); });
}

MessageFields pushFields(std::int64_t subscription, const Delivery& d) {
  return {subscription, static_cast<std::int64_t>(d.message), static_cast<std::int64_t>(d.publish),
          d.key,        static_cast<std::int64_t>(d.attempt), d.flags};
}

Delivery deliveryFromPush(const MessageFields& f) {
  return {static_cast<Seq>(f[1]), static_cast<PublishId>(f[2]), f[3],
          static_cast<std::uint32_t>(f[4]), static_cast<std::uint8_t>(f[5])};
}

Words defineWords(Kernel& k) {
  Words w;
  w.publish = k.defineMessage("Publish", {"publish", "count", "key", "change", "region", "flags"},
                              Exchange::Request, "publish");
  w.publishAck =
      k.defineMessage("PublishAck", {"publish", "count", "message"}, Exchange::Reply, "publish");
  w.pull =
      k.defineMessage("Pull", {"subscription", "pull", "maxMessages"}, Exchange::Request, "pull");
  w.pullResponse = k.defineMessage(
      "PullResponse", {"subscription", "pull", "count", "message", "redeliveries", "waiting"},
      Exchange::Reply, "pull");
  // A push endpoint's answer is its ack or nack; a pulling subscriber's acks
  // answer the messages of earlier PullResponses the same way.
  w.push =
      k.defineMessage("Push", {"subscription", "message", "publish", "key", "attempt", "flags"},
                      Exchange::Request, "message");
  w.ack = k.defineMessage("Ack", {"subscription", "count", "message"}, Exchange::Reply, "message");
  // full = 1: a push endpoint refused the message because its queue is full.
  w.nack = k.defineMessage("Nack", {"subscription", "message", "attempt", "full"}, Exchange::Reply,
                           "message");

  w.messagePublished =
      k.defineMilestone("message-published", {"publish", "key", "change", "region", "poison"},
                        "{node} publishes ProfileUpdated {publish} (ordering key: user {key})");
  w.publishAcked =
      k.defineMilestone("publish-acked", {"publish", "message", "attempts"},
                        "{node}'s publish {publish} is acknowledged: {peer} stored it durably as "
                        "message {message} (after {attempts} tries)");
  w.publishRetried = k.defineMilestone(
      "publish-retried", {"publish", "count", "attempt"},
      "{node} got no publish acknowledgment in time: it sends publish {publish} again "
      "(try {attempt}), so the broker may store it twice");
  w.duplicatePublish = k.defineMilestone(
      "duplicate-publish", {"publish", "message"},
      "{node} stores publish {publish} a second time, as message {message}: a duplicate");
  w.delivered =
      k.defineMilestone("delivered", {"message", "publish", "subscription", "attempt", "key"},
                        "{node} receives message {message} (delivery attempt {attempt})");
  w.redelivered = k.defineMilestone(
      "redelivered", {"message", "publish", "subscription", "attempt", "reason"},
      "{node} redelivers message {message} to {peer}: delivery attempt {attempt}");
  w.messageAcked = k.defineMilestone(
      "message-acked", {"message", "publish", "subscription", "attempt", "latencyMs"},
      "{peer} acknowledged message {message}: {node} removes it from the subscription's backlog "
      "({latencyMs} ms after it was published)");
  w.handlerFailed =
      k.defineMilestone("handler-failed", {"message", "publish", "subscription", "attempt"},
                        "{node}'s handler fails on message {message} (attempt {attempt}): it "
                        "sends a negative acknowledgment");
  w.duplicateDelivery = k.defineMilestone(
      "duplicate-delivery", {"message", "publish", "subscription"},
      "{node} already processed publish {publish}: it acknowledges message {message} again "
      "without repeating the work (an idempotent handler)");
  w.deadLettered = k.defineMilestone(
      "dead-lettered",
      {"message", "publish", "subscription", "attempts", "maxDeliveryAttempts",
       "deadLetterMessage"},
      "{node} gives up on message {message} for {peer} after {attempts} delivery attempts: it "
      "moves to the dead-letter topic as message {deadLetterMessage}");
  w.messageExpired = k.defineMilestone(
      "message-expired", {"message", "publish", "subscription"},
      "{node} discards message {message}: older than the subscription's retention period");
  w.backlogGrowing =
      k.defineMilestone("backlog-growing", {"subscription", "backlog"},
                        "the backlog of {peer}'s subscription grows: {backlog} messages unacked");
  w.backlogDrained = k.defineMilestone(
      "backlog-drained", {"subscription", "peak"},
      "the backlog of {peer}'s subscription is drained (it peaked at {peak} messages)");
  w.subscriberCaughtUp = k.defineMilestone(
      "subscriber-caught-up", {"subscription", "processed"},
      "{node} has caught up: nothing waits for it any more ({processed} messages processed)");
  w.brokerRecovered = k.defineMilestone(
      "broker-recovered", {"retained", "backlog"},
      "{node} restarted and read {retained} retained messages back from durable storage; its "
      "subscriptions hold {backlog} unacknowledged deliveries");
  return w;
}

std::vector<MessagePhrase> pubsubPhrases() {
  return {
      MessagePhrase("Publish", "Publish {publish}: ProfileUpdated for user {key}{change}{count}")
          .with("change",
                [](std::int64_t change, const PhraseFields& f) {
                  return " (" + nameOf(change, kChanges) + " changed, region " +
                         nameOf(f["region"], kRegions) + ")" +
                         ((f["flags"] & kPoison) ? ", a poison message" : "");
                })
          .with("count", [](std::int64_t count, const PhraseFields&) { return andMore(count); }),
      MessagePhrase("PublishAck",
                    "PublishAck for publish {publish}: stored as message {message}{count}")
          .with("count",
                [](std::int64_t count, const PhraseFields&) {
                  return count > 1 ? " (" + std::to_string(count) + " messages in the batch)"
                                   : std::string();
                })
          .judged(Verdict::Success),
      {"Pull", "Pull #{pull}: send me up to {maxMessages} messages"},
      MessagePhrase("PullResponse", "PullResponse #{pull}: {count}")
          .with("count",
                [](std::int64_t count, const PhraseFields& f) {
                  if (count == 0) return std::string("no messages waiting");
                  const std::string first = "message " + std::to_string(f["message"]);
                  std::string s =
                      count == 1 ? first : std::to_string(count) + " messages from " + first;
                  if (f["redeliveries"] > 0)
                    s += count == 1
                             ? " (redelivered)"
                             : ", " + std::to_string(f["redeliveries"]) + " of them redelivered";
                  return s + "; " + std::to_string(f["waiting"]) + " more waiting";
                }),
      MessagePhrase("Push",
                    "Push message {message} (publish {publish}, user {key}): delivery attempt "
                    "{attempt}{flags}")
          .with("flags",
                [](std::int64_t flags, const PhraseFields&) {
                  return (flags & kPoison) ? std::string(", a poison message") : std::string();
                }),
      MessagePhrase("Ack", "Ack message {message}{count}: processed, remove it from the backlog")
          .with("count", [](std::int64_t count, const PhraseFields&) { return andMore(count); })
          .judged(Verdict::Success),
      MessagePhrase("Nack", "Nack message {message} after delivery attempt {attempt}: {full}",
                    "full", {"the handler failed", "my queue is full"})
          .judged(Verdict::Failure),
  };
}

}  // namespace cs::pubsub
