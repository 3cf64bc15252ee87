// The broker's handlers: storing publishes, delivering (push and pull),
// acks and nacks, ack deadlines, dead-lettering, retention and restarts.
// See broker.h. Kernel thread only.
#include "patterns/pubsub/broker.h"

#include <algorithm>
#include <cassert>
#include <memory>

namespace cs::pubsub {

Broker::Broker(const Words& words, BrokerOptions options, Metrics& metrics)
    : words_(words), options_(std::move(options)), metrics_(&metrics) {
  for (const std::string& name : options_.topics) topics_.emplace_back(name);
  topicSubs_.resize(topics_.size());
  for (const SubscriptionConfig& c : options_.subscriptions) {
    assert(c.topic < topics_.size());
    topicSubs_[c.topic].push_back(subs_.size());
    subs_.emplace_back(c, topics_[c.topic].end());
    const std::string p = "pubsub." + c.name + ".";
    auto counter = [&](const char* measure) {
      return metrics.define(MetricInfo::counter(p + measure, "subscription", c.name, measure));
    };
    auto gauge = [&](const char* measure) {
      return metrics.define(MetricInfo::gauge(p + measure, "subscription", c.name, measure));
    };
    auto latency = [&](const char* measure) {
      return metrics.define(MetricInfo::gauge(p + measure + "_us", "subscription", c.name, measure,
                                              MetricUnit::Microseconds));
    };
    SubscriptionMetrics m;
    m.delivered = counter("delivered");
    m.acked = counter("acked");
    m.redelivered = counter("redelivered");
    m.deadLettered = counter("dead_lettered");
    m.expired = counter("expired");
    m.backlog = gauge("backlog");
    m.outstanding = gauge("outstanding");
    m.p50 = latency("p50");
    m.p99 = latency("p99");
    subMetrics_.push_back(std::move(m));
  }
  storedMetric_ = metrics.define(MetricInfo::counter("pubsub.stored", "pubsub", "", "stored"));
  duplicatesMetric_ =
      metrics.define(MetricInfo::counter("pubsub.duplicates", "pubsub", "", "duplicates"));
  retainedMetric_ = metrics.define(MetricInfo::gauge("pubsub.retained", "pubsub", "", "retained"));
  waiting_.resize(subs_.size());
  backoff_.resize(subs_.size());
}

// ---- Life cycle ----

void Broker::onStart() {
  up_ = true;
  if (startedBefore_) {
    ++restarts_;
    std::uint64_t retained = 0, backlog = 0;
    for (const Topic& t : topics_) retained += t.retained();
    for (const Subscription& s : subs_) backlog += s.backlog();
    milestone(words_.brokerRecovered,
              {static_cast<std::int64_t>(retained), static_cast<std::int64_t>(backlog)});
  }
  startedBefore_ = true;
  armRetentionTimer();
  // Push subscriptions get their backlog again; pull subscribers ask.
  for (std::size_t i = 0; i < subs_.size(); ++i) pump(i);
}

void Broker::onCrash() {
  up_ = false;
  for (Subscription& s : subs_) s.forgetVolatile();
  for (WaitingPull& w : waiting_) w = WaitingPull{};
  for (PushBackoff& b : backoff_) b = PushBackoff{};
  leaseTimer_ = TimerHandle{};
  retentionTimer_ = TimerHandle{};
  if (options_.durable) return;
  // Teaching contrast: a broker that keeps messages only in memory.
  for (Topic& t : topics_) t.wipe();
  for (Subscription& s : subs_) s.wipe(topics_[s.config().topic].end());
  seen_.clear();
}

void Broker::onMessage(const Message& m) {
  if (m.kind == words_.publish) return handlePublish(m);
  if (m.kind == words_.pull) return handlePull(m);
  if (m.kind == words_.ack) return handleAck(m);
  if (m.kind == words_.nack) return handleNack(m);
}

void Broker::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag == kLeaseTimer) {
    leaseTimer_ = TimerHandle{};
    expireLeases();
  } else if (tag == kRetentionTimer) {
    retentionTimer_ = TimerHandle{};
    expireRetention();
  } else if (tag >= kPushResume && tag - kPushResume < subs_.size()) {
    const std::size_t sub = tag - kPushResume;
    backoff_[sub].timer = TimerHandle{};
    pump(sub);
  }
}

// ---- Knobs ----

void Broker::setAckDeadline(std::size_t sub, SimDuration deadline) {
  subs_.at(sub).config().ackDeadline = deadline;  // from the next delivery on, as in Pub/Sub
}

void Broker::setMaxDeliveryAttempts(std::size_t sub, int attempts) {
  subs_.at(sub).config().maxDeliveryAttempts = attempts;
}

