// The outbox: the batch waiting for the reader (usually the UI thread). The
// engine thread puts what changed into it; the reader takes everything at
// once. A batch put while another waits is merged into it (records and
// samples accumulate, the latest picture replaces the older one; a new run
// replaces everything), and the reader is woken at most once until it takes:
// a busy engine never floods the UI with calls. Any thread; guarded by one
// mutex.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

#include "clusterscope/driver.h"

namespace cs {

class Outbox {
 public:
  // `maxRecords`: the most records a waiting batch keeps (older ones are
  // counted as skipped).
  explicit Outbox(std::size_t maxRecords) : maxRecords_(maxRecords) {}

  // Merges `batch` into the waiting one. Returns whether the reader must be
  // woken: nothing was waiting since the last take().
  bool put(DriverBatch batch);
  // Takes everything put so far and re-arms the wake.
  DriverBatch take();
  // Waits until a batch is waiting or the timeout passes; then take().
  DriverBatch waitAndTake(std::chrono::milliseconds timeout);
  // The next put() wakes the reader, though nothing was taken.
  void rearm();

 private:
  void merge(DriverBatch&& batch);

  const std::size_t maxRecords_;
  std::mutex mutex_;
  std::condition_variable ready_;
  DriverBatch pending_;       // guarded by mutex_
  bool wakePending_ = false;  // guarded by mutex_: put() asked for a wake not yet taken
};

}  // namespace cs
