// A first-in, first-out queue in one ring of slots that grows by doubling
// and never shrinks: a busy command handler queues a command and takes one
// out for nearly every command of a run, and std::deque allocates and frees
// a block every few of them as its front and back move on.
// A slot taken out keeps its old value until it is used again.
// Not thread-safe; one owner.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace cs::event_sourcing {

template <class T>
class FifoRing {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push_back(const T& value) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = value;
    ++size_;
  }
  // REQUIRES: !empty().
  T& front() { return slots_[head_]; }
  // REQUIRES: !empty().
  void pop_front() {
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
  }
  void clear() {
    for (T& slot : slots_) slot = T{};
    head_ = size_ = 0;
  }

 private:
  // Doubles the ring, unrolled so that the oldest element is at 0.
  void grow() {
    std::vector<T> grown(slots_.empty() ? 8 : 2 * slots_.size());
    for (std::size_t i = 0; i < size_; ++i)
      grown[i] = std::move(slots_[(head_ + i) & (slots_.size() - 1)]);
    slots_ = std::move(grown);
    head_ = 0;
  }

  std::vector<T> slots_;  // size 0 or a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace cs::event_sourcing
