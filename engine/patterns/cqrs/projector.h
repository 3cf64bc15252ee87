// A projector: a catch-up subscription on all of the store's streams that
// folds the events of its read models' streams into their rows (see
// projection_plan.h) and keeps a checkpoint, the position below which every
// event is applied; an event of a stream it does not fold is passed over at
// no cost, but counts as applied. It reads history in batches
// (ReadAll from the next position) until it reaches the head, then
// subscribes live; a gap in the live events or a silence sends it back to
// reading history. Events are applied by `workers` partitions, an event going
// to the partition of its stream (stream % workers), so one stream's events
// stay in order while different streams' events are applied side by side.
//
// The checkpoint is saved every `checkpointEvery` events applied, and when
// nothing was applied for 100 ms. Checkpoints done right: the checkpoint saved is gap-aware (the
// lowest position still waiting in a partition, minus one), so an event that a slow partition still
// holds is never passed over; and the rows are updated idempotently by version (an event at or
// below a row's revision is skipped), so the events between the saved checkpoint and a crash are
// replayed without being counted twice. It reads gap-aware too: a hole in
// what the store shows (a position taken by a write not yet committed, see
// concurrent_store.h) holds it until that event commits. The unsafe
// switches undo each rule: the high-water mark skips an event (one still in
// a partition at a crash, or one that committed late), a non-idempotent
// projector double counts.
//
// Every `flushEvery` it sends each replica the rows that changed with the
// position they reach (a ModelDelta, numbered, carrying the request of the
// first new order in it so that an order can be followed to the replicas); a replica that misses
// one or sees a new epoch asks for a full copy. The epoch changes when the projector restarts
// (unsent changes were lost) and when a rebuild switches.
//
// Rebuilds: in place (rows emptied, checkpoint back to 0, queries see an
// empty or partial model until it catches up) or blue/green (a second model
// is built from position 1 on a worker of its own beside the live one, and
// replaces it once it has caught up with it).
//
// Orders expire (read_model.h) by the model's clock: the time its newest
// event at or below the saved checkpoint was recorded. Positions are taken
// in time order, so every event of an expired order lies below the saved
// checkpoint: no restart reads it again, and none can fold it twice. The
// expired rows go to the replicas in the next delta like any change, and
// only then are their pages freed.
//
// Durable: the rows, the saved checkpoint and its clock, the highest position applied,
// the epoch and the delta numbers. Volatile: the subscription, what waits
// in the partitions, changes not yet sent, the rebuild in progress.
// Kernel thread only.
#pragma once

#include <deque>
#include <optional>
#include <set>
#include <vector>

#include "clusterscope/kernel.h"
#include "patterns/cqrs/cqrs_options.h"
#include "patterns/cqrs/cqrs_words.h"
#include "patterns/cqrs/projection_plan.h"

