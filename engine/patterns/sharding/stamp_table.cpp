// A hash table of write stamps. See stamp_table.h. Kernel thread only.
#include "patterns/sharding/stamp_table.h"

#include <bit>
#include <cassert>

namespace cs::sharding {

std::size_t StampTable::home(StoredKey k) const {
  const auto mixed = hashKey(k.key ^ static_cast<Key>(hashKey(k.position)));
  return static_cast<std::size_t>(mixed) & (slots_.size() - 1);
}

std::size_t StampTable::slotOf(StoredKey k) const {
  std::size_t i = home(k);
  while (!slots_[i].empty() && slots_[i].at != k) i = (i + 1) & (slots_.size() - 1);
  return i;
}

const std::int64_t* StampTable::find(StoredKey k) const {
  if (size_ == 0) return nullptr;
  const Slot& s = slots_[slotOf(k)];
  return s.empty() ? nullptr : &s.value;
}

std::int64_t* StampTable::find(StoredKey k) {
  return const_cast<std::int64_t*>(std::as_const(*this).find(k));
}

std::pair<std::int64_t*, bool> StampTable::insert(StoredKey k, std::int64_t value) {
  assert(k.position >= 0);
  if ((size_ + 1) * 10 > slots_.size() * 7) rehash(std::max<std::size_t>(16, slots_.size() * 2));
  Slot& s = slots_[slotOf(k)];
  if (!s.empty()) return {&s.value, false};
  s.at = k;
  s.value = value;
  ++size_;
  return {&s.value, true};
}

void StampTable::erase(StoredKey k) {
  if (size_ == 0) return;
  const std::size_t mask = slots_.size() - 1;
  std::size_t hole = slotOf(k);
  if (slots_[hole].empty()) return;
  --size_;
  // Shift later members of the cluster back into the hole when their probe
  // passed through it, so every key stays reachable from its home.
  for (std::size_t i = (hole + 1) & mask; !slots_[i].empty(); i = (i + 1) & mask) {
    const std::size_t h = home(slots_[i].at);
    const bool passesHole = ((i - h) & mask) >= ((i - hole) & mask);
    if (passesHole) {
      slots_[hole] = slots_[i];
      hole = i;
    }
  }
  slots_[hole] = Slot{};
}

void StampTable::reserve(std::size_t n) {
  std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, n * 10 / 7 + 1));
  if (capacity > slots_.size()) rehash(capacity);
}

void StampTable::clear() {
  slots_.clear();
  size_ = 0;
}

void StampTable::rehash(std::size_t capacity) {
  Slots old = std::exchange(slots_, Slots(capacity));
  for (const Slot& s : old)
    if (!s.empty()) slots_[slotOf(s.at)] = s;
}

}  // namespace cs::sharding
