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

namespace {

// Hashed and ring positions lie in [0, kHashSpace): the slice is the top bits.
constexpr unsigned kSliceShift = 32 - ShardMap::kSliceBits;
static_assert(kHashSpace == Position{1} << 32);

bool sliced(Partitioning mode) {
  return mode == Partitioning::Hashed || mode == Partitioning::Ring;
}

// The last chunk starting at or before p. Without branches: every
// operation looks up a random key, so a search's branches would be
// mispredicted half the time.
std::size_t search(const std::vector<Chunk>& chunks, Position p) {
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

}  // namespace

// With the map's hundred-odd chunks over 256 slices, the slice's chunk is
// nearly always the answer or the one before it: one or two loads instead
// of a search's seven dependent ones.
std::size_t ShardMap::chunkAt(Position p) const {
  if (sliced(mode)) {
    std::size_t i = slice[static_cast<std::size_t>(p >> kSliceShift)];
    const std::size_t n = chunks.size();
    if (i < n && chunks[i].range.lo <= p) {
      while (i + 1 < n && chunks[i + 1].range.lo <= p) ++i;
      return i;
    }
  }
  return search(chunks, p);
}

void ShardMap::reindex() {
  if (!sliced(mode) || chunks.empty()) return;
  for (std::size_t s = 0; s < slice.size(); ++s)
    slice[s] = static_cast<std::uint16_t>(search(chunks, static_cast<Position>(s) << kSliceShift));
}

std::size_t ShardMap::chunksOf(NodeId shard) const {
  return static_cast<std::size_t>(std::count_if(chunks.begin(), chunks.end(),
                                                [&](const Chunk& c) { return c.owner == shard; }));
}

}  // namespace cs::sharding
