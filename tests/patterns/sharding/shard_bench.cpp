// shard_bench: K keys (default one million) loaded over eight shards, then
// R operations per simulated second (default 100,000; half reads, half
// writes, uniform keys) for S simulated seconds (default 30) through two
// routers, headless, with every checker on. Six shards start with sixteen
// chunks each and two more join at once, so the balancer migrates chunks
// (clone, catch-up, critical section, commit, range deletion) while the
// load runs.
//
//   shard_bench [keys] [ops per second] [seconds]
//
// The full-size run (no arguments, seed 1) is always the same run: about
// 12.0 million kernel events after the load (four per operation: its
// arrival, the request, the shard's work and the answer), 2,996,969
// operations answered ok, 24 migrations committed, map version 25.0,
// 777,239 keys acknowledged.
//
// It checks its own result — no invariant broken, operations answered,
// migrations committed (at least 20 in the full-size run) and every
// acknowledged write on its owner — and exits 1 if not. It prints the wall
// and CPU time of the load and the run, the kernel's events and the peak
// resident memory (getrusage ru_maxrss). On a shared machine the CPU time
// is the figure to compare: wall time waits for other people's builds.
// Times are read here, never in the engine. Single-threaded.

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "clusterscope/simulation.h"
#include "patterns/bench_usage.h"
#include "patterns/sharding/config_server.h"
#include "patterns/sharding/router.h"
#include "patterns/sharding/sharding_checker.h"
#include "patterns/sharding/sharding_pattern.h"

namespace {

using namespace cs;
using bench::cpuSeconds;
using bench::peakRssKb;
using namespace cs::sharding;

}  // namespace

int main(int argc, char** argv) {
  const long keys = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  const double rate = argc > 2 ? std::atof(argv[2]) : 100'000;
  const long seconds = argc > 3 ? std::atol(argv[3]) : 30;
  if (keys < 100 || rate <= 0 || seconds < 1) {
    std::fprintf(stderr, "usage: shard_bench [keys >= 100] [ops per second > 0] [seconds >= 1]\n");
    return 2;
  }
  SimulationConfig config;
  config.pattern = "sharding";
  config.seed = 1;
  config.kernel.traceCapacity = kHeadlessTraceCapacity;
  config.options = {{"mode", "hashed"},
                    {"shards", 6},
                    {"chunksPerShard", 16},
                    {"keySpace", keys},
                    {"preload", keys},
                    {"rate", rate / 2},
                    {"scanShare", 0},
                    {"workers", 8},
                    {"queueLimit", 100'000},
                    {"serviceTime", 0.02},
                    {"maxChunkKeys", 10'000'000},
                    {"splitOps", 1'000'000},
                    {"balanceThreshold", 1},
                    {"latency", 0.05},
                    {"jitter", 0.02},
                    {"rangeDeleteDelay", 200}};
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpuSeconds();
  Simulation sim(config);
  sim.runUntil(SimDuration{1'000});
  const double loadSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double loadCpu = cpuSeconds() - c0;
  const std::uint64_t loadEvents = sim.kernel().eventsProcessed();
  Command add;
  add.kind = CommandKind::Pattern;
  add.verb = "add-shard";
  sim.apply(add);
  sim.apply(add);
  const auto t1 = std::chrono::steady_clock::now();
  const double c1 = cpuSeconds();
  sim.runUntil(fromSeconds(static_cast<double>(seconds)));
  const double runSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  const double runCpu = cpuSeconds() - c1;
  const std::uint64_t runEvents = sim.kernel().eventsProcessed() - loadEvents;

  const auto& cfg = configOf(sim.kernel());
  std::uint64_t ok = 0;
  for (std::size_t i = 0; i < sim.kernel().metrics().size(); ++i)
    if (sim.kernel().metrics().info(static_cast<MetricId>(i)).measure == "ok")
      ok += static_cast<std::uint64_t>(sim.kernel().metrics().value(static_cast<MetricId>(i)));
  const AckedWriteChecker* acked = nullptr;
  for (const auto& c : sim.checkers())
    if (const auto* a = dynamic_cast<const AckedWriteChecker*>(c.get())) acked = a;
  const auto lost = acked->checkStored(sim.kernel());
  std::printf(
      "shard_bench: %ld keys, %.0f ops/s for %ld simulated s over %zu shards\n"
      "  load %.2f s wall (%.2f s CPU), run %.2f s wall (%.2f s CPU, %llu events, %.0f "
      "events per CPU second)\n"
      "  %llu operations answered ok, %lld migrations committed (%lld aborted), map version "
      "%lld.%lld\n"
      "  %zu keys acknowledged, %zu lost, %zu violations, peak RSS %ld MB\n",
      keys, rate, seconds, cfg.members().size(), loadSeconds, loadCpu, runSeconds, runCpu,
      static_cast<unsigned long long>(runEvents),
      runCpu > 0 ? static_cast<double>(runEvents) / runCpu : 0.0,
      static_cast<unsigned long long>(ok), static_cast<long long>(cfg.committedMigrations()),
      static_cast<long long>(cfg.abortedMigrations()),
      static_cast<long long>(cfg.map()->version.major),
      static_cast<long long>(cfg.map()->version.minor), acked->acknowledged().size(), lost.size(),
      sim.violations().size(), peakRssKb() / 1024);
  const bool full = keys >= 1'000'000 && seconds >= 30;
  const double expectedOk = rate * static_cast<double>(seconds) * 0.9;
  if (!sim.violations().empty() || !lost.empty() || static_cast<double>(ok) < expectedOk ||
      cfg.committedMigrations() < (full ? 20 : 1)) {
    std::fprintf(stderr, "shard_bench: FAILED\n");
    if (!sim.violations().empty())
      std::fprintf(stderr, "  %s\n", sim.violations().front().text.c_str());
    return 1;
  }
  return 0;
}
