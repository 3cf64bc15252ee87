// The shop's retention policy. See retention_policy.h. Kernel thread only.
#include "patterns/event_sourcing/retention_policy.h"

#include <algorithm>

namespace cs::event_sourcing {
namespace {

bool completes(std::uint16_t type) {
  return type == static_cast<std::uint16_t>(EventType::OrderShipped) ||
         type == static_cast<std::uint16_t>(EventType::OrderCancelled);
}

}  // namespace

void RetentionPolicy::onAppended(EventStore& store, StreamId stream, Position first,
                                 Position last) const {
  if (streams_.isProduct(stream)) return;
  for (Position p = first; p <= last; ++p)
    if (completes(store.at(p).data.type)) {
      StreamMetadata m = store.metadata(stream);
      m.maxAge = options_.orderMaxAge.count();
      store.setMetadata(stream, m);
      return;
    }
}

ScavengeResult RetentionPolicy::scavenge(EventStore& store, std::int64_t now) {
  for (StreamId s = 0; s < static_cast<StreamId>(streams_.products); ++s)
    if (const Snapshot* snapshot = store.latestSnapshot(s)) {
      StreamMetadata m = store.metadata(s);
      m.truncateBefore =
          static_cast<std::uint32_t>(std::max<Revision>(m.truncateBefore, snapshot->revision + 1));
      store.setMetadata(s, m);
    }
  const std::int64_t idleSince = now - options_.abandonedOrderAge.count();
  oldestOrder_ = std::max<StreamId>(oldestOrder_, static_cast<StreamId>(streams_.products));
  bool allGone = true;  // every order before `s` is deleted or forgotten
  for (StreamId s = oldestOrder_; s < store.streamCount(); ++s) {
    const Revision last = store.revision(s);
    if (store.forgotten(s) || last == kNoStreamRevision || store.firstReadable(s) > last) {
      if (allGone) oldestOrder_ = s + 1;
      continue;
    }
    const RecordedEvent e = store.at(s, last);
    if (e.recordedAt >= idleSince) {
      allGone = false;
      continue;
    }
    if (completes(e.data.type)) {
      allGone = false;  // its $maxAge takes it
      continue;
    }
    StreamMetadata m = store.metadata(s);
    m.truncateBefore = static_cast<std::uint32_t>(last + 1);
    store.setMetadata(s, m);
    if (allGone) oldestOrder_ = s + 1;
  }
  return store.scavenge(now);
}

}  // namespace cs::event_sourcing