void Broker::setMaxOutstanding(std::size_t sub, int messages) {
  subs_.at(sub).config().maxOutstanding = messages;
}

void Broker::setRetention(SimDuration retention) {
  for (Subscription& s : subs_) s.config().retention = retention;
}

void Broker::poke() {
  if (!up_) return;  // not started yet: onStart delivers
  expireRetention();
  for (std::size_t i = 0; i < subs_.size(); ++i) pump(i);
}

// ---- Publishing ----

Seq Broker::store(std::size_t topic, TopicMessage message) {
  message.publishTime = now();
  const Seq seq = topics_[topic].append(message);
  for (std::size_t sub : topicSubs_[topic]) {
    Subscription& s = subs_[sub];
    s.append(seq, s.config().filter.matches(message.attributes));
    checkBacklog(sub);
  }
  trim(topic);  // a message no subscription wants is not retained
  if (!retentionTimer_) armRetentionTimer();
  return seq;
}

void Broker::handlePublish(const Message& m) {
  const auto count = static_cast<std::size_t>(m.fields[1]);
  const auto* batch = count > 1 ? static_cast<const PublishBatch*>(m.payload.get()) : nullptr;
  assert(count == 1 || (batch && batch->messages.size() == count));
  Seq first = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const Outgoing o = batch ? batch->messages[i] : outgoingFrom(m.fields);
    TopicMessage t;
    t.publish = o.publish;
    t.key = o.key;
    t.attributes = o.attributes;
    t.flags = o.flags;
    const Seq seq = store(0, t);
    if (i == 0) first = seq;
    ++stored_;
    metrics_->add(storedMetric_);
    // Teaching note: the publisher retried because an acknowledgment was
    // lost; the broker cannot tell a retry from a new message with the
    // same content, so it stores it again. Subscribers see a duplicate.
    if (!seen_.insert(o.publish)) {
      ++duplicates_;
      metrics_->add(duplicatesMetric_);
      milestone(words_.duplicatePublish,
                {static_cast<std::int64_t>(o.publish), static_cast<std::int64_t>(seq)}, m.from);
    }
  }
  // Stored durably before it is acknowledged: a crash after this loses nothing.
  send(m.from, words_.publishAck,
       {m.fields[0], static_cast<std::int64_t>(count), static_cast<std::int64_t>(first)}, m.request,
       m.id);
  pumpTopic(0);
}

// ---- Delivering ----

void Broker::pumpTopic(std::size_t topic) {
  for (std::size_t sub : topicSubs_[topic]) pump(sub);
}

void Broker::pump(std::size_t sub) {
  if (!up_) return;
  if (subs_[sub].config().delivery == DeliveryMode::Push)
    pushAll(sub);
  else
    answerPull(sub);
}

Delivery Broker::deliver(std::size_t sub, const Subscription::Next& next) {
  Subscription& s = subs_[sub];
  const TopicMessage& m = topics_[s.config().topic].at(next.seq);
  const std::uint32_t attempt = s.lease(next.seq, now());
  SubscriptionMetrics& sm = subMetrics_[sub];
  metrics_->add(sm.delivered);
  if (attempt > 1) {
    metrics_->add(sm.redelivered);
    milestone(words_.redelivered,
              {static_cast<std::int64_t>(next.seq), static_cast<std::int64_t>(m.publish),
               static_cast<std::int64_t>(sub), attempt, static_cast<std::int64_t>(next.reason)},
              s.config().subscriber);
  }
  armLeaseTimer(now() + s.config().ackDeadline);
  return Delivery{next.seq, m.publish, m.key, attempt, m.flags};
}

void Broker::pushAll(std::size_t sub) {
  Subscription& s = subs_[sub];
  const NodeId endpoint = s.config().subscriber;
  if (endpoint == kNoNode || backoff_[sub].holds(now())) return;
  while (s.hasRoom()) {
    const auto next = s.next(topics_[s.config().topic]);
    if (!next) break;
    const Delivery d = deliver(sub, *next);
    send(endpoint, words_.push, pushFields(static_cast<std::int64_t>(sub), d), d.publish);
  }
}

