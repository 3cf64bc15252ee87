// The kernel: virtual time, one event queue ordered by (time, sequence), the
// network, the nodes and their timers, faults, the trace and the metrics.
//
// Determinism: everything random is drawn from streams derived from one seed
// (network, node/i); nothing reads a wall clock; nothing iterates an unordered
// container. Same seed + same commands => the same trace, bit for bit.
//
// Performance: an event is 24 bytes in the event queue; messages live in a slab
// reused through a free list; sending a message without a payload allocates
// nothing once the slab has grown. A cancelled timer frees its slot at once
// and its event is dropped by the queue unseen (see EventQueue), so a node
// that arms a timeout per request and cancels it on the reply leaves neither
// dead events to pop nor a growing timer table.
//
// Events: eventsProcessed() counts the events that happened (a message
// arriving, a timer firing); a cancelled timer is none, and neither moves
// now() nor takes a sample.
//
// Thread-safety: none. A Kernel is used by one thread at a time (the driver's
// thread in the app, the test's thread in tests).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clusterscope/event_queue.h"
#include "clusterscope/ids.h"
#include "clusterscope/message.h"
#include "clusterscope/metrics.h"
#include "clusterscope/network.h"
#include "clusterscope/node.h"
#include "clusterscope/rng.h"
#include "clusterscope/time.h"
#include "clusterscope/trace.h"
#include "clusterscope/vocabulary.h"

namespace cs {

enum class NodeStatus : std::uint8_t {
  Up,       // running normally
  Crashed,  // stopped; volatile state gone; receives nothing
  Paused,   // frozen (a GC pause): messages wait, timers slip until resumed
};

// How many trace records a run keeps for readers of its past (the window's
// event log and diagram catch up from them). Listeners see every record
// whatever the size, so a run nobody reads back (headless) keeps a small
// ring: it stays in the CPU's cache instead of streaming through memory.
inline constexpr std::size_t kWindowTraceCapacity = 1u << 18;
inline constexpr std::size_t kHeadlessTraceCapacity = 1u << 12;

struct KernelOptions {
  std::size_t traceCapacity = kWindowTraceCapacity;
  SimDuration sampleInterval{100'000};
};

class Kernel {
 public:
  explicit Kernel(std::uint64_t seed, KernelOptions options = {});
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // ---- Building (before the first step) ----
  // Takes ownership; the node's id is its index. Returns the id.
  NodeId addNode(std::unique_ptr<Node> node);
  // Registers a message kind, the part it plays in an exchange and its
  // per-kind "sent.<name>" counter. `correlation` and `outcome.field` name
  // fields of the kind ("" for none).
  // REQUIRES: each named field is among `fields`.
  Label defineMessage(std::string name, std::vector<std::string> fields, Exchange exchange,
                      std::string_view correlation = {}, ReplyOutcome outcome = {});
  // `exchange` is GaveUp for a milestone that ends a caller's wait; then
  // `correlation` names its field that holds the Request's.
  // REQUIRES: a named correlation is among `fields`.
  Label defineMilestone(std::string name, std::vector<std::string> fields, std::string format,
                        Exchange exchange = Exchange::OneWay, std::string_view correlation = {});
  Label defineState(std::string name, std::vector<std::string> valueNames = {});
  // The name the log and milestones use for a node ("payment"); unnamed
  // nodes are "node 3".
  void nameNode(NodeId node, std::string name) { vocabulary_.nameNode(node, std::move(name)); }

  // ---- Running ----
  SimTime now() const { return now_; }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t eventsProcessed() const { return processed_; }
  std::optional<SimTime> nextEventTime() const;
  // Processes exactly one event (starting the nodes first if needed).
  // Returns false if there was none.
  bool step();
  // Processes the next event if it is due at or before `t`; false if there
  // is none that early.
  bool stepUntil(SimTime t);
  // Processes every event due at or before `t`, then sets now() to t.
  // REQUIRES: t >= now().
  void runUntil(SimTime t);
  // Takes the samples due at or before now() until `count` have been taken
  // in all, without running events (for replaying a command exactly).
  void sampleUpTo(std::uint64_t count);

