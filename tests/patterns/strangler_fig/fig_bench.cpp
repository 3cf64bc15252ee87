// fig_bench: N client requests (default one million) through the Strangler
// Fig facade over its twelve routes in mixed stages — legacy, shadow (about
// a tenth of the traffic mirrored and compared), canary at 25 and 50%,
// migrated and retired — headless, through the whole engine: kernel,
// network, the facade replicas, the legacy monolith and its noise baseline,
// five new services, change data capture, and the pattern's checkers.
//
//   fig_bench [requests]
//
// It checks its own result — every request answered Ok, every mirrored copy
// compared, no invariant broken — and exits 1 if not. It prints the wall
// time of the run and the peak resident memory (getrusage ru_maxrss). Wall
// time is read here, never in the engine. Single-threaded.
//
// The workload at the default count (seed 1): 1,000,156 requests, all
// answered Ok, 453,054 of them served by new services, 120,240 mirrored
// (12.0%) and every one compared; 5,894,035 kernel events over 52.0 s of
// simulated time (about ten arrivals per tick of the client's timer, so
// under six events a request). Measured in a Release tree (whole-program
// optimised) with
//   /usr/bin/time -v build-rel/tests/patterns/strangler_fig/fig_bench
// reading "User time" and "Maximum resident set size": wall time on a shared
// machine says more about the other builds than about this one.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fig_test_support.h"
#include "patterns/bench_usage.h"

namespace {

using namespace cs;
using bench::peakRssKb;
using namespace cs::strangler_fig;
using namespace cs::strangler_fig::testing;

constexpr double kRate = 20'000;  // requests per simulated second

nlohmann::json options() {
  return {{"rate", kRate},
          {"legacyWorkers", 256},
          {"legacyQueue", 10'000},
          {"newWorkers", 128},
          {"newQueue", 10'000},
          {"analysis", false},
          {"routes",
           {{"catalog", "migrated"},
            {"product", "canary-50"},
            {"search", "canary-25"},
            {"reviews", "retired"},
            {"prices", "shadow"},
            {"cart", "migrated"},
            {"add-to-cart", "canary"},
            {"checkout", "legacy"},
            {"orders", "canary-50"},
            {"account", "migrated"},
            {"update-address", "legacy"},
            {"wishlist", "legacy"}}}};
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t requests = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  if (requests == 0) {
    std::fprintf(stderr, "fig_bench: requests must be a positive number, got \"%s\"\n", argv[1]);
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  auto sim = world(options(), 1);
  const ShopClient& c = client(*sim);
  while (c.sent() < requests) sim->runUntil(sim->now() + SimDuration{10'000});
  sim->apply(verb("rate", {"0"}));
  sim->runUntil(sim->now() + SimDuration{2'000'000});
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::uint64_t mirrored = 0, compared = 0, newServed = 0;
  for (int r = 0; r < kRoutes; ++r) {
    const RouteState& s = fig(*sim).table().route(r);
    mirrored += s.mirrored;
    compared += testing::compared(s);
    newServed += s.newTotal.requests;
  }
  const std::uint64_t ok = c.outcomes(rpc::Status::Ok);
  std::printf(
      "fig_bench: %llu requests (%llu ok), %llu served by new services, %llu mirrored "
      "(%.1f%%), %llu compared; %llu events, %.1f s simulated\n",
      static_cast<unsigned long long>(c.sent()), static_cast<unsigned long long>(ok),
      static_cast<unsigned long long>(newServed), static_cast<unsigned long long>(mirrored),
      100.0 * static_cast<double>(mirrored) / static_cast<double>(c.sent()),
      static_cast<unsigned long long>(compared),
      static_cast<unsigned long long>(sim->kernel().eventsProcessed()), toSeconds(sim->now()));
  std::printf("fig_bench: wall %.3f s (%.0f requests/s), peak memory %ld MB\n", wall,
              static_cast<double>(c.sent()) / wall, peakRssKb() / 1024);
  if (ok != c.sent() || compared != mirrored || !sim->violations().empty()) {
    std::fprintf(stderr,
                 "fig_bench: FAILED: %llu of %llu ok, %llu of %llu compared, %zu violations\n",
                 static_cast<unsigned long long>(ok), static_cast<unsigned long long>(c.sent()),
                 static_cast<unsigned long long>(compared),
                 static_cast<unsigned long long>(mirrored), sim->violations().size());
    return 1;
  }
  return 0;
}
