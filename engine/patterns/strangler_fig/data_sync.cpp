// Change data capture and reconciliation. See data_sync.h. Kernel thread only.
#include "patterns/strangler_fig/data_sync.h"

namespace cs::strangler_fig {

DataSyncNode::DataSyncNode(rpc::RpcSystem& system, const FigWords& words, const FigMetrics& metrics,
                           LegacyDb& db, std::array<const NewService*, kCapabilities> services,
                           SyncOptions options)
    : RpcNode(system),
      words_(words),
      metrics_(metrics),
      db_(db),
      services_(services),
      options_(options) {
  if (options_.mode == DataSync::ChangeDataCapture) db_.openSlot();
}

void DataSyncNode::onStart() {
  if (options_.mode == DataSync::ChangeDataCapture)
    setTimer(options_.pollInterval, kPoll);
  else
    setTimer(options_.reconcileInterval, kReconcile);
}

void DataSyncNode::onOwnTimer(TimerHandle, std::uint64_t tag) {
  if (tag == kPoll) {
    if (captureStopped_) return;
    setTimer(options_.pollInterval, kPoll);
    for (int c = 0; c < kCapabilities; ++c) pump(c);
  } else {
    setTimer(options_.reconcileInterval, kReconcile);
    if (options_.reconcile) reconcile();
  }
}

void DataSyncNode::stopCapture() {
  if (captureStopped_) return;
  captureStopped_ = true;
  captureStoppedAt_ = now();
  db_.dropSlot();
}

void DataSyncNode::pump(int c) {
  const auto i = static_cast<std::size_t>(c);
  if (inFlight_[i] || captureStopped_) return;
  if (offset_[i] >= db_.logEnd(c)) return;
  const Change& ch = db_.change(c, offset_[i]);
  inFlight_[i] = true;
  call(services_[i]->id(), kApplyMethod, {ch.key, ch.entity.value, ch.entity.version}, 0,
       options_.timeout, i);
}

void DataSyncNode::onOutcome(const rpc::Outcome& o) {
  if (o.method != kApplyMethod) return;
  if (o.cookie >= kCapabilities) return;  // a repair: nothing waits on it
  const auto i = static_cast<std::size_t>(o.cookie);
  inFlight_[i] = false;
  if (o.status != rpc::Status::Ok) return;  // the next poll retries it
  ++offset_[i];
  db_.confirm(static_cast<int>(i), offset_[i]);
  // Stream on until caught up; then wait for the next poll.
  pump(static_cast<int>(i));
}

void DataSyncNode::reconcile() {
  std::int64_t found = 0;
  for (int c = 0; c < kCapabilities; ++c) {
    const Table& mine = services_[static_cast<std::size_t>(c)]->store();
    for (std::int64_t k = 0; k < kKeys; ++k) {
      const Entity& truth = db_.get(c, k);
      if (mine.get(c, k).version >= truth.version) continue;
      ++found;
      call(services_[static_cast<std::size_t>(c)]->id(), kApplyMethod,
           {k, truth.value, truth.version}, 0, options_.timeout, kCapabilities);
    }
  }
  if (found == 0) return;
  repaired_ += static_cast<std::uint64_t>(found);
  system().metrics().add(metrics_.reconciled, found);
  milestone(words_.divergenceFound, {found, found});
}

std::uint64_t DataSyncNode::pending(int c) const {
  // A dropped slot kept nothing more to read.
  if (options_.mode != DataSync::ChangeDataCapture || captureStopped_) return 0;
  return db_.logEnd(c) - offset_[static_cast<std::size_t>(c)];
}

SimDuration DataSyncNode::lag(int c, SimTime now) const {
  if (options_.mode != DataSync::ChangeDataCapture || captureStopped_) return SimDuration{0};
  const std::size_t next = offset_[static_cast<std::size_t>(c)];
  return next < db_.logEnd(c) ? now - db_.change(c, next).at : SimDuration{0};
}

std::uint64_t DataSyncNode::diverged(int c) const {
  std::uint64_t n = 0;
  const Table& mine = services_[static_cast<std::size_t>(c)]->store();
  for (std::int64_t k = 0; k < kKeys; ++k)
    n += mine.get(c, k).version != db_.get(c, k).version ? 1 : 0;
  return n;
}

void DataSyncNode::onReset() {
  inFlight_ = {};
}

}  // namespace cs::strangler_fig
