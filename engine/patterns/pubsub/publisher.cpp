// Open-loop publishing with acknowledgments and retries. See publisher.h.
// Kernel thread only.
#include "patterns/pubsub/publisher.h"

#include <algorithm>
#include <cassert>
#include <optional>

namespace cs::pubsub {

Publisher::Publisher(const Words& words, PublisherOptions options, Metrics& metrics)
    : words_(words), options_(options), metrics_(&metrics) {
  assert(options_.timeout.count() > 0 && options_.batch >= 1);
  auto counter = [&](const char* measure) {
    return metrics.define(
        MetricInfo::counter(std::string("pubsub.") + measure, "pubsub", "", measure));
  };
  publishedMetric_ = counter("published");
  ackedMetric_ = counter("publish_acked");
  retriesMetric_ = counter("publish_retries");
  duplicateAcksMetric_ = counter("duplicate_acks");
}

void Publisher::onStart() {
  up_ = true;
  scheduleNext();
}

void Publisher::onCrash() {
  up_ = false;
  fresh_.clear();
  retrying_.clear();
  next_ = TimerHandle{};
  retry_ = TimerHandle{};
}

void Publisher::setRate(double rate) {
  assert(rate >= 0);
  options_.rate = rate;
  if (!up_) return;
  cancelTimer(next_);
  scheduleNext();
}

std::uint64_t Publisher::unacknowledged() const {
  std::uint64_t n = 0;
  for (const Pending& p : fresh_)
    if (!ackedBatches_.contains(p.first)) n += p.count;
  for (const auto& [deadline, p] : retrying_)
    if (!ackedBatches_.contains(p.first)) n += p.count;
  return n;
}

// The gap to the next update: the mean 1/rate per message, jittered with
// integer draws from this node's stream (no libm, same on every machine).
void Publisher::scheduleNext() {
  if (options_.rate <= 0) return;
  const auto gap = static_cast<std::int64_t>(options_.batch * 1e6 / options_.rate + 0.5);
  const auto spread = static_cast<std::int64_t>(static_cast<double>(gap) * options_.jitter);
  const std::int64_t drawn = spread > 0 ? rng().between(gap - spread, gap + spread) : gap;
  next_ = setTimer(SimDuration{std::max<std::int64_t>(1, drawn)}, kNextUpdate);
}

void Publisher::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag == kRetry) {
    retry_ = TimerHandle{};
    retryExpired();
    return;
  }
  next_ = TimerHandle{};
  if (options_.batch == 1) {
    publishOne(make(0, -1, false));
  } else {
    std::vector<Outgoing> batch;
    batch.reserve(static_cast<std::size_t>(options_.batch));
    for (int i = 0; i < options_.batch; ++i) batch.push_back(make(0, -1, false));
    publishBatch(std::move(batch));
  }
  scheduleNext();
}

void Publisher::publishNow(int count, std::int64_t user, int change, bool poison) {
  for (int i = 0; i < count; ++i) publishOne(make(user, change, poison));
}

Outgoing Publisher::make(std::int64_t user, int change, bool poison) {
  Outgoing o;
  o.publish = nextPublish_++;
  o.key = user > 0 ? user : rng().between(1, options_.users);
  o.attributes.change = static_cast<std::uint8_t>(change >= 0 ? change : rng().below(4));
  o.attributes.region = static_cast<std::uint8_t>(rng().below(3));
  o.flags = poison ? kPoison : 0;
  milestone(words_.messagePublished, {static_cast<std::int64_t>(o.publish), o.key,
                                      o.attributes.change, o.attributes.region, poison ? 1 : 0});
  metrics_->add(publishedMetric_);
  return o;
}

void Publisher::publishOne(const Outgoing& message) {
  Pending p;
  p.first = message.publish;
  p.fields = publishFields(message, 1);
  track(std::move(p));
}

void Publisher::publishBatch(std::vector<Outgoing> messages) {
  Pending p;
  p.first = messages.front().publish;
  p.count = static_cast<std::uint32_t>(messages.size());
  p.fields = publishFields(messages.front(), messages.size());
  p.batch = std::make_shared<const PublishBatch>(std::move(messages));
  track(std::move(p));
}

