// Values keyed by an id that only grows (a call id, an exchange id) and that
// mostly finish soon after they start: a power-of-two ring indexed by
// id & (size - 1). It doubles only when an old entry still sits where a new
// one must go, so once grown to the peak number in flight it allocates
// nothing, and find, insert and erase are a mask and a compare. Iteration
// order never matters to the owner (it only looks entries up by id), so the
// ring's layout cannot change what a run does. A plain value owned by one
// node; kernel thread only.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

namespace cs::rpc {

template <class T>
class IdRing {
 public:
  // nullptr if `id` is not present.
  T* find(std::uint64_t id) {
    Slot& s = slots_[id & (slots_.size() - 1)];
    return s.id == id ? &s.value : nullptr;
  }
  // A fresh value for `id`. REQUIRES: id != 0 and not present.
  T& insert(std::uint64_t id) {
    assert(id != 0 && !find(id));
    while (slots_[id & (slots_.size() - 1)].id != 0) grow();
    Slot& s = slots_[id & (slots_.size() - 1)];
    s.id = id;
    s.value = T{};
    ++count_;
    return s.value;
  }
  // REQUIRES: `id` is present.
  void erase(std::uint64_t id) {
    Slot& s = slots_[id & (slots_.size() - 1)];
    assert(s.id == id);
    s = Slot{};
    --count_;
  }
  void clear() {
    for (Slot& s : slots_) s = Slot{};
    count_ = 0;
  }
  std::size_t size() const { return count_; }

 private:
  struct Slot {
    std::uint64_t id = 0;  // 0: free
    T value{};
  };

  // Doubles the ring: an entry still present sits where a new one would go.
  void grow() {
    std::vector<Slot> bigger(slots_.size() * 2);
    for (const Slot& s : slots_)
      if (s.id != 0) bigger[s.id & (bigger.size() - 1)] = s;
    slots_.swap(bigger);
  }

  std::vector<Slot> slots_ = std::vector<Slot>(64);
  std::size_t count_ = 0;
};

}  // namespace cs::rpc