void Broker::answerPull(std::size_t sub) {
  WaitingPull& w = waiting_[sub];
  Subscription& s = subs_[sub];
  const int room = std::min(w.maxMessages, s.config().maxOutstanding - s.outstanding());
  if (!w.active || room <= 0) return;
  std::shared_ptr<DeliveryBatch> batch;
  while (!batch || batch->messages.size() < static_cast<std::size_t>(room)) {
    const auto next = s.next(topics_[s.config().topic]);
    if (!next) break;
    if (!batch) {
      batch = std::make_shared<DeliveryBatch>();
      batch->messages.reserve(std::min<std::uint64_t>(room, s.waiting()));
    }
    batch->messages.push_back(deliver(sub, *next));
  }
  // Nothing to deliver: the pull waits here until something is (a long poll).
  if (!batch) return;
  const Delivery& first = batch->messages.front();
  std::int64_t redeliveries = 0;
  for (const Delivery& d : batch->messages) redeliveries += d.attempt > 1 ? 1 : 0;
  Message r;
  r.to = w.from;
  r.kind = words_.pullResponse;
  r.request = first.publish;
  r.cause = w.message;
  r.fields = {static_cast<std::int64_t>(sub),
              w.pull,
              static_cast<std::int64_t>(batch->messages.size()),
              static_cast<std::int64_t>(first.message),
              redeliveries,
              static_cast<std::int64_t>(s.waiting())};
  r.payload = std::move(batch);
  w.active = false;
  send(std::move(r));
}

void Broker::handlePull(const Message& m) {
  if (!validSubscription(m.fields[0])) return;
  const auto sub = static_cast<std::size_t>(m.fields[0]);
  // A newer pull replaces a waiting one: the subscriber gave up on that.
  waiting_[sub] = WaitingPull{true, m.from, m.fields[1],
                              static_cast<int>(std::max<std::int64_t>(m.fields[2], 0)), m.id};
  answerPull(sub);
}

// ---- Acknowledgments ----

void Broker::acked(std::size_t sub, Seq seq, NodeId from) {
  Subscription& s = subs_[sub];
  const Topic& t = topics_[s.config().topic];
  if (!s.retains(seq)) {
    s.ack(seq, t);  // counts the duplicate ack
    return;
  }
  const PublishId publish = t.at(seq).publish;
  const SimDuration latency = now() - t.at(seq).publishTime;
  const std::uint32_t attempt = s.attempts(seq);
  s.ack(seq, t);
  SubscriptionMetrics& sm = subMetrics_[sub];
  metrics_->add(sm.acked);
  sm.latency.record(latency.count());
  milestone(words_.messageAcked,
            {static_cast<std::int64_t>(seq), static_cast<std::int64_t>(publish),
             static_cast<std::int64_t>(sub), attempt, latency.count() / 1000},
            from);
}

void Broker::handleAck(const Message& m) {
  if (!validSubscription(m.fields[0])) return;
  const auto sub = static_cast<std::size_t>(m.fields[0]);
  if (m.fields[1] > 1) {
    for (Seq seq : static_cast<const AckBatch&>(*m.payload).messages) acked(sub, seq, m.from);
  } else {
    acked(sub, static_cast<Seq>(m.fields[2]), m.from);
  }
  backoff_[sub].acked();
  subs_[sub].dropStaleLeases();
  checkBacklog(sub);
  trim(subs_[sub].config().topic);
  pump(sub);
}

void Broker::handleNack(const Message& m) {
  if (!validSubscription(m.fields[0])) return;
  const auto sub = static_cast<std::size_t>(m.fields[0]);
  const auto seq = static_cast<Seq>(m.fields[1]);
  released(
      sub, seq,
      subs_[sub].release(seq, static_cast<std::uint32_t>(m.fields[2]), RedeliveryReason::Nacked));
  if (subs_[sub].config().delivery == DeliveryMode::Push && m.fields[3] != 0) {
    // A push endpoint too full to take a message is not sent more at once.
    // Google Pub/Sub backs off after any nack; here only after a refusal, so
    // a message whose handler failed still comes back at once and reaches
    // the dead-letter topic after its attempts.
    PushBackoff& b = backoff_[sub];
    b.refused(now());
    cancelTimer(b.timer);
    b.timer = setTimer(b.resumeAt - now(), kPushResume + sub);
  }
  pump(sub);
}

void Broker::released(std::size_t sub, Seq seq, Subscription::Release release) {
  if (release == Subscription::Release::DeadLetter) deadLetter(sub, seq);
}

// Teaching note: after maxDeliveryAttempts the broker stops trying and moves
// the message to the dead-letter topic, so one poison message cannot block
// its subscription (or, with ordering, its key) for ever.
void Broker::deadLetter(std::size_t sub, Seq seq) {
  Subscription& s = subs_[sub];
  const SubscriptionConfig& c = s.config();
  TopicMessage copy = topics_[c.topic].at(seq);
  const std::uint32_t attempts = s.attempts(seq);
  s.deadLetter(seq, topics_[c.topic]);
  Seq deadLetterSeq = 0;
  if (c.deadLetterTopic >= 0) {
    copy.origin = seq;
    copy.source = static_cast<std::int32_t>(sub);
    deadLetterSeq = store(static_cast<std::size_t>(c.deadLetterTopic), copy);
  }
  metrics_->add(subMetrics_[sub].deadLettered);
  milestone(words_.deadLettered,
            {static_cast<std::int64_t>(seq), static_cast<std::int64_t>(copy.publish),
             static_cast<std::int64_t>(sub), attempts, c.maxDeliveryAttempts,
             static_cast<std::int64_t>(deadLetterSeq)},
            c.subscriber);
  checkBacklog(sub);
  trim(c.topic);
  if (c.deadLetterTopic >= 0) pumpTopic(static_cast<std::size_t>(c.deadLetterTopic));
}

