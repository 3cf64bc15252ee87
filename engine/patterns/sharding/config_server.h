// The config server: the authoritative shard map, durable, and the balancer
// that runs beside it (as MongoDB's config server primary runs it).
//
// Durable: the map, which shards are members and which are draining, the
// zone ranges, the outcome of every migration decided so far and the next
// migration id. Volatile: the balancer's list of migrations it believes are
// running, and whether its last round found nothing to do.
//
// Invariants: the map's chunks cover the space exactly; every committed
// migration bumps the major version, every split the minor; a migration's
// outcome, once decided (committed by CommitMigration, or aborted by a
// ResolveMigration that came first), never changes, so a late commit from a
// donor that was given up on cannot take effect; a region with a zone range
// keeps at least one live member shard. Kernel thread only.
#pragma once

#include <map>
#include <vector>

#include "clusterscope/node.h"
#include "patterns/sharding/placement.h"
#include "patterns/sharding/sharding_options.h"
#include "patterns/sharding/sharding_words.h"

namespace cs::sharding {

class ConfigServer : public Node {
 public:
  // `regionOf`: each node's region, by NodeId (see ZoneRules).
  ConfigServer(const Words& words, const ShardingOptions& options, std::vector<NodeId> shards,
               std::vector<NodeId> spares, std::vector<int> regionOf);

  void onStart() override;
  void onMessage(const Message& m) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // Verbs (the pattern calls them for the user). False if there is no
  // spare to add, or the shard cannot go.
  bool addShard();
  bool removeShard(NodeId shard);
  void setBalancer(bool on) { balancerOn_ = on; }
  // Pins [range) to the shards of `region` (MongoDB's updateZoneKeyRange);
  // the balancer splits chunks at its edges and moves them into the zone.
  // False if it overlaps a zone range already there or the region has no
  // live member shard.
  bool addZoneRange(ZoneRange zone);
  // Unpins every zone range: the balancer may place their chunks anywhere
  // again (it moves none back by itself; only balancing moves them).
  void removeZoneRanges();
  // True if some live member shard (not draining) sits in `region`.
  bool regionHasLiveShard(int region) const;

  const MapPtr& map() const { return map_; }
  const std::vector<NodeId>& members() const { return members_; }
  const std::vector<NodeId>& draining() const { return draining_; }
  bool balancerOn() const { return balancerOn_; }
  const ZoneRules& zones() const { return zones_; }
  // Running migrations as the balancer knows them (lost if it crashes).
  struct Running {
    std::int64_t id = 0;
    NodeId donor = kNoNode;
    NodeId recipient = kNoNode;
    SimTime startedAt{};
  };
  const std::vector<Running>& running() const { return running_; }
  std::int64_t committedMigrations() const { return committed_; }
  std::int64_t abortedMigrations() const { return aborted_; }
  // Keys cloned by committed migrations, all told.
  std::int64_t keysMoved() const { return keysMoved_; }

 private:
  void balance();
  bool splitAtZoneEdges(const std::vector<NodeId>& busy);
  void commit(const Message& m);
  void resolve(const Message& m);
  void split(const Message& m);
  void finished(std::int64_t id);
  void removeIfDrained();
  std::vector<NodeId> live() const;
  void replyWithMap(const Message& m, Label kind, const MessageFields& fields);

  const Words& words_;
  const ShardingOptions& options_;
  // Durable.
  MapPtr map_;
  std::vector<NodeId> members_;
  std::vector<NodeId> draining_;
  std::vector<NodeId> spares_;
  std::map<std::int64_t, MoveOutcome> decided_;
  std::int64_t nextMigration_ = 1;
  std::int64_t committed_ = 0;
  std::int64_t aborted_ = 0;
  std::int64_t keysMoved_ = 0;
  bool balancerOn_ = true;
  ZoneRules zones_;
  // Volatile.
  bool idle_ = false;  // the last round moved and split nothing, with nothing running
  std::vector<Running> running_;
  TimerHandle balancerTimer_;
};

}  // namespace cs::sharding
