// Maps, tokens and the balancer's plan. See placement.h. Any thread.
#include "patterns/sharding/placement.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <utility>

namespace cs::sharding {
namespace {

bool has(const std::vector<NodeId>& v, NodeId n) {
  return std::find(v.begin(), v.end(), n) != v.end();
}

std::vector<std::pair<Position, NodeId>> tokens(const std::vector<NodeId>& shards, int vnodes) {
  std::vector<std::pair<Position, NodeId>> t;
  for (NodeId s : shards)
    for (int i = 0; i < vnodes; ++i) t.emplace_back(ringToken(s, i), s);
  std::sort(t.begin(), t.end());
  return t;
}

}  // namespace

Position ringToken(NodeId shard, int i) {
  return static_cast<Position>(hashKey(static_cast<Key>(shard) * 7919 + i * 104729 + 17) >> 32);
}

NodeId ringOwner(const std::vector<NodeId>& shards, int vnodes, Position p) {
  const auto t = tokens(shards, vnodes);
  auto it = std::lower_bound(t.begin(), t.end(), std::make_pair(p, NodeId{0}));
  return it == t.end() ? t.front().second : it->second;
}

ShardMap initialMap(Partitioning mode, const std::vector<NodeId>& shards, int chunksPerShard,
                    int vnodes, Position keySpace) {
  ShardMap m;
  m.mode = mode;
  m.version = {1, 0};
  const Position space = m.space();
  if (mode == Partitioning::ModN) {
    for (Position s = 0; s < kModSlots; ++s)
      m.chunks.push_back(
          {{s, s + 1}, shards[static_cast<std::size_t>(s) % shards.size()], m.version});
    return m;
  }
  std::vector<Position> cuts;
  if (mode == Partitioning::Ring) {
    for (const auto& [token, shard] : tokens(shards, vnodes))
      if (token + 1 < space) cuts.push_back(token + 1);
  } else {
    // Ranged chunks cut the keys in use; the last runs on to MaxKey, so
    // ever larger keys all land in it.
    const Position used = mode == Partitioning::Ranged ? keySpace : space;
    const auto n = static_cast<Position>(shards.size() * static_cast<std::size_t>(chunksPerShard));
    for (Position i = 1; i < n; ++i) cuts.push_back(used * i / n);
  }
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  Position lo = 0;
  for (std::size_t i = 0; i <= cuts.size(); ++i) {
    const Position hi = i < cuts.size() ? cuts[i] : space;
    if (hi <= lo) continue;
    NodeId owner = mode == Partitioning::Ring
                       ? ringOwner(shards, vnodes, lo)
                       : shards[i / static_cast<std::size_t>(chunksPerShard) % shards.size()];
    m.chunks.push_back({{lo, hi}, owner, m.version});
    lo = hi;
  }
  m.reindex();
  return m;
}

void splitChunk(ShardMap& map, std::size_t i, Position at) {
  Chunk& c = map.chunks[i];
  assert(c.range.lo < at && at < c.range.hi);
  Chunk right = c;
  right.range.lo = at;
  right.version = map.version;
  c.range.hi = at;
  c.version = map.version;
  map.chunks.insert(map.chunks.begin() + static_cast<std::ptrdiff_t>(i) + 1, right);
  map.reindex();
}

int ZoneRules::zoneOf(const Range& r) const {
  for (const ZoneRange& z : ranges)
    if (r.lo >= z.range.lo && r.hi <= z.range.hi) return z.region;
  return -1;
}

bool ZoneRules::fits(const Range& r, NodeId shard) const {
  const int z = zoneOf(r);
  return z < 0 || region(shard) == z;
}

std::vector<Position> zoneCuts(const ShardMap& map, const std::vector<ZoneRange>& zones) {
  std::vector<Position> cuts;
  for (const ZoneRange& z : zones)
    for (Position edge : {z.range.lo, z.range.hi})
      if (edge > 0 && edge < map.space() && map.chunks[map.chunkAt(edge)].range.lo != edge)
        cuts.push_back(edge);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  return cuts;
}

void cutAtTokens(ShardMap& map, NodeId shard, int vnodes) {
  bool cut = false;
  for (int i = 0; i < vnodes; ++i) {
    const Position at = ringToken(shard, i) + 1;
    if (at >= map.space()) continue;
    const std::size_t c = map.chunkAt(at);
    Chunk& chunk = map.chunks[c];
    if (chunk.range.lo == at) continue;
    Chunk right = chunk;
    right.range.lo = at;
    chunk.range.hi = at;
    map.chunks.insert(map.chunks.begin() + static_cast<std::ptrdiff_t>(c) + 1, right);
    cut = true;
  }
  if (cut) {
    map.reindex();
    ++map.version.minor;
    for (Chunk& c : map.chunks) c.version = std::max(c.version, map.version);
  }
}

std::vector<Move> planMoves(const ShardMap& map, const std::vector<NodeId>& live,
                            const std::vector<NodeId>& draining, const std::vector<NodeId>& busy,
                            int vnodes, int threshold, const ZoneRules& zones) {
  std::vector<Move> moves;
  if (live.empty()) return moves;
  std::vector<NodeId> taken = busy;
  const bool byRule = map.mode == Partitioning::Ring || map.mode == Partitioning::ModN;
  if (byRule) {
    // Group every misplaced chunk by (owner, rightful owner).
    std::map<std::pair<NodeId, NodeId>, std::vector<Range>> groups;
    for (const Chunk& c : map.chunks) {
      const NodeId target = map.mode == Partitioning::Ring
                                ? ringOwner(live, vnodes, c.range.hi - 1)
                                : live[static_cast<std::size_t>(c.range.lo) % live.size()];
      if (target != c.owner) groups[{c.owner, target}].push_back(c.range);
    }
    for (auto& [pair, ranges] : groups) {
      if (has(taken, pair.first) || has(taken, pair.second)) continue;
      moves.push_back({pair.first, pair.second, std::move(ranges)});
      taken.push_back(pair.first);
      taken.push_back(pair.second);
    }
    return moves;
  }
  // Ranged and hashed: zones first, then drain, then even out chunk counts.
  auto count = [&](NodeId s) { return map.chunksOf(s); };
  // The least loaded free live shard that may take chunk range r.
  auto leastLoaded = [&](const Range& r) {
    NodeId best = kNoNode;
    for (NodeId s : live)
      if (!has(taken, s) && zones.fits(r, s) && (best == kNoNode || count(s) < count(best)))
        best = s;
    return best;
  };
  auto plan = [&](NodeId donor, NodeId recipient, const Range& r) {
    moves.push_back({donor, recipient, {r}});
    taken.push_back(donor);
    taken.push_back(recipient);
  };
  // Teaching note: a chunk pinned to a zone but owned outside it is moved
  // into the zone before anything else, whatever the counts say.
  for (const Chunk& c : map.chunks) {
    if (has(taken, c.owner) || zones.fits(c.range, c.owner)) continue;
    if (const NodeId r = leastLoaded(c.range); r != kNoNode) plan(c.owner, r, c.range);
  }
  for (NodeId d : draining) {
    if (has(taken, d)) continue;
    for (const Chunk& c : map.chunks) {
      if (c.owner != d) continue;
      if (const NodeId r = leastLoaded(c.range); r != kNoNode) {
        plan(d, r, c.range);
        break;
      }
    }
  }
  for (;;) {
    NodeId most = kNoNode;
    for (NodeId s : live)
      if (!has(taken, s) && (most == kNoNode || count(s) > count(most))) most = s;
    if (most == kNoNode) break;
    // The chunk of the most loaded shard that can go to the least loaded
    // shard allowed to take it.
    const Chunk* pick = nullptr;
    NodeId least = kNoNode;
    for (const Chunk& c : map.chunks) {
      if (c.owner != most || c.jumbo) continue;
      const NodeId r = leastLoaded(c.range);
      if (r == kNoNode || r == most) continue;
      if (least == kNoNode || count(r) < count(least)) {
        pick = &c;
        least = r;
      }
    }
    taken.push_back(most);
    if (!pick) continue;
    // One move narrows the gap by two; a gap of one would only swap places.
    const int gap = static_cast<int>(count(most)) - static_cast<int>(count(least));
    if (gap < threshold || gap < 2) continue;
    moves.push_back({most, least, {pick->range}});
    taken.push_back(least);
  }
  return moves;
}

}  // namespace cs::sharding
