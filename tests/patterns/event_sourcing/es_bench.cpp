// es_bench: N commands (default one million) over S product streams
// (default ten thousand), headless, through the whole engine: an open-loop
// client sends ReceiveStock and CorrectStock commands to two command
// handlers, alternately, so that they race for the same streams. A handler
// loads each product from the event store — its latest snapshot plus the
// tail, or, when its aggregate cache holds the product, only the events
// after the revision held — decides, and appends with an exact expected
// revision; a snapshot is kept every 100 events per stream. Then it folds
// every event of the store into its aggregate, stream by stream, and times
// that alone.
//
//   es_bench [commands] [streams]
//
// With the defaults (kernel seed 1) the run is always the same: 1,020,000
// events stored, 5,941 snapshots kept, 1,000,044 loads of which 974,846
// begin from a handler's cache (1.01 events folded per load), 44 conflicts.
//
// It checks its own result — every command answered and done, the log
// holding one event per command after the products' opening batches, every
// product's folded stock what the commands add up to — and exits 1 if not.
// It prints the wall and the CPU time of each part (on a machine shared
// with other work the CPU time is the steadier figure) and the peak
// resident memory (getrusage ru_maxrss). Clocks are read here, never in
// the engine. Single-threaded.

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>

#include "clusterscope/kernel.h"
#include "patterns/bench_usage.h"
#include "patterns/event_sourcing/command_handler.h"
#include "patterns/event_sourcing/store_node.h"

namespace {

using namespace cs;
using bench::peakRssKb;
using namespace cs::event_sourcing;

constexpr SimDuration kLatency{5};             // 5 µs one way
constexpr double kRate = 90'000;               // commands per simulated second
constexpr SimDuration kGiveUp{3'600'000'000};  // simulated time limit
constexpr int kSnapshotEvery = 100;

// Wall and CPU time since construction.
struct Stopwatch {
  std::chrono::steady_clock::time_point wall0 = std::chrono::steady_clock::now();
  std::clock_t cpu0 = std::clock();
  double wall() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  }
  double cpu() const { return static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC; }
};

// Sends `total` commands at kRate (exponential gaps), alternating between
// the handlers, each a delivery of 2 items or a correction of -1 to a
// random product; counts the results.
class BenchClient : public Node {
 public:
  BenchClient(const Words& words, std::int64_t total, int products, std::vector<NodeId> handlers)
      : words_(words), total_(total), products_(products), handlers_(std::move(handlers)) {}
  void onStart() override { arm(); }
  void onTimer(TimerHandle, std::uint64_t) override {
    ShopCommand c;
    c.product = rng().between(1, products_);
    const bool receive = sent_ % 2 == 0;
    c.kind = receive ? CommandType::ReceiveStock : CommandType::CorrectStock;
    c.quantity = receive ? 2 : -1;
    expected_ += c.quantity;
    ++sent_;
    send(handlers_[static_cast<std::size_t>(sent_) % handlers_.size()], words_.command,
         commandFields(c, sent_), static_cast<RequestId>(sent_));
    if (sent_ < total_) arm();
  }
  void onMessage(const Message& m) override {
    if (m.kind != words_.commandResult) return;
    ++answered_;
    done_ += m.fields[1] == static_cast<std::int64_t>(CommandOutcome::Done);
  }
  void onCrash() override {}
  std::int64_t answered() const { return answered_; }
  std::int64_t done() const { return done_; }
  std::int64_t expectedStock() const { return expected_; }

