// Receiving, handling and acknowledging messages of one subscription. See
// subscriber.h. Kernel thread only.
#include "patterns/pubsub/subscriber.h"

#include <memory>

namespace cs::pubsub {
namespace {

// A queued delivery already acknowledged on receipt (the unsafe switch). Kept
// in the subscriber's own copy only: the broker's flags never use this bit.
constexpr std::uint8_t kAckedOnReceipt = 0x80;

}  // namespace

Subscriber::Subscriber(const Words& words, SubscriberOptions options)
    : words_(words), options_(std::move(options)), done_(options_.remember) {}

void Subscriber::onStart() {
  up_ = true;
  // Whatever piled up while it was down waits for it now.
  if (startedBefore_) behind_ = true;
  startedBefore_ = true;
  pullIfIdle();
}

void Subscriber::onCrash() {
  up_ = false;
  queue_.clear();
  busy_ = false;
  work_ = TimerHandle{};
  acks_.clear();
  pullOutstanding_ = false;
  pullTimer_ = TimerHandle{};
  behind_ = false;
  toldNothingWaits_ = false;
}

void Subscriber::onMessage(const Message& m) {
  if (m.kind == words_.push) {
    onPush(deliveryFromPush(m.fields));
  } else if (m.kind == words_.pullResponse) {
    onPullResponse(m);
  }
}

void Subscriber::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag == kWork) {
    work_ = TimerHandle{};
    work();
  } else if (tag == kPullTimeout) {
    pullTimer_ = TimerHandle{};
    pullOutstanding_ = false;
    pullIfIdle();
  }
}

// The broker's flow control counts the deliveries it leased, but a lease
// also ends by ack deadline or retention while its copy still waits here;
// the broker then pushes more, and a slow endpoint's queue would grow for
// ever. So the endpoint bounds its own queue, as a real push endpoint's
// server does: a push it cannot hold is answered at once with an error,
// which the broker takes as a nack (and backs off its pushes). The message
// stays in the backlog and comes again; like any nack, the refusal counts
// as a delivery attempt, so maxDeliveryAttempts may dead-letter it.
void Subscriber::onPush(const Delivery& d) {
  if (queue_.size() >= options_.pushQueueLimit) {
    ++refused_;
    nack(d, true);
    return;
  }
  receive(d);
  if (!busy_) work();
}

void Subscriber::receive(const Delivery& d) {
  ++received_;
  milestone(words_.delivered,
            {static_cast<std::int64_t>(d.message), static_cast<std::int64_t>(d.publish),
             options_.subscription, d.attempt, d.key},
            options_.broker);
  if (options_.ackAfterProcessing) {
    queue_.push_back(d);
    return;
  }
  // Teaching note: acknowledged now, the message is the broker's no longer;
  // if this subscriber crashes before handling it, nobody ever will.
  ack(d);
  Delivery early = d;
  early.flags |= kAckedOnReceipt;
  queue_.push_back(early);
}

void Subscriber::onPullResponse(const Message& m) {
  if (m.fields[1] == pullId_) {
    pullOutstanding_ = false;
    cancelTimer(pullTimer_);
  }
  // An answer to a pull given up on still carries leased messages: take them.
  const auto waiting = static_cast<std::uint64_t>(m.fields[5]);
  toldNothingWaits_ = waiting == 0;
  if (waiting >= options_.behindThreshold) behind_ = true;
  for (const Delivery& d : static_cast<const DeliveryBatch&>(*m.payload).messages) receive(d);
  if (!busy_) work();
}

void Subscriber::work() {
  while (!queue_.empty()) {
    if (!busy_) {
      // A duplicate is recognised at once: the work is not done again.
      const SimDuration t =
          done_.contains(queue_.front().publish) ? SimDuration{0} : options_.processing.draw(rng());
      if (t.count() > 0) {
        // Acks already earned go out before the worker is busy for a while.
        flushAcks();
        busy_ = true;
        work_ = setTimer(t, kWork);
        return;
      }
    }
    busy_ = false;
    const Delivery d = queue_.front();
    queue_.pop_front();
    handle(d);
  }
  flushAcks();
  checkCaughtUp();
  pullIfIdle();
}

void Subscriber::handle(const Delivery& d) {
  const MessageFields who = {static_cast<std::int64_t>(d.message),
                             static_cast<std::int64_t>(d.publish), options_.subscription,
                             d.attempt};
  const bool acked = d.flags & kAckedOnReceipt;
  if ((d.flags & kPoison) && options_.failsOnPoison) {
    ++failures_;
    milestone(words_.handlerFailed, who, options_.broker);
    if (!acked) nack(d, false);  // acked on receipt: too late to ask for it again
    return;
  }
  // Teaching note: at-least-once delivery means the same publish may come
  // again; an idempotent handler does the work once and acks every copy.
  if (done_.insert(d.publish, now())) {
    ++processed_;
  } else {
    ++duplicates_;
    milestone(words_.duplicateDelivery, {who[0], who[1], who[2]}, options_.broker);
  }
  last_ = d;
  if (!acked) ack(d);
}

void Subscriber::ack(const Delivery& d) {
  if (options_.delivery == DeliveryMode::Push) {
    // A push endpoint's answer is the ack.
    send(options_.broker, words_.ack,
         {options_.subscription, 1, static_cast<std::int64_t>(d.message)}, d.publish);
    return;
  }
  if (acks_.empty()) firstAckPublish_ = d.publish;
  acks_.push_back(d.message);
}

void Subscriber::nack(const Delivery& d, bool full) {
  send(options_.broker, words_.nack,
       {options_.subscription, static_cast<std::int64_t>(d.message), d.attempt, full ? 1 : 0},
       d.publish);
}

void Subscriber::flushAcks() {
  if (acks_.empty()) return;
  Message m;
  m.to = options_.broker;
  m.kind = words_.ack;
  m.request = firstAckPublish_;
  m.fields = {options_.subscription, static_cast<std::int64_t>(acks_.size()),
              static_cast<std::int64_t>(acks_.front())};
  if (acks_.size() > 1) {
    const std::size_t capacity = acks_.capacity();
    m.payload = std::make_shared<const AckBatch>(std::move(acks_));
    acks_ = std::vector<Seq>();
    acks_.reserve(capacity);
  }
  acks_.clear();
  send(std::move(m));
}

void Subscriber::pullIfIdle() {
  if (!up_ || options_.delivery != DeliveryMode::Pull || pullOutstanding_ || busy_ ||
      !queue_.empty())
    return;
  pullOutstanding_ = true;
  send(options_.broker, words_.pull, {options_.subscription, ++pullId_, options_.maxMessages});
  pullTimer_ = setTimer(options_.pullTimeout, kPullTimeout);
}

void Subscriber::checkCaughtUp() {
  if (!behind_ || !toldNothingWaits_ || busy_ || !queue_.empty()) return;
  behind_ = false;
  milestone(words_.subscriberCaughtUp,
            {options_.subscription, static_cast<std::int64_t>(processed_)}, options_.broker);
}

}  // namespace cs::pubsub
