// Tests of the Circuit Breaker pattern's shop (clients -> frontend -> orders
// -> payment, frontend -> catalog): building it from options, its verbs and
// names, and the headline behaviour from the issue: with the same seed, a
// sick payment service takes browsing (which never touches payment) down
// without a breaker, and not with one; the breaker trips, fails fast, probes
// HALF_OPEN and closes once payment heals.
#include <gtest/gtest.h>

#include <algorithm>

#include "clusterscope/errors.h"
#include "shop_test_support.h"

namespace cs::circuit_breaker {
namespace {

using namespace testing;

std::string errorOf(const nlohmann::json& options) {
  try {
    shop(options, 1);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ShopPattern, BuildsFromDefaultsAndResolvesNames) {
  auto sim = shop(nullptr, 1);
  ASSERT_EQ(sim->kernel().nodeCount(), 6u);
  const char* names[] = {"checkout-client", "browse-client", "frontend",
                         "orders",          "catalog",       "payment"};
  for (NodeId n = 0; n < 6; ++n) {
    EXPECT_EQ(sim->resolve(names[n]), n);
    const NodeSnapshot s = sim->snapshot(n);
    EXPECT_EQ(s.name, names[n]);
    EXPECT_EQ(s.role, n < 2 ? "client" : "service");
    EXPECT_EQ(s.member, n >= 2);
  }
  EXPECT_EQ(sim->resolve("warehouse"), std::nullopt);
  EXPECT_EQ(sim->checkers().size(), 1u);

  sim->runUntil(ms(3000));
  EXPECT_TRUE(sim->violations().empty());
  EXPECT_EQ(orders(*sim).breaker().state(), State::CLOSED);
  // Healthy: every answered request succeeded.
  for (NodeId c : {kCheckoutClient, kBrowseClient}) {
    const Tally t = tally(client(*sim, c));
    EXPECT_GT(t.ok, 100u);
    EXPECT_EQ(t.failed, 0u);
  }
  const NodeSnapshot o = sim->snapshot(kOrders);
  auto field = [&](const std::string& k) {
    for (const auto& [key, value] : o.fields)
      if (key == k) return value;
    return std::string("(missing)");
  };
  EXPECT_EQ(field("breaker (payment)"), "CLOSED");
  EXPECT_EQ(field("failure rate"), "0%");
  EXPECT_EQ(field("short-circuited"), "0");
  EXPECT_NE(field("workers busy"), "(missing)");
  const auto& m = sim->kernel().metrics();
  EXPECT_TRUE(m.find("breaker.orders->payment.state"));
  EXPECT_TRUE(m.find("breaker.orders->payment.failure_rate_x100"));
  EXPECT_TRUE(m.find("path.orders->payment.short_circuited"));
  EXPECT_TRUE(m.find("path.browse-client->frontend.ok"));
}

TEST(ShopPattern, BadOptionsNameTheKey) {
  EXPECT_NE(errorOf({{"checkoutRat", 5}}).find("options.checkoutRat"), std::string::npos);
  EXPECT_NE(errorOf({{"checkoutRate", -1}}).find("options.checkoutRate: expected"),
            std::string::npos);
  EXPECT_NE(errorOf({{"ordersWorkers", 0}}).find("options.ordersWorkers"), std::string::npos);
  EXPECT_NE(errorOf({{"breaker", "yes"}}).find("options.breaker: expected true or false"),
            std::string::npos);
  EXPECT_NE(errorOf({{"breakerConfig", {{"failureRateThreshold", 0}}}})
                .find("options.breakerConfig.failureRateThreshold"),
            std::string::npos);
  EXPECT_NE(errorOf({{"breakerConfig", {{"slidingWindowSiz", 3}}}})
                .find("options.breakerConfig.slidingWindowSiz"),
            std::string::npos);
  EXPECT_NE(errorOf({{"paymentTimeout", 0}}).find("options.paymentTimeout"), std::string::npos);
  EXPECT_NE(errorOf(nlohmann::json::array()).find("options: expected a JSON object"),
            std::string::npos);
  // The teaching defaults stay under what the user overrides.
  auto sim = shop({{"breakerConfig", {{"waitDurationInOpenState", 1000}}}}, 1);
  const Config& c = orders(*sim).breaker().config();
  EXPECT_EQ(c.waitDurationInOpenState, ms(1000));
  EXPECT_EQ(c.slidingWindowSize, 10);
  EXPECT_TRUE(c.automaticTransitionFromOpenToHalfOpenEnabled);
}

TEST(ShopPattern, VerbsAreValidatedAndNameWhatIsWrong) {
  auto sim = shop(nullptr, 1);
  auto error = [&](Command c) {
    try {
      sim->apply(std::move(c));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(error(verb("sick", {"warehouse", "100"})).find("sick SERVICE"), std::string::npos);
  EXPECT_NE(error(verb("sick", {"payment", "fast"})).find("sick MS"), std::string::npos);
  EXPECT_NE(error(verb("sick", {"payment", "100", "2"})).find("sick ERROR_RATE"),
            std::string::npos);
  EXPECT_NE(error(verb("sick", {"payment"})).find("sick: expected SERVICE MS"), std::string::npos);
  EXPECT_NE(error(verb("recover", {"browse-client"})).find("recover SERVICE"), std::string::npos);
  EXPECT_NE(error(verb("breaker", {"maybe"})).find("breaker: expected on or off"),
            std::string::npos);
  EXPECT_NE(error(verb("force-open", {"now"})).find("force-open"), std::string::npos);
  EXPECT_NE(error(verb("load", {"payment", "10"})).find("load CLIENT"), std::string::npos);
  EXPECT_NE(error(verb("load", {"browse-client", "-3"})).find("load RATE"), std::string::npos);
  EXPECT_NE(error(verb("burst", {"browse-client", "2"})).find("burst"), std::string::npos);
  EXPECT_NE(error(verb("explode")).find("verb: expected one of"), std::string::npos);
  EXPECT_TRUE(sim->commandLog().empty());  // rejected commands are not logged

  EXPECT_EQ(error(verb("sick", {"payment", "800", "0.5"})), "(no error)");
  EXPECT_EQ(error(verb("recover", {"payment"})), "(no error)");
  EXPECT_EQ(error(verb("load", {"browse-client", "20"})), "(no error)");
  EXPECT_EQ(error(verb("burst", {"checkout-client", "3", "1.5"})), "(no error)");
  EXPECT_EQ(sim->commandLog().size(), 4u);
  EXPECT_EQ(client(*sim, kBrowseClient).options().rate, 20);
  EXPECT_EQ(sim->pattern().verbs().size(), 9u);
}

struct SickRun {
  Tally browse, checkout;
  std::uint64_t fastCheckouts = 0, slowCheckouts = 0;
  std::uint64_t shortCircuited = 0;
};

// 10 s healthy, then payment answers after 5 s (far beyond orders' 300 ms
// timeout) for 20 s; counts what the clients saw during the sick window.
SickRun sickPayment(bool breaker, std::uint64_t seed) {
  auto sim = shop({{"breaker", breaker}}, seed);
  AnswerTimes checkout(*sim, kCheckoutClient, ms(100));
  sim->runUntil(ms(10'000));
  const Tally b0 = tally(client(*sim, kBrowseClient));
  const Tally c0 = tally(client(*sim, kCheckoutClient));
  sim->apply(verb("sick", {"payment", "5000"}));
  checkout.count(true);
  sim->runUntil(ms(30'000));
  EXPECT_TRUE(sim->violations().empty());
  return {since(tally(client(*sim, kBrowseClient)), b0),
          since(tally(client(*sim, kCheckoutClient)), c0), checkout.fast, checkout.slow,
          orders(*sim).shortCircuited()};
}

TEST(ShopPattern, SameSeedBrowsingCollapsesWithoutTheBreakerAndSurvivesWithIt) {
  const SickRun off = sickPayment(false, 7);
  const SickRun on = sickPayment(true, 7);
  std::cout << "browse success while payment is sick: without breaker " << off.browse.ok << "/"
            << off.browse.total() << ", with breaker " << on.browse.ok << "/" << on.browse.total()
            << "\ncheckouts answered within 100 ms: without " << off.fastCheckouts << "/"
            << off.fastCheckouts + off.slowCheckouts << ", with " << on.fastCheckouts << "/"
            << on.fastCheckouts + on.slowCheckouts << "\n";
  ASSERT_GT(off.browse.total(), 900u);
  ASSERT_GT(on.browse.total(), 900u);
  EXPECT_LT(off.browse.successRatio(), 0.5);
  EXPECT_GE(on.browse.successRatio(), 0.99);
  // With the breaker, checkouts fail fast with the fallback instead of
  // waiting for timeouts.
  EXPECT_GT(on.shortCircuited, 900u);
  EXPECT_EQ(off.shortCircuited, 0u);
  EXPECT_GE(on.fastCheckouts * 10, (on.fastCheckouts + on.slowCheckouts) * 9);
  EXPECT_GT(off.slowCheckouts, 5 * on.slowCheckouts);
}

TEST(ShopPattern, TheBreakerTripsProbesAndClosesAfterPaymentHeals) {
  auto sim = shop(nullptr, 3, 1u << 20);
  sim->runUntil(ms(5'000));
  sim->apply(verb("sick", {"payment", "5000"}));
  sim->runUntil(ms(6'000));
  EXPECT_EQ(orders(*sim).breaker().state(), State::OPEN);
  sim->runUntil(ms(15'000));
  sim->apply(verb("recover", {"payment"}));
  const SimTime healed = sim->now();
  // Payment's workers still hold 5 s requests, so a probe may fail once more;
  // two waits in OPEN (3 s each) and the 5 s backlog bound the recovery.
  while (orders(*sim).breaker().state() != State::CLOSED && sim->now() < healed + ms(12'000))
    sim->runUntil(sim->now() + ms(50));
  const SimTime closedAt = sim->now();
  EXPECT_EQ(orders(*sim).breaker().state(), State::CLOSED);
  EXPECT_LE(closedAt - healed, ms(12'000));
  const Tally before = tally(client(*sim, kCheckoutClient));
  sim->runUntil(closedAt + ms(2'000));
  const Tally after = since(tally(client(*sim, kCheckoutClient)), before);
  EXPECT_GT(after.ok, 80u);
  EXPECT_EQ(after.failed, 0u);
  EXPECT_TRUE(sim->violations().empty());

  const auto ms_ = breakerMilestones(*sim);
  ASSERT_GE(ms_.size(), 3u);
  EXPECT_EQ(ms_.front(), "breaker-opened");
  EXPECT_EQ(ms_.back(), "breaker-closed");
  EXPECT_EQ(ms_[ms_.size() - 2], "breaker-half-open");
  for (std::size_t i = 0; i + 1 < ms_.size(); ++i)  // OPEN and HALF_OPEN alternate
    EXPECT_EQ(ms_[i], i % 2 == 0 ? "breaker-opened" : "breaker-half-open") << i;

  // The milestone sentence states the reason in numbers.
  const Trace& t = sim->kernel().trace();
  for (std::uint64_t s = t.firstRetained(); s <= t.count(); ++s) {
    const TraceRecord& r = t.at(s);
    if (r.kind != TraceKind::Milestone ||
        r.label != sim->kernel().vocabulary().find(LabelKind::Milestone, "breaker-opened"))
      continue;
    const std::string text = sim->describe(r);
    EXPECT_NE(text.find("failure rate"), std::string::npos) << text;
    EXPECT_EQ(r.peer, kPayment);
    EXPECT_EQ(r.node, kOrders);
    break;
  }
}

TEST(ShopPattern, OperatorCommandsAndACrashOfTheOwner) {
  auto sim = shop(nullptr, 5, 1u << 20);
  sim->runUntil(ms(2'000));
  sim->apply(verb("force-open"));
  EXPECT_EQ(orders(*sim).breaker().state(), State::FORCED_OPEN);
  sim->runUntil(ms(2'100));  // checkouts already past orders finish
  const Tally c0 = tally(client(*sim, kCheckoutClient));
  sim->runUntil(ms(4'000));
  EXPECT_EQ(since(tally(client(*sim, kCheckoutClient)), c0).ok, 0u);  // all short-circuited
  EXPECT_GT(orders(*sim).shortCircuited(), 50u);
  sim->apply(verb("close"));
  EXPECT_EQ(orders(*sim).breaker().state(), State::CLOSED);

  sim->apply(verb("breaker", {"off"}));
  EXPECT_EQ(orders(*sim).breaker().state(), State::DISABLED);
  sim->apply(verb("sick", {"payment", "5000"}));
  const std::uint64_t sc = orders(*sim).shortCircuited();
  sim->runUntil(ms(8'000));
  EXPECT_EQ(orders(*sim).shortCircuited(), sc);  // DISABLED never short-circuits
  sim->apply(verb("breaker", {"on"}));
  sim->runUntil(ms(10'000));
  EXPECT_EQ(orders(*sim).breaker().state(), State::OPEN);

  // The breaker is volatile: a crash of orders forgets that it was OPEN.
  sim->apply(fault(CommandKind::Crash, kOrders));
  sim->apply(fault(CommandKind::Restart, kOrders));
  EXPECT_EQ(orders(*sim).breaker().state(), State::CLOSED);
  sim->runUntil(ms(12'000));
  EXPECT_EQ(orders(*sim).breaker().state(), State::OPEN);  // and learns it again
  // Switched off while down, it comes back DISABLED.
  sim->apply(fault(CommandKind::Crash, kOrders));
  sim->apply(verb("breaker", {"off"}));
  sim->apply(fault(CommandKind::Restart, kOrders));
  EXPECT_EQ(orders(*sim).breaker().state(), State::DISABLED);
  sim->runUntil(ms(13'000));
  EXPECT_TRUE(sim->violations().empty());
  const auto m = breakerMilestones(*sim);
  EXPECT_NE(std::find(m.begin(), m.end(), "breaker-forced-open"), m.end());
  EXPECT_NE(std::find(m.begin(), m.end(), "breaker-reset"), m.end());
  EXPECT_NE(std::find(m.begin(), m.end(), "breaker-disabled"), m.end());
}

}  // namespace
}  // namespace cs::circuit_breaker