void Publisher::track(Pending p) {
  p.deadline = now() + options_.timeout;
  sendPending(p);
  fresh_.push_back(std::move(p));
  armRetry();
}

void Publisher::sendPending(const Pending& p) {
  Message m;
  m.to = options_.broker;
  m.kind = words_.publish;
  m.request = p.first;
  m.fields = p.fields;
  m.payload = p.batch;
  send(std::move(m));
}

void Publisher::armRetry() {
  std::optional<SimTime> earliest;
  if (!fresh_.empty()) earliest = fresh_.front().deadline;
  if (!retrying_.empty() && (!earliest || retrying_.begin()->first < *earliest))
    earliest = retrying_.begin()->first;
  if (!earliest || (retry_ && retryAt_ <= *earliest)) return;
  cancelTimer(retry_);
  retryAt_ = *earliest;
  retry_ = setTimer(*earliest - now(), kRetry);
}

// The wait for an ack after try `attempts`: the timeout, doubled per
// retry, at most maxBackoff.
SimDuration Publisher::backoff(std::uint32_t attempts) const {
  const int doublings = std::min<int>(static_cast<int>(attempts) - 1, 20);
  return std::min(options_.timeout * (std::int64_t{1} << doublings),
                  std::max(options_.maxBackoff, options_.timeout));
}

void Publisher::retry(Pending p) {
  ++p.attempts;
  p.deadline = now() + backoff(p.attempts);
  ++retries_;
  metrics_->add(retriesMetric_);
  milestone(words_.publishRetried,
            {static_cast<std::int64_t>(p.first), p.count, static_cast<std::int64_t>(p.attempts)},
            options_.broker);
  sendPending(p);
  const SimTime deadline = p.deadline;
  retrying_.emplace(deadline, std::move(p));
}

void Publisher::retryExpired() {
  while (!fresh_.empty() &&
         (ackedBatches_.contains(fresh_.front().first) || fresh_.front().deadline <= now())) {
    Pending p = std::move(fresh_.front());
    fresh_.pop_front();
    if (!ackedBatches_.contains(p.first)) retry(std::move(p));
  }
  while (!retrying_.empty() && retrying_.begin()->first <= now()) {
    Pending p = std::move(retrying_.begin()->second);
    retrying_.erase(retrying_.begin());
    if (!ackedBatches_.contains(p.first)) retry(std::move(p));
  }
  armRetry();
}

void Publisher::handleAck(const Message& m) {
  const auto first = static_cast<PublishId>(m.fields[0]);
  const auto count = static_cast<std::uint32_t>(m.fields[1]);
  const auto message = static_cast<Seq>(m.fields[2]);
  if (!ackedBatches_.insert(first)) {
    ++duplicateAcks_;
    metrics_->add(duplicateAcksMetric_);
    return;
  }
  // Every id of the batch, not only the first that looks it up: a dense set
  // compacts (id_set.h), a set of every batch-th id would not.
  for (std::uint32_t i = 1; i < count; ++i) ackedBatches_.insert(first + i);
  std::uint32_t attempts = 1;
  for (const Pending& p : fresh_)
    if (p.first == first) attempts = p.attempts;
  for (const auto& [deadline, p] : retrying_)
    if (p.first == first) attempts = p.attempts;
  acked_ += count;
  metrics_->add(ackedMetric_, count);
  for (std::uint32_t i = 0; i < count; ++i)
    milestone(
        words_.publishAcked,
        {static_cast<std::int64_t>(first + i), static_cast<std::int64_t>(message + i), attempts},
        m.from);
  // Acks mostly come in order: drop the acknowledged front now.
  while (!fresh_.empty() && ackedBatches_.contains(fresh_.front().first)) fresh_.pop_front();
}

void Publisher::onMessage(const Message& m) {
  if (m.kind == words_.publishAck) handleAck(m);
}

}  // namespace cs::pubsub
