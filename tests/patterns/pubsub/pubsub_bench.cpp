// pubsub_bench: fan-out of N messages (default one million) to S
// subscriptions (default ten), headless, through the whole engine: the
// kernel (network model, message slab, hashed trace ring, metrics), the
// publisher (batched publishes with acknowledgments), the broker (durable
// log, per-subscription backlogs, leases, ordering keys on every other
// subscription) and pull subscribers that acknowledge in batches.
//
//   pubsub_bench [messages] [subscriptions]
//
// It checks its own result — every subscription acknowledged every message
// exactly once, nothing redelivered — and exits 1 if not. It prints the wall
// time of the run and the peak resident memory (getrusage ru_maxrss). Wall
// time is read here, never in the engine. Single-threaded.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "clusterscope/kernel.h"
#include "patterns/bench_usage.h"
#include "patterns/pubsub/broker.h"
#include "patterns/pubsub/publisher.h"
#include "patterns/pubsub/subscriber.h"

namespace {

using namespace cs;
using bench::peakRssKb;
using namespace cs::pubsub;

constexpr int kBatch = 1000;                 // messages per Publish
constexpr double kRate = 1'000'000;          // messages per simulated second
constexpr int kMaxOutstanding = 4000;        // per subscription
constexpr SimDuration kLatency{1000};        // 1 ms one way
constexpr SimDuration kGiveUp{600'000'000};  // simulated time limit

struct World {
  Kernel kernel{1, KernelOptions{kHeadlessTraceCapacity, SimDuration{100'000}}};
  Words words = defineWords(kernel);
  Publisher* publisher = nullptr;
  Broker* broker = nullptr;
  std::vector<Subscriber*> subscribers;
};

void build(World& w, std::size_t subscriptions) {
  PublisherOptions po;
  po.broker = 1;
  po.rate = kRate;
  po.batch = kBatch;
  po.users = 10'000;
  po.timeout = SimDuration{1'000'000};
  auto publisher = std::make_unique<Publisher>(w.words, po, w.kernel.metrics());
  w.publisher = publisher.get();
  w.kernel.addNode(std::move(publisher));

  BrokerOptions bo;
  bo.topics = {"bench"};
  bo.backlogAlarm = 0;
  for (std::size_t i = 0; i < subscriptions; ++i) {
    SubscriptionConfig c;
    c.name = "sub" + std::to_string(i);
    c.ordering = i % 2 == 1;
    c.subscriber = static_cast<NodeId>(2 + i);
    c.maxOutstanding = kMaxOutstanding;
    bo.subscriptions.push_back(c);
  }
  auto broker = std::make_unique<Broker>(w.words, std::move(bo), w.kernel.metrics());
  w.broker = broker.get();
  w.kernel.addNode(std::move(broker));

  for (std::size_t i = 0; i < subscriptions; ++i) {
    SubscriberOptions so;
    so.broker = 1;
    so.subscription = static_cast<std::int64_t>(i);
    so.processing = rpc::ProcessingTime::constant(SimDuration{0});
    so.maxMessages = kMaxOutstanding;
    auto s = std::make_unique<Subscriber>(w.words, so);
    w.subscribers.push_back(s.get());
    w.kernel.addNode(std::move(s));
  }
  LinkConfig link;
  link.latency = kLatency;
  w.kernel.network().setDefaultLink(link);
  w.kernel.setBeforeSample([&w] { w.broker->publishGauges(); });
}

bool allAcked(const World& w, std::uint64_t messages) {
  for (std::size_t i = 0; i < w.broker->subscriptionCount(); ++i)
    if (w.broker->subscription(i).counters().acked < messages) return false;
  return true;
}

// Every subscription acked every message once; nothing went twice.
bool checks(const World& w, std::uint64_t messages) {
  bool ok = w.publisher->acked() == messages && w.broker->duplicates() == 0;
  for (std::size_t i = 0; i < w.broker->subscriptionCount(); ++i) {
    const SubscriptionCounters& c = w.broker->subscription(i).counters();
    ok = ok && c.acked == messages && c.delivered == messages && c.redelivered == 0 &&
         w.broker->subscription(i).backlog() == 0 && w.subscribers[i]->processed() == messages;
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t messages = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const std::size_t subscriptions = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10;
  if (messages == 0 || messages % kBatch != 0 || subscriptions == 0) {
    std::fprintf(stderr, "usage: pubsub_bench [messages, a multiple of %d] [subscriptions]\n",
                 kBatch);
    return 2;
  }
  World w;
  build(w, subscriptions);

  const auto start = std::chrono::steady_clock::now();
  // Publish exactly `messages`, then stop and let the subscriptions drain.
  while (w.publisher->published() < messages) w.kernel.runUntil(w.kernel.now() + SimDuration{1000});
  w.publisher->setRate(0);
  while (!allAcked(w, messages) && w.kernel.now() < kGiveUp)
    w.kernel.runUntil(w.kernel.now() + SimDuration{10'000});
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const bool ok = checks(w, messages);
  const std::uint64_t deliveries = messages * subscriptions;
  std::printf(
      "pubsub fan-out messages=%llu subscriptions=%zu deliveries=%llu sim_s=%.3f "
      "events=%llu trace_records=%llu wall_s=%.3f deliveries_per_s=%.0f "
      "peak_rss_kb=%ld %s\n",
      static_cast<unsigned long long>(messages), subscriptions,
      static_cast<unsigned long long>(deliveries), toSeconds(w.kernel.now()),
      static_cast<unsigned long long>(w.kernel.eventsProcessed()),
      static_cast<unsigned long long>(w.kernel.trace().count()), wall,
      static_cast<double>(deliveries) / wall, peakRssKb(), ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
