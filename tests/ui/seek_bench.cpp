// seek_bench: how long a seek takes in a long session. Runs a bundled
// scenario flat out for `minutes` of simulated time through the Driver (as
// the window does), with a crash and a restart of node 1 every minute so the
// command log has something to replay, then seeks to moments spread over the
// run and prints the wall time of each: from seek() to the published batch.
// Not a test: prints numbers. No Qt.
//
//   seek_bench <scenario> <minutes>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "clusterscope/driver.h"

namespace {

using cs::Driver;
using cs::SimTime;
using Clock = std::chrono::steady_clock;

bool settle(Driver& d, cs::DriverStatus& status) {
  const auto giveUp = Clock::now() + std::chrono::minutes(5);
  while (Clock::now() < giveUp) {
    cs::DriverBatch b = d.waitAndTake(std::chrono::milliseconds(200));
    if (!b.hasStatus) continue;
    status = b.status;
    if (status.commandsHandled >= d.commandsPosted() && !status.playing && !status.busy)
      return true;
  }
  return false;
}

cs::Command fault(cs::CommandKind kind, cs::NodeId node) {
  cs::Command c;
  c.kind = kind;
  c.node = node;
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: seek_bench <scenario> <minutes>\n");
    return 2;
  }
  const int minutes = std::atoi(argv[2]);
  Driver::Options o;
  o.playing = false;
  Driver d(cs::loadScenario(argv[1]), std::nullopt, o);
  d.start();
  cs::DriverStatus s;
  if (!settle(d, s)) return 1;
  const auto minute = SimTime{60'000'000};
  const auto runStart = Clock::now();
  for (int m = 0; m < minutes; ++m) {
    d.runTo(minute * m + SimTime{20'000'000});
    d.apply(fault(cs::CommandKind::Crash, 1));
    d.runTo(minute * m + SimTime{40'000'000});
    d.apply(fault(cs::CommandKind::Restart, 1));
    d.runTo(minute * (m + 1));
    if (!settle(d, s)) return 1;
  }
  const double runMs = std::chrono::duration<double, std::milli>(Clock::now() - runStart).count();
  std::printf("%s: ran %d simulated minutes in %.0f ms wall (%llu events)\n", argv[1], minutes,
              runMs, static_cast<unsigned long long>(s.eventsProcessed));
  double worst = 0;
  for (const double f : {0.0, 0.25, 0.5, 0.75, 0.95, 1.0, 0.1}) {
    const SimTime t{static_cast<std::int64_t>(f * minutes * 60e6)};
    const auto start = Clock::now();
    d.seek(t);
    if (!settle(d, s)) return 1;
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    worst = std::max(worst, ms);
    std::printf("  seek to %7.1f s: %6.1f ms  (events %llu)\n", t.count() / 1e6, ms,
                static_cast<unsigned long long>(s.eventsProcessed));
  }
  std::printf("%s: worst seek %.1f ms\n", argv[1], worst);
  d.stop();
  return 0;
}
