// The Pub/Sub pattern's words: the ids a message carries, the bodies of the
// messages publisher, broker and subscribers exchange (their integer fields
// in the order the Vocabulary names them, and the payloads that carry a
// batch), and the labels registered for messages and milestones. The names
// are a contract with the scenario files and the UI. Kernel thread only;
// payloads are immutable once sent and may be read by any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/kernel.h"

namespace cs::pubsub {

// A message's id in its topic, assigned by the broker when it stores the
// message: 1, 2, 3, ... per topic, never reused (Google Pub/Sub's messageId).
using Seq = std::uint64_t;
// The publisher's id for one publish, kept across its retries: 1, 2, 3, ...
// Two messages with the same PublishId are one publish stored twice (the
// acknowledgment of the first try was lost and the publisher tried again).
using PublishId = std::uint64_t;

// Message flags.
inline constexpr std::uint8_t kPoison = 1;  // the handler of a poisoned subscriber fails on it

// ProfileUpdated's attributes, as small enums (see filter.h for their names).
struct Attributes {
  std::uint8_t change = 0;  // which part of the profile changed
  std::uint8_t region = 0;  // where the user lives
};

// One message as the publisher hands it to the broker.
struct Outgoing {
  PublishId publish = 0;
  std::int64_t key = 0;  // the ordering key (a user id); 0: none
  Attributes attributes;
  std::uint8_t flags = 0;
};

// One message as the broker hands it to a subscriber.
struct Delivery {
  Seq message = 0;
  PublishId publish = 0;
  std::int64_t key = 0;
  std::uint32_t attempt = 0;  // 1 for the first delivery to this subscription
  std::uint8_t flags = 0;
};

// Publish: publish, count, key, change, region, flags. With count 1 the
// fields are the message; with more, a PublishBatch holds them all and the
// fields describe the first.
MessageFields publishFields(const Outgoing& first, std::size_t count);
Outgoing outgoingFrom(const MessageFields& fields);
class PublishBatch : public Payload {
 public:
  explicit PublishBatch(std::vector<Outgoing> messages) : messages(std::move(messages)) {}
  std::string describe() const override;  // "[publish 3 user 7, publish 4 user 2]"
  const std::vector<Outgoing> messages;
};

// PullResponse: subscription, pull, count, message, redeliveries, waiting.
// The DeliveryBatch holds every message; the fields name the first, how many
// of the batch are redeliveries (attempt 2 or later, so the canvas can show
// them apart) and how many more the subscription still has waiting after
// this batch. Message::request is the first message's publish.
class DeliveryBatch : public Payload {
 public:
  std::string describe() const override;  // "[message 12 user 7, message 13 user 2 (attempt 2)]"
  std::vector<Delivery> messages;         // filled before sending, never after
};

// Push: subscription, message, publish, key, attempt, flags.
MessageFields pushFields(std::int64_t subscription, const Delivery& d);
Delivery deliveryFromPush(const MessageFields& fields);

// Ack: subscription, count, message. With count > 1 an AckBatch lists them.
class AckBatch : public Payload {
 public:
  explicit AckBatch(std::vector<Seq> messages) : messages(std::move(messages)) {}
  std::string describe() const override;  // "[12, 13, 15]"
  const std::vector<Seq> messages;
};

// Every label the pattern registers, in one place.
struct Words {
  // Messages
  Label publish = kNoLabel;       // publisher -> broker
  Label publishAck = kNoLabel;    // broker -> publisher: publish, count, message (the first's id)
  Label pull = kNoLabel;          // subscriber -> broker: subscription, pull, maxMessages
  Label pullResponse = kNoLabel;  // broker -> subscriber
  Label push = kNoLabel;          // broker -> push endpoint
  Label ack = kNoLabel;           // subscriber -> broker
  Label nack = kNoLabel;          // subscriber -> broker: subscription, message, attempt, full
  // Milestones (fields in brackets)
  Label messagePublished = kNoLabel;  // publisher [publish, key, change, region, poison]
  Label publishAcked = kNoLabel;      // publisher [publish, message, attempts]
  Label publishRetried = kNoLabel;    // publisher [publish, count, attempt]
  Label duplicatePublish = kNoLabel;  // broker [publish, message]
  Label delivered = kNoLabel;         // subscriber [message, publish, subscription, attempt, key]
  Label redelivered = kNoLabel;       // broker [message, publish, subscription, attempt, reason]
  Label messageAcked = kNoLabel;      // broker [message, publish, subscription, attempt, latencyMs]
  Label handlerFailed = kNoLabel;     // subscriber [message, publish, subscription, attempt]
  Label duplicateDelivery = kNoLabel;   // subscriber [message, publish, subscription]
  Label deadLettered = kNoLabel;        // broker [message, publish, subscription, attempts,
                                        //         maxDeliveryAttempts, deadLetterMessage]
  Label messageExpired = kNoLabel;      // broker [message, publish, subscription]
  Label backlogGrowing = kNoLabel;      // broker [subscription, backlog]
  Label backlogDrained = kNoLabel;      // broker [subscription, peak]
  Label subscriberCaughtUp = kNoLabel;  // subscriber [subscription, processed]
  Label brokerRecovered = kNoLabel;     // broker [retained, backlog]
};

// Why the broker delivers a message again (the redelivered milestone's reason).
enum class RedeliveryReason : std::uint8_t {
  None = 0,           // a first delivery
  AckDeadline = 1,    // its ack deadline passed without an ack
  Nacked = 2,         // the subscriber said it could not process it
  BrokerRestart = 3,  // the broker restarted while the delivery was outstanding
};

// Registers every label. REQUIRES: the run has not begun; called once per kernel.
Words defineWords(Kernel& kernel);

}  // namespace cs::pubsub
