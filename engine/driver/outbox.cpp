// The outbox. See outbox.h.
#include "outbox.h"

#include <utility>

namespace cs {

bool Outbox::put(DriverBatch batch) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    merge(std::move(batch));
    if (!wakePending_) {
      wakePending_ = true;
      wake = true;
    }
  }
  ready_.notify_all();
  return wake;
}

void Outbox::merge(DriverBatch&& b) {
  DriverBatch& p = pending_;
  if (b.newRun || !p.hasStatus) {
    p = std::move(b);
    return;
  }
  if (!b.metrics.empty()) p.metrics = std::move(b.metrics);
  p.skippedRecords += b.skippedRecords;
  for (auto& r : b.records) p.records.push_back(std::move(r));
  if (p.records.size() > maxRecords_) {
    const std::size_t extra = p.records.size() - maxRecords_;
    p.records.erase(p.records.begin(), p.records.begin() + extra);
    p.skippedRecords += extra;
  }
  for (auto& s : b.samples) p.samples.push_back(std::move(s));
  for (auto& e : b.errors) p.errors.push_back(std::move(e));
  if (b.timeline) p.timeline = std::move(b.timeline);
  p.nodes = std::move(b.nodes);
  p.view = std::move(b.view);
  p.invariants = std::move(b.invariants);
  p.inFlight = std::move(b.inFlight);
  p.blockedLinks = std::move(b.blockedLinks);
  p.status = b.status;
}

DriverBatch Outbox::take() {
  std::lock_guard lock(mutex_);
  wakePending_ = false;
  return std::exchange(pending_, DriverBatch{});
}

DriverBatch Outbox::waitAndTake(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, timeout, [this] { return pending_.hasStatus; });
  wakePending_ = false;
  return std::exchange(pending_, DriverBatch{});
}

void Outbox::rearm() {
  std::lock_guard lock(mutex_);
  wakePending_ = false;
}

}  // namespace cs
