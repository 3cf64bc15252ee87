// A table indexed by a dense, growing number (a stream id), kept in pages
// of kPage entries so that a page whose every entry is done with can be
// freed: streams are numbered as they are created (order-112 after
// order-111), so the old ones that retention forgot lie together in old
// pages, and a day of orders costs the pages of the orders still held plus
// eight bytes per freed page. Not thread-safe; one owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace cs::event_sourcing {

template <class T, std::size_t kPage = 1024>
class PagedTable {
 public:
  // The entry, if its page is held.
  const T* find(std::size_t id) const {
    const std::size_t page = id / kPage;
    return page < pages_.size() && pages_[page] ? &pages_[page][id % kPage] : nullptr;
  }
  T* find(std::size_t id) { return const_cast<T*>(static_cast<const PagedTable*>(this)->find(id)); }
  // The entry, made (default) with its page if need be.
  T& get(std::size_t id) {
    const std::size_t page = id / kPage;
    if (page >= pages_.size()) pages_.resize(page + 1);
    if (!pages_[page]) {
      pages_[page] = std::make_unique<T[]>(kPage);
      ++held_;
    }
    if (id >= size_) size_ = id + 1;
    return pages_[page][id % kPage];
  }
  // One past the highest id ever made.
  std::size_t size() const { return size_; }
  // True when the id was made once and its page has been freed since.
  bool forgotten(std::size_t id) const { return id < size_ && !find(id); }
  std::size_t pagesHeld() const { return held_; }
  std::size_t entriesHeld() const { return held_ * kPage; }

  // f(id, entry) for every entry of the held pages, up to size().
  template <class F>
  void forEach(F f) {
    for (std::size_t page = 0; page < pages_.size(); ++page)
      if (pages_[page])
        for (std::size_t i = 0; i < kPage && page * kPage + i < size_; ++i)
          f(page * kPage + i, pages_[page][i]);
  }

  // Frees every held page, except the last one made, whose every entry
  // answers `done(id, entry)` true; returns how many entries were freed.
  template <class F>
  std::size_t forget(F done) {
    std::size_t freed = 0;
    const std::size_t last = size_ == 0 ? 0 : (size_ - 1) / kPage;
    for (std::size_t page = 0; page < last && page < pages_.size(); ++page) {
      if (!pages_[page]) continue;
      bool all = true;
      for (std::size_t i = 0; i < kPage && all; ++i) all = done(page * kPage + i, pages_[page][i]);
      if (!all) continue;
      pages_[page].reset();
      --held_;
      freed += kPage;
    }
    return freed;
  }

 private:
  std::vector<std::unique_ptr<T[]>> pages_;
  std::size_t size_ = 0;
  std::size_t held_ = 0;
};

}  // namespace cs::event_sourcing