  // ---- Faults (traced) ----
  void crash(NodeId node);
  void restart(NodeId node);
  void pause(NodeId node);
  void resume(NodeId node);
  // Each message takes `perMessage` to process, one at a time (0: normal speed).
  void setSlow(NodeId node, SimDuration perMessage);
  // Blocks or opens the directed link from -> to.
  void setBlocked(NodeId from, NodeId to, bool blocked);
  // Blocks every link that crosses between two different groups, opens all others.
  void partition(const std::vector<std::vector<NodeId>>& groups);
  // Cuts node off from every other node in both directions.
  void isolate(NodeId node);
  void healAll();

  NodeStatus status(NodeId node) const { return nodes_[node].status; }
  SimDuration slowness(NodeId node) const { return nodes_[node].slowBy; }

  // ---- Parts ----
  std::size_t nodeCount() const { return nodes_.size(); }
  Node& node(NodeId id) { return *nodes_[id].node; }
  const Node& node(NodeId id) const { return *nodes_[id].node; }
  Network& network() { return network_; }
  const Network& network() const { return network_; }
  Trace& trace() { return trace_; }
  const Trace& trace() const { return trace_; }
  Metrics& metrics() { return metrics_; }
  const Metrics& metrics() const { return metrics_; }
  const Vocabulary& vocabulary() const { return vocabulary_; }

  // Called just before each metric sample, so gauges kept by the layers above
  // (the pattern's "term", "leader") are current when sampled.
  void setBeforeSample(std::function<void()> hook) { beforeSample_ = std::move(hook); }

  // A message on the wire (or waiting at a paused or slow receiver).
  struct InFlight {
    Message message;
    SimTime sentAt{};
    SimTime due{};
    bool lost = false;
    bool duplicate = false;
  };
  // Calls fn(const InFlight&) for every message not yet delivered or dropped,
  // in slab order (deterministic).
  template <class Fn>
  void forEachInFlight(Fn&& fn) const {
    for (std::uint32_t i = 0; i < slabSize_; ++i)
      if (const MessageSlot& s = slot(i); s.live) fn(s.flight);
  }
  std::size_t inFlightCount() const { return live_; }

  // Appends a record stamped with now(); for the layers above the kernel
  // (commands, violations).
  const TraceRecord& record(TraceRecord r);

 private:
  friend class Node;

  enum class EventKind : std::uint8_t { Deliver, Timer };
  struct Event {
    std::uint32_t slot;  // a message slot or a timer slot, by kind
    EventKind kind;
  };
  // Where a message is: on the wire, arrived at its receiver, or taken by a
  // slow receiver and queued for processing (lost if that node crashes).
  enum class Stage : std::uint8_t { OnWire, Arrived, Processing };
  struct MessageSlot {
    InFlight flight;
    bool live = false;
    Stage stage = Stage::OnWire;
    std::uint32_t epoch = 0;  // the receiver's epoch when processing was queued
  };
  static constexpr std::uint64_t kNoEvent = ~std::uint64_t{0};
  struct TimerSlot {
    std::uint64_t tag = 0;
    // The sequence number of the armed timer's event (kNoEvent: the slot is
    // free). An event whose seq is not its slot's is a cancelled timer's.
    std::uint64_t seq = kNoEvent;
    std::uint32_t generation = 0;
    NodeId node = kNoNode;
  };
  // Whether a queued event is a cancelled timer's (or one that died with its
  // node): its slot was freed, and perhaps armed again, since it was queued.
  struct TimerCancelled {
    const std::vector<TimerSlot>* timers;
    template <class Entry>
    bool operator()(const Entry& e) const {
      return e.payload.kind == EventKind::Timer && (*timers)[e.payload.slot].seq != e.seq;
    }
  };
  using Queue = EventQueue<Event, TimerCancelled>;
  struct NodeEntry {
    std::unique_ptr<Node> node;
    Rng rng;
    NodeStatus status = NodeStatus::Up;
    std::uint32_t epoch = 0;  // bumped on crash: what a slow node had queued is gone
    SimDuration slowBy{0};
    SimTime busyUntil{0};
    // Messages and timers that came due while paused, in the order they did.
    struct Waiting {
      std::uint32_t slot;
      bool timer;
      std::uint64_t seq;  // a timer's event, to tell whether it was cancelled since
    };
    std::vector<Waiting> waiting;
  };