 private:
  void arm() {
    const double gap = -std::log(1.0 - rng().unit()) / kRate;
    setTimer(SimDuration{std::max<std::int64_t>(1, static_cast<std::int64_t>(gap * 1e6))}, 1);
  }
  const Words words_;
  std::int64_t total_;
  int products_;
  std::vector<NodeId> handlers_;
  std::int64_t sent_ = 0, answered_ = 0, done_ = 0, expected_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t commands = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  const int streams = argc > 2 ? std::atoi(argv[2]) : 10'000;
  if (commands < 1 || streams < 1) {
    std::fprintf(stderr, "usage: es_bench [commands >= 1] [streams >= 1]\n");
    return 2;
  }
  const ShopStreams shop{streams};
  Kernel kernel{1, KernelOptions{kHeadlessTraceCapacity, SimDuration{100'000}}};
  const Words words = defineWords(kernel);
  StoreOptions so;
  so.commitDelay = SimDuration{0};
  auto storeNode = std::make_unique<StoreNode>(words, so, kernel.metrics());
  StoreNode* store = storeNode.get();
  kernel.addNode(std::move(storeNode));
  // The products exist before the run, each with a large opening stock, as
  // the clerk's first batch would leave them.
  store->mutableStore().reserve(static_cast<std::size_t>(commands + 2 * streams));
  EventId nextId = 1ull << 62;
  for (int p = 1; p <= streams; ++p) {
    std::vector<EventData> opening(2);
    opening[0] = {nextId++, static_cast<std::uint16_t>(EventType::ProductAdded), 1, {p, 0, 0}};
    opening[1] = {
        nextId++, static_cast<std::uint16_t>(EventType::StockReceived), 1, {1'000'000, 0, 0}};
    store->mutableStore().append(shop.product(p), ExpectedRevision::noStream(), opening, 0);
  }
  std::vector<NodeId> handlerIds = {2, 3};
  auto client = std::make_unique<BenchClient>(words, commands, streams, handlerIds);
  BenchClient* clientPtr = client.get();
  kernel.addNode(std::move(client));
  std::vector<CommandHandler*> handlers;
  for (int h = 0; h < 2; ++h) {
    HandlerOptions ho;
    ho.store = 0;
    ho.streams = shop;
    ho.snapshotEvery = kSnapshotEvery;
    ho.cacheAggregates = true;
    ho.queueLimit = 1'000'000;
    auto handler = std::make_unique<CommandHandler>(words, ho, kernel.metrics(), h + 1);
    handlers.push_back(handler.get());
    kernel.addNode(std::move(handler));
  }
  LinkConfig link;
  link.latency = kLatency;
  kernel.network().setDefaultLink(link);

  const Stopwatch runTime;
  while (clientPtr->answered() < commands && kernel.now() < SimTime{kGiveUp})
    if (!kernel.step()) break;
  const double runWall = runTime.wall(), runCpu = runTime.cpu();

  std::uint64_t loads = 0, folded = 0, conflicts = 0, hits = 0;
  for (const CommandHandler* h : handlers) {
    loads += h->loads();
    hits += h->cacheHits();
    folded += h->folded();
    conflicts += h->conflicts();
  }
  const EventStore& log = store->store();
  // Folding every event into its aggregate, stream by stream, on its own.
  const Stopwatch foldTime;
  std::int64_t stockSum = 0;
  for (int p = 1; p <= streams; ++p) stockSum += foldAll(log, shop, shop.product(p)).stock;
  const double foldWall = foldTime.wall(), foldCpu = foldTime.cpu();

  std::printf("es_bench: %lld commands over %d streams, 2 handlers, snapshots every %d\n",
              static_cast<long long>(commands), streams, kSnapshotEvery);
  std::printf(
      "  run:  %.3f s wall, %.3f s CPU, %.1f s simulated, %llu events stored, %zu snapshots\n",
      runWall, runCpu, toSeconds(kernel.now()), static_cast<unsigned long long>(log.head()),
      log.snapshotCount());
  std::printf(
      "  load: %.2f events folded per load (%llu loads, %llu from the cache), %llu conflicts\n",
      loads ? static_cast<double>(folded) / static_cast<double>(loads) : 0.0,
      static_cast<unsigned long long>(loads), static_cast<unsigned long long>(hits),
      static_cast<unsigned long long>(conflicts));
  std::printf("  fold: %llu events into %d aggregates in %.3f s wall, %.3f s CPU\n",
              static_cast<unsigned long long>(log.head()), streams, foldWall, foldCpu);
  std::printf("  peak memory: %.1f MiB\n", static_cast<double>(peakRssKb()) / 1024);

  const auto expectedHead = static_cast<Position>(commands + 2 * streams);
  const std::int64_t expectedSum =
      static_cast<std::int64_t>(streams) * 1'000'000 + clientPtr->expectedStock();
  if (clientPtr->done() != commands || log.head() != expectedHead || stockSum != expectedSum) {
    std::printf(
        "FAILED: %lld of %lld commands done, head %llu (expected %llu), stock %lld "
        "(expected %lld)\n",
        static_cast<long long>(clientPtr->done()), static_cast<long long>(commands),
        static_cast<unsigned long long>(log.head()), static_cast<unsigned long long>(expectedHead),
        static_cast<long long>(stockSum), static_cast<long long>(expectedSum));
    return 1;
  }
  return 0;
}
