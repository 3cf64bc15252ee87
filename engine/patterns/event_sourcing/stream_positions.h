// The global positions of a stream's events, in revision order, read from
// the events themselves (each recorded event carries its position) rather
// than kept twice: a random-access range of positions, valid while the
// stream it was taken from is not appended to. Any thread that may read the
// store.
#pragma once

#include <compare>
#include <cstddef>
#include <iterator>
#include <span>
#include <utility>

#include "clusterscope/event_sourcing/event.h"

namespace cs::event_sourcing {

class StreamPositions {
 public:
  class Iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Position;
    using difference_type = std::ptrdiff_t;
    using pointer = const Position*;
    using reference = const Position&;

    Iterator() = default;
    explicit Iterator(const RecordedEvent* e) : e_(e) {}
    reference operator*() const { return e_->position; }
    reference operator[](difference_type n) const { return e_[n].position; }
    Iterator& operator++() { return *this += 1; }
    Iterator operator++(int) { return std::exchange(*this, *this + 1); }
    Iterator& operator--() { return *this -= 1; }
    Iterator operator--(int) { return std::exchange(*this, *this - 1); }
    Iterator& operator+=(difference_type n) {
      e_ += n;
      return *this;
    }
    Iterator& operator-=(difference_type n) {
      e_ -= n;
      return *this;
    }
    friend Iterator operator+(Iterator i, difference_type n) { return i += n; }
    friend Iterator operator+(difference_type n, Iterator i) { return i += n; }
    friend Iterator operator-(Iterator i, difference_type n) { return i -= n; }
    friend difference_type operator-(Iterator a, Iterator b) { return a.e_ - b.e_; }
    friend bool operator==(Iterator a, Iterator b) = default;
    friend std::strong_ordering operator<=>(Iterator a, Iterator b) = default;

   private:
    const RecordedEvent* e_ = nullptr;
  };

  StreamPositions() = default;
  explicit StreamPositions(std::span<const RecordedEvent> events) : events_(events) {}
  std::size_t size() const { return events_.size(); }
  bool empty() const { return events_.empty(); }
  // REQUIRES: i < size().
  Position operator[](std::size_t i) const { return events_[i].position; }
  Iterator begin() const { return Iterator(events_.data()); }
  Iterator end() const { return Iterator(events_.data() + events_.size()); }

 private:
  std::span<const RecordedEvent> events_;
};

}  // namespace cs::event_sourcing
