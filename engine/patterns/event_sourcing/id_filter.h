// A Bloom filter over event ids, as an event store's index keeps one beside
// each of its tables (EventStoreDB's PTables do): "no" is always right, so
// an append of fresh ids is answered without touching the large table at
// all; "maybe" sends the caller to the table, which decides. It is a split
// block filter (Putze, Sanders, Singler's blocked Bloom filter, as Impala
// and Parquet use it): each id sets and tests 8 bits in one 32-byte block,
// one cache line, and with 16 bits per id about one fresh id in a
// thousand is a false "maybe". It grows (rebuilt by the owner from every
// id) once it holds more ids than it was sized for. Not thread-safe; one
// owner.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "clusterscope/event_sourcing/event.h"

namespace cs::event_sourcing {

class IdFilter {
 public:
  // Sized for `ids` ids; forgets every id.
  void resize(std::size_t ids) {
    std::size_t blocks = 1;
    while (blocks * kBitsPerBlock < kBitsPerId * ids) blocks *= 2;
    blocks_.assign(blocks, Block{});
    capacity_ = ids;
    added_ = 0;
  }
  // How many ids it was sized for; more make "maybe" likelier.
  std::size_t capacity() const { return capacity_; }
  std::size_t added() const { return added_; }

  bool mayContain(EventId id) const {
    if (blocks_.empty()) return false;
    const std::uint64_t h = mix(id);
    const Block& b = blocks_[blockOf(h)];
    for (std::size_t i = 0; i < 8; ++i)
      if (!(b[i] & bitOf(h, i))) return false;
    return true;
  }
  // REQUIRES: capacity() > 0.
  void add(EventId id) {
    const std::uint64_t h = mix(id);
    Block& b = blocks_[blockOf(h)];
    for (std::size_t i = 0; i < 8; ++i) b[i] |= bitOf(h, i);
    ++added_;
  }
  void prefetch(EventId id) const {
    if (!blocks_.empty()) __builtin_prefetch(&blocks_[blockOf(mix(id))]);
  }

 private:
  using Block = std::array<std::uint32_t, 8>;
  static constexpr std::size_t kBitsPerBlock = 256;
  static constexpr std::size_t kBitsPerId = 16;
  // splitmix64's finaliser: sequential ids (tests, benchmarks) spread as
  // well as random ones.
  static std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  }
  std::size_t blockOf(std::uint64_t h) const {
    return static_cast<std::size_t>(h >> 32) & (blocks_.size() - 1);
  }
  // One bit in word i of the block, chosen by the low half of the hash
  // times an odd salt per word.
  static std::uint32_t bitOf(std::uint64_t h, std::size_t i) {
    static constexpr std::array<std::uint32_t, 8> kSalt = {0x47b6137bU, 0x44974d91U, 0x8824ad5bU,
                                                           0xa2b7289dU, 0x705495c7U, 0x2df1424bU,
                                                           0x9efc4947U, 0x5c6bfb31U};
    return 1u << ((static_cast<std::uint32_t>(h) * kSalt[i]) >> 27);
  }

  std::vector<Block> blocks_;  // a power of two of them
  std::size_t capacity_ = 0;
  std::size_t added_ = 0;
};

}  // namespace cs::event_sourcing
