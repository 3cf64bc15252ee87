// A FIFO with indexed access, as a power-of-two ring that doubles when full:
// the broker's logs and backlogs are appended at the back, trimmed at the
// front and looked up by position millions of times a second, and a mask is
// cheaper than std::deque's block arithmetic. Allocates only when it grows.
// A plain value; its owner uses it on the kernel thread.
#pragma once

#include <cassert>
#include <cstddef>
#include <vector>

namespace cs::pubsub {

template <class T>
class Ring {
 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // REQUIRES: i < size(); 0 is the front.
  T& operator[](std::size_t i) { return items_[(head_ + i) & mask_]; }
  const T& operator[](std::size_t i) const { return items_[(head_ + i) & mask_]; }
  T& front() { return (*this)[0]; }
  const T& front() const { return (*this)[0]; }

  void push_back(const T& item) {
    if (size_ == items_.size()) grow();
    items_[(head_ + size_) & mask_] = item;
    ++size_;
  }
  // REQUIRES: !empty().
  void pop_front() {
    assert(size_ > 0);
    head_ = (head_ + 1) & mask_;
    --size_;
  }
  void clear() {
    head_ = 0;
    size_ = 0;
  }
  template <class Fn>
  void forEach(Fn fn) {
    for (std::size_t i = 0; i < size_; ++i) fn((*this)[i]);
  }

 private:
  void grow() {
    std::vector<T> bigger(items_.empty() ? 16 : items_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = (*this)[i];
    items_.swap(bigger);
    head_ = 0;
    mask_ = items_.size() - 1;
  }

  std::vector<T> items_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
};

}  // namespace cs::pubsub