void Broker::checkBacklog(std::size_t sub) {
  Subscription& s = subs_[sub];
  switch (s.checkBacklog(options_.backlogAlarm)) {
    case Subscription::BacklogChange::Growing:
      milestone(words_.backlogGrowing,
                {static_cast<std::int64_t>(sub), static_cast<std::int64_t>(s.backlog())},
                s.config().subscriber);
      break;
    case Subscription::BacklogChange::Drained:
      milestone(words_.backlogDrained,
                {static_cast<std::int64_t>(sub), static_cast<std::int64_t>(s.backlogPeak())},
                s.config().subscriber);
      break;
    case Subscription::BacklogChange::None:
      break;
  }
}

void Broker::trim(std::size_t topic) {
  Seq keep = topics_[topic].end();
  for (std::size_t sub : topicSubs_[topic]) keep = std::min(keep, subs_[sub].floor());
  topics_[topic].trimBefore(keep);
}

// ---- Ack deadlines ----

void Broker::armLeaseTimer(SimTime deadline) {
  if (leaseTimer_ && leaseTimerAt_ <= deadline) return;
  cancelTimer(leaseTimer_);
  leaseTimerAt_ = deadline;
  leaseTimer_ = setTimer(deadline - now(), kLeaseTimer);
}

void Broker::expireLeases() {
  std::optional<SimTime> earliest;
  for (std::size_t sub = 0; sub < subs_.size(); ++sub) {
    Subscription& s = subs_[sub];
    bool any = false;
    while (const auto l = s.popExpiredLease(now())) {
      released(sub, l->seq, s.release(l->seq, l->attempt, RedeliveryReason::AckDeadline));
      any = true;
    }
    if (any) pump(sub);
  }
  for (const Subscription& s : subs_) {
    const auto d = s.nextLeaseDeadline();
    if (d && (!earliest || *d < *earliest)) earliest = d;
  }
  if (earliest) armLeaseTimer(*earliest);
}

// ---- Retention ----

void Broker::armRetentionTimer() {
  if (!up_) return;
  std::optional<SimTime> earliest;
  for (const Subscription& s : subs_) {
    const auto oldest = s.oldestPending(topics_[s.config().topic]);
    if (oldest && (!earliest || *oldest + s.config().retention < *earliest))
      earliest = *oldest + s.config().retention;
  }
  if (!earliest) return;
  if (retentionTimer_ && retentionAt_ <= *earliest) return;
  cancelTimer(retentionTimer_);
  retentionAt_ = std::max(*earliest, now());
  retentionTimer_ = setTimer(retentionAt_ - now(), kRetentionTimer);
}

void Broker::expireRetention() {
  for (std::size_t sub = 0; sub < subs_.size(); ++sub) {
    Subscription& s = subs_[sub];
    const Topic& t = topics_[s.config().topic];
    const std::uint64_t before = s.counters().expired;
    s.expireUntil(now() - s.config().retention, t, [&](Seq seq) {
      metrics_->add(subMetrics_[sub].expired);
      milestone(words_.messageExpired,
                {static_cast<std::int64_t>(seq), static_cast<std::int64_t>(t.at(seq).publish),
                 static_cast<std::int64_t>(sub)},
                s.config().subscriber);
    });
    if (s.counters().expired == before) continue;
    checkBacklog(sub);
    trim(s.config().topic);
    pump(sub);
  }
  armRetentionTimer();
}

// ---- Metrics ----

void Broker::publishGauges() {
  std::uint64_t retained = 0;
  for (const Topic& t : topics_) retained += t.retained();
  metrics_->set(retainedMetric_, static_cast<std::int64_t>(retained));
  for (std::size_t i = 0; i < subs_.size(); ++i) {
    SubscriptionMetrics& m = subMetrics_[i];
    metrics_->set(m.backlog, static_cast<std::int64_t>(subs_[i].backlog()));
    metrics_->set(m.outstanding, subs_[i].outstanding());
    metrics_->set(m.p50, m.latency.window.p50());
    metrics_->set(m.p99, m.latency.window.p99());
    m.latency.roll();
  }
}

}  // namespace cs::pubsub
