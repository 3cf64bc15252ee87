// The retry storm, measured on the shop with the same seed and load as the
// cascading-failure scenario: with naive retries (the frontend retries
// orders, orders retries payment, at once, up to 3 times each) a payment
// that fails every call receives several times the calls it gets without
// them, and browsing, which never touches payment, fails too; a slow payment
// takes browsing down further than it does without retries. A breaker in
// orders stops the storm at payment. Also: no request makes more than
// (1 + N) tries per layer, and the option and verb are checked. Test thread
// only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "clusterscope/errors.h"
#include "shop_test_support.h"

namespace cs::circuit_breaker {
namespace {

using namespace testing;

// Requests delivered to each service, and the tries each end-user request
// made on each hop, counted as they happen.
class Calls : public taps::Tap {
 public:
  explicit Calls(Simulation& sim)
      : Tap(sim), request_(*sim.kernel().vocabulary().find(LabelKind::Message, "Request")) {}

  void onRecord(const TraceRecord& r) override {
    if (r.label != request_) return;
    if (r.kind == TraceKind::Delivered && r.peer < delivered.size() && counting_)
      ++delivered[r.peer];
    if (r.kind == TraceKind::Sent && !r.flags) {
      if (r.node == kFrontend && r.peer == kOrders) ++frontendTries[r.request];
      if (r.node == kOrders && r.peer == kPayment) ++ordersTries[r.request];
    }
  }
  void count(bool on) { counting_ = on; }

  std::array<std::uint64_t, 6> delivered{};
  std::map<RequestId, int> frontendTries, ordersTries;

