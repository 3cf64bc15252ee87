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
#include <vector>

#include "clusterscope/event_sourcing/event.h"
#include "patterns/event_sourcing/shop_domain.h"

namespace cs::cqrs {

using event_sourcing::Position;
using event_sourcing::RecordedEvent;
using event_sourcing::Revision;
using event_sourcing::ShopStreams;
using event_sourcing::StreamId;

struct Row {
  Revision revision = event_sourcing::kNoStreamRevision;  // last event folded; -1: none
  // Product: stock (items left to sell), reserved (items held by orders),
  // sold (items ever reserved). Order: product, quantity, status.
  std::int64_t a = 0, b = 0, c = 0;
  bool operator==(const Row&) const = default;
};

// What applying one event did.
enum class Applied : std::uint8_t {
  Folded,   // the row moved on by one revision
  Already,  // the row holds this revision already: skipped (idempotent)
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
class ReadModel {
 public:
  struct Dashboard {
    std::int64_t orders = 0, items = 0;
  };

  ReadModel() = default;
  ReadModel(ShopStreams streams, int sessions)
      : streams_(streams), perSession_(static_cast<std::size_t>(sessions), 0) {}

  const std::vector<Row>& rows() const { return rows_; }
  const Row* row(StreamId s) const { return s < rows_.size() ? &rows_[s] : nullptr; }
  // Changes one row through `change(Row&)`, keeping the totals.
  template <class F>
  void update(StreamId s, F change) {
    if (s >= rows_.size()) rows_.resize(s + 1);
    Row& row = rows_[s];
    count(s, row, -1);
    change(row);
    count(s, row, +1);
  }
  void set(StreamId s, const Row& row) {
    update(s, [&](Row& r) { r = row; });
  }
  // Folds `e` into its stream's row (see applyEvent).
  Applied fold(const RecordedEvent& e, bool idempotent) {
    Applied result = Applied::Folded;
    update(e.stream, [&](Row& r) { result = applyEvent(r, e, idempotent); });
    return result;
  }
  // Every row gone; the same streams and sessions.
  void clear() { *this = ReadModel(streams_, static_cast<int>(perSession_.size())); }

  // The sales dashboard: orders placed and items in them, over every order row.
  Dashboard dashboard() const { return dashboard_; }
  // "My orders": how many order rows belong to `session`.
  std::int64_t ordersOf(std::int64_t session) const {
    const auto i = static_cast<std::size_t>(session);
    return session >= 0 && i < perSession_.size() ? perSession_[i] : 0;
  }

 private:
  void count(StreamId s, const Row& row, std::int64_t sign);

  ShopStreams streams_;
  std::vector<Row> rows_;
  Dashboard dashboard_;
  std::vector<std::int64_t> perSession_;  // order rows by session
};

// Order o belongs to session o % sessions: the shoppers' numbering.
inline std::int64_t sessionOf(std::int64_t order, int sessions) {
  return order % sessions;
}

}  // namespace cs::cqrs
