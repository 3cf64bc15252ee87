// The read models' paged rows. See row_table.h. Not thread-safe.
#include "patterns/cqrs/row_table.h"

#include <algorithm>

namespace cs::cqrs {

RowTable& RowTable::operator=(const RowTable& other) {
  if (this == &other) return *this;
  pages_.clear();
  pages_.resize(other.pages_.size());
  for (std::size_t p = 0; p < pages_.size(); ++p) {
    pages_[p].live = other.pages_[p].live;
    pages_[p].freed = other.pages_[p].freed;
    if (!other.pages_[p].rows) continue;
    pages_[p].rows = std::make_unique<Row[]>(kPage);
    std::copy_n(other.pages_[p].rows.get(), kPage, pages_[p].rows.get());
  }
  size_ = other.size_;
  held_ = other.held_;
  firstHeld_ = other.firstHeld_;
  return *this;
}

Row& RowTable::get(StreamId s) {
  const std::size_t p = s / kPage;
  if (p >= pages_.size()) pages_.resize(p + 1);
  Page& page = pages_[p];
  if (!page.rows) {
    page.rows = std::make_unique<Row[]>(kPage);
    // Back after it was freed: its rows stay expired.
    if (page.freed)
      for (std::size_t i = 0; i < kPage; ++i) page.rows[i].expired = true;
    page.freed = false;
    page.live = 0;
    ++held_;
    firstHeld_ = std::min(firstHeld_, p);
  }
  size_ = std::max<std::size_t>(size_, s + 1);
  return page.rows[s % kPage];
}

std::vector<std::uint32_t> RowTable::freedPages() const {
  std::vector<std::uint32_t> v;
  for (std::size_t p = 0; p < pages_.size(); ++p)
    if (pages_[p].freed) v.push_back(static_cast<std::uint32_t>(p));
  return v;
}

void RowTable::markFreed(const std::vector<std::uint32_t>& pages) {
  for (std::uint32_t p : pages) {
    if (p >= pages_.size()) pages_.resize(p + 1);
    if (pages_[p].rows) continue;
    pages_[p].freed = true;
  }
}

std::size_t RowTable::freeExpired() {
  if (size_ == 0) return 0;
  std::size_t freed = 0;
  const std::size_t last = (size_ - 1) / kPage;
  while (firstHeld_ < last && !pages_[firstHeld_].rows) ++firstHeld_;
  for (std::size_t p = firstHeld_; p < last; ++p) {
    Page& page = pages_[p];
    if (!page.rows || page.live > 0) continue;
    const bool anyExpired = std::any_of(page.rows.get(), page.rows.get() + kPage,
                                        [](const Row& r) { return r.expired; });
    if (!anyExpired) continue;
    page.rows.reset();
    page.freed = true;
    --held_;
    ++freed;
  }
  return freed;
}

}  // namespace cs::cqrs
