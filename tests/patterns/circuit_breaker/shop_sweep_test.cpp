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
// seed prints one line that reproduces it; CB_SWEEP_SEED=N runs only that
// seed, CB_SWEEP_SEEDS=N changes how many run (default 2000). Test thread
// only.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include <gtest/gtest.h>

#include "clusterscope/rng.h"
#include "shop_test_support.h"

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
    options["breakerConfig"] = config;
    options["checkoutRate"] = rng_.between(5, 80);
    options["browseRate"] = rng_.between(5, 80);
    options["latency"] = rng_.between(0, 5);
    options["jitter"] = rng_.between(0, 3);
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
            << ", checkouts in the last second: " << recent_.ok << " ok, " << recent_.failed
            << " failed";
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
  std::unique_ptr<Simulation> sim_;
  bool sick_, crashes_, pauses_, toggles_, operators_, bursts_, lossy_;
  std::int64_t faultGap_;
  Tally recent_;
};

std::uint64_t envNumber(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v ? std::strtoull(v, nullptr, 10) : fallback;
}

TEST(ShopSweep, NoCallReachesPaymentWhileTheBreakerIsOpenAndItClosesAfterHealing) {
  const std::uint64_t only = envNumber("CB_SWEEP_SEED", 0);
  const std::uint64_t seeds = only ? 1 : envNumber("CB_SWEEP_SEEDS", 2000);
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t commands = 0, failures = 0;
  for (std::uint64_t i = 0; i < seeds; ++i) {
    const std::uint64_t seed = only ? only : i + 1;
    SeedRun run(seed);
    const std::string failure = run.run();
    commands += run.commands();
    if (!failure.empty()) {
      ++failures;
      char exe[4096] = {};
      const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
      ADD_FAILURE() << "seed " << seed << ": " << failure << "\n  reproduce: CB_SWEEP_SEED=" << seed
                    << " " << (n > 0 ? exe : "circuit_breaker_tests")
                    << " --gtest_filter=ShopSweep.*";
      if (failures >= 5) break;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << seeds << " seeds, " << commands << " commands, " << seconds << " s\n";
}

}  // namespace
}  // namespace cs::circuit_breaker
