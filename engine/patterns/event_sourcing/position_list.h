// One stream's index in the event store: the global positions of its
// events, in revision order. Most streams are short (an order has three or
// four events), so the first few positions are kept inside the list itself
// and a longer stream moves them to the heap, doubling: a short stream
// costs no allocation of its own and no second cache miss to reach its
// tail. A long one keeps its last position inside the list as well, so the
// newest event (the one a handler that holds the aggregate loads) is found
// without a trip to the heap. Positions are appended, and dropped from the
// front only when a scavenge reclaims a stream's oldest events. Not
// thread-safe; one owner.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>

namespace cs::event_sourcing {

// The store keeps a position in 32 bits (four billion events, far beyond any run).
using StoredPosition = std::uint32_t;

class PositionList {
 public:
  PositionList() = default;
  PositionList(PositionList&& other) noexcept { *this = std::move(other); }
  PositionList& operator=(PositionList&& other) noexcept {
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
    std::swap(store_, other.store_);
    return *this;
  }
  PositionList(const PositionList&) = delete;
  PositionList& operator=(const PositionList&) = delete;
  ~PositionList() {
    if (onHeap()) delete[] store_.heap.data;
  }

  std::size_t size() const { return size_; }
  const StoredPosition* data() const { return onHeap() ? store_.heap.data : store_.inline_; }
  StoredPosition operator[](std::size_t i) const { return data()[i]; }
  // REQUIRES: size() > 0.
  StoredPosition back() const { return onHeap() ? store_.heap.last : store_.inline_[size_ - 1]; }
  operator std::span<const StoredPosition>() const { return {data(), size_}; }

  void push_back(StoredPosition p) {
    if (size_ == capacity_) grow();
    if (onHeap()) {
      store_.heap.data[size_++] = p;
      store_.heap.last = p;
    } else {
      store_.inline_[size_++] = p;
    }
  }
  // Forgets the first `n` positions (a scavenge truncated the stream) and
  // gives back the room they took. REQUIRES: n <= size().
  void dropFront(std::size_t n) {
    PositionList kept;
    for (std::size_t i = n; i < size_; ++i) kept.push_back(data()[i]);
    *this = std::move(kept);
  }

 private:
  static constexpr std::uint32_t kInline = 4;
  bool onHeap() const { return capacity_ > kInline; }
  // REQUIRES: size() == capacity_ (so size() > 0).
  void grow() {
    const std::uint32_t capacity = 2 * capacity_;
    auto* heap = new StoredPosition[capacity];
    std::copy_n(data(), size_, heap);
    const StoredPosition last = back();
    if (onHeap()) delete[] store_.heap.data;
    store_.heap = {heap, last};
    capacity_ = capacity;
  }

  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = kInline;
  union {
    StoredPosition inline_[kInline];
    struct {
      StoredPosition* data;
      StoredPosition last;  // data[size_ - 1]
    } heap;
  } store_{};
};

}  // namespace cs::event_sourcing
