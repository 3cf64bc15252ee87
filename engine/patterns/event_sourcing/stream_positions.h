// A stream's events as the event store indexes them: the global positions
// of its events, in revision order (StreamPositions), and the events
// themselves read through those positions (StreamEvents). Both are views of
// the store's index, valid while the stream they were taken from is not
// appended to. Any thread that may read the store.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <utility>

#include "clusterscope/event_sourcing/event.h"
#include "patterns/event_sourcing/position_list.h"

namespace cs::event_sourcing {

class EventStore;

class StreamPositions {
 public:
  class Iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Position;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Position;

    Iterator() = default;
    explicit Iterator(const StoredPosition* p) : p_(p) {}
    Position operator*() const { return *p_; }
    Position operator[](difference_type n) const { return p_[n]; }
    Iterator& operator++() { return *this += 1; }
    Iterator operator++(int) { return std::exchange(*this, *this + 1); }
    Iterator& operator--() { return *this -= 1; }
    Iterator operator--(int) { return std::exchange(*this, *this - 1); }
    Iterator& operator+=(difference_type n) {
      p_ += n;
      return *this;
    }
    Iterator& operator-=(difference_type n) {
      p_ -= n;
      return *this;
    }
    friend Iterator operator+(Iterator i, difference_type n) { return i += n; }
    friend Iterator operator+(difference_type n, Iterator i) { return i += n; }
    friend Iterator operator-(Iterator i, difference_type n) { return i -= n; }
    friend difference_type operator-(Iterator a, Iterator b) { return a.p_ - b.p_; }
    friend bool operator==(Iterator a, Iterator b) = default;
    friend std::strong_ordering operator<=>(Iterator a, Iterator b) = default;

   private:
    const StoredPosition* p_ = nullptr;
  };

  StreamPositions() = default;
  explicit StreamPositions(std::span<const StoredPosition> positions) : positions_(positions) {}
  std::size_t size() const { return positions_.size(); }
  bool empty() const { return positions_.empty(); }
  // REQUIRES: i < size().
  Position operator[](std::size_t i) const { return positions_[i]; }
  Iterator begin() const { return Iterator(positions_.data()); }
  Iterator end() const { return Iterator(positions_.data() + positions_.size()); }

 private:
  std::span<const StoredPosition> positions_;
};

// A stream's events in revision order, each read from the store as a
// RecordedEvent (by value: the store keeps them in a compact form).
class StreamEvents {
 public:
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = RecordedEvent;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = RecordedEvent;

    Iterator() = default;
    Iterator(const EventStore* store, StreamPositions::Iterator at) : store_(store), at_(at) {}
    RecordedEvent operator*() const;  // event_store.h
    Iterator& operator++() {
      ++at_;
      return *this;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.at_ == b.at_; }

   private:
    const EventStore* store_ = nullptr;
    StreamPositions::Iterator at_;
  };

  StreamEvents() = default;
  StreamEvents(const EventStore* store, StreamPositions positions)
      : store_(store), positions_(positions) {}
  std::size_t size() const { return positions_.size(); }
  bool empty() const { return positions_.empty(); }
  Iterator begin() const { return {store_, positions_.begin()}; }
  Iterator end() const { return {store_, positions_.end()}; }

 private:
  const EventStore* store_ = nullptr;
  StreamPositions positions_;
};

}  // namespace cs::event_sourcing
