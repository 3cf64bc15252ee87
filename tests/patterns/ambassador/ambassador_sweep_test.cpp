// The seed sweep of the Ambassador pattern: for each seed, a random route
// policy and load, then a random mix of faults (swarm testing): replicas
// sick (slow, failing) and healed, crashes and restarts of the replicas, the
// sidecars and the app, lossy links, and the retries, hedging, ambassador
// and rogue switches. After every event the pattern's checker holds: no
// rogue request reaches a replica, the ambassador answers each request at
// most once, and its extra tries stay within the retry budget. The test
// also checks that the app answers each client request at most once.
//
// Everything random comes from a cs::Rng seeded by the test seed. A failing
// seed prints one line that reproduces it. Which seeds run (300 from the
// commit's range by default; AMB_SWEEP_SEED=N for one) is
// sweep/sweep_seeds.h's. Test thread only.
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "ambassador_test_support.h"
#include "clusterscope/rng.h"
#include "sweep/sweep_seeds.h"

namespace cs::ambassador {
namespace {

using namespace testing;

constexpr SimDuration kSpan = ms(10'000);

// Counts the app's answers per client request.
class Answers : public Listener {
 public:
  explicit Answers(Simulation& sim) : Listener(sim), reply_(message(sim, "Reply")) {}
  void onRecord(const TraceRecord& r) override {
    if (r.kind == TraceKind::Sent && r.label == reply_ && r.node == kApp && r.peer == kClient &&
        !(r.flags & kFlagDuplicate) && ++count_[r.cause] == 2)
      twice = r.cause;
  }
  MessageId twice = 0;

 private:
  Label reply_;
  std::map<MessageId, int> count_;
};

class SeedRun {
 public:
  explicit SeedRun(std::uint64_t seed) : rng_(deriveSeed(seed, "amb-sweep")) {
    nlohmann::json o = nlohmann::json::object();
    o["retries"] = rng_.chance(0.8);
    o["hedging"] = rng_.chance(0.7);
    o["breaker"] = rng_.chance(0.5);
    o["ambassador"] = rng_.chance(0.9);
    o["maxRetries"] = rng_.between(0, 5);
    const std::int64_t base = rng_.between(0, 50);
    o["backoffBase"] = base;
    o["backoffCap"] = base + rng_.between(0, 200);
    static const char* kJitters[] = {"none", "full", "equal"};
    o["jitter"] = kJitters[rng_.below(3)];
    o["budgetPercent"] = rng_.between(0, 60);
    o["budgetMinPerSecond"] = rng_.between(0, 10);
    o["budgetWindow"] = rng_.between(100, 10'000);
    o["hedgeAfter"] = rng_.between(1, 100);
    o["perTryTimeout"] = rng_.between(10, 400);
    o["overallTimeout"] = rng_.between(50, 1500);
    o["loadRate"] = rng_.between(10, 300);
    o["rogueRate"] = rng_.between(0, 40);
    o["latency"] = rng_.between(0, 5);
    o["linkJitter"] = rng_.between(0, 3);
    sim_ = world(o, seed);
    answers_ = std::make_unique<Answers>(*sim_);
    faultGap_ = rng_.between(20, 1500);
  }

  // Empty if the seed passed, else what went wrong.
  std::string run() {
    while (sim_->now() < kSpan) {
      sim_->runUntil(sim_->now() + ms(rng_.between(1, faultGap_)));
      inject();
      if (!sim_->violations().empty()) {
        const Violation& v = sim_->violations().front();
        return "at " + std::to_string(toSeconds(v.at)) + " s: " + v.text;
      }
      if (answers_->twice)
        return "the app answered client request message " + std::to_string(answers_->twice) +
               " twice";
    }
    if (outbound(*sim_).counters().requests + generator(*sim_, kClient).sent() == 0)
      return "no traffic at all";
    return {};
  }

 private:
  void apply(Command c) { sim_->apply(std::move(c)); }
  const char* onOff() { return rng_.chance(0.5) ? "on" : "off"; }

  void inject() {
    static const NodeId kCrashable[] = {kB1, kB2, kB1Ambassador, kB2Ambassador, kAmbassador, kApp};
    switch (rng_.below(6)) {
      case 0: {
        static const char* kTimes[] = {"1", "20", "150", "500", "3000"};
        static const char* kRates[] = {"0", "0.2", "0.7", "1"};
        apply(verb("sick",
                   {rng_.chance(0.5) ? "b1" : "b2", kTimes[rng_.below(5)], kRates[rng_.below(4)]}));
        break;
      }
      case 1:
        apply(verb("recover", {rng_.chance(0.5) ? "b1" : "b2"}));
        break;
      case 2: {
        const NodeId n = kCrashable[rng_.below(6)];
        apply(fault(sim_->kernel().status(n) == NodeStatus::Crashed ? CommandKind::Restart
                                                                    : CommandKind::Crash,
                    n));
        break;
      }
      case 3: {
        static const char* kVerbs[] = {"retries", "hedging", "ambassador", "rogue"};
        apply(verb(kVerbs[rng_.below(4)], {onOff()}));
        break;
      }
      case 4: {
        Command c;
        c.kind = CommandKind::Network;
        c.link.latency = ms(rng_.between(0, 5));
        c.link.jitter = ms(rng_.between(0, 3));
        c.link.loss = rng_.chance(0.5) ? 0.1 * rng_.unit() : 0.0;
        apply(c);
        break;
      }
      default:
        break;  // a quiet spell
    }
  }

  Rng rng_;
  std::unique_ptr<Simulation> sim_;
  std::unique_ptr<Answers> answers_;
  std::int64_t faultGap_;
};

TEST(AmbassadorSweep, IdentityOneAnswerAndTheBudgetHoldUnderRandomFaults) {
  const sweep::SweepSeeds seeds = sweep::sweepSeeds("AMB", 300);
  std::cout << "[ sweep    ] " << seeds.describe() << "\n";
  std::uint64_t failures = 0;
  for (std::uint64_t i = 0; i < seeds.count; ++i) {
    const std::uint64_t seed = seeds.at(i);
    const std::string failure = SeedRun(seed).run();
    if (!failure.empty()) {
      ++failures;
      ADD_FAILURE() << "seed " << seed << ": " << failure
                    << "\n  reproduce: " << seeds.reproduce(seed)
                    << " ambassador_tests --gtest_filter=AmbassadorSweep.*";
      if (failures >= 3) break;
    }
  }
}

}  // namespace
}  // namespace cs::ambassador
