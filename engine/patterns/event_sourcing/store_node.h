// The event store as a node of the cluster. Its EventStore (the log, the
// streams, the snapshots beside them) is durable: a crash keeps every
// committed event. Appends are written one at a time: an append waits
// `commitDelay` (the write reaching the disk) before it is committed, all of
// its events at once, and only then acknowledged. A crash during that wait
// loses the append whole, with every append queued behind it: all in or all
// out, never half a batch. The writer's timeout and retry cover the loss.
//
// Reads: Load (a stream's latest snapshot, if asked for, and the events
// after it; or only the events after the revision the handler holds
// already, when it holds one and no later snapshot is kept), ReadAll (every stream from a global
// position, in batches) and Subscribe (push every event committed from now on to the subscriber,
// until it crashes or the store restarts: live subscriptions are volatile,
// the subscriber holds its checkpoint and catches up by ReadAll).
//
// Retention, when the options give a policy (retention_policy.h): the store
// sets stream metadata as the policy says and scavenges on a schedule. A
// crash between scavenges loses none of them: a scavenge is one step, and
// it touches only events no reader may see any more.
// Kernel thread only.
#pragma once

#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/event_sourcing/es_words.h"
#include "patterns/event_sourcing/event_store.h"
#include "patterns/event_sourcing/retention_policy.h"

namespace cs::event_sourcing {

struct StoreOptions {
  SimDuration commitDelay{1'000};
  std::size_t readBatch = 100;               // events per ReadAllReply at most
  std::optional<RetentionPolicy> retention;  // none: every event is kept
};

class StoreNode : public Node {
 public:
  StoreNode(const Words& words, StoreOptions options, Metrics& metrics);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // The next committed append is not acknowledged (its AppendAck is lost on
  // the way), so its writer times out and retries.
  void loseNextAck() { loseNextAck_ = true; }
  bool losingNextAck() const { return loseNextAck_; }

  const EventStore& store() const { return store_; }
  // The append waiting for its commit, if any, and how many queue behind it.
  std::size_t appendsInProgress() const { return queue_.size(); }
  std::uint64_t committed() const { return committed_; }    // appends committed
  std::uint64_t rejected() const { return rejected_; }      // wrong expected version
  std::uint64_t recognised() const { return recognised_; }  // already appended
  std::uint64_t lostAppends() const { return lostAppends_; }
  std::size_t liveSubscribers() const { return live_.size(); }
  const std::optional<RetentionPolicy>& retention() const { return options_.retention; }
  std::uint64_t scavenges() const { return scavenges_; }
  std::uint64_t reclaimed() const { return reclaimed_; }  // by every scavenge
  const ScavengeResult& lastScavenge() const { return lastScavenge_; }
  // Runs the retention policy's scavenge now (the schedule does it too).
  // REQUIRES: retention().
  void scavenge();

  // The last append refused for a wrong expected version.
  struct Rejection {
    StreamId stream = 0;
    ExpectedRevision expected;
    Revision actual = kNoStreamRevision;
    NodeId writer = kNoNode;
    SimTime at{};
    bool any = false;  // false until one happened
  };
  const Rejection& lastRejection() const { return lastRejection_; }

  // Tests and benchmarks: commit directly, as a committed append would.
  EventStore& mutableStore() { return store_; }

 protected:
  // For a store that writes appends its own way: answers an append whose
  // result is in the store (milestones, live subscribers, acknowledgment).
  void answerAppend(const Message& m, const AppendResult& r);
  // Answers a ReadAll from `from` with `read`, the store's head being `head`.
  void answerReadAll(const Message& m, Position from, std::shared_ptr<EventsRead> read,
                     Position head);
  // Sends each event from `from` to `to` to every one of `subscribers`. A
  // live push carries the `request` whose append wrote the events, so a
  // followed order goes on from the store to whoever reads its events; a
  // catch-up from history serves no request.
  void publishTo(const std::vector<NodeId>& subscribers, Position from, Position to,
                 RequestId request = 0);
  std::vector<NodeId> live_;  // live subscribers, in subscription order (volatile)

 private:
  struct Pending {
    Message message;  // the Append, with its batch
  };
  void handleAppend(const Message& m);
  void startNext();
  // REQUIRES: `events` is m's batch, not empty.
  void commit(const Message& m, std::span<const EventData> events);
  void handleLoad(const Message& m);
  // A Loaded payload to fill: one that no message holds any more, emptied,
  // or a new one.
  std::shared_ptr<EventsRead> freeRead();
  void handleReadAll(const Message& m);
  void armScavenge();
  bool retaining() const { return options_.retention && options_.retention->options().on; }

  const Words words_;
  StoreOptions options_;
  Metrics* metrics_;
  MetricId appendsMetric_ = 0, eventsMetric_ = 0, conflictsMetric_ = 0, duplicatesMetric_ = 0,
           headMetric_ = 0;

  // ---- Durable ----
  EventStore store_;
  std::uint64_t committed_ = 0, rejected_ = 0, recognised_ = 0, lostAppends_ = 0;
  Rejection lastRejection_;
  bool startedBefore_ = false;
  bool loseNextAck_ = false;  // a fault set from outside, not the store's own state
  std::uint64_t scavenges_ = 0, reclaimed_ = 0;
  ScavengeResult lastScavenge_;

  // ---- Volatile ----
  std::deque<Pending> queue_;  // the front is being written
  TimerHandle commitTimer_;
  // Loaded payloads sent before. One whose only holder is this list has
  // been read and dropped by everyone it went to, so no one can see it
  // change: the next Load fills it again rather than allocating.
  std::vector<std::shared_ptr<EventsRead>> reads_;
  TimerHandle scavengeTimer_;
};

}  // namespace cs::event_sourcing
