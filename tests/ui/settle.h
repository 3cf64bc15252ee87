// Helpers the driver's time-travel tests share: milliseconds as SimTime, and
// draining the outbox until every posted command has run and the driver
// rests (a bounded safety net, never a timing), keeping the latest timeline,
// how many were published and the errors reported. No Qt.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "clusterscope/driver.h"

namespace cs::fixtures {

constexpr SimTime ms(std::int64_t n) {
  return SimTime{n * 1000};
}

struct Settle {
  explicit Settle(Driver& d) : driver(d) {}
  Driver& driver;
  DriverStatus status;
  std::shared_ptr<const Timeline> timeline;
  int timelines = 0;  // batches that carried a timeline
  std::vector<std::string> errors;

  bool operator()() {
    const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < giveUp) {
      DriverBatch b = driver.waitAndTake(std::chrono::milliseconds(200));
      if (!b.hasStatus) continue;
      if (b.timeline) {
        timeline = b.timeline;
        ++timelines;
      }
      for (std::string& e : b.errors) errors.push_back(std::move(e));
      status = b.status;
      if (status.commandsHandled >= driver.commandsPosted() && !status.playing && !status.busy)
        return true;
    }
    return false;
  }
};

}  // namespace cs::fixtures
