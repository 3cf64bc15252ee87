// The shard map: the key space cut into chunks, each owned by one shard,
// with the version that lets a router and a shard tell whose copy of the
// map is older. The config server holds the authoritative one; routers and
// shards cache copies. How a key finds its chunk depends on the
// partitioning mode. Plain values; any thread once built.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clusterscope/ids.h"

namespace cs::sharding {

using Key = std::int64_t;
using Position = std::int64_t;  // where a key sits in the partitioned space

// How keys are placed on shards.
enum class Partitioning : std::uint8_t {
  Ranged,  // chunks are ranges of the key itself: neighbours share a chunk
  Hashed,  // chunks are ranges of a hash of the key: neighbours scatter
  Ring,    // a consistent-hash ring: each shard owns the ranges before its virtual nodes' tokens
  ModN,    // hash mod N: slot s belongs to shard s mod N
};
std::string_view partitioningName(Partitioning p);

// A map version, MongoDB's: the major part grows with every migration, the
// minor with every split. Compared as a pair.
struct Version {
  std::int64_t major = 0;
  std::int64_t minor = 0;
  auto operator<=>(const Version&) const = default;
  // Both parts in one message field.
  std::int64_t packed() const { return major * 1'000'000 + minor; }
  static Version unpack(std::int64_t v) { return {v / 1'000'000, v % 1'000'000}; }
};
// "5.2".
std::string versionText(Version v);

// A half-open range of positions [lo, hi).
struct Range {
  Position lo = 0;
  Position hi = 0;
  bool contains(Position p) const { return p >= lo && p < hi; }
  auto operator<=>(const Range&) const = default;
};

// A zone range (MongoDB's zones): the keys in `range` are pinned to the
// shards of one region, so the data sits close to the users it belongs to.
// `region` indexes the world's region names. Ranged mode only, so a range
// of positions is a range of keys.
struct ZoneRange {
  Range range;
  int region = 0;
  auto operator<=>(const ZoneRange&) const = default;
};

struct Chunk {
  Range range;
  NodeId owner = kNoNode;
  Version version;     // when this chunk last moved or split
  bool jumbo = false;  // one key, too hot or too big to split: the balancer leaves it
};

// Ring mode: the virtual nodes' tokens of every shard; ModN: the number of
// slots the hash is folded into (divisible by every shard count up to 8).
inline constexpr Position kHashSpace = Position{1} << 32;
inline constexpr Position kModSlots = 840;
// Ranged mode: the last chunk runs to here ("MaxKey").
inline constexpr Position kMaxKey = Position{1} << 40;

struct ShardMap {
  Partitioning mode = Partitioning::Ranged;
  Version version;
  std::vector<Chunk> chunks;  // sorted by range.lo, covering [0, space()) exactly
  // Hashed and ring modes: for each of kSlices equal slices of the space,
  // the chunk holding the slice's first position, as of the last reindex().
  // A hint only: chunkAt is right whatever it holds (it checks the chunk
  // and walks on from it), and fast when it is current, which every change
  // of the chunks' bounds (initialMap, splitChunk, cutAtTokens) keeps it.
  static constexpr unsigned kSliceBits = 8;
  std::array<std::uint16_t, std::size_t{1} << kSliceBits> slice{};

  Position space() const;
  Position position(Key key) const;
  // The chunk holding position p. REQUIRES: 0 <= p < space().
  std::size_t chunkAt(Position p) const;
  // Brings the slice hints up to date with the chunks.
  void reindex();
  NodeId ownerOfKey(Key key) const { return chunks[chunkAt(position(key))].owner; }
  bool owns(NodeId shard, Position p) const { return chunks[chunkAt(p)].owner == shard; }
  std::size_t chunksOf(NodeId shard) const;
};

using MapPtr = std::shared_ptr<const ShardMap>;

// A well-mixed 64-bit hash of a key (SplitMix64's finaliser): the same on
// every machine.
std::uint64_t hashKey(Key key);

}  // namespace cs::sharding
