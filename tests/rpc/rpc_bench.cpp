// A micro-benchmark of the RPC layer: an open-loop load through A -> B for a
// minute of simulated time, printing kernel events per wall-clock second.
// Not a test; run by hand: rpc_bench [requests-per-second].
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "clusterscope/kernel.h"
#include "rpc/load_generator.h"
#include "rpc/service_node.h"

int main(int argc, char** argv) {
  using namespace cs;
  using namespace cs::rpc;
  const double rate = argc > 1 ? std::atof(argv[1]) : 10'000;
  Kernel k(1, KernelOptions{1u << 16, SimDuration{100'000}});
  RpcSystem sys(k);
  k.setBeforeSample([&] { sys.updateGauges(); });
  LoadOptions lo;
  lo.target = 1;
  lo.rate = rate;
  lo.timeout = SimDuration{200'000};
  sys.add("load", std::make_unique<LoadGenerator>(sys, lo));
  ServiceOptions so;
  so.workers = 64;
  so.queueCapacity = 256;
  so.processing = ProcessingTime::mixture(0.01, SimDuration{1000}, SimDuration{3000},
                                          SimDuration{50'000}, SimDuration{100'000});
  auto a = std::make_unique<ServiceNode>(sys, so);
  a->addDependency({0, 2, 0, SimDuration{100'000}});
  sys.add("A", std::move(a));
  sys.add("B", std::make_unique<ServiceNode>(sys, so));

  const auto start = std::chrono::steady_clock::now();
  k.runUntil(SimDuration{60'000'000});
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto ok = k.metrics().value(*k.metrics().find("path.load->A.ok"));
  std::printf("%.0f req/s for 60 s simulated: %llu events, %lld ok, %.2f s wall, %.2f M events/s\n",
              rate, static_cast<unsigned long long>(k.eventsProcessed()),
              static_cast<long long>(ok), wall,
              static_cast<double>(k.eventsProcessed()) / wall / 1e6);
}
