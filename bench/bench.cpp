// clusterscope-bench: how fast the kernel moves messages, compared with the
// least a discrete-event loop can do (a bare std::priority_queue of
// (time, seq, from, to) events with the same workload and latency).
//
//   clusterscope-bench pingpong <pairs> <messages_per_pair>
//   clusterscope-bench heartbeat <nodes> <sim_seconds>
//
// The kernel run goes through everything a real run does: the network model,
// the message slab, the trace (hashed, bounded ring) and the metrics. Each
// workload checks its own message count and final simulated time and exits 1
// if either is wrong. Wall time is read here, never in the engine. The last
// line is "clusterscope <workload> messages=N wall_s=S msgs_per_s=R sim_s=T".
#include <sys/resource.h>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "clusterscope/kernel.h"

namespace {

using cs::SimDuration;
using cs::SimTime;

constexpr SimDuration kLatency{1000};           // 1 ms one way
constexpr SimDuration kHeartbeatEvery{50'000};  // 50 ms
constexpr std::size_t kTraceCapacity = 65536;

struct Figures {
  std::uint64_t messages = 0;
  double wallSeconds = 0;
  SimTime simEnd{};
};

double wallSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

long peakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;  // kilobytes on Linux
}

cs::KernelOptions benchKernelOptions() {
  cs::KernelOptions o;
  o.traceCapacity = kTraceCapacity;
  return o;
}

void setLatency(cs::Kernel& k) {
  k.network().setDefaultLink(cs::LinkConfig{kLatency, SimDuration{0}, 0.0, 0.0});
}

std::uint64_t sentCount(const cs::Kernel& k) {
  return static_cast<std::uint64_t>(k.metrics().value(*k.metrics().find("messages.sent")));
}

// Runs the kernel until no event is left, timing only the run itself.
Figures runToEnd(cs::Kernel& k) {
  setLatency(k);
  const auto start = std::chrono::steady_clock::now();
  while (k.step()) {
  }
  Figures f;
  f.wallSeconds = wallSince(start);
  f.messages = sentCount(k);
  f.simEnd = k.now();
  return f;
}

// ---- pingpong ----

// Node 2p and 2p+1 form pair p. The even node serves first; every delivery
// is answered until the pair has exchanged `limit` messages. fields[0]
// counts the messages of the exchange so far.
class PingPongNode : public cs::Node {
 public:
  PingPongNode(cs::Label kind, std::int64_t limit) : kind_(kind), limit_(limit) {}
  void onStart() override {
    if (id() % 2 == 0 && limit_ > 0) send(id() + 1, kind_, {1});
  }
  void onMessage(const cs::Message& m) override {
    if (m.fields[0] < limit_) send(m.from, kind_, {m.fields[0] + 1}, 0, m.id);
  }
  void onTimer(cs::TimerHandle, std::uint64_t) override {}
  void onCrash() override {}

