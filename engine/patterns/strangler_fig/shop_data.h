// The shop's data: the legacy database (every table, with a change log that
// change data capture tails), each new service's own store, and the payment
// provider's ledger of charges. The legacy database and the ledger are
// outside any one node and durable: a crash of the monolith loses none of
// it. Kernel thread only.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "clusterscope/time.h"
#include "patterns/strangler_fig/shop_routes.h"

namespace cs::strangler_fig {

struct Entity {
  std::int64_t value = 0;
  std::int64_t version = 0;  // 1 for the initial data; +1 per committed write
};

// One committed write, as the database's log (its binlog) records it.
struct Change {
  std::uint64_t seq = 0;  // 1, 2, ... in commit order, over every table
  int table = 0;
  std::int64_t key = 0;
  Entity entity;
  SimTime at{};
};

// The initial value of an entity: the same in every store, so a migration
// starts from a bulk copy that agrees.
std::int64_t initialValue(int table, std::int64_t key);

class Table {
 public:
  Table();
  const Entity& get(int table, std::int64_t key) const { return rows_[index(table, key)]; }
  // Keeps the newer of the stored entity and `e`. Returns whether it changed.
  bool apply(int table, std::int64_t key, const Entity& e);

 private:
  static std::size_t index(int table, std::int64_t key) {
    return static_cast<std::size_t>(table) * kKeys + static_cast<std::size_t>(key % kKeys);
  }
  std::vector<Entity> rows_;
};

// The change log is kept per table, each in commit order, so that a reader
// of one table (the connector of the service that owns it) finds its next
// change, and how many it has yet to read, without walking past every other
// table's. Teaching note: as a database keeps its log for a replication slot
// (PostgreSQL's WAL up to the slot's confirmed position), a change is kept
// only while the slot's reader has not confirmed it; without a slot nothing
// reads the log and nothing is kept. So the log stays as long as the
// connector's lag, not as long as the run.
class LegacyDb {
 public:
  const Entity& get(int table, std::int64_t key) const { return rows_.get(table, key); }
  // Commits a write: the entity's next version, logged. Returns it.
  Entity write(int table, std::int64_t key, std::int64_t value, SimTime at);
  // The table's changes committed so far, counting those already purged;
  // change `i` (0 for the first) is readable while `i >= purged(table)`.
  std::size_t logEnd(int table) const { return purged(table) + log(table).size(); }
  std::size_t purged(int table) const { return purged_[static_cast<std::size_t>(table)]; }
  const Change& change(int table, std::size_t i) const { return log(table)[i - purged(table)]; }
  // A slot keeps every change from now on until its reader confirms it; a
  // dropped slot releases the whole log.
  void openSlot() { slot_ = true; }
  void dropSlot();
  // The slot's reader has the table's changes before `end`.
  void confirm(int table, std::size_t end);
  // Changes committed to every table.
  std::uint64_t changes() const { return changes_; }

 private:
  const std::deque<Change>& log(int table) const { return logs_[static_cast<std::size_t>(table)]; }

  Table rows_;
  std::array<std::deque<Change>, kCapabilities> logs_;
  std::array<std::size_t, kCapabilities> purged_{};
  bool slot_ = false;
  std::uint64_t changes_ = 0;
};

// Charges made at the payment provider, by order. Teaching note: a charge is
// the side effect a shadow must never repeat; the provider has no way to
// know two charges for one order came from a mirrored copy.
//
// The ledger counts every charge, but remembers an order only while it is
// among the last kOrderWindow orders charged (orders are numbered as the
// client places them): a repeated charge comes from a copy of the same
// request, sent at the same moment and answered within the facade's backend
// timeout, when about a thousand newer orders have been charged at most — so
// the window sees every repeat, and the ledger stays the same size however
// long the run.
class PaymentLedger {
 public:
  static constexpr std::size_t kOrderWindow = std::size_t{1} << 16;

  // Returns how many times `order` has now been charged: 1 for an order
  // older than the window.
  int charge(std::int64_t order);
  std::uint64_t charges() const { return charges_; }
  std::uint64_t doubleCharges() const { return doubles_; }

 private:
  struct Charged {
    std::int64_t order = 0;  // 0: no order yet
    int times = 0;
  };
  // Order o's slot is o mod kOrderWindow; a newer order takes it over.
  std::vector<Charged> recent_ = std::vector<Charged>(kOrderWindow);
  std::uint64_t charges_ = 0;
  std::uint64_t doubles_ = 0;
};

}  // namespace cs::strangler_fig
