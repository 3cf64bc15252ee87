// The seed sweep of the CQRS pattern. For each seed: random settings
// (products, handlers, replicas, projectors and their partitions, rates,
// tokens, costs, flush and checkpoint intervals, latency, the store's
// concurrent writers), then for a while a random mix of faults from a
// random subset of kinds this seed allows (swarm testing): crashes and
// restarts of the projectors, the replicas, the handlers and the store;
// pauses; partitions and cut links; loss, duplication and delay; slow
// nodes; rebuilds in place and blue/green; replicas added and removed;
// partitions changed; flash sales; tokens switched; orders validated on the
// read model (the unsafe switch). During the faults, after every event, the
// checkers hold: every read model row is the fold of its stream (none twice, none skipped), the
// checkpoint only moves forward, a query carrying a position is never
// silently stale, a session's reads never go back, and no product's stock
// goes below zero — except that last one while orders are validated on the
// read model, where the checker must instead report exactly when the
// store's stock really went below zero. Then everything heals:
// every projector and every active replica must reach the store's head (lag
// back to zero), and an order placed then must be found in "my orders".
//
// Everything random comes from a cs::Rng seeded by the test seed. A failing
// seed prints one line that reproduces it; CQRS_SWEEP_SEED=N runs only that
// seed, CQRS_SWEEP_SEEDS=N changes how many run (default 1000) and
// CQRS_SWEEP_FIRST=N where they start (default 1).
// Test thread only.
#include <cstdlib>
#include <iostream>
#include <string>

#include <gtest/gtest.h>

#include "clusterscope/rng.h"
#include "cqrs_test_support.h"
#include "patterns/cqrs/stock_ledger.h"