  void startIfNeeded();
  // Queues an event; returns its sequence number.
  std::uint64_t push(SimTime at, EventKind kind, std::uint32_t slot);
  void sampleUntil(SimTime t);
  // Runs a popped event at its time, after the samples due before it.
  void process(const Queue::Entry& top);
  void dispatch(Event e);
  void arrive(std::uint32_t slot);
  void deliver(std::uint32_t slot);
  void drop(std::uint32_t slot, DropReason reason);
  void fireTimer(std::uint32_t slot);
  void freeTimer(std::uint32_t slot);
  void freeMessage(std::uint32_t slot);
  std::uint32_t allocMessage();
  MessageSlot& slot(std::uint32_t i) { return chunks_[i >> kChunkBits][i & kChunkMask]; }
  const MessageSlot& slot(std::uint32_t i) const {
    return chunks_[i >> kChunkBits][i & kChunkMask];
  }
  void traceMessage(TraceKind kind, const InFlight& f, DropReason reason = DropReason::None);
  MessageId launch(NodeId from, std::uint32_t slot);
  void nodeRecord(TraceKind kind, NodeId node, std::int64_t v0 = 0);
  void appendRecord(TraceKind kind, NodeId node, NodeId peer, Label label,
                    const std::array<std::int64_t, 6>& values);

  MessageId sendFrom(NodeId from, Message message);
  MessageId sendFrom(NodeId from, NodeId to, Label kind, const MessageFields& fields,
                     RequestId request, MessageId cause);
  TimerHandle armTimer(NodeId node, SimDuration delay, std::uint64_t tag);
  void cancelTimer(TimerHandle& handle);
  void milestone(NodeId node, Label label, const std::array<std::int64_t, 6>& values, NodeId peer);
  void stateChanged(NodeId node, Label field, std::int64_t oldValue, std::int64_t newValue);

  std::uint64_t seed_;
  SimTime now_{0};
  std::uint64_t nextSeq_ = 0;
  std::uint64_t processed_ = 0;
  MessageId nextMessageId_ = 1;
  bool started_ = false;

  std::vector<TimerSlot> timers_;
  std::vector<std::uint32_t> freeTimers_;
  // Mutable: finding the first live event (nextEventTime()) drops cancelled
  // ones, which changes nothing a run can see.
  mutable Queue queue_{TimerCancelled{&timers_}};
  // Messages live in fixed-size chunks so their addresses never move: a
  // handler gets the slab's own message, with no copy, while it sends more.
  static constexpr std::uint32_t kChunkBits = 10;
  static constexpr std::uint32_t kChunkMask = (1u << kChunkBits) - 1;
  std::vector<std::unique_ptr<MessageSlot[]>> chunks_;
  std::uint32_t slabSize_ = 0;
  std::size_t live_ = 0;
  std::vector<std::uint32_t> freeSlots_;
  std::vector<NodeEntry> nodes_;

  Network network_;
  Trace trace_;
  Metrics metrics_;
  Vocabulary vocabulary_;
  MetricId sent_, delivered_, dropped_, timersFired_;
  std::vector<MetricId> sentByKind_;  // indexed by Label
  std::function<void()> beforeSample_;
};

}  // namespace cs
