// The kernel's event loop, message path, timers and faults. See kernel.h for
// the determinism and threading contract.
#include "clusterscope/kernel.h"

#include <cassert>
#include <utility>

namespace cs {

Kernel::Kernel(std::uint64_t seed, KernelOptions options)
    : seed_(seed),
      network_(deriveSeed(seed, "network")),
      trace_(options.traceCapacity),
      metrics_(options.sampleInterval) {
  sent_ = metrics_.define(MetricInfo::counter("messages.sent", "network", "", "sent"));
  delivered_ =
      metrics_.define(MetricInfo::counter("messages.delivered", "network", "", "delivered"));
  dropped_ = metrics_.define(MetricInfo::counter("messages.dropped", "network", "", "dropped"));
  timersFired_ = metrics_.define(MetricInfo::counter("timers.fired", "timers", "", "fired"));
  sentByKind_.push_back(sent_);  // kNoLabel
}

Kernel::~Kernel() = default;

NodeId Kernel::addNode(std::unique_ptr<Node> node) {
  assert(!started_);
  const auto id = static_cast<NodeId>(nodes_.size());
  node->kernel_ = this;
  node->id_ = id;
  NodeEntry entry;
  entry.node = std::move(node);
  entry.rng = Rng(deriveSeed(seed_, "node", id));
  nodes_.push_back(std::move(entry));
  network_.resize(nodes_.size());
  return id;
}

Label Kernel::defineMessage(std::string name, std::vector<std::string> fields, Exchange exchange,
                            std::string_view correlation, ReplyOutcome outcome) {
  const MetricId counter =
      metrics_.define(MetricInfo::counter("sent." + name, "network", name, "sent"));
  LabelInfo info;
  info.kind = LabelKind::Message;
  info.name = std::move(name);
  info.fields = std::move(fields);
  info.exchange = exchange;
  if (!correlation.empty()) info.correlation = info.fieldIndex(correlation);
  assert(correlation.empty() || info.correlation);
  if (!outcome.field.empty()) {
    info.outcome = info.fieldIndex(outcome.field);
    assert(info.outcome);
    info.valueNames = std::move(outcome.names);
  }
  const Label label = vocabulary_.define(std::move(info));
  if (sentByKind_.size() <= label) sentByKind_.resize(label + 1, sent_);
  sentByKind_[label] = counter;
  return label;
}

Label Kernel::defineMilestone(std::string name, std::vector<std::string> fields, std::string format,
                              Exchange exchange, std::string_view correlation) {
  LabelInfo info;
  info.kind = LabelKind::Milestone;
  info.name = std::move(name);
  info.fields = std::move(fields);
  info.format = std::move(format);
  info.exchange = exchange;
  if (!correlation.empty()) info.correlation = info.fieldIndex(correlation);
  assert(correlation.empty() || info.correlation);
  return vocabulary_.define(std::move(info));
}

Label Kernel::defineState(std::string name, std::vector<std::string> valueNames) {
  LabelInfo info;
  info.kind = LabelKind::State;
  info.name = std::move(name);
  info.valueNames = std::move(valueNames);
  return vocabulary_.define(std::move(info));
}

// ---- Running ----

std::optional<SimTime> Kernel::nextEventTime() const {
  const Queue::Entry* next = queue_.peek();
  if (!next) return std::nullopt;
  return next->at();
}

void Kernel::startIfNeeded() {
  if (started_) return;
  started_ = true;
  for (auto& n : nodes_) n.node->onStart();
}

std::uint64_t Kernel::push(SimTime at, EventKind kind, std::uint32_t slot) {
  const std::uint64_t seq = nextSeq_++;
  queue_.push(at, seq, Event{slot, kind});
  return seq;
}

void Kernel::sampleUntil(SimTime t) {
  while (metrics_.nextSampleAt() <= t) {
    if (beforeSample_) beforeSample_();
    metrics_.sample();
  }
}

bool Kernel::step() {
  return stepUntil(SimTime{INT64_MAX});
}

bool Kernel::stepUntil(SimTime t) {
  startIfNeeded();
  Queue::Entry top{};
  if (!queue_.popDue(t, top)) return false;
  process(top);
  return true;
}

void Kernel::process(const Queue::Entry& top) {
  const SimTime at = top.at();
  // Samples are taken at their own instants, before any event after them,
  // so a series never depends on how the run was chopped into steps.
  sampleUntil(at - SimDuration{1});
  now_ = at;
  ++processed_;
  dispatch(top.payload);
}

void Kernel::runUntil(SimTime t) {
  assert(t >= now_);
  startIfNeeded();
  while (stepUntil(t)) {
  }
  sampleUntil(t);
  now_ = t;
}

void Kernel::sampleUpTo(std::uint64_t count) {
  while (metrics_.samplesTaken() < count && metrics_.nextSampleAt() <= now_) {
    if (beforeSample_) beforeSample_();
    metrics_.sample();
  }
}

void Kernel::dispatch(Event e) {
  switch (e.kind) {
    case EventKind::Deliver:
      arrive(e.slot);
      break;
    case EventKind::Timer:
      fireTimer(e.slot);
      break;
  }
}

// Builds the record in the trace's own slot: a pattern that writes a
// milestone per message would otherwise zero a record on the stack and copy
// it into the ring, twice the memory traffic of the record itself.
//
// This and traceMessage are always inlined, and the functions that trace
// on every message, timer and milestone are flattened (the trace's commit
// inlined into them too): a headless run commits a record or two per
// event, and with the record's kind known where it is written the hash's
// branch on the kind and the calls go away. The compiler left the commit
// out of line on its own.
[[gnu::always_inline]] inline void Kernel::appendRecord(TraceKind kind, NodeId node, NodeId peer,
                                                        Label label,
                                                        const std::array<std::int64_t, 6>& values) {
  TraceRecord& r = trace_.next();
  r.at = now_;
  r.due = SimTime{};
  r.msg = 0;
  r.request = 0;
  r.cause = 0;
  r.v = values;
  r.node = node;
  r.peer = peer;
  r.label = label;
  r.kind = kind;
  r.reason = DropReason::None;
  r.flags = 0;
  trace_.commit();
}

// ---- Messages ----

std::uint32_t Kernel::allocMessage() {
  ++live_;
  if (!freeSlots_.empty()) {
    const std::uint32_t s = freeSlots_.back();
    freeSlots_.pop_back();
    return s;
  }
  if ((slabSize_ & kChunkMask) == 0)
    chunks_.push_back(std::make_unique<MessageSlot[]>(kChunkMask + 1));
  return slabSize_++;
}

void Kernel::freeMessage(std::uint32_t i) {
  MessageSlot& s = slot(i);
  s.live = false;
  s.stage = Stage::OnWire;
  s.flight.message.payload.reset();
  freeSlots_.push_back(i);
  --live_;
}

[[gnu::always_inline]] inline void Kernel::traceMessage(TraceKind kind, const InFlight& f,
                                                        DropReason reason) {
  TraceRecord& r = trace_.next();
  r.at = now_;
  r.due = f.due;
  r.msg = f.message.id;
  r.request = f.message.request;
  r.cause = f.message.cause;
  r.v = f.message.fields;
  r.node = f.message.from;
  r.peer = f.message.to;
  r.label = f.message.kind;
  r.kind = kind;
  r.reason = reason;
  r.flags = f.duplicate ? kFlagDuplicate : 0;
  trace_.commit();
}

MessageId Kernel::sendFrom(NodeId from, Message message) {
  const std::uint32_t i = allocMessage();
  slot(i).flight.message = std::move(message);
  return launch(from, i);
}

MessageId Kernel::sendFrom(NodeId from, NodeId to, Label kind, const MessageFields& fields,
                           RequestId request, MessageId cause) {
  const std::uint32_t i = allocMessage();
  Message& m = slot(i).flight.message;
  m.to = to;
  m.kind = kind;
  m.request = request;
  m.cause = cause;
  m.fields = fields;
  return launch(from, i);
}

// Puts the message in slot i on the wire: stamps it, draws its fate, traces
// it and schedules its arrival (and a duplicate's).
[[gnu::flatten]] MessageId Kernel::launch(NodeId from, std::uint32_t i) {
  MessageSlot& s = slot(i);
  Message& m = s.flight.message;
  assert(m.to < nodes_.size());
  m.from = from;
  m.id = nextMessageId_++;
  metrics_.add(sent_);
  if (m.kind < sentByKind_.size() && sentByKind_[m.kind] != sent_)
    metrics_.add(sentByKind_[m.kind]);

  const Network::Fate fate = network_.decide(from, m.to);
  s.live = true;
  s.flight.sentAt = now_;
  s.flight.due = now_ + fate.delay;
  s.flight.lost = fate.lost;
  s.flight.duplicate = false;
  traceMessage(TraceKind::Sent, s.flight);
  const MessageId id = m.id;

  if (!network_.reachable(from, m.to)) {
    drop(i, DropReason::Partitioned);
    return id;
  }
  push(s.flight.due, EventKind::Deliver, i);

  if (fate.duplicated) {
    const std::uint32_t copy = allocMessage();
    MessageSlot& c = slot(copy);
    c.live = true;
    c.flight = s.flight;
    c.flight.due = now_ + fate.duplicateDelay;
    c.flight.lost = false;
    c.flight.duplicate = true;
    traceMessage(TraceKind::Sent, c.flight);
    push(c.flight.due, EventKind::Deliver, copy);
  }
  return id;
}

void Kernel::drop(std::uint32_t i, DropReason reason) {
  traceMessage(TraceKind::Dropped, slot(i).flight, reason);
  metrics_.add(dropped_);
  freeMessage(i);
}

void Kernel::arrive(std::uint32_t i) {
  MessageSlot& s = slot(i);
  const Message& m = s.flight.message;
  NodeEntry& to = nodes_[m.to];
  if (s.stage == Stage::OnWire) {
    // Reachability is checked again on arrival: a partition that formed while
    // the message was on the wire still stops it.
    if (s.flight.lost) return drop(i, DropReason::Loss);
    if (!network_.reachable(m.from, m.to)) return drop(i, DropReason::Partitioned);
    s.stage = Stage::Arrived;
  }
  // What was queued inside a node is gone with it, even if it has restarted.
  if (to.status == NodeStatus::Crashed || (s.stage == Stage::Processing && s.epoch != to.epoch))
    return drop(i, DropReason::NodeDown);
  if (to.status == NodeStatus::Paused) {
    to.waiting.push_back({i, false, 0});
    return;
  }
  if (s.stage == Stage::Arrived && to.slowBy.count() > 0) {
    // A slow node works through its messages one at a time.
    s.stage = Stage::Processing;
    s.epoch = to.epoch;
    const SimTime start = std::max(now_, to.busyUntil);
    to.busyUntil = start + to.slowBy;
    push(to.busyUntil, EventKind::Deliver, i);
    return;
  }
  deliver(i);
}

[[gnu::flatten]] void Kernel::deliver(std::uint32_t i) {
  MessageSlot& s = slot(i);
  traceMessage(TraceKind::Delivered, s.flight);
  metrics_.add(delivered_);
  s.live = false;
  // The slot is released only after the handler: its address is stable, so
  // the handler reads the message in place while it sends new ones.
  nodes_[s.flight.message.to].node->onMessage(s.flight.message);
  freeMessage(i);
}

// ---- Timers ----

TimerHandle Kernel::armTimer(NodeId node, SimDuration delay, std::uint64_t tag) {
  std::uint32_t slot;
  if (!freeTimers_.empty()) {
    slot = freeTimers_.back();
    freeTimers_.pop_back();
  } else {
    timers_.emplace_back();
    slot = static_cast<std::uint32_t>(timers_.size() - 1);
  }
  TimerSlot& t = timers_[slot];
  t.tag = tag;
  t.node = node;
  if (++t.generation == 0) t.generation = 1;
  t.seq = push(now_ + std::max(delay, SimDuration{0}), EventKind::Timer, slot);
  return TimerHandle{slot, t.generation};
}

void Kernel::cancelTimer(TimerHandle& handle) {
  if (handle && handle.slot < timers_.size()) {
    const TimerSlot& t = timers_[handle.slot];
    // Its event stays queued, and the queue drops it unseen.
    if (t.generation == handle.generation && t.seq != kNoEvent) freeTimer(handle.slot);
  }
  handle = TimerHandle{};
}

void Kernel::freeTimer(std::uint32_t slot) {
  timers_[slot].seq = kNoEvent;
  freeTimers_.push_back(slot);
}

// Only a live timer's event reaches here: a cancelled one's is dropped by the
// queue, and a crash frees its node's timers.
[[gnu::flatten]] void Kernel::fireTimer(std::uint32_t slot) {
  TimerSlot& t = timers_[slot];
  NodeEntry& n = nodes_[t.node];
  if (n.status == NodeStatus::Paused) {
    n.waiting.push_back({slot, true, t.seq});  // fires when the node resumes
    return;
  }
  const TimerHandle handle{slot, t.generation};
  const std::uint64_t tag = t.tag;
  const NodeId node = t.node;
  freeTimer(slot);
  // Armed from onCrash, it fires only if the node is back up by then.
  if (n.status == NodeStatus::Crashed) return;
  appendRecord(TraceKind::TimerFired, node, kNoNode, kNoLabel, {static_cast<std::int64_t>(tag)});
  metrics_.add(timersFired_);
  nodes_[node].node->onTimer(handle, tag);
}

// ---- Node-side services ----

[[gnu::flatten]] void Kernel::milestone(NodeId node, Label label,
                                        const std::array<std::int64_t, 6>& values, NodeId peer) {
  appendRecord(TraceKind::Milestone, node, peer, label, values);
}

void Kernel::stateChanged(NodeId node, Label field, std::int64_t oldValue, std::int64_t newValue) {
  if (oldValue == newValue) return;
  appendRecord(TraceKind::StateChanged, node, kNoNode, field, {oldValue, newValue});
}

const TraceRecord& Kernel::record(TraceRecord r) {
  r.at = now_;
  return trace_.append(r);
}

void Kernel::nodeRecord(TraceKind kind, NodeId node, std::int64_t v0) {
  appendRecord(kind, node, kNoNode, kNoLabel, {v0});
}

// ---- Faults ----

void Kernel::crash(NodeId node) {
  NodeEntry& n = nodes_.at(node);
  if (n.status == NodeStatus::Crashed) return;
  startIfNeeded();
  n.status = NodeStatus::Crashed;
  ++n.epoch;
  n.busyUntil = now_;
  nodeRecord(TraceKind::Crashed, node);
  // Whatever waited inside the node is gone with it, and so are its timers
  // (those waiting for a resume among them): freed in slot order.
  for (const auto& w : std::exchange(n.waiting, {}))
    if (!w.timer) drop(w.slot, DropReason::NodeDown);
  for (std::uint32_t i = 0; i < timers_.size(); ++i)
    if (timers_[i].node == node && timers_[i].seq != kNoEvent) freeTimer(i);
  n.node->onCrash();
}

void Kernel::restart(NodeId node) {
  NodeEntry& n = nodes_.at(node);
  if (n.status != NodeStatus::Crashed) return;
  startIfNeeded();
  n.status = NodeStatus::Up;
  nodeRecord(TraceKind::Restarted, node);
  n.node->onStart();
}

void Kernel::pause(NodeId node) {
  NodeEntry& n = nodes_.at(node);
  if (n.status != NodeStatus::Up) return;
  startIfNeeded();
  n.status = NodeStatus::Paused;
  nodeRecord(TraceKind::Paused, node);
}

void Kernel::resume(NodeId node) {
  NodeEntry& n = nodes_.at(node);
  if (n.status != NodeStatus::Paused) return;
  n.status = NodeStatus::Up;
  nodeRecord(TraceKind::Resumed, node);
  // What waited during the pause happens now, in the order it came due;
  // messages still queue behind each other if the node is slow.
  for (const auto& w : std::exchange(n.waiting, {})) {
    if (!w.timer) {
      push(now_, EventKind::Deliver, w.slot);
    } else if (timers_[w.slot].seq == w.seq) {  // not cancelled while it waited
      timers_[w.slot].seq = push(now_, EventKind::Timer, w.slot);
    }
  }
}

void Kernel::setSlow(NodeId node, SimDuration perMessage) {
  NodeEntry& n = nodes_.at(node);
  if (n.slowBy == perMessage) return;
  n.slowBy = perMessage;
  nodeRecord(TraceKind::Slowed, node, perMessage.count());
}

void Kernel::setBlocked(NodeId from, NodeId to, bool blocked) {
  if (from == to || !network_.setBlocked(from, to, blocked)) return;
  appendRecord(TraceKind::LinkChanged, from, to, kNoLabel, {blocked ? 1 : 0});
}

void Kernel::partition(const std::vector<std::vector<NodeId>>& groups) {
  std::vector<int> group(nodes_.size(), -1);  // -1: in no group, reaches everyone
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (NodeId n : groups[g]) group.at(n) = static_cast<int>(g);
  for (NodeId a = 0; a < nodes_.size(); ++a)
    for (NodeId b = 0; b < nodes_.size(); ++b)
      setBlocked(a, b, group[a] >= 0 && group[b] >= 0 && group[a] != group[b]);
}

void Kernel::isolate(NodeId node) {
  for (NodeId other = 0; other < nodes_.size(); ++other) {
    setBlocked(node, other, true);
    setBlocked(other, node, true);
  }
}

void Kernel::healAll() {
  for (NodeId a = 0; a < nodes_.size(); ++a)
    for (NodeId b = 0; b < nodes_.size(); ++b) setBlocked(a, b, false);
}

// ---- Node's protected helpers ----

SimTime Node::now() const {
  return kernel_->now();
}
MessageId Node::send(Message message) {
  return kernel_->sendFrom(id_, std::move(message));
}
MessageId Node::send(NodeId to, Label kind, const MessageFields& fields, RequestId request,
                     MessageId cause) {
  return kernel_->sendFrom(id_, to, kind, fields, request, cause);
}
TimerHandle Node::setTimer(SimDuration delay, std::uint64_t tag) {
  return kernel_->armTimer(id_, delay, tag);
}
void Node::cancelTimer(TimerHandle& timer) {
  kernel_->cancelTimer(timer);
}
Rng& Node::rng() {
  return kernel_->nodes_[id_].rng;
}
void Node::milestone(Label label, const std::array<std::int64_t, 6>& values, NodeId peer) {
  kernel_->milestone(id_, label, values, peer);
}
void Node::stateChanged(Label field, std::int64_t oldValue, std::int64_t newValue) {
  kernel_->stateChanged(id_, field, oldValue, newValue);
}
std::size_t Node::clusterSize() const {
  return kernel_->nodeCount();
}

}  // namespace cs
