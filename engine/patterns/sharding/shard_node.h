// A shard: stores the keys of the chunks it owns, durably, and serves
// routers' operations through a bounded queue and a pool of workers; it is
// also either side of a chunk migration (migration.cpp).
//
// Durable: the keys (each key's value is a write stamp, and a write only
// replaces a smaller one: last writer wins, so a retried or delayed write
// never undoes a later one); the recipient's record of an incoming
// migration; the donor's record of a migration whose commit it has sent.
// Volatile: the cached shard map (unknown after a restart until refreshed),
// the queue and workers, the migration's progress, load counters.
//
// Invariants: an operation is served only when the router's map version
// equals ours and we own the key in it (else StaleConfig); a write to a
// chunk in a migration's critical section, or whose commit is undecided, is
// refused; keys are deleted only where fresher metadata than any migration
// into us says we do not own them. Kernel thread only.
#pragma once

#include <deque>
#include <optional>
#include <set>
#include <vector>

#include "clusterscope/node.h"
#include "patterns/sharding/key_store.h"
#include "patterns/sharding/sharding_options.h"
#include "patterns/sharding/sharding_words.h"

namespace cs::sharding {

class ShardNode : public Node {
 public:
  ShardNode(const Words& words, const ShardingOptions& options, NodeId config);

  void onStart() override;
  void onMessage(const Message& m) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // Stores the keys held before the run (a restore), durable.
  void preload(std::vector<KeyStore::Entry> keys) { data_.assign(std::move(keys)); }

  const KeyStore& data() const { return data_; }
  const MapPtr& metadata() const { return meta_; }
  std::size_t queued() const { return queue_.size() + static_cast<std::size_t>(inService_); }
  std::uint64_t served() const { return served_; }
  std::uint64_t refused() const { return refused_; }

  // The migration this shard donates, as the window shows it.
  struct Donation {
    std::int64_t id = 0;
    NodeId recipient = kNoNode;
    std::vector<Range> ranges;
    Phase phase = Phase::Idle;
    std::size_t keys = 0;    // keys to clone
    std::size_t cloned = 0;  // sent so far
  };
  const std::optional<Donation>& donation() const { return donor_; }
  // Ranges whose migration committed, waiting for range deletion.
  const std::vector<Range>& orphaned() const { return orphaned_; }
  bool receiving() const { return incoming_.has_value(); }
  // True while this shard has sent a migration's commit and not heard its
  // outcome: the chunk stays blocked until it does.
  bool committing() const { return pending_.has_value(); }
  // The unsafe switch: off, operations are served without a version check.
  void setVersioned(bool on) { versioned_ = on; }
  // True if this shard's metadata says it owns position p and it would
  // accept a write there now.
  bool claims(Position p) const;

 private:
  struct Incoming {
    std::int64_t id = 0;
    NodeId donor = kNoNode;
    std::vector<Range> ranges;
  };
  struct Pending {  // a donor's commit it has sent and not heard the outcome of
    std::int64_t id = 0;
    NodeId recipient = kNoNode;
    std::vector<Range> ranges;
    std::size_t keys = 0;  // the keys it cloned
  };

  // Serving.
  // What serving an operation needs of its message, kept in the queue and
  // by its worker in place of the whole message.
  struct Work {
    MessageFields fields{};
    NodeId from = kNoNode;
    RequestId request = 0;
    MessageId id = 0;
    // The key's position, worked out on arrival (a map's mode never
    // changes); -1 if the shard had no map then, or for a scan.
    Position at = -1;
  };
  void enqueue(const Message& m);
  void startWork();
  // A worker takes op: done after the service time.
  void serve(const Work& op);
  void execute(const Work& op);
  void answer(const Work& op, OpOutcome outcome, std::int64_t value = 0, std::int64_t count = 0);
  std::int64_t scan(Key lo, Key hi) const;
  bool blocked(Position p) const;
  void noteLoad(std::size_t chunk, Position p);
  // Moves the load counted under loadMap_ to the same chunk starts in meta_.
  void carryLoad();
  void considerSplits();

  // Metadata.
  void refresh();
  void adopt(const MapPtr& map);
  void deleteOrphans();

  // Donor side (migration.cpp).
  void moveChunks(const Message& m);
  void sendClone(const Message& m);
  void sendMods(const Message& m);
  void enterCriticalSection();
  void sendCommit();
  void concludeDonation(std::int64_t id, MoveOutcome outcome, const MapPtr& map);
  void abortDonation(const char* why);
  void donorTimeout();
  // Recipient side (migration.cpp).
  void startClone(const Message& m);
  void takeClone(const Message& m);
  void takeMods(const Message& m);
  void concludeIncoming(MoveOutcome outcome, const MapPtr& map);
  void recipientTimeout();
  void phaseMilestone(Phase phase);
  // Keys per CloneData or Mods batch: all of them when moving a key costs
  // nothing, else what the donor ships in about kShipSlice.
  std::size_t shipBatch() const;
  // Sends a donor's batch of `keys` keys once reading and shipping them
  // has taken keys × cloneKeyTime.
  void ship(Message batch, std::size_t keys);
  void shipped(Message batch);
  void sendTo(NodeId to, Label kind, const MessageFields& f,
              std::shared_ptr<const Payload> payload = nullptr);
  bool inRanges(const std::vector<Range>& ranges, Position p) const;
  std::size_t eraseRanges(const std::vector<Range>& ranges);
  void applyKeys(const std::vector<KeyValue>& keys);

  const Words& words_;
  const ShardingOptions& options_;
  NodeId config_;
  bool versioned_;

  // Durable.
  KeyStore data_;
  std::optional<Incoming> incoming_;
  std::optional<Pending> pending_;

  // Volatile.
  MapPtr meta_;
  bool refreshing_ = false;
  std::int64_t refreshAsk_ = 0;
  bool cleanupDue_ = false;
  std::deque<Work> queue_;
  // The operations in service, each in the slot its work timer names; a
  // slot is free again once its timer fires (or the shard crashes: the
  // timer never fires then).
  std::vector<Work> working_;
  std::vector<std::uint32_t> freeWork_;
  int inService_ = 0;
  std::optional<Donation> donor_;
  std::vector<StoredKey> cloneList_;  // the donor's keys to clone, fixed at the start
  std::set<StoredKey> modified_;      // written since the clone began
  std::optional<Message> shipping_;   // a batch being read and shipped
  TimerHandle shipTimer_;
  std::vector<Range> orphaned_;
  Phase incomingPhase_ = Phase::Idle;
  SimTime lastHeard_{};
  TimerHandle migrationTimer_;
  TimerHandle recipientTimer_;
  struct Load {
    std::int64_t ops = 0;
    std::vector<Position> sample;
  };
  // Since the last look, by the chunk's index in loadMap_, the metadata
  // they were counted under (carried over by chunk start when it changes).
  std::vector<Load> load_;
  MapPtr loadMap_;
  std::uint64_t served_ = 0;
  std::uint64_t refused_ = 0;
};

}  // namespace cs::sharding
