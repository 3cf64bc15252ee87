// The event store with concurrent writers. See concurrent_store.h. Kernel
// thread only.
#include "patterns/cqrs/concurrent_store.h"

#include <algorithm>

namespace cs::cqrs {
namespace {

using event_sourcing::AppendBatch;
using event_sourcing::AppendResult;
using event_sourcing::EventsRead;

// The writes' timer tags, above the plain store's own (its scavenge).
constexpr std::uint64_t kFirstWriteTag = std::uint64_t{1} << 32;

const std::vector<event_sourcing::EventData>* batchOf(const Message& m) {
  const auto* b = dynamic_cast<const AppendBatch*>(m.payload.get());
  return b && !b->events.empty() ? &b->events : nullptr;
}

}  // namespace

ConcurrentStore::ConcurrentStore(const event_sourcing::Words& words,
                                 event_sourcing::StoreOptions options, ConcurrentWrites writes,
                                 Metrics& metrics)
    : StoreNode(words, options, metrics), words_(words), options_(options), writes_(writes) {}

void ConcurrentStore::onStart() {
  StoreNode::onStart();
  visibleHead_ = store().head();
}

void ConcurrentStore::onCrash() {
  StoreNode::onCrash();
  // The writes under way had their positions and reached the disk: they
  // stay, visible from now on; their acknowledgments are lost.
  writing_.clear();
  waiting_.clear();
  visibleHead_ = store().head();
}

void ConcurrentStore::onMessage(const Message& m) {
  if (m.kind == words_.append) {
    if (!batchOf(m)) return;
    if (writing_.size() < static_cast<std::size_t>(writes_.writers)) return begin(m);
    waiting_.push_back(m);
    return;
  }
  if (m.kind == words_.readAll) return readAll(m);
  if (m.kind == words_.subscribe) return subscribe(m);
  StoreNode::onMessage(m);
}

// Teaching note: the positions are taken here, when the write begins, as a
// database sequence hands out its next values; the events become visible
// only when their commit lands, and commits land in any order.
void ConcurrentStore::begin(const Message& m) {
  const auto stream = static_cast<event_sourcing::StreamId>(m.fields[0]);
  const auto expected = event_sourcing::ExpectedRevision::fromCode(m.fields[2]);
  const AppendResult r = mutableStore().append(stream, expected, *batchOf(m), now().count());
  const SimDuration jitter{
      writes_.commitJitter.count() > 0 ? rng().between(0, writes_.commitJitter.count()) : 0};
  const std::uint64_t tag = nextTag_++;
  writing_.push_back({m, r, setTimer(options_.commitDelay + jitter, tag), tag});
}

void ConcurrentStore::onTimer(TimerHandle timer, std::uint64_t tag) {
  if (tag < kFirstWriteTag) return StoreNode::onTimer(timer, tag);  // the scavenge's
  const auto it =
      std::find_if(writing_.begin(), writing_.end(), [&](const Write& w) { return w.tag == tag; });
  if (it == writing_.end()) return;
  const Write w = *it;
  writing_.erase(it);
  if (w.result.outcome == AppendResult::Outcome::Appended)
    visibleHead_ = std::max(visibleHead_, w.result.last);
  answerAppend(w.message, w.result);
  if (!waiting_.empty()) {
    const Message next = waiting_.front();
    waiting_.pop_front();
    begin(next);
  }
}

bool ConcurrentStore::visible(Position p) const {
  for (const Write& w : writing_)
    if (w.result.outcome == AppendResult::Outcome::Appended && p >= w.result.first &&
        p <= w.result.last)
      return false;
  return p <= store().head() && store().holds(p);
}

std::vector<Position> ConcurrentStore::unseen() const {
  std::vector<Position> gaps;
  for (const Write& w : writing_)
    if (w.result.outcome == AppendResult::Outcome::Appended)
      for (Position p = w.result.first; p <= w.result.last; ++p) gaps.push_back(p);
  std::sort(gaps.begin(), gaps.end());
  return gaps;
}

// Teaching note: a read sees what has committed, with holes where a write is
// still under way: "every event from position 11" may begin at 12.
void ConcurrentStore::readAll(const Message& m) {
  const auto from = static_cast<Position>(std::max<std::int64_t>(m.fields[0], 1));
  const auto max = std::min<std::size_t>(
      static_cast<std::size_t>(std::max<std::int64_t>(m.fields[1], 1)), options_.readBatch);
  auto read = std::make_shared<EventsRead>();
  // Positions a scavenge reclaimed are passed over; the reply says where
  // what is held begins.
  for (Position p = store().nextHeld(from); p <= visibleHead_ && read->events.size() < max;
       p = store().nextHeld(p + 1))
    if (visible(p)) read->events.push_back(store().at(p));
  answerReadAll(m, from, std::move(read), visibleHead_);
}

void ConcurrentStore::subscribe(const Message& m) {
  if (std::find(live_.begin(), live_.end(), m.from) == live_.end()) live_.push_back(m.from);
  // Whatever committed since the subscriber's checkpoint goes first.
  publishVisible(m.from, static_cast<Position>(std::max<std::int64_t>(m.fields[0], 1)));
}

void ConcurrentStore::publishVisible(NodeId subscriber, Position from) {
  for (Position p = store().nextHeld(from); p <= visibleHead_; p = store().nextHeld(p + 1))
    if (visible(p)) publishTo({subscriber}, p, p);
}

}  // namespace cs::cqrs
