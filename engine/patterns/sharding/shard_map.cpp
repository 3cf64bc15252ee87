// The shard map's lookups. See shard_map.h. Any thread.
#include "clusterscope/sharding/shard_map.h"

#include <algorithm>

namespace cs::sharding {

std::string_view partitioningName(Partitioning p) {
  switch (p) {
    case Partitioning::Ranged:
      return "ranged";
    case Partitioning::Hashed:
      return "hashed";
    case Partitioning::Ring:
      return "ring";
    case Partitioning::ModN:
      return "mod-n";
  }
  return "?";
}

std::string versionText(Version v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor);
}

std::uint64_t hashKey(Key key) {
  auto z = static_cast<std::uint64_t>(key) + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

Position ShardMap::space() const {
  switch (mode) {
    case Partitioning::Ranged:
      return kMaxKey;
    case Partitioning::ModN:
      return kModSlots;
    default:
      return kHashSpace;
  }
}

Position ShardMap::position(Key key) const {
  switch (mode) {
    case Partitioning::Ranged:
      return std::clamp<Position>(key, 0, kMaxKey - 1);
    case Partitioning::ModN:
      return static_cast<Position>(hashKey(key) % kModSlots);
    default:
      return static_cast<Position>(hashKey(key) >> 32);
  }
}

// The last chunk starting at or before p. Without branches: every
// operation looks up a random key, so a search's branches would be
// mispredicted half the time.
std::size_t ShardMap::chunkAt(Position p) const {
  const Chunk* first = chunks.data();
  std::size_t n = chunks.size();
  // Invariant: the answer lies in [first, first + n), and first starts at
  // or before p.
  while (n > 1) {
    const std::size_t half = n / 2;
    first = first[half].range.lo <= p ? first + half : first;
    n -= half;
  }
  return static_cast<std::size_t>(first - chunks.data());
}

std::size_t ShardMap::chunksOf(NodeId shard) const {
  return static_cast<std::size_t>(std::count_if(chunks.begin(), chunks.end(),
                                                [&](const Chunk& c) { return c.owner == shard; }));
}

}  // namespace cs::sharding
