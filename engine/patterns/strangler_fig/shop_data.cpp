// The shop's stores. See shop_data.h. Kernel thread only.
#include "patterns/strangler_fig/shop_data.h"

namespace cs::strangler_fig {

std::int64_t initialValue(int table, std::int64_t key) {
  // A fixed mix of table and key: 100..9999 ("cents"), a tenth ending in 5.
  const std::uint64_t h = (static_cast<std::uint64_t>(table) * 0x9E3779B97F4A7C15ULL) ^
                          (static_cast<std::uint64_t>(key + 1) * 0xBF58476D1CE4E5B9ULL);
  return 100 + static_cast<std::int64_t>((h >> 17) % 9900);
}

Table::Table() : rows_(static_cast<std::size_t>(kCapabilities) * kKeys) {
  for (int t = 0; t < kCapabilities; ++t)
    for (std::int64_t k = 0; k < kKeys; ++k) rows_[index(t, k)] = {initialValue(t, k), 1};
}

bool Table::apply(int table, std::int64_t key, const Entity& e) {
  Entity& row = rows_[index(table, key)];
  if (e.version <= row.version) return false;
  row = e;
  return true;
}

Entity LegacyDb::write(int table, std::int64_t key, std::int64_t value, SimTime at) {
  const Entity e{value, get(table, key).version + 1};
  rows_.apply(table, key, e);
  const auto t = static_cast<std::size_t>(table);
  ++changes_;
  if (slot_)
    logs_[t].push_back({changes_, table, key % kKeys, e, at});
  else
    ++purged_[t];  // no reader: the change is in the table, not kept in the log
  return e;
}

void LegacyDb::dropSlot() {
  slot_ = false;
  for (int t = 0; t < kCapabilities; ++t) confirm(t, logEnd(t));
}

void LegacyDb::confirm(int table, std::size_t end) {
  const auto t = static_cast<std::size_t>(table);
  while (purged_[t] < end && !logs_[t].empty()) {
    logs_[t].pop_front();
    ++purged_[t];
  }
}

int PaymentLedger::charge(std::int64_t order) {
  ++charges_;
  Charged& c = recent_[static_cast<std::size_t>(order) & (kOrderWindow - 1)];
  if (c.order != order) {
    // An order older than the one in its slot has left the window.
    if (c.order > order) return 1;
    c = {order, 0};
  }
  if (++c.times > 1) ++doubles_;
  return c.times;
}

}  // namespace cs::strangler_fig
