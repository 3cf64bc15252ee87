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
struct ReadModel {
  std::vector<Row> rows;

  const Row* row(StreamId s) const { return s < rows.size() ? &rows[s] : nullptr; }
  Row& mutableRow(StreamId s) {
    if (s >= rows.size()) rows.resize(s + 1);
    return rows[s];
  }
  // The sales dashboard: orders placed and items in them, over every order row.
  struct Dashboard {
    std::int64_t orders = 0, items = 0;
  };
  Dashboard dashboard(const ShopStreams& streams) const;
  // "My orders": how many order rows belong to `session` of `sessions`.
  std::int64_t ordersOf(const ShopStreams& streams, std::int64_t session, int sessions) const;
};

// Order o belongs to session o % sessions: the shoppers' numbering.
inline std::int64_t sessionOf(std::int64_t order, int sessions) {
  return order % sessions;
}

}  // namespace cs::cqrs