 private:
  Label request_ = kNoLabel;
  bool counting_ = false;
};

struct StormRun {
  std::uint64_t paymentCalls = 0, ordersCalls = 0, checkouts = 0;
  Tally browse;
  std::uint64_t retries = 0;  // frontend's and orders'
  int maxFrontendTries = 0, maxOrdersTries = 0;
};

// The cascading-failure timeline: 3 s healthy, then payment sick as given
// for 8 s; counts what happened while it was sick.
StormRun storm(int naiveRetries, bool breaker, std::vector<std::string> sickness) {
  auto sim = shop({{"breaker", breaker}, {"naiveRetries", naiveRetries}}, 7);
  Calls calls(*sim);
  sim->runUntil(ms(3'000));
  const Tally b0 = tally(client(*sim, kBrowseClient));
  const std::uint64_t c0 = client(*sim, kCheckoutClient).sent();
  sickness.insert(sickness.begin(), "payment");
  sim->apply(verb("sick", sickness));
  calls.count(true);
  sim->runUntil(ms(11'000));
  EXPECT_TRUE(sim->violations().empty());
  StormRun r;
  r.paymentCalls = calls.delivered[kPayment];
  r.ordersCalls = calls.delivered[kOrders];
  r.checkouts = client(*sim, kCheckoutClient).sent() - c0;
  r.browse = since(tally(client(*sim, kBrowseClient)), b0);
  for (NodeId n : {kFrontend, kOrders})
    r.retries += static_cast<const RetryingService&>(sim->kernel().node(n)).retriesSent();
  for (const auto& [request, n] : calls.frontendTries)
    r.maxFrontendTries = std::max(r.maxFrontendTries, n);
  for (const auto& [request, n] : calls.ordersTries)
    r.maxOrdersTries = std::max(r.maxOrdersTries, n);
  return r;
}

void print(const char* what, const StormRun& r) {
  std::printf(
      "%s: payment received %llu calls, orders %llu, for %llu checkouts; browse %llu/%llu ok\n",
      what, static_cast<unsigned long long>(r.paymentCalls),
      static_cast<unsigned long long>(r.ordersCalls), static_cast<unsigned long long>(r.checkouts),
      static_cast<unsigned long long>(r.browse.ok),
      static_cast<unsigned long long>(r.browse.total()));
}

TEST(RetryStorm, NaiveRetriesMultiplyTheCallsAFailingPaymentReceives) {
  const StormRun plain = storm(0, false, {"10", "1"});
  const StormRun naive = storm(3, false, {"10", "1"});
  print("payment fails every call, no retries", plain);
  print("payment fails every call, 3 naive retries", naive);
  const double factor =
      static_cast<double>(naive.paymentCalls) / static_cast<double>(plain.paymentCalls);
  std::printf("retry amplification at payment: x%.2f\n", factor);
  EXPECT_EQ(plain.retries, 0u);
  EXPECT_GE(plain.paymentCalls, plain.checkouts * 9 / 10) << "one call per checkout";
  // Up to (1 + 3)^2 = 16 per checkout; orders' four workers cap it at about 6.
  EXPECT_GE(factor, 4.5);
  EXPECT_LE(naive.paymentCalls, 16 * naive.checkouts);
  // Without retries the failure stays with checkouts; with them browsing,
  // which never touches payment, fails too.
  EXPECT_GE(plain.browse.successRatio(), 0.99);
  EXPECT_LT(naive.browse.successRatio(), 0.6);
}

TEST(RetryStorm, EachLayerTriesAtMostOnePlusNTimes) {
  const StormRun naive = storm(3, false, {"10", "1"});
  EXPECT_EQ(naive.maxFrontendTries, 4) << "frontend -> orders, per end-user request";
  EXPECT_EQ(naive.maxOrdersTries, 16) << "orders -> payment: 4 tries for each of 4 orders calls";
  const StormRun once = storm(1, false, {"10", "1"});
  EXPECT_EQ(once.maxFrontendTries, 2);
  EXPECT_EQ(once.maxOrdersTries, 4);
}

TEST(RetryStorm, ASlowPaymentTakesBrowsingDownFurtherWithRetries) {
  // The cascading failure itself: payment answers after 5 s. Worker pools
  // cap how many calls reach payment, so the harm is in the pools: every
  // worker upstream now waits for up to four timeouts instead of one.
  const StormRun plain = storm(0, false, {"5000"});
  const StormRun naive = storm(3, false, {"5000"});
  print("payment slow, no retries", plain);
  print("payment slow, 3 naive retries", naive);
  EXPECT_GT(naive.retries, 100u);
  EXPECT_LT(naive.browse.successRatio() * 4, plain.browse.successRatio());
  EXPECT_LE(naive.paymentCalls * 10, plain.paymentCalls * 13) << "capped by orders' workers";
}

TEST(RetryStorm, TheBreakerStopsTheStormAtPayment) {
  const StormRun plain = storm(0, false, {"10", "1"});
  const StormRun guarded = storm(3, true, {"10", "1"});
  print("payment fails every call, 3 naive retries, breaker on", guarded);
  // Retries ask the breaker like first calls; OPEN short-circuits them.
  EXPECT_LE(guarded.paymentCalls * 10, plain.paymentCalls);
  EXPECT_GE(guarded.browse.successRatio(), 0.99);
}

TEST(RetryStorm, TheOptionAndTheVerbSetTheRetries) {
  EXPECT_THROW(shop({{"naiveRetries", 11}}, 1), InputError);
  EXPECT_THROW(shop({{"naiveRetries", -1}}, 1), InputError);
  EXPECT_THROW(shop({{"naiveRetries", "lots"}}, 1), InputError);
  auto sim = shop({{"naiveRetries", 2}}, 1);
  auto node = [&](NodeId n) -> const RetryingService& {
    return static_cast<const RetryingService&>(sim->kernel().node(n));
  };
  EXPECT_EQ(node(kFrontend).naiveRetries(), 2);
  EXPECT_EQ(node(kOrders).naiveRetries(), 2);
  for (const char* bad : {"-1", "11", "2.5", "lots"})
    EXPECT_THROW(sim->apply(verb("naive-retries", {bad})), InputError) << bad;
  EXPECT_THROW(sim->apply(verb("naive-retries")), InputError);
  sim->apply(verb("naive-retries", {"0"}));
  EXPECT_EQ(node(kFrontend).naiveRetries(), 0);
  EXPECT_EQ(node(kOrders).naiveRetries(), 0);
  sim->apply(verb("naive-retries", {"3"}));
  sim->apply(verb("sick", {"payment", "10", "1"}));
  sim->runUntil(ms(1'000));
  EXPECT_GT(node(kOrders).retriesSent(), 0u);
  EXPECT_GT(node(kFrontend).retriesSent(), 0u);
  auto field = [&](NodeId n, const std::string& k) {
    for (const auto& [key, value] : sim->snapshot(n).fields)
      if (key == k) return value;
    return std::string("(missing)");
  };
  EXPECT_EQ(field(kOrders, "naive retries"), "3 per request, at once");
  EXPECT_EQ(field(kFrontend, "retries sent"), std::to_string(node(kFrontend).retriesSent()));
  const auto& m = sim->kernel().metrics();
  EXPECT_EQ(m.value(*m.find("svc.orders.retries")),
            static_cast<std::int64_t>(node(kOrders).retriesSent()));
  // The setting is configuration: a crash of orders keeps it.
  sim->apply(fault(CommandKind::Crash, kOrders));
  sim->apply(fault(CommandKind::Restart, kOrders));
  EXPECT_EQ(node(kOrders).naiveRetries(), 3);
  EXPECT_TRUE(sim->violations().empty());
}

}  // namespace
}  // namespace cs::circuit_breaker
