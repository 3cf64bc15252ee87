// A product's every change since the log began (or since the event
// store's scavenge horizon, with retention on), for time travel: the state
// after each of the product's events, oldest first, so that "as of
// position p" is a binary search rather than a fold.
//
// Views are built many times a second while the log only grows, so the
// history is kept in sealed chunks of kChunk changes that every view shares
// (immutable once sealed) plus the short open chunk each view copies: a
// view costs one pointer and at most kChunk changes per product, however
// long the log. Built on the kernel thread (HistoryBuilder in the engine);
// immutable once in a view, so any thread may read it.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "clusterscope/event_sourcing/event.h"

namespace cs::event_sourcing {

// A product after one of its events.
struct ProductChange {
  Position position = 0;  // of the event
  const char* type = "";  // the event's type, "ItemReserved" (static text)
  std::int64_t stock = 0, reservations = 0;
  std::int64_t lastOrder = 0;  // who reserved last, 0: nobody yet
};

class ProductHistory {
 public:
  static constexpr std::size_t kChunk = 64;
  using Chunk = std::vector<ProductChange>;  // exactly kChunk changes
  using Sealed = std::vector<std::shared_ptr<const Chunk>>;

  std::size_t size() const { return sealedCount() * kChunk + open_.size(); }
  bool empty() const { return size() == 0; }
  // REQUIRES: i < size().
  const ProductChange& operator[](std::size_t i) const {
    const std::size_t s = sealedCount();
    return i / kChunk < s ? (*(*sealed_)[i / kChunk])[i % kChunk] : open_[i - s * kChunk];
  }
  // How many changes are at positions <= `position`: the index of the first
  // later one.
  std::size_t countUpTo(Position position) const {
    std::size_t lo = 0, hi = size();
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if ((*this)[mid].position <= position)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo;
  }
  // The product as of `position`: its last change at or before it;
  // nullptr if it had none yet, or if that change was forgotten (see
  // forgottenUpTo()).
  const ProductChange* asOf(Position position) const {
    const std::size_t n = countUpTo(position);
    if (n > 0) return &(*this)[n - 1];
    return lastForgotten_.position > 0 && lastForgotten_.position <= position &&
                   position > forgotten_
               ? &lastForgotten_
               : nullptr;
  }
  // Changes at positions up to here were forgotten (the scavenge horizon
  // when they were); 0: none. Asking for the state as of an earlier
  // position has no answer any more.
  Position forgottenUpTo() const { return forgotten_; }

  // ---- Building (the engine's HistoryBuilder) ----
  // Forgets the sealed chunks whose every change is at or before
  // `horizon`, keeping the last of them as the state the history starts from.
  void forgetUpTo(Position horizon) {
    std::size_t n = 0;
    while (n < sealedCount() && (*sealed_)[n]->back().position <= horizon) ++n;
    if (n == 0) return;
    lastForgotten_ = (*sealed_)[n - 1]->back();
    forgotten_ = horizon;
    sealed_ =
        std::make_shared<Sealed>(sealed_->begin() + static_cast<std::ptrdiff_t>(n), sealed_->end());
  }
  // Forgets every change: the history starts again from `state`, the
  // product as of `horizon` (a scavenge took the changes that led there).
  void restartFrom(Position horizon, const ProductChange& state) {
    sealed_.reset();
    open_.clear();
    forgotten_ = horizon;
    lastForgotten_ = state;
  }
  // Appends one change.
  void append(const ProductChange& change) {
    open_.push_back(change);
    if (open_.size() < kChunk) return;
    // Seal: a new list of chunks for later views; earlier views keep theirs.
    auto sealed = std::make_shared<Sealed>(sealed_ ? *sealed_ : Sealed{});
    sealed->push_back(std::make_shared<const Chunk>(std::move(open_)));
    sealed_ = std::move(sealed);
    open_.clear();
  }

 private:
  std::size_t sealedCount() const { return sealed_ ? sealed_->size() : 0; }
  std::shared_ptr<const Sealed> sealed_;
  Chunk open_;  // fewer than kChunk
  Position forgotten_ = 0;
  ProductChange lastForgotten_;  // the last change forgotten
};

}  // namespace cs::event_sourcing