 private:
  cs::Label kind_;
  std::int64_t limit_;
};

Figures pingpongKernel(std::uint32_t pairs, std::int64_t perPair) {
  cs::Kernel k(1, benchKernelOptions());
  const cs::Label ball = k.defineMessage("Ball", {"n"}, cs::Exchange::OneWay);
  for (std::uint32_t i = 0; i < 2 * pairs; ++i)
    k.addNode(std::make_unique<PingPongNode>(ball, perPair));
  return runToEnd(k);
}

// The bare loop's events: nothing but ordering and addressing.
struct BareEvent {
  std::int64_t at;
  std::uint64_t seq;
  std::uint32_t from;
  std::uint32_t to;
  bool operator>(const BareEvent& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};
using BareQueue = std::priority_queue<BareEvent, std::vector<BareEvent>, std::greater<BareEvent>>;

Figures pingpongBare(std::uint32_t pairs, std::int64_t perPair) {
  const auto start = std::chrono::steady_clock::now();
  BareQueue q;
  std::uint64_t seq = 0, messages = 0;
  std::vector<std::int64_t> exchanged(pairs, 0);
  std::int64_t now = 0;
  for (std::uint32_t p = 0; p < pairs && perPair > 0; ++p) {
    q.push({now + kLatency.count(), seq++, 2 * p, 2 * p + 1});
    exchanged[p] = 1;
    ++messages;
  }
  while (!q.empty()) {
    const BareEvent e = q.top();
    q.pop();
    now = e.at;
    std::int64_t& n = exchanged[e.to / 2];
    if (n < perPair) {
      ++n;
      ++messages;
      q.push({now + kLatency.count(), seq++, e.to, e.from});
    }
  }
  Figures f;
  f.wallSeconds = wallSince(start);
  f.messages = messages;
  f.simEnd = SimTime{now};
  return f;
}

// ---- heartbeat ----

// Node 0 sends a Heartbeat to every other node every 50 ms from t = 0 while
// t < end; every other node answers each at once.
class HeartbeatNode : public cs::Node {
 public:
  HeartbeatNode(cs::Label beat, cs::Label ack, SimTime end) : beat_(beat), ack_(ack), end_(end) {}
  void onStart() override {
    if (id() == 0) tick();
  }
  void onMessage(const cs::Message& m) override {
    if (m.kind == beat_) send(m.from, ack_, {}, 0, m.id);
  }
  void onTimer(cs::TimerHandle, std::uint64_t) override { tick(); }
  void onCrash() override {}

