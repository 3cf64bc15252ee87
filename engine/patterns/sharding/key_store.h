// A shard's keys and their write stamps: a lookup for every operation, and
// whole ranges in order (by position in the partitioned space, then key)
// for a chunk's clone, its size, its split point and range deletion.
//
// The stamps sit in a hash table (StampTable), so a read or write costs one
// probe. The order is kept beside it as sorted blocks of at most kBlockMax
// keys with each block's first key: a range is read block by block, and a
// new key costs a short insert into one block. Invariants: the blocks hold
// exactly the table's keys; blocks are non-empty and sorted, each block's
// keys precede the next block's; firsts_[i] is blocks_[i].front(). Kernel
// thread only; a plain value (copyable).
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "patterns/sharding/stamp_table.h"

namespace cs::sharding {

class KeyStore {
 public:
  struct Entry {
    StoredKey at;
    std::int64_t value = 0;  // the key's write stamp
  };

  std::size_t size() const { return stamps_.size(); }
  bool empty() const { return size() == 0; }

  // The stored value of k, or nullptr if absent.
  const std::int64_t* find(StoredKey k) const { return stamps_.find(k); }
  // A hint that k is about to be looked up: starts loading its place.
  void prefetch(StoredKey k) const { stamps_.prefetch(k); }
  // Stores value for k unless k holds a larger one: last writer wins, so a
  // retried or delayed write never undoes a later one.
  void keepLarger(StoredKey k, std::int64_t value);
  // Replaces the contents with entries (any order; on a repeated key the
  // larger value stays).
  void assign(std::vector<Entry> entries);

  // Calls f(const StoredKey&) for every key whose position lies in r, in order.
  template <class F>
  void forEachIn(Range r, F&& f) const {
    for (Cursor c = lowerBound(r.lo); c.block < blocks_.size(); c.index = 0, ++c.block)
      for (const std::vector<StoredKey>& b = blocks_[c.block]; c.index < b.size(); ++c.index) {
        if (b[c.index].position >= r.hi) return;
        f(b[c.index]);
      }
  }
  // Calls f(const StoredKey&) for every key, in order.
  template <class F>
  void forEach(F&& f) const {
    for (const std::vector<StoredKey>& b : blocks_)
      for (const StoredKey& k : b) f(k);
  }
  // How many keys have their position in r.
  std::size_t countIn(Range r) const;
  // The position of the n-th key (from 0) whose position is in r.
  // REQUIRES: n < countIn(r).
  Position nthPositionIn(Range r, std::size_t n) const;
  // Erases the keys whose position is in r; returns how many.
  std::size_t eraseIn(Range r);
  // Erases every key for which drop(position) is true; returns how many.
  // drop is called in position order.
  template <class Pred>
  std::size_t eraseIf(Pred&& drop) {
    const std::size_t before = size();
    for (std::vector<StoredKey>& b : blocks_)
      std::erase_if(b, [&](const StoredKey& k) {
        if (!drop(k.position)) return false;
        stamps_.erase(k);
        return true;
      });
    dropEmptyBlocks();
    return before - size();
  }

 private:
  static constexpr std::size_t kBlockMax = 256;
  static constexpr Key kLeastKey = std::numeric_limits<Key>::min();
  struct Cursor {
    std::size_t block = 0;
    std::size_t index = 0;
  };
  // The first key not before k (block == blocks_.size() if none).
  Cursor lowerBound(StoredKey k) const;
  Cursor lowerBound(Position p) const { return lowerBound(StoredKey{p, kLeastKey}); }
  // Puts a key the table has just taken into its block.
  void insertOrdered(StoredKey k);
  // Keeps the invariants after erasing from blocks.
  void dropEmptyBlocks();

  StampTable stamps_;
  std::vector<std::vector<StoredKey>> blocks_;
  std::vector<StoredKey> firsts_;
};

}  // namespace cs::sharding
