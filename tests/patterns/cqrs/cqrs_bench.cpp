// cqrs_bench: Q product-listing queries (default one million) and C orders
// (default ten thousand), headless, through the whole CQRS world with its
// invariant checkers on: browsing shoppers read open loop from 4 read
// replicas, ordering shoppers place orders with the command handlers, which
// append to the event store; 3 projectors (the listing, the orders' rows
// for "my orders" and an order's detail, the sales dashboard), each with its
// own catch-up subscription and checkpoint, keep the replicas' copies up to
// date; every order is followed by a "my orders" query carrying its
// position (read-your-writes). The clients stop at their counts and the
// read side is left to drain.
//
//   cqrs_bench [queries] [orders]
//
// It checks its own result — every query answered and none rejected, every
// order answered and at least 99% of them done (the handlers give up on an
// order after five conflicts with each other), every order done found by
// its "my orders" query, no invariant broken, every
// projector and replica at the store's head, every read model the fold of
// the log, the listing's stock the store's — and exits 1 if not. It prints
// the wall time and the peak resident memory (getrusage ru_maxrss). Wall
// time is read here, never in the engine. Single-threaded.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "clusterscope/simulation.h"
#include "patterns/bench_usage.h"
#include "patterns/cqrs/browse_client.h"
#include "patterns/cqrs/cqrs_checker.h"
#include "patterns/cqrs/cqrs_pattern.h"
#include "patterns/cqrs/order_client.h"
#include "patterns/cqrs/projector.h"
#include "patterns/cqrs/read_replica.h"
#include "patterns/event_sourcing/store_node.h"

