// The shop's typed view (shop_view.h): what the window draws comes as
// numbers and enums — workers, queue, processing time, the breaker's State
// and its window call by call — and building it observes without changing
// the run.
#include <gtest/gtest.h>

#include <algorithm>

#include "clusterscope/circuit_breaker/shop_view.h"
#include "shop_test_support.h"

namespace cs::circuit_breaker {
namespace {

using namespace testing;

const ShopView& shopView(const std::shared_ptr<const PatternView>& v) {
  return viewOf<ShopView>(*v);
}

TEST(ShopView, AHealthyShopHasNumbersAndAClosedBreakerWithItsWindow) {
  auto sim = shop(nullptr, 1);
  sim->runUntil(ms(3000));
  const auto held = sim->view();
  const ShopView& v = shopView(held);
  ASSERT_EQ(v.clients.size(), 2u);
  ASSERT_EQ(v.services.size(), 4u);
  const rpc::ServiceView* payment = v.service(kPayment);
  ASSERT_NE(payment, nullptr);
  EXPECT_EQ(payment->name, "payment");
  EXPECT_GE(payment->workers, 1);
  EXPECT_LE(payment->workersBusy, payment->workers);
  EXPECT_EQ(payment->errorRate, 0);
  EXPECT_LT(payment->processing.usualMax, SimDuration{100'000});
  EXPECT_GT(payment->outcomes.ok, 0u);
  EXPECT_EQ(payment->outcomes.failed(), 0u);
  ASSERT_TRUE(payment->p99.has_value());
  const rpc::ClientView* checkout = v.client(kCheckoutClient);
  ASSERT_NE(checkout, nullptr);
  EXPECT_GT(checkout->rate, 0);
  EXPECT_EQ(checkout->outcomes.ok, client(*sim, kCheckoutClient).outcomes(rpc::Status::Ok));

  EXPECT_TRUE(v.breakerOn);
  EXPECT_EQ(v.breaker.owner, kOrders);
  EXPECT_EQ(v.breaker.protectedService, kPayment);
  EXPECT_EQ(v.breaker.state, State::CLOSED);
  EXPECT_EQ(v.breaker.failureRate, 0);
  // The window holds the buffered calls, oldest first, all successes.
  const WindowView& w = v.breaker.window;
  if (!w.timeBased) {
    EXPECT_EQ(static_cast<std::int64_t>(w.calls.size()), v.breaker.bufferedCalls);
    EXPECT_LE(static_cast<int>(w.calls.size()), w.size);
    for (Outcome o : w.calls) EXPECT_EQ(o, Outcome::SUCCESS);
  }
  ASSERT_NE(v.retrier(kFrontend), nullptr);
  EXPECT_EQ(v.retrier(kFrontend)->naiveRetries, 0);
}

TEST(ShopView, AfterPaymentTurnsSickTheBreakerIsOpenAndPaymentIsSlow) {
  auto sim = shop(nullptr, 3);
  sim->runUntil(ms(5'000));
  const auto before = sim->view();
  sim->apply(verb("sick", {"payment", "5000"}));
  sim->runUntil(ms(6'000));
  const auto now = sim->view();
  const ShopView& v = shopView(now);
  EXPECT_EQ(v.breaker.state, State::OPEN);
  EXPECT_EQ(v.breaker.state, orders(*sim).breaker().state());
  // The window that tripped it has slow or failed calls in it.
  const WindowView& w = v.breaker.window;
  if (!w.timeBased) {
    EXPECT_TRUE(std::any_of(w.calls.begin(), w.calls.end(),
                            [](Outcome o) { return o != Outcome::SUCCESS; }));
  }
  EXPECT_TRUE(v.breaker.failureRate > 0 || v.breaker.slowCallRate > 0);
  const rpc::ServiceView* payment = v.service(kPayment);
  ASSERT_NE(payment, nullptr);
  EXPECT_EQ(payment->processing.usualMax, ms(5000));
  // A view is a value: the one taken before still says CLOSED.
  EXPECT_EQ(shopView(before).breaker.state, State::CLOSED);

  sim->apply(verb("breaker", {"off"}));
  sim->apply(verb("naive-retries", {"2"}));
  sim->runUntil(ms(6'100));
  const auto later = sim->view();
  const ShopView& off = shopView(later);
  EXPECT_FALSE(off.breakerOn);
  EXPECT_EQ(off.breaker.state, State::DISABLED);
  ASSERT_NE(off.retrier(kOrders), nullptr);
  EXPECT_EQ(off.retrier(kOrders)->naiveRetries, 2);
}

TEST(ShopView, BuildingViewsDoesNotChangeTheRun) {
  auto watched = shop(nullptr, 5);
  auto alone = shop(nullptr, 5);
  for (auto* sim : {watched.get(), alone.get()}) {
    sim->runUntil(ms(2'000));
    sim->apply(verb("sick", {"payment", "5000"}));
  }
  for (SimTime t = ms(2'000); t < ms(8'000); t += ms(20)) {
    watched->runUntil(t);
    (void)watched->view();
  }
  alone->runUntil(ms(8'000));
  watched->runUntil(ms(8'000));
  EXPECT_EQ(watched->kernel().trace().hash(), alone->kernel().trace().hash());
}

}  // namespace
}  // namespace cs::circuit_breaker
