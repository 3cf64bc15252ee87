// A FIFO with indexed access, as a power-of-two ring that doubles when full
// and never shrinks: appended at the back, trimmed at the front and looked up
// by position millions of times a second (a pub/sub broker's logs and
// backlogs, a command handler's queue), where a mask is cheaper than
// std::deque's block arithmetic and its allocation of a block every few
// elements as the front and back move on. Allocates only when it grows; a
// slot taken out keeps its old value until it is used again.
// A plain value; its owner uses it on the kernel thread.
#pragma once

#include <cassert>
#include <cstddef>
#include <vector>

namespace cs {

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

}  // namespace cs