namespace cs::cqrs {
namespace {

using namespace testing;

constexpr SimDuration kFaultSpan = ms(4'000);
constexpr SimDuration kSettleLimit = ms(30'000);

enum FaultKind : unsigned {
  kCrashProjector,
  kCrashReplica,
  kCrashWriteSide,
  kPause,
  kPartition,
  kCut,
  kLossy,
  kSlowNode,
  kRebuild,
  kReplicas,
  kKnobs,
  kFaultKinds,
};

class SeedRun {
 public:
  explicit SeedRun(std::uint64_t seed) : rng_(deriveSeed(seed, "cqrs-sweep")) {
    nlohmann::json o = nlohmann::json::object();
    o["products"] = rng_.between(1, 8);
    o["initialStock"] = rng_.chance(0.2) ? rng_.between(0, 20) : 100'000;
    handlers_ = static_cast<int>(rng_.between(1, 3));
    o["handlers"] = handlers_;
    o["replicas"] = rng_.between(2, 4);
    o["replicaWorkers"] = rng_.between(1, 4);
    o["replicaQueue"] = rng_.between(0, 32);
    o["projectors"] = rng_.between(1, 4);
    o["projectorWorkers"] = rng_.between(1, 4);
    o["sessions"] = rng_.between(1, 6);
    o["readRate"] = rng_.between(0, 150);
    o["orderRate"] = rng_.between(1, 40);
    o["restockRate"] = rng_.chance(0.5) ? 0.0 : 2.0;
    o["tokens"] = rng_.chance(0.7);
    o["checkpointEvery"] = rng_.between(1, 30);
    o["queryCost"] = rng_.between(0, 3);
    o["projectCost"] = rng_.between(0, 5);
    o["tokenWait"] = rng_.between(10, 400);
    o["flushEvery"] = rng_.between(1, 20);
    o["commitDelay"] = rng_.between(0, 5);
    o["latency"] = rng_.between(0, 5);
    o["jitter"] = rng_.between(0, 3);
    // Concurrent writers: positions taken early, commits landing late.
    o["storeWriters"] = rng_.chance(0.3) ? rng_.between(2, 4) : 1;
    o["commitJitter"] = rng_.between(0, 10);
    validateOnReadModel_ = rng_.chance(0.15);
    o["validate"] = validateOnReadModel_ ? "read-model" : "write-model";
    // Memory kept bounded, on a scale of seconds: orders expire from the
    // read models, the store scavenges old orders and products before their
    // snapshots, and the checkers forget what no one can read any more.
    if (rng_.chance(0.5)) {
      o["orderTtl"] = rng_.between(1'000, 4'000) / 1e3;
      o["snapshotEvery"] = rng_.between(5, 50);
      o["retention"] = {{"abandonedOrderAge", rng_.between(1'000, 4'000) / 1e3},
                        {"orderMaxAge", rng_.between(1'000, 4'000) / 1e3},
                        {"scavengeEvery", rng_.between(200, 1'000) / 1e3}};
    }
    sim_ = world(o, seed);
    unsafeWasOn_ = validateOnReadModel_;
    nodes_ = sim_->kernel().nodeCount();
    for (unsigned k = 0; k < kFaultKinds; ++k)
      if (rng_.chance(0.5)) allowed_.push_back(static_cast<FaultKind>(k));
    faultGap_ = rng_.between(5, 600);
  }

  // Empty if the seed passed, else what went wrong.
  std::string run() {
    while (sim_->now() < kFaultSpan) {
      sim_->runUntil(sim_->now() + ms(rng_.between(1, faultGap_)));
      if (!allowed_.empty()) inject(allowed_[rng_.below(allowed_.size())]);
      if (auto v = violation(); !v.empty()) return v;
    }
    healEverything();
    if (!settle()) return "not settled 30 s after healing: " + where();
    if (auto v = violation(); !v.empty()) return v;
    if (auto v = oversoldReported(); !v.empty()) return v;
    checker<FoldChecker>(*sim_).checkAll(sim_->kernel());
    if (auto v = violation(); !v.empty()) return v;
    // With the lag back to zero, a new order (if there is stock left for
    // it) is found in "my orders".
    Milestones answers(*sim_, "my-orders-answered");
    sim_->apply(verb("tokens", {"on"}));
    const std::int64_t before = shoppers(*sim_).ordersPlaced();
    sim_->apply(verb("order", {"1", "1"}));
    const std::int64_t order = shoppers(*sim_).ordersPlaced();
    // The handlers may still be working off commands queued during the
    // faults, one at a time: wait for this order's answer, within reason.
    auto answered = [&] {
      for (const TraceRecord& r : answers.seen)
        if (r.v[5] == order) return true;
      return false;
    };
    const SimTime limit = sim_->now() + kSettleLimit;
    sim_->runUntil(sim_->now() + ms(3'000));
    while (!answered() && sim_->now() < limit) sim_->runUntil(sim_->now() + ms(100));
    if (order != before + 1) return "the shoppers did not place the order asked for";
    if (auto v = violation(); !v.empty()) return v;
    const ShopStreams streams{pattern(*sim_).options().products};
    if (store(*sim_).revision(streams.order(order)) < 0) return {};  // refused: out of stock
    // Found, or honestly stale (the projector may take a while to notice
    // that a restarted store forgot its subscription), or expired by a TTL
    // of seconds; either way the read side then reaches it.
    for (const TraceRecord& r : answers.seen)
      if (r.v[5] == order &&
          ((r.v[3] == 0 && (r.v[4] == 1 || r.v[4] == kFoundExpired)) || r.v[3] == 1))
        return settle() ? std::string{} : "not settled after the last order: " + where();
    return "order " + std::to_string(order) +
           " placed after healing was never answered: " + where();
  }

  std::uint64_t events() const { return store(*sim_).head(); }
  // The stock checker caught an order decided on a lagging read model.
  bool oversold() const {
    for (const Violation& v : sim_->violations())
      if (v.checker == stockChecker()) return true;
    return false;
  }
  std::uint64_t replays() const {
    return everyProjector(*sim_, [](const Projector& p) { return p.skipped(); });
  }
  std::uint64_t expired() const {
    return everyProjector(*sim_, [](const Projector& p) { return p.expired(); });
  }
  std::uint64_t reclaimed() const { return storeNode(*sim_).reclaimed(); }

 private:
  // The first violation, except the stock checker's while the unsafe switch
  // was ever on: there overselling is the lesson, checked by oversoldReported().
  std::string violation() const {
    for (const Violation& v : sim_->violations())
      if (!unsafeWasOn_ || v.checker != stockChecker())
        return "at " + std::to_string(toSeconds(v.at)) + " s: " + v.text;
    return {};
  }
  static std::string stockChecker() {
    return std::string(WriteModelDecidesChecker(event_sourcing::CheckedWorld{}).name());
  }
  // The stock checker reported if and only if the store's stock went below zero.
  std::string oversoldReported() const {
    bool reported = false;
    for (const Violation& v : sim_->violations())
      reported = reported || v.checker == stockChecker();
    StockLedger ledger(ShopStreams{pattern(*sim_).options().products});
    bool below = false;
    const auto& log = store(*sim_);
    // Stock only goes below zero by a reservation; the ledger reads it event by event.
    for (Position p = 1; p <= log.head() && !below; ++p) {
      ledger.follow(log, p);
      below = ledger.oversold() > 0;
    }
    if (below == reported) return {};
    return below ? "stock went below zero and the checker said nothing"
                 : "the stock checker reported, but no stock went below zero";
  }
  std::string where() const {
    std::string s = "head " + std::to_string(store(*sim_).head());
    for (int i = 0; i < pattern(*sim_).projectors(); ++i) {
      const Projector& p = projector(*sim_, i);
      const NodeId id = pattern(*sim_).projector(i);
      s += ", " + pattern(*sim_).nodeName(id) + " at " + std::to_string(p.position()) + " (epoch " +
           std::to_string(p.epoch()) + " seq " + std::to_string(p.seq()) + ", status " +
           std::to_string(static_cast<int>(sim_->kernel().status(id))) + ")";
    }
    for (int r = 0; r < pattern(*sim_).activeReplicas(); ++r)
      s += ", replica-" + std::to_string(r + 1) + " at " +
           std::to_string(replica(*sim_, r).position()) +
           (replica(*sim_, r).synced() ? "" : ", unsynced") + ", status " +
           std::to_string(static_cast<int>(sim_->kernel().status(pattern(*sim_).replica(r))));
    return s;
  }

  // Runs until the read side has caught up (the clerk may still be
  // restocking, so the head can move on meanwhile).
  bool settle() {
    const SimTime limit = sim_->now() + kSettleLimit;
    while (!settled() && sim_->now() < limit) sim_->runUntil(sim_->now() + ms(50));
    return settled();
  }

  bool settled() const {
    const Position head = store(*sim_).head();
    for (int i = 0; i < pattern(*sim_).projectors(); ++i)
      if (projector(*sim_, i).position() != head || projector(*sim_, i).rebuilding()) return false;
    for (int r = 0; r < pattern(*sim_).activeReplicas(); ++r)
      if (replica(*sim_, r).position() != head) return false;
    return true;
  }

  void apply(Command c) {
    sim_->apply(std::move(c));
    unsafeWasOn_ = unsafeWasOn_ || validateOnReadModel_;
  }
  NodeId anyNode() { return static_cast<NodeId>(rng_.below(nodes_)); }
  NodeId anyProjector() {
    return pattern(*sim_).projector(static_cast<int>(rng_.below(pattern(*sim_).projectors())));
  }
  NodeId anyReplica() { return pattern(*sim_).replica(static_cast<int>(rng_.below(kMaxReplicas))); }

  void toggleCrash(NodeId n) {
    const bool down = sim_->kernel().status(n) == NodeStatus::Crashed;
    apply(fault(down ? CommandKind::Restart : CommandKind::Crash, n));
  }

  void inject(FaultKind kind) {
    switch (kind) {
      case kCrashProjector:
        return toggleCrash(anyProjector());
      case kCrashReplica:
        return toggleCrash(anyReplica());
      case kCrashWriteSide:
        return toggleCrash(rng_.chance(0.4)
                               ? NodeId{kStore}
                               : kFirstHandler + static_cast<NodeId>(rng_.below(handlers_)));
      case kPause: {
        const NodeId n = anyNode();
        const NodeStatus s = sim_->kernel().status(n);
        if (s == NodeStatus::Up) apply(fault(CommandKind::Pause, n));
        if (s == NodeStatus::Paused) apply(fault(CommandKind::Resume, n));
        return;
      }
      case kPartition:
        if (auto c = test_commands::partitionOrHeal(rng_, nodes_)) apply(std::move(*c));
        return;
      case kCut: {
        Command c;
        c.kind = rng_.chance(0.5) ? CommandKind::Cut : CommandKind::Block;
        c.node = anyNode();
        c.peer = rng_.chance(0.5) ? anyProjector() : anyNode();
        if (c.node == c.peer) return;
        return apply(c);
      }
      case kLossy: {
        Command c;
        c.kind = CommandKind::Network;
        c.link.latency = ms(rng_.between(0, 8));
        c.link.jitter = ms(rng_.between(0, 5));
        c.link.loss = rng_.chance(0.5) ? 0.2 * rng_.unit() : 0.0;
        c.link.duplicate = rng_.chance(0.3) ? 0.1 * rng_.unit() : 0.0;
        return apply(c);
      }
      case kSlowNode: {
        Command c;
        c.kind = CommandKind::Slow;
        c.node = anyNode();
        c.duration = rng_.chance(0.5) ? ms(rng_.between(1, 20)) : SimDuration{0};
        return apply(c);
      }
      case kRebuild: {
        std::vector<std::string> args = {rng_.chance(0.5) ? "in-place" : "blue-green"};
        if (rng_.chance(0.7)) args.push_back(std::to_string(anyProjector()));
        return apply(verb("rebuild", args));
      }
      case kReplicas:
        return apply(verb(rng_.chance(0.5) ? "add-replica" : "remove-replica"));
      case kKnobs:
        switch (rng_.below(4)) {
          case 0: {
            std::vector<std::string> args = {std::to_string(rng_.between(1, 8))};
            if (rng_.chance(0.5)) args.push_back(std::to_string(anyProjector()));
            return apply(verb("projector-partitions", args));
          }
          case 1:
            return apply(verb("flash-sale", {"1", std::to_string(rng_.between(2, 5))}));
          case 2:
            return apply(verb("tokens", {rng_.chance(0.5) ? "on" : "off"}));
          default:
            validateOnReadModel_ = !validateOnReadModel_;
            return apply(verb("validate", {validateOnReadModel_ ? "read-model" : "write-model"}));
        }
      case kFaultKinds:
        return;
    }
  }

  void healEverything() {
    apply(fault(CommandKind::Heal, kNoNode));
    Command calm;
    calm.kind = CommandKind::Network;
    calm.link = sim_->kernel().network().defaultLink();
    calm.link.loss = 0;
    calm.link.duplicate = 0;
    apply(calm);
    for (NodeId n = 0; n < nodes_; ++n) {
      const NodeStatus s = sim_->kernel().status(n);
      if (s == NodeStatus::Crashed) apply(fault(CommandKind::Restart, n));
      if (s == NodeStatus::Paused) apply(fault(CommandKind::Resume, n));
      Command fast;
      fast.kind = CommandKind::Slow;
      fast.node = n;
      apply(fast);
    }
    apply(verb("order-rate", {"0"}));
    apply(verb("read-rate", {"0"}));
    validateOnReadModel_ = false;
    apply(verb("validate", {"write-model"}));
  }

  Rng rng_;
  std::unique_ptr<Simulation> sim_;
  std::size_t nodes_ = 0;
  int handlers_ = 1;
  bool validateOnReadModel_ = false;
  bool unsafeWasOn_ = false;
  std::vector<FaultKind> allowed_;
  std::int64_t faultGap_;
};

std::uint64_t envNumber(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v ? std::strtoull(v, nullptr, 10) : fallback;
}

TEST(CqrsSweep, ReadModelsStayFoldsAndReadsNeverLieUnderRandomFaultsAndLagReturnsToZeroAfter) {
  const std::uint64_t only = envNumber("CQRS_SWEEP_SEED", 0);
  const std::uint64_t seeds = only ? 1 : envNumber("CQRS_SWEEP_SEEDS", 1000);
  const std::uint64_t first = envNumber("CQRS_SWEEP_FIRST", 1);
  std::uint64_t failures = 0, quiet = 0, events = 0, replays = 0, oversold = 0, expired = 0,
                reclaimed = 0;
  for (std::uint64_t i = 0; i < seeds; ++i) {
    const std::uint64_t seed = only ? only : first + i;
    SeedRun run(seed);
    const std::string failure = run.run();
    events += run.events();
    replays += run.replays();
    oversold += run.oversold() ? 1 : 0;
    expired += run.expired();
    reclaimed += run.reclaimed();
    quiet += run.events() == 0;
    if (!failure.empty()) {
      ++failures;
      ADD_FAILURE() << "seed " << seed << ": " << failure
                    << "\n  reproduce: CQRS_SWEEP_SEED=" << seed
                    << " cqrs_tests --gtest_filter=CqrsSweep.*";
      if (failures >= 3) break;
    }
  }
  // The sweep is worth something only if the faults met real traffic.
  EXPECT_TRUE(seeds < 20 || quiet * 10 <= seeds)
      << quiet << " of " << seeds << " seeds stored nothing";
  // And the unsafe switch must have met a sold-out product now and then.
  EXPECT_TRUE(seeds < 200 || oversold > 0) << "no seed oversold with orders validated on the "
                                              "read model";
  std::cout << "[ sweep    ] " << seeds << " seeds: " << events << " events projected, " << replays
            << " replayed events skipped by version, " << oversold
            << " seeds oversold on the read model and caught, " << expired
            << " order rows expired, " << reclaimed << " events scavenged\n";
  // Orders expired under faults. (A run this short fills no page of the
  // log, so the store reclaims little; cqrs_memory_test covers that.)
  EXPECT_TRUE(seeds < 200 || expired > 0);
}

}  // namespace
}  // namespace cs::cqrs
