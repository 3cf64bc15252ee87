// The payment provider's ledger: it catches an order charged twice, in
// whatever order the charges come, and remembers a bounded window of recent
// orders. Test thread only.
#include <gtest/gtest.h>

#include "patterns/strangler_fig/shop_data.h"

namespace cs::strangler_fig {
namespace {

TEST(FigLedger, AnOrderChargedTwiceIsCountedWhicheverChargeComesFirst) {
  PaymentLedger ledger;
  EXPECT_EQ(ledger.charge(2), 1);
  EXPECT_EQ(ledger.charge(1), 1);
  EXPECT_EQ(ledger.charge(3), 1);
  EXPECT_EQ(ledger.charge(1), 2);
  EXPECT_EQ(ledger.charge(2), 2);
  EXPECT_EQ(ledger.charge(2), 3);
  EXPECT_EQ(ledger.charges(), 6u);
  EXPECT_EQ(ledger.doubleCharges(), 3u);
}

TEST(FigLedger, ItRemembersTheLastWindowOfOrdersAndNoMore) {
  constexpr auto kWindow = static_cast<std::int64_t>(PaymentLedger::kOrderWindow);
  PaymentLedger ledger;
  for (std::int64_t order = 1; order <= 3 * kWindow; ++order) ASSERT_EQ(ledger.charge(order), 1);
  // The oldest order still in the window is caught charged twice ...
  EXPECT_EQ(ledger.charge(2 * kWindow + 1), 2);
  // ... one older has been forgotten: its repeat is not taken for a newer order's.
  EXPECT_EQ(ledger.charge(2 * kWindow), 1);
  EXPECT_EQ(ledger.charge(3 * kWindow), 2);
  EXPECT_EQ(ledger.charges(), static_cast<std::uint64_t>(3 * kWindow + 3));
  EXPECT_EQ(ledger.doubleCharges(), 2u);
}

}  // namespace
}  // namespace cs::strangler_fig
