// The read side's models, kept as one row per stream of the event store: a
// product's row is the product listing with stock; an order's row is the
// order's detail, and "my orders" and the sales dashboard are answered from
// the order rows. A row remembers the revision of the last event folded
// into it, so that a projector can tell an event it already holds from a new
// one (idempotent by version), and a checker can compare it with a fold of
// the stream up to exactly that revision.
//
// Invariant (with idempotent application): a row's fields are the fold of
// its stream's events 0..revision, each once and in order. Plain values;
// any thread.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "clusterscope/time.h"
#include "patterns/cqrs/row_table.h"

namespace cs::cqrs {

// What applying one event did.
enum class Applied : std::uint8_t {
  Folded,   // the row moved on by one revision
  Already,  // the row holds this revision already, or has expired: skipped (idempotent)
  Twice,    // the row held it already and folded it again (not idempotent)
  Gap,      // an earlier revision is missing: folded anyway, and that is a bug
};

// Folds `e` into `row`; with `idempotent`, an event at or below the row's
// revision is skipped.
Applied applyEvent(Row& row, const RecordedEvent& e, bool idempotent);

// The rows of every stream, by StreamId, and what queries read from them.
// "My orders" (orders per session) and the sales dashboard (orders and
// items) are kept as running totals over the order rows, moved as each row
// changes, so that a query reads them at once instead of counting rows.
//
// Orders expire: with an order TTL, an order row whose last event was
// recorded at least the TTL before the model's clock (the time of the
// newest event below its saved checkpoint, see projector.h) is expired —
// still counted in the totals — and a page of expired rows is freed. A read of an expired order
// says "expired", never "not yet projected". Product rows never expire.
class ReadModel {
 public:
  struct Dashboard {
    std::int64_t orders = 0, items = 0;
  };
  // The running totals, carried whole by a full copy (the rows of freed
  // pages are not there to count).
  struct Totals {
    Dashboard dashboard;
    std::vector<std::int64_t> perSession;
  };

  ReadModel() = default;
  ReadModel(ShopStreams streams, int sessions, SimDuration orderTtl = SimDuration{0})
      : streams_(streams), orderTtl_(orderTtl) {
    totals_.perSession.assign(static_cast<std::size_t>(sessions), 0);
  }

  // The row, if held: nullptr for a stream with no row yet or one whose
  // page was freed (see expired()).
  const Row* row(StreamId s) const { return rows_.find(s); }
  // True when the stream's order row has expired (its page freed, or marked).
  bool expired(StreamId s) const {
    const Row* r = rows_.find(s);
    return r ? r->expired : rows_.forgotten(s);
  }
  // One past the highest stream with a row.
  std::size_t size() const { return rows_.size(); }
  std::size_t pagesHeld() const { return rows_.pagesHeld(); }
  const RowTable& table() const { return rows_; }
  SimDuration orderTtl() const { return orderTtl_; }
  // Changes one row through `change(Row&)`, keeping the totals.
  template <class F>
  void update(StreamId s, F change) {
    Row& row = rows_.get(s);
    count(s, row, -1);
    rows_.countLive(s, row, -1);
    change(row);
    count(s, row, +1);
    rows_.countLive(s, row, +1);
  }
  void set(StreamId s, const Row& row) {
    update(s, [&](Row& r) { r = row; });
  }
  // Folds `e` into its stream's row (see applyEvent).
  Applied fold(const RecordedEvent& e, bool idempotent);
  // Every row gone; the same streams, sessions and TTL.
  void clear() {
    *this = ReadModel(streams_, static_cast<int>(totals_.perSession.size()), orderTtl_);
  }
  // Marks expired the order rows whose last event was recorded at least the
  // TTL before `clock`, calling expired(stream) for each; their pages are
  // freed by freeExpired(), once the marks are sent. Returns how many.
  template <class F>
  std::size_t expire(std::int64_t clock, F expired);
  // Frees the pages with nothing live (a replica does it after a delta).
  std::size_t freeExpired() { return rows_.freeExpired(); }
  // A full copy: the totals as given, and which pages were freed.
  const Totals& totals() const { return totals_; }
  void restore(Totals totals, const std::vector<std::uint32_t>& freedPages) {
    totals_ = std::move(totals);
    rows_.markFreed(freedPages);
  }

  // The sales dashboard: orders placed and items in them, over every order row.
  Dashboard dashboard() const { return totals_.dashboard; }
  // "My orders": how many order rows belong to `session`.
  std::int64_t ordersOf(std::int64_t session) const {
    const auto i = static_cast<std::size_t>(session);
    return session >= 0 && i < totals_.perSession.size() ? totals_.perSession[i] : 0;
  }

 private:
  void count(StreamId s, const Row& row, std::int64_t sign);

  ShopStreams streams_;
  SimDuration orderTtl_{0};  // 0: orders never expire
  RowTable rows_;
  Totals totals_;
  // Order rows as they were folded, oldest first: (when its last event was
  // recorded, stream). A row folded again is queued again; its older entry
  // is passed over when it comes up.
  std::deque<std::pair<std::int64_t, StreamId>> expiring_;
};

template <class F>
std::size_t ReadModel::expire(std::int64_t clock, F expired) {
  if (orderTtl_.count() <= 0) return 0;
  std::size_t n = 0;
  while (!expiring_.empty() && expiring_.front().first + orderTtl_.count() <= clock) {
    const auto [at, s] = expiring_.front();
    expiring_.pop_front();
    const Row* r = rows_.find(s);
    if (!r || r->expired || r->revision < 0 || r->at != at) continue;
    update(s, [](Row& row) { row.expired = true; });
    expired(s);
    ++n;
  }
  return n;
}

// Order o belongs to session o % sessions: the shoppers' numbering.
inline std::int64_t sessionOf(std::int64_t order, int sessions) {
  return order % sessions;
}

}  // namespace cs::cqrs