 private:
  void tick() {
    for (cs::NodeId n = 1; n < clusterSize(); ++n) send(n, beat_, {});
    if (now() + kHeartbeatEvery < end_) setTimer(kHeartbeatEvery, 0);
  }
  cs::Label beat_, ack_;
  SimTime end_;
};

Figures heartbeatKernel(std::uint32_t nodes, SimTime end) {
  cs::Kernel k(1, benchKernelOptions());
  const cs::Label beat = k.defineMessage("Heartbeat", {}, cs::Exchange::Request);
  const cs::Label ack = k.defineMessage("Ack", {}, cs::Exchange::Reply);
  for (std::uint32_t i = 0; i < nodes; ++i)
    k.addNode(std::make_unique<HeartbeatNode>(beat, ack, end));
  return runToEnd(k);
}

Figures heartbeatBare(std::uint32_t nodes, SimTime end) {
  constexpr std::uint32_t kTimer = UINT32_MAX;  // `from` of node 0's heartbeat timer
  const auto start = std::chrono::steady_clock::now();
  BareQueue q;
  std::uint64_t seq = 0, messages = 0;
  std::int64_t now = 0;
  auto tick = [&] {
    for (std::uint32_t n = 1; n < nodes; ++n) {
      q.push({now + kLatency.count(), seq++, 0, n});
      ++messages;
    }
    if (now + kHeartbeatEvery.count() < end.count())
      q.push({now + kHeartbeatEvery.count(), seq++, kTimer, 0});
  };
  tick();
  while (!q.empty()) {
    const BareEvent e = q.top();
    q.pop();
    now = e.at;
    if (e.from == kTimer) {
      tick();
    } else if (e.to != 0) {
      q.push({now + kLatency.count(), seq++, e.to, 0});
      ++messages;
    }
  }
  Figures f;
  f.wallSeconds = wallSince(start);
  f.messages = messages;
  f.simEnd = SimTime{now};
  return f;
}

// ---- reporting ----

void printFigures(const char* who, std::string_view workload, const Figures& f,
                  const char* suffix = "") {
  const double rate = f.wallSeconds > 0 ? static_cast<double>(f.messages) / f.wallSeconds : 0;
  std::printf("%s %.*s messages=%llu wall_s=%.6f msgs_per_s=%.0f sim_s=%.6f%s\n", who,
              static_cast<int>(workload.size()), workload.data(),
              static_cast<unsigned long long>(f.messages), f.wallSeconds, rate,
              cs::toSeconds(f.simEnd), suffix);
}

bool check(const char* who, const Figures& f, std::uint64_t messages, SimTime end) {
  bool ok = true;
  if (f.messages != messages) {
    std::fprintf(stderr, "clusterscope-bench: %s sent %llu messages, expected %llu\n", who,
                 static_cast<unsigned long long>(f.messages),
                 static_cast<unsigned long long>(messages));
    ok = false;
  }
  if (f.simEnd != end) {
    std::fprintf(stderr, "clusterscope-bench: %s ended at %.6f s simulated, expected %.6f s\n", who,
                 cs::toSeconds(f.simEnd), cs::toSeconds(end));
    ok = false;
  }
  return ok;
}

int usage(const char* problem) {
  if (problem) std::fprintf(stderr, "clusterscope-bench: %s\n", problem);
  std::fprintf(stderr,
               "usage: clusterscope-bench pingpong <pairs> <messages_per_pair>\n"
               "       clusterscope-bench heartbeat <nodes> <sim_seconds>\n");
  return 2;
}

bool parseCount(const char* text, std::uint64_t min, std::uint64_t max, std::uint64_t& out) {
  const char* end = text + std::strlen(text);
  auto [p, ec] = std::from_chars(text, end, out);
  return ec == std::errc() && p == end && out >= min && out <= max;
}

int report(std::string_view workload, const Figures& kernel, const Figures& bare, long kernelRssKb,
           std::uint64_t messages, SimTime end) {
  const bool ok = check("kernel", kernel, messages, end) & check("bare loop", bare, messages, end);
  std::printf("peak_rss_kb=%ld (after the kernel run)\n", kernelRssKb);
  const double ratio = kernel.wallSeconds > 0 ? bare.wallSeconds / kernel.wallSeconds : 0;
  char suffix[64];
  std::snprintf(suffix, sizeof suffix, " kernel_vs_bare=%.3f", ratio);
  printFigures("bare-loop", workload, bare, suffix);
  printFigures("clusterscope", workload, kernel);
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    usage(nullptr);
    return 0;
  }
  if (argc != 4) return usage("expected a workload and two numbers");
  const std::string_view workload = argv[1];
  std::uint64_t a = 0, b = 0;
  if (workload == "pingpong") {
    if (!parseCount(argv[2], 1, 1'000'000, a))
      return usage("<pairs>: expected an integer from 1 to 1000000");
    if (!parseCount(argv[3], 1, 1'000'000'000, b))
      return usage("<messages_per_pair>: expected an integer from 1 to 1000000000");
    const auto pairs = static_cast<std::uint32_t>(a);
    const auto perPair = static_cast<std::int64_t>(b);
    const Figures kernel = pingpongKernel(pairs, perPair);
    const long rss = peakRssKb();
    const Figures bare = pingpongBare(pairs, perPair);
    return report(workload, kernel, bare, rss, a * b, kLatency * perPair);
  }
  if (workload == "heartbeat") {
    if (!parseCount(argv[2], 2, 100'000, a))
      return usage("<nodes>: expected an integer from 2 to 100000");
    if (!parseCount(argv[3], 1, 1'000'000, b))
      return usage("<sim_seconds>: expected an integer from 1 to 1000000");
    const auto nodes = static_cast<std::uint32_t>(a);
    const SimTime end = cs::fromSeconds(static_cast<double>(b));
    const std::uint64_t ticks = static_cast<std::uint64_t>(end / kHeartbeatEvery);
    const Figures kernel = heartbeatKernel(nodes, end);
    const long rss = peakRssKb();
    const Figures bare = heartbeatBare(nodes, end);
    return report(workload, kernel, bare, rss, ticks * 2 * (nodes - 1),
                  kHeartbeatEvery * static_cast<std::int64_t>(ticks - 1) + 2 * kLatency);
  }
  return usage("unknown workload (expected pingpong or heartbeat)");
}
