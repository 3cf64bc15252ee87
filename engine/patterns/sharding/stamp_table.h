// The write stamp of every key a shard holds, by key: the lookup each read
// and write makes. An open-addressing hash table (linear probing, deletion
// by shifting the cluster back), so a lookup touches one or two cache lines
// rather than a path down a tree. Never iterated: the order of keys is the
// key store's, so nothing depends on where a key hashes. Kernel thread only;
// a plain value (copyable).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "clusterscope/sharding/shard_map.h"
#include "patterns/sharding/huge_pages.h"

namespace cs::sharding {

struct StoredKey {
  Position position = 0;  // never negative: a negative one marks an empty slot
  Key key = 0;
  auto operator<=>(const StoredKey&) const = default;
};

class StampTable {
 public:
  std::size_t size() const { return size_; }
  const std::int64_t* find(StoredKey k) const;
  std::int64_t* find(StoredKey k);
  // A hint that k is about to be looked up: starts loading its home slot
  // into the cache. Changes nothing.
  void prefetch(StoredKey k) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home(k)]);
  }
  // The stamp of k, stored as value if k was absent; true if it was.
  std::pair<std::int64_t*, bool> insert(StoredKey k, std::int64_t value);
  // Removes k if present.
  void erase(StoredKey k);
  // Makes room for n keys without growing again.
  void reserve(std::size_t n);
  void clear();

 private:
  struct Slot {
    StoredKey at{-1, 0};
    std::int64_t value = 0;
    bool empty() const { return at.position < 0; }
  };
  std::size_t home(StoredKey k) const;
  std::size_t slotOf(StoredKey k) const;  // k's slot, or the empty one ending its probe
  void rehash(std::size_t capacity);

  using Slots = std::vector<Slot, HugePageAllocator<Slot>>;
  Slots slots_;  // a power of two long, at most 7/10 full
  std::size_t size_ = 0;
};

}  // namespace cs::sharding