namespace cs::cqrs {

struct ProjectorOptions {
  NodeId store = kNoNode;
  ShopStreams streams;
  int sessions = 8;
  StreamFilter filter;  // the streams its read models are made of
  int workers = 1;
  SimDuration projectCost{2'000};
  bool idempotent = true;
  CheckpointRule checkpoint = CheckpointRule::GapAware;
  int checkpointEvery = 10;
  SimDuration flushEvery{5'000};
  std::size_t batch = 100;       // events per ReadAll
  std::size_t inboxLimit = 400;  // events waiting before it stops reading history
  SimDuration readTimeout{300'000};
  SimDuration liveSilence{1'000'000};
  // The shoppers, whose order n is their request n (see requestOf): a
  // ModelDelta that brings in a new order serves that order's request.
  NodeId orderClient = kNoNode;
  SimDuration orderTtl{0};  // orders expire from the read models this long after their last event
};

class Projector : public Node {
 public:
  Projector(const Words& words, ProjectorOptions options);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // The replicas to keep up to date (the active ones), set by the pattern.
  void setReplicas(std::vector<NodeId> replicas) { replicas_ = std::move(replicas); }
  // Live: partitions applying events at once (1..8).
  // Takes effect once the partitions have drained; events received
  // meanwhile wait.
  void setWorkers(int workers);
  void setIdempotent(bool on) { options_.idempotent = on; }
  void setCheckpointRule(CheckpointRule rule) { options_.checkpoint = rule; }
  void rebuildInPlace();
  void rebuildBlueGreen();

  const ProjectorOptions& options() const { return options_; }
  const ReadModel& model() const { return model_; }
  // Every event at or below position() is applied (with the gap-aware rule).
  Position position() const { return position_; }
  Position checkpoint() const { return checkpoint_; }  // as last saved
  // The read models' clock: when the newest event at or below the checkpoint was recorded.
  std::int64_t clock() const { return clock_; }
  Position highest() const { return highest_; }
  Position received() const { return nextRead_ - 1; }
  // The hole it is holding at now (gap-aware, a write not yet committed); 0: none.
  Position heldAtGap() const { return hold_ && hold_->atHole ? nextRead_ : 0; }
  std::int64_t epoch() const { return epoch_; }
  std::int64_t seq() const { return seq_; }  // the last ModelDelta sent
  bool live() const { return live_; }
  std::size_t waiting() const { return pending_.size(); }
  std::uint64_t applied() const { return applied_; }
  std::uint64_t skipped() const { return skipped_; }
  std::uint64_t twice() const { return twice_; }
  std::uint64_t expired() const { return expired_; }  // order rows expired by their TTL
  // The blue/green rebuild in progress: how far its model has got.
  std::optional<Position> rebuilding() const {
    return shadow_ ? std::optional<Position>(shadow_->position) : std::nullopt;
  }
  bool rebuildingInPlace() const { return inPlace_; }
  std::vector<int> partitionDepths() const;

 private:
  struct Shadow {
    ReadModel model;
    Position position = 0;
    std::deque<RecordedEvent> inbox;
    std::int64_t clock = 0;  // when its newest event was recorded
    std::int64_t read = 0;   // the ReadAll awaited; negative, apart from the live lane's
    TimerHandle work;        // applying the inbox's front event
    TimerHandle retry;       // reading again: the read went unanswered, or found nothing new
  };

  void catchUp();
  void readShadow();
  void onReadAllReply(const Message& m);
  void onLive(const Message& m);
  // A read showed events after a hole at nextRead_: read again shortly.
  // The first hole of a hold is a milestone; holes met while it holds are not.
  void holdAtGap(Position next);
  // A read went through without a hole: a hold, if any, is over.
  void moveOn();
  // A spell of holding whose last hole is kHoldQuiet behind ends.
  void endQuietSpell();
  void enqueue(const RecordedEvent& e);
  void dispatch(const RecordedEvent& e);
  void startWorker(std::size_t w);
  void workerDone(std::size_t w);
  void apply(const RecordedEvent& e);
  void advance(Position p);
  bool folds(const RecordedEvent& e) const {
    return options_.filter.folds(options_.streams, e.stream);
  }
  void shadowDone();
  void shadowNext();
  void switchToShadow();
  void dropShadow();  // cancels its timers; the caller resets it
  void flush();
  // The request a ModelDelta of the rows changed serves: the first order it
  // brings in (a delta is a batch; one order is followed through it), or 0.
  RequestId requestIn() const;
  void saveCheckpoint();
  void sendCopy(NodeId replica);
  void resetVolatile();
  void repartition();
  std::size_t inboxSize() const;

  const Words words_;
  ProjectorOptions options_;

  // ---- Durable: the read model and the checkpoint that belongs to it ----
  ReadModel model_;
  Position checkpoint_ = 0;
  std::int64_t clock_ = 0;
  Position highest_ = 0;
  std::int64_t epoch_ = 1;
  std::int64_t seq_ = 0;  // the last ModelDelta sent
  std::uint64_t applied_ = 0, skipped_ = 0, twice_ = 0, expired_ = 0;
  bool startedBefore_ = false;
  std::vector<NodeId> replicas_;  // configuration, set from outside

  // ---- Volatile ----
  bool live_ = false;
  bool wantRead_ = false;         // stopped reading history because the partitions were full
  bool behind_ = true;            // for the caught-up milestone
  std::int64_t read_ = 0;         // the ReadAll awaited
  std::int64_t shadowReads_ = 0;  // the rebuild's reads count down from -1
  Position flushed_ = 0;          // the position the last ModelDelta carried
  SimTime lastSent_{0};           // the last ModelDelta or heartbeat
  Position nextRead_ = 1;         // the next position it expects from the store
  // A spell of holding at holes. It begins at the first hole a read shows
  // (the held-at-gap milestone) and lasts, however many holes it waits at
  // on the way, until the projector has read on for kHoldQuiet without
  // meeting another (the gap-filled milestone, with the time it held): under
  // steady concurrent writes a new hole comes every few tens of
  // milliseconds, and one milestone each would flood the log.
  struct Hold {
    Position first = 0;   // the hole the spell began at
    int holes = 1;        // holes waited at
    bool atHole = true;   // waiting at one now (at nextRead_)
    SimTime heldSince{};  // when it began waiting at the current hole
    SimDuration held{0};  // time spent waiting at the holes before it
    SimTime movedOnAt{};  // when it last read past a hole
  };
  std::optional<Hold> hold_;
  Position position_ = 0;
  int sinceSave_ = 0;  // events applied since the checkpoint was saved
  SimTime lastApplied_{0};
  std::set<Position> pending_;                    // received, not yet applied
  std::vector<std::deque<RecordedEvent>> inbox_;  // by partition
  std::deque<RecordedEvent> held_;                // received while the partitions change
  std::vector<TimerHandle> busy_;                 // by partition: applying its front event
  std::vector<StreamId> dirty_;  // rows changed since the last ModelDelta, perhaps twice
  // When each event received and not yet below the saved checkpoint was
  // recorded: (position, time), in position order.
  std::deque<std::pair<Position, std::int64_t>> times_;
  TimerHandle wake_, flushTimer_;
  std::optional<Shadow> shadow_;
  int wantWorkers_ = 1;   // partitions asked for
  bool inPlace_ = false;  // an in-place rebuild has not caught up yet
};

}  // namespace cs::cqrs
