// The Pub/Sub pattern's checkers. See pubsub_checker.h. Kernel thread only.
#include "patterns/pubsub/pubsub_checker.h"

#include "clusterscope/kernel.h"
#include "patterns/pubsub/broker.h"

namespace cs::pubsub {
namespace {

std::string text(std::int64_t v) {
  return std::to_string(v);
}

bool isMilestone(const TraceRecord& r, Label label) {
  return r.kind == TraceKind::Milestone && r.label == label;
}

}  // namespace

// ---- No loss ----

NoLossChecker::NoLossChecker(CheckedWorld world)
    : world_(std::move(world)), handled_(world_.subscriptions.size()) {}

const CheckedSubscription* NoLossChecker::bySubscriber(NodeId node, std::int64_t sub) const {
  for (const CheckedSubscription& s : world_.subscriptions)
    if (static_cast<std::int64_t>(s.index) == sub && (node == kNoNode || s.subscriber == node))
      return &s;
  return nullptr;
}

void NoLossChecker::handled(std::size_t i, PublishId publish) {
  handled_[i].insert(publish);
  pending_.erase({i, publish});
}

void NoLossChecker::onRecord(const TraceRecord& r) {
  const Words& w = world_.words;
  const auto owed = [&](PublishId publish, Seq message, Attributes attributes) {
    for (std::size_t s = 0; s < world_.subscriptions.size(); ++s) {
      if (!world_.subscriptions[s].filter.matches(attributes))
        handled_[s].insert(publish);
      else if (!handled_[s].contains(publish))
        pending_[{s, publish}] = message;
    }
  };
  if (acks_.read(w, world_.publisher, r, owed)) return;
  const bool atSubscriber = isMilestone(r, w.delivered);
  const bool atBroker = isMilestone(r, w.deadLettered) || isMilestone(r, w.messageExpired);
  if (atSubscriber || (atBroker && r.node == world_.broker)) {
    const CheckedSubscription* s = bySubscriber(atSubscriber ? r.node : kNoNode, r.v[2]);
    if (s)
      handled(static_cast<std::size_t>(s - world_.subscriptions.data()),
              static_cast<PublishId>(r.v[1]));
    return;
  }
  if (r.kind == TraceKind::Restarted && r.node == world_.broker) brokerRestarted_ = true;
}

void NoLossChecker::afterEvent(const Kernel& kernel) {
  if (!brokerRestarted_) return;
  brokerRestarted_ = false;
  checkRetained(kernel);
}

void NoLossChecker::checkRetained(const Kernel& kernel) {
  const auto& broker = static_cast<const Broker&>(kernel.node(world_.broker));
  for (const auto& [key, seq] : pending_) {
    const CheckedSubscription& s = world_.subscriptions[key.first];
    if (broker.subscription(s.index).retains(seq)) continue;
    violate("publish " + text(static_cast<std::int64_t>(key.second)) +
            " was acknowledged to the publisher as message " +
            text(static_cast<std::int64_t>(seq)) + ", but " + s.name +
            " never delivered it and the broker no longer retains it: lost");
  }
}

std::size_t NoLossChecker::kept() const {
  const auto words = [](const IdSet& s) { return s.windowWords() + s.wordsWithGaps(); };
  std::size_t n = acks_.kept() + pending_.size();
  for (const IdSet& h : handled_) n += words(h);
  return n;
}

std::string NoLossChecker::firstUndelivered() const {
  if (pending_.empty()) return {};
  const auto& [key, seq] = *pending_.begin();
  return world_.subscriptions[key.first].name + " never got publish " +
         text(static_cast<std::int64_t>(key.second)) + " (message " +
         text(static_cast<std::int64_t>(seq)) + ")";
}

// ---- Ordering ----

OrderingChecker::OrderingChecker(CheckedWorld world) : world_(std::move(world)) {}

void OrderingChecker::resolve(std::size_t sub, Seq seq) {
  resolved_[sub].insert(seq);
  const auto it = keyOf_.find({sub, seq});
  if (it == keyOf_.end()) return;  // never delivered
  keys_[{sub, it->second}].unresolved.erase(seq);
  keyOf_.erase(it);
}

void OrderingChecker::onRecord(const TraceRecord& r) {
  const Words& w = world_.words;
  const auto skipped = [&](PublishId, Seq message, Attributes attributes) {
    for (const CheckedSubscription& c : world_.subscriptions)
      if (c.ordering && !c.filter.matches(attributes)) resolved_[c.index].insert(message);
  };
  if (acks_.read(w, world_.publisher, r, skipped)) return;
  if (r.kind != TraceKind::Milestone) return;
  const auto sub = static_cast<std::size_t>(r.v[2]);
  const auto seq = static_cast<Seq>(r.v[0]);
  if (r.label == w.messageAcked || r.label == w.deadLettered || r.label == w.messageExpired) {
    // Only ordered subscriptions are checked: the others keep nothing.
    if (r.node != world_.broker) return;
    for (const CheckedSubscription& c : world_.subscriptions)
      if (c.index == sub && c.ordering) resolve(sub, seq);
    return;
  }
  if (r.label != w.delivered) return;
  const CheckedSubscription* s = nullptr;
  for (const CheckedSubscription& c : world_.subscriptions)
    if (c.index == sub && c.subscriber == r.node) s = &c;
  const std::int64_t key = r.v[4];
  if (!s || !s->ordering || key == 0 || resolved_[sub].contains(seq)) return;
  KeyState& k = keys_[{sub, key}];
  if (!k.unresolved.empty() && *k.unresolved.begin() < seq)
    violate(s->name + " delivered message " + text(static_cast<std::int64_t>(seq)) + " (user " +
            text(key) + ") while the earlier message " +
            text(static_cast<std::int64_t>(*k.unresolved.begin())) +
            " with the same ordering key was not yet acknowledged");
  const bool first = keyOf_.emplace(std::pair{sub, seq}, key).second;
  if (first) {
    if (seq < k.highestFirstDelivery)
      violate(s->name + " delivered message " + text(static_cast<std::int64_t>(seq)) + " (user " +
              text(key) + ") for the first time after the later message " +
              text(static_cast<std::int64_t>(k.highestFirstDelivery)));
    k.highestFirstDelivery = std::max(k.highestFirstDelivery, seq);
  }
  k.unresolved.insert(seq);
}

std::size_t OrderingChecker::kept() const {
  std::size_t n = acks_.kept() + keys_.size() + keyOf_.size();
  for (const auto& [sub, ids] : resolved_) n += ids.windowWords() + ids.wordsWithGaps();
  return n;
}

// ---- Dead letters ----

DeadLetterChecker::DeadLetterChecker(CheckedWorld world) : world_(std::move(world)) {}

void DeadLetterChecker::onRecord(const TraceRecord& r) {
  const Words& w = world_.words;
  if (r.kind != TraceKind::Milestone || r.node != world_.broker) return;
  const std::int64_t sub = r.v[2];
  const auto seq = static_cast<Seq>(r.v[0]);
  if (r.label == w.messageAcked || r.label == w.messageExpired) {
    // Settled: the broker will not deliver it again, so its attempts are
    // no longer needed.
    const auto it = messages_.find({sub, seq});
    if (it != messages_.end() && !it->second.deadLettered) messages_.erase(it);
    return;
  }
  if (r.label != w.redelivered && r.label != w.deadLettered) return;
  Attempts& a = messages_[{sub, seq}];
  const std::string what =
      "message " + text(static_cast<std::int64_t>(seq)) + " of subscription " + text(sub);
  if (r.label == w.redelivered) {
    if (a.deadLettered)
      violate(what + " was redelivered (attempt " + text(r.v[3]) +
              ") after it moved to the dead-letter topic");
    a.highest = std::max(a.highest, r.v[3]);
    return;
  }
  if (++a.deadLettered > 1)
    violate(what + " moved to the dead-letter topic " + text(a.deadLettered) + " times");
  const std::int64_t max = r.v[4];
  if (max >= 2 && a.highest < max)
    violate(what + " moved to the dead-letter topic after " + text(a.highest) +
            " delivery attempts; maxDeliveryAttempts is " + text(max));
}

}  // namespace cs::pubsub
