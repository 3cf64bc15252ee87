// A shard's keys: their stamps by hash, their order in sorted blocks. See
// key_store.h. Kernel thread only.
#include "patterns/sharding/key_store.h"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <utility>

namespace cs::sharding {

KeyStore::Cursor KeyStore::lowerBound(StoredKey k) const {
  // The last block starting at or before k holds it, if anyone does.
  auto f = std::upper_bound(firsts_.begin(), firsts_.end(), k);
  if (f == firsts_.begin()) return {0, 0};
  const auto block = static_cast<std::size_t>(std::prev(f) - firsts_.begin());
  const std::vector<StoredKey>& b = blocks_[block];
  const auto at = std::lower_bound(b.begin(), b.end(), k);
  if (at == b.end()) return {block + 1, 0};
  return {block, static_cast<std::size_t>(at - b.begin())};
}

void KeyStore::keepLarger(StoredKey k, std::int64_t value) {
  auto [stamp, fresh] = stamps_.insert(k, value);
  if (!fresh) {
    *stamp = std::max(*stamp, value);
    return;
  }
  insertOrdered(k);
}

void KeyStore::insertOrdered(StoredKey k) {
  if (blocks_.empty()) {
    blocks_.push_back({k});
    firsts_.push_back(k);
    return;
  }
  // The last block starting at or before k, or the first when k precedes
  // everything.
  auto f = std::upper_bound(firsts_.begin(), firsts_.end(), k);
  const std::size_t block =
      f == firsts_.begin() ? 0 : static_cast<std::size_t>(std::prev(f) - firsts_.begin());
  std::vector<StoredKey>& b = blocks_[block];
  b.insert(std::lower_bound(b.begin(), b.end(), k), k);
  firsts_[block] = b.front();
  if (b.size() <= kBlockMax) return;
  // Full: the upper half becomes a block of its own.
  const auto half = static_cast<std::ptrdiff_t>(b.size() / 2);
  std::vector<StoredKey> upper(b.begin() + half, b.end());
  b.erase(b.begin() + half, b.end());
  const auto next = static_cast<std::ptrdiff_t>(block + 1);
  firsts_.insert(firsts_.begin() + next, upper.front());
  blocks_.insert(blocks_.begin() + next, std::move(upper));
}

namespace {

// By key, and of two entries for one key the larger value first.
bool storedBefore(const KeyStore::Entry& a, const KeyStore::Entry& b) {
  return a.at != b.at ? a.at < b.at : a.value > b.value;
}

// Sorts entries as storedBefore does. A restore of a million keys in
// hashed mode arrives in key order, which is random by position: a radix
// sort on the position (16 bits a pass, as many passes as the largest
// position needs) costs a few steps per entry where comparison sorting
// cost several hundred. Entries with one position are then ordered among
// themselves, which for distinct keys is a run of one.
void sortEntries(std::vector<KeyStore::Entry>& entries) {
  constexpr std::size_t kSmall = 1024;
  if (entries.size() < kSmall) {
    std::sort(entries.begin(), entries.end(), storedBefore);
    return;
  }
  Position most = 0;
  for (const KeyStore::Entry& e : entries) most = std::max(most, e.at.position);
  constexpr unsigned kDigitBits = 16;
  constexpr std::size_t kDigits = std::size_t{1} << kDigitBits;
  std::vector<KeyStore::Entry> other(entries.size());
  std::vector<std::size_t> start(kDigits);
  for (unsigned shift = 0; shift < 64 && (most >> shift) != 0; shift += kDigitBits) {
    auto digit = [&](const KeyStore::Entry& e) {
      return static_cast<std::size_t>(static_cast<std::uint64_t>(e.at.position) >> shift) &
             (kDigits - 1);
    };
    std::fill(start.begin(), start.end(), 0);
    for (const KeyStore::Entry& e : entries) ++start[digit(e)];
    std::size_t at = 0;
    for (std::size_t& s : start) at += std::exchange(s, at);
    for (const KeyStore::Entry& e : entries) other[start[digit(e)]++] = e;
    entries.swap(other);
  }
  for (auto run = entries.begin(); run != entries.end();) {
    const auto end = std::find_if(run + 1, entries.end(), [&](const KeyStore::Entry& e) {
      return e.at.position != run->at.position;
    });
    if (end - run > 1) std::sort(run, end, storedBefore);
    run = end;
  }
}

}  // namespace

void KeyStore::assign(std::vector<Entry> entries) {
  sortEntries(entries);
  // The first of each key is now its largest value.
  entries.erase(std::unique(entries.begin(), entries.end(),
                            [](const Entry& a, const Entry& b) { return a.at == b.at; }),
                entries.end());
  stamps_.clear();
  stamps_.reserve(entries.size());
  blocks_.clear();
  firsts_.clear();
  // Blocks half full, so early inserts do not split at once.
  // A restore of a million keys writes a million random slots: each is
  // fetched a few keys ahead, so the fetches overlap.
  constexpr std::size_t kAhead = 8;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i + kAhead < entries.size()) stamps_.prefetch(entries[i + kAhead].at);
    if (i % (kBlockMax / 2) == 0) {
      blocks_.emplace_back();
      firsts_.push_back(entries[i].at);
    }
    blocks_.back().push_back(entries[i].at);
    stamps_.insert(entries[i].at, entries[i].value);
  }
}

std::size_t KeyStore::countIn(Range r) const {
  const Cursor lo = lowerBound(r.lo);
  const Cursor hi = lowerBound(r.hi);
  if (lo.block == hi.block) return hi.index - lo.index;
  std::size_t n = blocks_[lo.block].size() - lo.index;
  for (std::size_t b = lo.block + 1; b < hi.block; ++b) n += blocks_[b].size();
  return n + hi.index;
}

Position KeyStore::nthPositionIn(Range r, std::size_t n) const {
  assert(n < countIn(r));
  Cursor c = lowerBound(r.lo);
  while (c.index + n >= blocks_[c.block].size()) {
    n -= blocks_[c.block].size() - c.index;
    c = {c.block + 1, 0};
  }
  return blocks_[c.block][c.index + n].position;
}

std::size_t KeyStore::eraseIn(Range r) {
  const std::size_t before = size();
  forEachIn(r, [&](const StoredKey& k) { stamps_.erase(k); });
  const Cursor lo = lowerBound(r.lo);
  const Cursor hi = lowerBound(r.hi);
  if (lo.block >= blocks_.size()) return 0;
  auto cut = [](std::vector<StoredKey>& b, std::size_t from, std::size_t to) {
    b.erase(b.begin() + static_cast<std::ptrdiff_t>(from),
            b.begin() + static_cast<std::ptrdiff_t>(to));
  };
  if (lo.block == hi.block) {
    cut(blocks_[lo.block], lo.index, hi.index);
  } else {
    cut(blocks_[lo.block], lo.index, blocks_[lo.block].size());
    for (std::size_t b = lo.block + 1; b < hi.block; ++b) blocks_[b].clear();
    if (hi.block < blocks_.size()) cut(blocks_[hi.block], 0, hi.index);
  }
  dropEmptyBlocks();
  return before - size();
}

void KeyStore::dropEmptyBlocks() {
  std::erase_if(blocks_, [](const std::vector<StoredKey>& b) { return b.empty(); });
  firsts_.clear();
  for (const std::vector<StoredKey>& b : blocks_) firsts_.push_back(b.front());
}

}  // namespace cs::sharding
