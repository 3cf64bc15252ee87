// The seed sweep of the Circuit Breaker pattern: for each seed, the shop
// under a random mix of faults (swarm testing): payment sick and healed,
// crashes and restarts of payment and orders, orders paused, the breaker
// switched off and on, forced open and closed, bursts, lossy and duplicating
// links, naive retries in the frontend and orders (a retry must ask the
// breaker like a first call), and a random breaker configuration. Safety is the pattern's checker
// ("no call reaches payment while orders' breaker is OPEN", at most the
// permitted probes while HALF_OPEN), checked after every event. Then
// everything is healed, and liveness is checked: the breaker ends CLOSED and
// checkouts succeed again within a bounded time.
//
// Everything random comes from a cs::Rng seeded by the test seed. A failing
// seed prints one line that reproduces it. Which seeds run (2000 from the
// commit's range by default; CB_SWEEP_SEED=N for one) is
// sweep/sweep_seeds.h's. Test thread only.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include <gtest/gtest.h>

#include "clusterscope/rng.h"
#include "shop_test_support.h"
#include "sweep/sweep_seeds.h"

namespace cs::circuit_breaker {
namespace {

using namespace testing;

constexpr SimDuration kFaultSpan = ms(15'000);
// Payment may still hold 5 s requests when healed; then up to two OPEN waits
// of at most 3 s and the probes' timeouts.
constexpr SimDuration kHealDeadline = ms(15'000);

class SeedRun {
 public:
  explicit SeedRun(std::uint64_t seed) : rng_(deriveSeed(seed, "cb-sweep")) {
    nlohmann::json options = {{"breaker", rng_.chance(0.8)}};
    nlohmann::json config = nlohmann::json::object();
    config["automaticTransitionFromOpenToHalfOpenEnabled"] = rng_.chance(0.7);
    config["permittedNumberOfCallsInHalfOpenState"] = rng_.between(1, 5);
    config["waitDurationInOpenState"] = rng_.between(200, 3000);
    if (rng_.chance(0.3)) config["maxWaitDurationInHalfOpenState"] = rng_.between(100, 2000);
    if (rng_.chance(0.3)) config["slidingWindowType"] = "TIME_BASED";
    config["slidingWindowSize"] = rng_.between(1, 20);
    config["minimumNumberOfCalls"] = rng_.between(1, 10);
    options["checkoutRate"] = rng_.between(5, 80);
    probesHaveRoom(config, options["checkoutRate"].get<std::int64_t>());
    options["breakerConfig"] = config;
    options["browseRate"] = rng_.between(5, 80);
    options["latency"] = rng_.between(0, 5);
    options["jitter"] = rng_.between(0, 3);
    options_ = options;
    sim_ = shop(options, seed);

    sick_ = rng_.chance(0.8);
    crashes_ = rng_.chance(0.5);
    pauses_ = rng_.chance(0.3);
    toggles_ = rng_.chance(0.5);
    operators_ = rng_.chance(0.3);
    bursts_ = rng_.chance(0.3);
    lossy_ = rng_.chance(0.4);
    faultGap_ = rng_.between(50, 1500);
    if (rng_.chance(0.3)) sim_->apply(verb("naive-retries", {std::to_string(rng_.between(1, 3))}));
  }

  // Empty if the seed passed, else what went wrong.
  std::string run() {
    while (sim_->now() < kFaultSpan) {
      sim_->runUntil(sim_->now() + ms(rng_.between(1, faultGap_)));
      injectFault();
      if (!sim_->violations().empty()) return violation();
    }
    healEverything();
    const SimTime healed = sim_->now();
    // Liveness: within the deadline, a second in which the breaker stays
    // CLOSED and every checkout answered succeeds (and at least one does).
    Tally last = tally(client(*sim_, kCheckoutClient));
    const SimDuration step = ms(1'000);
    while (true) {
      if (sim_->now() >= healed + kHealDeadline) {
        std::ostringstream out;
        out << "no healthy second within " << toSeconds(kHealDeadline)
            << " s after healing; the breaker is " << stateName(orders(*sim_).breaker().state())
            << " (" << orders(*sim_).lastReason()
            << "), checkouts in the last second: " << recent_.ok << " ok, " << recent_.failed
            << " failed; options " << options_.dump();
        return out.str();
      }
      const std::uint64_t epoch = orders(*sim_).breaker().epoch();
      const bool closed = orders(*sim_).breaker().state() == State::CLOSED;
      sim_->runUntil(sim_->now() + step);
      if (!sim_->violations().empty()) return violation();
      const Tally now = tally(client(*sim_, kCheckoutClient));
      recent_ = since(now, last);
      last = now;
      if (closed && orders(*sim_).breaker().epoch() == epoch && recent_.ok > 0 &&
          recent_.failed == 0)
        break;
    }
    return {};
  }

  std::uint64_t commands() const { return sim_->commandLog().size(); }

  // As in resilience4j, HALF_OPEN opens again once
  // maxWaitDurationInHalfOpenState passes, however many of its probes
  // succeeded, and it decides only once every permitted probe has ended. A
  // wait shorter than the probes take to arrive keeps a healthy payment's
  // breaker going OPEN -> HALF_OPEN -> OPEN: a misconfiguration, not a
  // breaker bug (seed 7509 of the old sweep: 4 probes at 5 checkouts/s, 0.8 s
  // on average, against 392 ms). So the wait leaves room for four times the
  // probes' mean arrival time; safety is checked under any wait regardless.
  static void probesHaveRoom(nlohmann::json& config, std::int64_t checkoutRate) {
    if (!config.contains("maxWaitDurationInHalfOpenState")) return;
    const std::int64_t probes = config["permittedNumberOfCallsInHalfOpenState"].get<std::int64_t>();
    const std::int64_t room = 4'000 * probes / checkoutRate + 100;  // ms, with a round trip
    config["maxWaitDurationInHalfOpenState"] =
        std::max(config["maxWaitDurationInHalfOpenState"].get<std::int64_t>(), room);
  }

 private:
  std::string violation() const {
    const Violation& v = sim_->violations().front();
    return "at " + std::to_string(toSeconds(v.at)) + " s: " + v.text;
  }

  void apply(Command c) { sim_->apply(std::move(c)); }

  NodeId pick(NodeId a, NodeId b) { return rng_.chance(0.5) ? a : b; }

  void injectFault() {
    switch (rng_.below(7)) {
      case 0:
        if (sick_) {
          static const char* kTimes[] = {"50", "250", "400", "2000", "5000"};
          static const char* kRates[] = {"0", "0.3", "0.8", "1"};
          apply(verb("sick", {"payment", kTimes[rng_.below(5)], kRates[rng_.below(4)]}));
        }
        break;
      case 1:
        if (sick_) apply(verb("recover", {"payment"}));
        break;
      case 2:
        if (crashes_) {
          const NodeId n = pick(kPayment, kOrders);
          apply(fault(sim_->kernel().status(n) == NodeStatus::Crashed ? CommandKind::Restart
                                                                      : CommandKind::Crash,
                      n));
        }
        break;
      case 3:
        if (pauses_) {
          const NodeId n = pick(kPayment, kOrders);
          const NodeStatus s = sim_->kernel().status(n);
          if (s == NodeStatus::Up) apply(fault(CommandKind::Pause, n));
          if (s == NodeStatus::Paused) apply(fault(CommandKind::Resume, n));
        }
        break;
      case 4:
        if (toggles_) apply(verb("breaker", {rng_.chance(0.5) ? "on" : "off"}));
        if (operators_) apply(verb(rng_.chance(0.5) ? "force-open" : "close"));
        break;
      case 5:
        if (bursts_)
          apply(verb("burst", {rng_.chance(0.5) ? "checkout-client" : "browse-client",
                               std::to_string(rng_.between(2, 5)), "1"}));
        break;
      case 6:
        if (lossy_) {
          Command c;
          c.kind = CommandKind::Network;
          c.link.latency = ms(rng_.between(0, 5));
          c.link.jitter = ms(rng_.between(0, 3));
          c.link.loss = 0.1 * rng_.unit();
          c.link.duplicate = 0.05 * rng_.unit();
          apply(c);
        }
        break;
    }
  }

  void healEverything() {
    for (NodeId n = 0; n < sim_->kernel().nodeCount(); ++n) {
      if (sim_->kernel().status(n) == NodeStatus::Crashed) apply(fault(CommandKind::Restart, n));
      if (sim_->kernel().status(n) == NodeStatus::Paused) apply(fault(CommandKind::Resume, n));
    }
    Command net;
    net.kind = CommandKind::Network;
    net.link.latency = ms(1);
    apply(net);
    apply(verb("recover", {"payment"}));
    apply(verb("breaker", {"on"}));
  }

  Rng rng_;
  nlohmann::json options_;
  std::unique_ptr<Simulation> sim_;
  bool sick_, crashes_, pauses_, toggles_, operators_, bursts_, lossy_;
  std::int64_t faultGap_;
  Tally recent_;
};

// The seeds from 1 to 12,000 that ended with the breaker OPEN long after
// healing (issue 14), each with a half-open wait too short for its probes.
constexpr std::uint64_t kShortHalfOpenWaitSeeds[] = {3641, 5180, 6120, 6454, 7509, 11691};
TEST(ShopSweep, SeedsWhoseHalfOpenWaitWasTooShortForTheProbesRecover) {
  for (const std::uint64_t seed : kShortHalfOpenWaitSeeds) {
    const std::string failure = SeedRun(seed).run();
    EXPECT_EQ(failure, "") << "seed " << seed;
  }
}

TEST(ShopSweep, NoCallReachesPaymentWhileTheBreakerIsOpenAndItClosesAfterHealing) {
  const sweep::SweepSeeds seeds = sweep::sweepSeeds("CB", 2000);
  std::cout << "[ sweep    ] " << seeds.describe() << "\n";
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t commands = 0, failures = 0;
  for (std::uint64_t i = 0; i < seeds.count; ++i) {
    const std::uint64_t seed = seeds.at(i);
    SeedRun run(seed);
    const std::string failure = run.run();
    commands += run.commands();
    if (!failure.empty()) {
      ++failures;
      char exe[4096] = {};
      const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
      ADD_FAILURE() << "seed " << seed << ": " << failure
                    << "\n  reproduce: " << seeds.reproduce(seed) << " "
                    << (n > 0 ? exe : "circuit_breaker_tests") << " --gtest_filter=ShopSweep.*";
      if (failures >= 5) break;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << seeds.count << " seeds, " << commands << " commands, " << seconds << " s\n";
}

}  // namespace
}  // namespace cs::circuit_breaker
