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

// Ring mode: where shard `shard`'s virtual node `i` sits.
Position ringToken(NodeId shard, int i);
// Ring mode: the shard whose token comes first at or after p, wrapping.
NodeId ringOwner(const std::vector<NodeId>& shards, int vnodes, Position p);
// Ring mode: cuts the map's chunks at every token of `shard` (its range
// ends just after the token). Bumps the minor version once if any cut.
void cutAtTokens(ShardMap& map, NodeId shard, int vnodes);

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
// least loaded live shards differ by at least this many chunks.
std::vector<Move> planMoves(const ShardMap& map, const std::vector<NodeId>& live,
                            const std::vector<NodeId>& draining, const std::vector<NodeId>& busy,
                            int vnodes, int threshold);

}  // namespace cs::sharding
