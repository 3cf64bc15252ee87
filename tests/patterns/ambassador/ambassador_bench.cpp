// The Ambassador benchmark (issue 3 §8): end-user requests through the whole
// chain — client -> app (the frontend) -> app's ambassador (timeouts,
// retries, hedging, a breaker per replica) -> a replica's ambassador -> b1 or
// b2 — run headless exactly as `clusterscope --headless` runs a pattern: a
// Simulation with its checker after every event, the trace, the metrics and
// their samples. It runs until `requests` end-user requests have completed
// and prints the wall time (target: one million in at most 1 s, Release),
// requests per wall second, simulated time, outcome counts and peak memory
// (getrusage). It exits 1 if a request is lost or an invariant breaks, never
// for being slow, so ctest runs a small one as a smoke test.
//
//   ambassador_bench [requests (1000000)] [requests per simulated second (2000)]
//
// Main thread only.

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "clusterscope/simulation.h"
#include "patterns/ambassador/ambassador_pattern.h"
#include "patterns/bench_usage.h"
#include "rpc/load_generator.h"

namespace {

using namespace cs;
using bench::cpuSeconds;
using bench::peakRssKb;

std::uint64_t completed(const rpc::LoadGenerator& client) {
  std::uint64_t n = 0;
  for (auto s : {rpc::Status::Ok, rpc::Status::Error, rpc::Status::Rejected, rpc::Status::Timeout})
    n += client.outcomes(s);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t requests = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const double rate = argc > 2 ? std::atof(argv[2]) : 2'000;
  if (requests == 0 || rate <= 0) {
    std::fprintf(stderr, "usage: ambassador_bench [requests] [requests per simulated second]\n");
    return 2;
  }
  SimulationConfig config;
  config.pattern = "ambassador";
  config.seed = 1;
  // The teaching defaults (b2's heavy tail, hedging after 30 ms, retries,
  // breakers), with replicas big enough for the load and no rogue.
  config.options = {
      {"rogue", false}, {"loadRate", rate}, {"replicaWorkers", 32}, {"replicaQueue", 256}};
  config.kernel.traceCapacity = kHeadlessTraceCapacity;
  const long rssBefore = peakRssKb();
  const double cpuStart = cpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  Simulation sim(std::move(config));
  const auto& client =
      static_cast<const rpc::LoadGenerator&>(sim.kernel().node(ambassador::kClient));
  const SimDuration slice{100'000};
  while (completed(client) < requests && sim.violations().empty()) sim.runUntil(sim.now() + slice);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = cpuSeconds() - cpuStart;

  const std::uint64_t done = completed(client);
  const double simSeconds = toSeconds(sim.now() - SimTime{0});
  std::printf("ambassador_bench: %llu end-user requests, client -> app -> ambassador -> b1|b2\n",
              static_cast<unsigned long long>(done));
  std::printf("  wall time      %.3f s (%.0f requests/s; target: 1,000,000 in <= 1 s)\n", wall,
              static_cast<double>(done) / wall);
  std::printf("  CPU time       %.3f s\n", cpu);
  std::printf("  simulated      %.1f s at %.0f requests/s; %llu events (%.2f M events/s)\n",
              simSeconds, rate, static_cast<unsigned long long>(sim.kernel().eventsProcessed()),
              static_cast<double>(sim.kernel().eventsProcessed()) / wall / 1e6);
  std::printf("  outcomes       ok %llu, error %llu, rejected %llu, timeout %llu\n",
              static_cast<unsigned long long>(client.outcomes(rpc::Status::Ok)),
              static_cast<unsigned long long>(client.outcomes(rpc::Status::Error)),
              static_cast<unsigned long long>(client.outcomes(rpc::Status::Rejected)),
              static_cast<unsigned long long>(client.outcomes(rpc::Status::Timeout)));
  std::printf("  peak RSS       %.1f MiB (%.1f MiB before the run)\n",
              static_cast<double>(peakRssKb()) / 1024, static_cast<double>(rssBefore) / 1024);
  std::printf("  violations     %zu; trace-hash=%016llx\n", sim.violations().size(),
              static_cast<unsigned long long>(sim.kernel().trace().hash()));
  for (const Violation& v : sim.violations()) std::printf("  %s\n", v.text.c_str());
  const bool lost = client.sent() > done + static_cast<std::uint64_t>(rate);  // > 1 s in flight
  return sim.violations().empty() && done >= requests && !lost ? 0 : 1;
}
