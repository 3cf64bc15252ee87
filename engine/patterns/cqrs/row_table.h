// The read models' rows by stream id, in pages of kPage rows so that a page
// whose every order has expired can be freed: order streams are numbered as
// orders are placed, so the old ones lie together in old pages, and a day of
// orders costs the pages of the orders still within their TTL.
//
// A freed page answers "expired" for each of its streams, never "not yet
// projected". An event that comes for a stream of a freed page (an order
// that committed very late) brings the page back with every other row in
// it marked expired: what was forgotten stays forgotten, and the late row
// is folded as new (it was never counted, since an expired row's events are
// all below the saved checkpoint and are never read again; see projector.h).
// Not thread-safe; one owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "patterns/cqrs/row.h"

namespace cs::cqrs {

class RowTable {
 public:
  static constexpr std::size_t kPage = 1024;

  RowTable() = default;
  RowTable(const RowTable& other) { *this = other; }
  RowTable& operator=(const RowTable& other);
  RowTable(RowTable&&) = default;
  RowTable& operator=(RowTable&&) = default;

  // The row, if its page is held (it may be an expired one).
  const Row* find(StreamId s) const {
    const std::size_t p = s / kPage;
    return p < pages_.size() && pages_[p].rows ? &pages_[p].rows[s % kPage] : nullptr;
  }
  // The row, with its page made (or brought back) if need be.
  Row& get(StreamId s);
  // True when the stream's page was freed: every row in it had expired.
  bool forgotten(StreamId s) const {
    const std::size_t p = s / kPage;
    return p < pages_.size() && !pages_[p].rows && pages_[p].freed;
  }
  // One past the highest stream a row was made for.
  std::size_t size() const { return size_; }
  std::size_t pagesHeld() const { return held_; }

  // Counts `row` as live (held, folded, not expired) or not, for freeing.
  // REQUIRES: the row is one of s's page, before and after the change.
  void countLive(StreamId s, const Row& row, int sign) {
    if (row.revision >= 0 && !row.expired) pages_[s / kPage].live += sign;
  }

  // f(stream, row) for every row of the held pages, up to size().
  template <class F>
  void forEach(F f) const {
    for (std::size_t p = 0; p < pages_.size(); ++p)
      if (pages_[p].rows)
        for (std::size_t i = 0; i < kPage && p * kPage + i < size_; ++i)
          f(static_cast<StreamId>(p * kPage + i), pages_[p].rows[i]);
  }
  // The pages freed, by number (a full copy names them).
  std::vector<std::uint32_t> freedPages() const;
  // Marks pages freed as a full copy names them.
  void markFreed(const std::vector<std::uint32_t>& pages);
  // Frees every held page, except the last one, with no live row and at
  // least one expired; returns how many.
  std::size_t freeExpired();

 private:
  struct Page {
    std::unique_ptr<Row[]> rows;
    int live = 0;        // rows folded and not expired
    bool freed = false;  // was held once, and freed
  };
  std::vector<Page> pages_;
  std::size_t size_ = 0;
  std::size_t held_ = 0;
  std::size_t firstHeld_ = 0;  // every page before it is freed or was never made
};

}  // namespace cs::cqrs
