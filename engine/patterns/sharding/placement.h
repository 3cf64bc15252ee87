// Building shard maps and deciding where chunks should live: the initial
// map of each partitioning mode, the ring's tokens, and the balancer's
// choice of moves. Pure functions over values, so tests can check them
// without a cluster. Any thread.
#pragma once

#include <vector>

#include "clusterscope/sharding/shard_map.h"

namespace cs::sharding {

// The first map: ranged and hashed cut the space into shards x chunksPerShard
// chunks, each shard a run of neighbours; the ring gives each shard `vnodes`
// tokens; mod N deals the slots out in turn. Version 1.0.
ShardMap initialMap(Partitioning mode, const std::vector<NodeId>& shards, int chunksPerShard,
                    int vnodes, Position keySpace);

// Cuts chunk i of the map in two at `at`, both halves stamped with the
// map's version (bumped by the caller). REQUIRES: lo < at < hi of chunk i.
void splitChunk(ShardMap& map, std::size_t i, Position at);

// Ring mode: where shard `shard`'s virtual node `i` sits.
Position ringToken(NodeId shard, int i);
// Ring mode: the shard whose token comes first at or after p, wrapping.
NodeId ringOwner(const std::vector<NodeId>& shards, int vnodes, Position p);
// Ring mode: cuts the map's chunks at every token of `shard` (its range
// ends just after the token). Bumps the minor version once if any cut.
void cutAtTokens(ShardMap& map, NodeId shard, int vnodes);

// Zones (data locality) as the balancer applies them: the zone ranges and
// the region of each shard. Empty: no zones, any chunk may live anywhere.
struct ZoneRules {
  std::vector<ZoneRange> ranges;  // sorted by range.lo, disjoint
  std::vector<int> regionOf;      // by NodeId; -1 (or past the end) for a node in no region

  int region(NodeId shard) const { return shard < regionOf.size() ? regionOf[shard] : -1; }
  // The region whose zone range holds all of r, or -1 if none does (a
  // range across a zone's edge is in no zone until it is split there).
  int zoneOf(const Range& r) const;
  // True if `shard` may own chunk range r: r is in no zone, or `shard` is
  // in r's zone's region.
  bool fits(const Range& r, NodeId shard) const;
};

// The zone edges that fall inside a chunk of the map, where it must be
// split before its parts can be placed by zone, in order.
std::vector<Position> zoneCuts(const ShardMap& map, const std::vector<ZoneRange>& zones);

// Where each chunk should be, by the mode's rule, for the shards that take
// chunks (`live`, draining ones left out): ring and mod N by their
// functions; ranged and hashed by evening out chunk counts, moving jumbo
// chunks only off a draining shard.
struct Move {
  NodeId donor = kNoNode;
  NodeId recipient = kNoNode;
  std::vector<Range> ranges;
};
// The moves worth making now, at most one per shard, none touching a shard
// in `busy`. `threshold`: ranged and hashed move only when the most and
// least loaded live shards differ by at least this many chunks. With zones
// (ranged), a chunk in a zone moves only to a shard of the zone's region,
// and one sitting outside it is moved there first of all.
std::vector<Move> planMoves(const ShardMap& map, const std::vector<NodeId>& live,
                            const std::vector<NodeId>& draining, const std::vector<NodeId>& busy,
                            int vnodes, int threshold, const ZoneRules& zones = {});

}  // namespace cs::sharding