namespace {

using namespace cs;
using bench::peakRssKb;
using namespace cs::cqrs;

constexpr double kReadRate = 50'000;  // queries per simulated second
constexpr int kProducts = 20;
constexpr SimDuration kSlice{10'000};           // how often it looks at the counts
constexpr SimDuration kDrainLimit{30'000'000};  // simulated time to settle after the clients stop
constexpr SimDuration kGiveUp{3'600'000'000};   // simulated time limit

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Command verb(const char* name, std::string arg) {
  Command c;
  c.kind = CommandKind::Pattern;
  c.verb = name;
  c.args = {std::move(arg)};
  return c;
}

template <class N>
const N& node(const Simulation& sim, NodeId id) {
  return static_cast<const N&>(sim.kernel().node(id));
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t queries = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  const std::int64_t orders = argc > 2 ? std::atoll(argv[2]) : 10'000;
  if (queries < 1 || orders < 1 || queries < orders) {
    std::fprintf(stderr, "usage: cqrs_bench [queries >= 1] [orders >= 1, at most queries]\n");
    return 2;
  }
  const double orderRate = kReadRate * static_cast<double>(orders) / static_cast<double>(queries);
  SimulationConfig config;
  config.pattern = "cqrs";
  config.seed = 1;
  config.kernel = KernelOptions{kHeadlessTraceCapacity, SimDuration{100'000}};
  // A fast network and store, and enough handlers and replica workers for
  // the load: the run measures the engine, not a queue that never drains.
  config.options = {{"projectors", 3},       {"replicas", 4},          {"replicaWorkers", 32},
                    {"replicaQueue", 4'096}, {"queryCost", 0.5},       {"projectCost", 0.5},
                    {"products", kProducts}, {"sessions", 8},          {"handlers", 6},
                    {"readRate", kReadRate}, {"orderRate", orderRate}, {"restockRate", 0},
                    {"tokens", true},        {"tokenWait", 10'000},    {"commitDelay", 0.25},
                    {"latency", 0.25},       {"jitter", 0.1}};
  Simulation sim(config);
  const auto& pattern = static_cast<const CqrsPattern&>(sim.pattern());
  const auto& browsers = node<BrowseClient>(sim, kBrowsers);
  const auto& shoppers = node<OrderClient>(sim, kShoppers);
  const auto& store = node<event_sourcing::StoreNode>(sim, kStore).store();

  const auto t0 = std::chrono::steady_clock::now();
  bool readsOn = true, ordersOn = true;
  while ((readsOn || ordersOn) && sim.now() < SimTime{kGiveUp}) {
    sim.runUntil(sim.now() + kSlice);
    // The open-loop clients stop at their counts (a slice may overshoot by a few).
    if (readsOn && static_cast<std::int64_t>(browsers.sent()) >= queries) {
      sim.apply(verb("read-rate", "0"));
      readsOn = false;
    }
    if (ordersOn && shoppers.ordersPlaced() >= orders) {
      sim.apply(verb("order-rate", "0"));
      ordersOn = false;
    }
  }
  // Drain: every answer in, every read model at the head.
  auto settled = [&] {
    for (int i = 0; i < pattern.projectors(); ++i)
      if (node<Projector>(sim, pattern.projector(i)).position() != store.head()) return false;
    for (int r = 0; r < pattern.activeReplicas(); ++r)
      if (node<ReadReplica>(sim, pattern.replica(r)).position() != store.head()) return false;
    const std::uint64_t answered = browsers.ok() + browsers.stale() + browsers.rejected();
    return answered == browsers.sent() && shoppers.done() + shoppers.failed() ==
                                              static_cast<std::uint64_t>(shoppers.ordersPlaced());
  };
  const SimTime drainLimit = sim.now() + kDrainLimit;
  while (!settled() && sim.now() < drainLimit) sim.runUntil(sim.now() + kSlice);
  sim.runUntil(sim.now() + SimDuration{1'000'000});  // the last "my orders" answers
  const double runWall = secondsSince(t0);

  for (const auto& c : sim.checkers())
    if (auto* fold = dynamic_cast<FoldChecker*>(c.get())) fold->checkAll(sim.kernel());
  bool listingTrue = true;
  const ShopStreams streams{kProducts};
  for (int r = 0; r < pattern.activeReplicas(); ++r)
    for (std::int64_t p = 1; p <= kProducts; ++p) {
      const Row* row = node<ReadReplica>(sim, pattern.replica(r))
                           .modelFor(QueryKind::Listing)
                           .row(streams.product(p));
      listingTrue = listingTrue && row &&
                    row->a == event_sourcing::foldAll(store, streams, streams.product(p)).stock;
    }

  const std::uint64_t myOrders =
      shoppers.freshReads() + shoppers.staleReads() + shoppers.markedStale();
  std::printf("cqrs_bench: %llu queries and %lld orders, 3 projectors, 4 replicas, checkers on\n",
              static_cast<unsigned long long>(browsers.sent() + myOrders),
              static_cast<long long>(shoppers.ordersPlaced()));
  std::printf("  run:  %.3f s wall, %.1f s simulated, %llu events processed, %llu events stored\n",
              runWall, toSeconds(sim.now()),
              static_cast<unsigned long long>(sim.kernel().eventsProcessed()),
              static_cast<unsigned long long>(store.head()));
  std::printf(
      "  reads: %llu listing/detail/dashboard (%llu ok, %llu stale, %llu rejected), "
      "query p99 %.2f ms\n",
      static_cast<unsigned long long>(browsers.sent()),
      static_cast<unsigned long long>(browsers.ok()),
      static_cast<unsigned long long>(browsers.stale()),
      static_cast<unsigned long long>(browsers.rejected()),
      static_cast<double>(browsers.latency().totalP99()) / 1000);
  std::printf(
      "  orders: %llu done, %llu failed, order p99 %.2f ms; \"my orders\": %llu found, "
      "%llu without it, %llu marked stale\n",
      static_cast<unsigned long long>(shoppers.done()),
      static_cast<unsigned long long>(shoppers.failed()),
      static_cast<double>(shoppers.latency().totalP99()) / 1000,
      static_cast<unsigned long long>(shoppers.freshReads()),
      static_cast<unsigned long long>(shoppers.staleReads()),
      static_cast<unsigned long long>(shoppers.markedStale()));
  std::printf("  peak memory: %.1f MiB\n", static_cast<double>(peakRssKb()) / 1024);

  const bool ok =
      static_cast<std::int64_t>(browsers.sent()) >= queries && browsers.ok() == browsers.sent() &&
      shoppers.ordersPlaced() >= orders &&
      shoppers.done() + shoppers.failed() == static_cast<std::uint64_t>(shoppers.ordersPlaced()) &&
      shoppers.failed() * 100 <= shoppers.done() && shoppers.freshReads() == shoppers.done() &&
      settled() && sim.violations().empty() && listingTrue;
  if (!ok) {
    std::printf("FAILED: %s%s%s\n", settled() ? "" : "not settled; ",
                listingTrue ? "" : "a replica's listing differs from the store; ",
                sim.violations().empty() ? "" : sim.violations().front().text.c_str());
    return 1;
  }
  return 0;
}
