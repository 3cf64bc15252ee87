// The projector: catch-up subscription, partitions, checkpoints, deltas to
// the replicas and rebuilds. See projector.h. Kernel thread only.
#include "patterns/cqrs/projector.h"

#include <algorithm>

namespace cs::cqrs {
namespace {

using event_sourcing::EventsRead;

// Timer tags: partitions are 0..7.
constexpr std::uint64_t kWake = 100;
constexpr std::uint64_t kFlush = 101;
constexpr std::uint64_t kShadowWorker = 102;
constexpr std::uint64_t kShadowRead = 103;
constexpr int kMaxWorkers = 8;
constexpr SimDuration kQuietSave{100'000};
constexpr SimDuration kHeartbeatEvery{250'000};
// How long it waits at a hole before reading again: about one commit.
constexpr SimDuration kGapWait{1'000};
// A spell of holding at holes ends this long after the last one filled.
constexpr SimDuration kHoldQuiet{100'000};

std::int64_t asInt(Position p) {
  return static_cast<std::int64_t>(p);
}

}  // namespace

Projector::Projector(const Words& words, ProjectorOptions options)
    : words_(words),
      options_(std::move(options)),
      model_(options_.streams, options_.sessions, options_.orderTtl),
      wantWorkers_(options_.workers) {
  inbox_.resize(kMaxWorkers);
  busy_.resize(kMaxWorkers);
}

void Projector::setWorkers(int workers) {
  wantWorkers_ = std::clamp(workers, 1, kMaxWorkers);
  repartition();
}

// Teaching note: a stream's events must be applied in order, so the
// partitions change only when none holds an event; otherwise a stream's
// next event could overtake the one still waiting in its old partition.
void Projector::repartition() {
  // Asked for a change and then for the old count back: nothing to wait for.
  if (wantWorkers_ != options_.workers) {
    if (inboxSize() > 0) return;
    for (const TimerHandle& t : busy_)
      if (t) return;
    options_.workers = wantWorkers_;
  }
  std::deque<RecordedEvent> held = std::move(held_);
  held_.clear();
  for (const RecordedEvent& e : held) dispatch(e);
}

std::size_t Projector::inboxSize() const {
  std::size_t n = 0;
  for (const auto& q : inbox_) n += q.size();
  return n;
}

std::vector<int> Projector::partitionDepths() const {
  std::vector<int> d;
  for (int w = 0; w < options_.workers; ++w)
    d.push_back(static_cast<int>(inbox_[static_cast<std::size_t>(w)].size()));
  return d;
}

void Projector::resetVolatile() {
  live_ = false;
  wantRead_ = false;
  behind_ = true;
  position_ = checkpoint_;
  nextRead_ = checkpoint_ + 1;
  hold_.reset();
  sinceSave_ = 0;
  flushed_ = 0;
  pending_.clear();
  for (auto& q : inbox_) q.clear();
  held_.clear();
  for (auto& t : busy_) cancelTimer(t);
  dirty_.clear();
  times_.clear();
}

void Projector::onCrash() {
  resetVolatile();
  for (auto& t : busy_) t = {};
  wake_ = {};
  flushTimer_ = {};
  shadow_.reset();
}

void Projector::onStart() {
  if (startedBefore_) {
    // Changes made since the last ModelDelta were never sent: the replicas
    // must take a full copy, which a new epoch tells them to.
    ++epoch_;
    milestone(words_.projectorRecovered, {asInt(checkpoint_), asInt(highest_)});
  }
  startedBefore_ = true;
  resetVolatile();
  catchUp();
  flushTimer_ = setTimer(options_.flushEvery, kFlush);
}

void Projector::catchUp() {
  live_ = false;
  ++read_;
  send(options_.store, words_.es.readAll,
       {asInt(nextRead_), static_cast<std::int64_t>(options_.batch), read_, 0, 0, 0});
  cancelTimer(wake_);
  wake_ = setTimer(options_.readTimeout, kWake);
}

void Projector::onMessage(const Message& m) {
  if (m.kind == words_.es.readAllReply) return onReadAllReply(m);
  if (m.kind == words_.es.eventAppeared) return onLive(m);
  if (m.kind == words_.syncRequest) return sendCopy(m.from);
}

void Projector::onReadAllReply(const Message& m) {
  const auto* read = dynamic_cast<const EventsRead*>(m.payload.get());
  if (!read) return;
  const auto head = static_cast<Position>(m.fields[2]);
  if (shadow_ && m.fields[3] == shadow_->read) {
    Shadow& sh = *shadow_;
    cancelTimer(sh.retry);
    sh.read = 0;  // answered: a duplicate of this reply is ignored
    for (const RecordedEvent& e : read->events)
      if (e.position == sh.position + sh.inbox.size() + 1) sh.inbox.push_back(e);
    if (sh.inbox.empty() && sh.position >= position_) return switchToShadow();
    if (sh.inbox.empty())
      sh.retry = setTimer(options_.flushEvery, kShadowRead);
    else if (!sh.work)
      shadowNext();
    return;
  }
  if (live_ || m.fields[3] != read_) return;  // an old read's answer
  // Positions a scavenge reclaimed are not holes: nothing will commit there.
  const auto firstHeld = static_cast<Position>(m.fields[4]);
  const auto horizon = static_cast<Position>(m.fields[5]);
  if (firstHeld > nextRead_) nextRead_ = firstHeld;
  for (const RecordedEvent& e : read->events) {
    if (e.position < nextRead_) continue;
    if (e.position > nextRead_ && e.position - 1 <= horizon) nextRead_ = e.position;
    // Teaching note: a hole in what the store shows is a write still under
    // way, its position taken before a later one committed. The high-water
    // mark reads on past it and never comes back for it; gap-aware, the
    // projector holds at the hole until the late event commits.
    if (e.position > nextRead_) {
      if (options_.checkpoint == CheckpointRule::GapAware) return holdAtGap(e.position);
      milestone(words_.passedOver, {asInt(nextRead_), asInt(e.position)});
      nextRead_ = e.position;
    }
    enqueue(e);
  }
  // A blue/green model caught up on an event passed over: it read anew.
  if (m.fields[3] != read_) return;
  moveOn();
  if (nextRead_ <= head) {
    // Behind the head: read on, unless the partitions already hold plenty.
    if (inboxSize() < options_.inboxLimit) return catchUp();
    wantRead_ = true;
    cancelTimer(wake_);
    return;
  }
  // At the head: from now on the store pushes what it commits.
  live_ = true;
  send(options_.store, words_.es.subscribe, {asInt(nextRead_)});
  cancelTimer(wake_);
  wake_ = setTimer(options_.liveSilence, kWake);
}

void Projector::holdAtGap(Position next) {
  if (!hold_) {
    hold_ = Hold{nextRead_, 1, true, now(), SimDuration{0}, now()};
    milestone(words_.heldAtGap, {asInt(nextRead_), asInt(next)});
  } else if (!hold_->atHole) {
    ++hold_->holes;
    hold_->atHole = true;
    hold_->heldSince = now();
  }
  cancelTimer(wake_);
  wake_ = setTimer(kGapWait, kWake);
}

void Projector::moveOn() {
  if (!hold_ || !hold_->atHole) return;
  hold_->atHole = false;
  hold_->held += now() - hold_->heldSince;
  hold_->movedOnAt = now();
}

void Projector::endQuietSpell() {
  if (!hold_ || hold_->atHole || now() - hold_->movedOnAt < kHoldQuiet) return;
  milestone(words_.gapFilled,
            {asInt(hold_->first), hold_->held.count(), asInt(nextRead_ - 1), hold_->holes});
  hold_.reset();
}

void Projector::onLive(const Message& m) {
  const auto* read = dynamic_cast<const EventsRead*>(m.payload.get());
  if (!read || !live_) return;
  for (const RecordedEvent& e : read->events) {
    if (e.position < nextRead_) continue;           // a duplicate
    if (e.position != nextRead_) return catchUp();  // one was lost on the way: history has it
    enqueue(e);
    if (!live_) return;  // a blue/green model caught up on an event passed over: it read anew
  }
  cancelTimer(wake_);
  wake_ = setTimer(options_.liveSilence, kWake);
}

void Projector::enqueue(const RecordedEvent& e) {
  nextRead_ = e.position + 1;
  times_.emplace_back(e.position, e.recordedAt);
  // Not one of its read models' streams: nothing to fold, nothing to wait for.
  if (!folds(e)) return advance(e.position);
  pending_.insert(e.position);
  // While the partitions change, new events wait until the old partitions
  // have drained (a barrier), then go by the new count.
  if (wantWorkers_ != options_.workers) {
    held_.push_back(e);
    return repartition();
  }
  dispatch(e);
}

void Projector::dispatch(const RecordedEvent& e) {
  const std::size_t w = e.stream % static_cast<std::size_t>(options_.workers);
  inbox_[w].push_back(e);
  if (!busy_[w]) startWorker(w);
}

void Projector::startWorker(std::size_t w) {
  busy_[w] = setTimer(options_.projectCost, w);
}

void Projector::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag < kMaxWorkers) return workerDone(tag);
  if (tag == kFlush) {
    flush();
    flushTimer_ = setTimer(options_.flushEvery, kFlush);
    return;
  }
  if (tag == kShadowWorker && shadow_) return shadowDone();
  if (tag == kShadowRead && shadow_) return readShadow();
  if (tag == kWake) {
    // Live and silent, or a read unanswered: read from where it is.
    wake_ = {};
    catchUp();
  }
}

void Projector::workerDone(std::size_t w) {
  busy_[w] = {};
  if (inbox_[w].empty()) return;
  const RecordedEvent e = inbox_[w].front();
  inbox_[w].pop_front();
  apply(e);
  if (!inbox_[w].empty()) startWorker(w);
  repartition();
  if (wantRead_ && inboxSize() < options_.inboxLimit / 2) {
    wantRead_ = false;
    catchUp();
  }
}

void Projector::apply(const RecordedEvent& e) {
  const Applied result = model_.fold(e, options_.idempotent);
  if (result == Applied::Already) {
    ++skipped_;
  } else {
    ++applied_;
    dirty_.push_back(e.stream);
  }
  if (result == Applied::Twice) {
    ++twice_;
    milestone(words_.appliedTwice, {e.stream, e.revision, asInt(e.position)});
  }
  advance(e.position);
}

void Projector::advance(Position p) {
  pending_.erase(p);
  highest_ = std::max(highest_, p);
  // Teaching note: the gap-aware checkpoint stops below the first event a
  // partition still holds; the high-water mark passes it, and a crash now
  // would never bring it back.
  if (options_.checkpoint == CheckpointRule::GapAware)
    position_ = pending_.empty() ? nextRead_ - 1 : *pending_.begin() - 1;
  else
    position_ = std::max(position_, highest_);
  lastApplied_ = now();
  if (++sinceSave_ >= options_.checkpointEvery) saveCheckpoint();
  if (shadow_ && shadow_->position >= position_) switchToShadow();
}

void Projector::saveCheckpoint() {
  checkpoint_ = std::max(checkpoint_, position_);
  sinceSave_ = 0;
  while (!times_.empty() && times_.front().first <= checkpoint_) {
    clock_ = std::max(clock_, times_.front().second);
    times_.pop_front();
  }
  expired_ += model_.expire(clock_, [&](StreamId s) { dirty_.push_back(s); });
}

void Projector::flush() {
  endQuietSpell();
  // Quiet for a while: save what is applied rather than wait for the
  // checkpointEvery-th event.
  if (sinceSave_ > 0 && now() - lastApplied_ >= kQuietSave) saveCheckpoint();
  const bool caughtUp = live_ && pending_.empty();
  if (caughtUp && (behind_ || inPlace_)) {
    behind_ = false;
    inPlace_ = false;
    milestone(words_.caughtUp, {asInt(position_), asInt(nextRead_ - 1)});
  }
  if (pending_.size() > 20) behind_ = true;
  // Nothing new: now and then a heartbeat naming the last delta, so that a
  // replica that missed the last ones finds out without waiting for more.
  const bool heartbeat = dirty_.empty() && position_ == flushed_;
  if (heartbeat && now() - lastSent_ < kHeartbeatEvery) return;
  if (!heartbeat) {
    flushed_ = position_;
    ++seq_;
  }
  lastSent_ = now();
  std::sort(dirty_.begin(), dirty_.end());
  dirty_.erase(std::unique(dirty_.begin(), dirty_.end()), dirty_.end());
  const RequestId request = requestIn();
  for (NodeId r : replicas_) {
    auto rows = std::make_shared<RowsPayload>();
    rows->rows.reserve(dirty_.size());
    for (StreamId s : dirty_) rows->rows.emplace_back(s, *model_.row(s));
    Message m;
    m.to = r;
    m.kind = words_.modelDelta;
    m.fields = {
        epoch_, seq_, asInt(flushed_), static_cast<std::int64_t>(dirty_.size()), heartbeat ? 1 : 0,
        clock_};
    m.request = request;
    m.payload = std::move(rows);
    send(std::move(m));
  }
  dirty_.clear();
  // The replicas have the expired rows now: their pages can go.
  model_.freeExpired();
}

RequestId Projector::requestIn() const {
  if (options_.orderClient == kNoNode) return 0;
  for (StreamId s : dirty_)
    if (!options_.streams.isProduct(s) && model_.row(s)->revision == 0)
      return requestOf(options_.orderClient, options_.streams.number(s));
  return 0;
}

void Projector::sendCopy(NodeId replica) {
  auto rows = std::make_shared<RowsPayload>();
  model_.table().forEach([&](StreamId s, const Row& row) {
    if (row.revision >= 0 || row.expired) rows->rows.emplace_back(s, row);
  });
  rows->copy = RowsPayload::Copy{model_.totals(), model_.table().freedPages()};
  Message m;
  m.to = replica;
  m.kind = words_.modelCopy;
  // The copy holds the changes not yet sent too, so the next delta
  // (seq_ + 1) follows on from it.
  m.fields = {epoch_, seq_, asInt(position_), static_cast<std::int64_t>(rows->rows.size()),
              clock_, 0};
  m.payload = std::move(rows);
  send(std::move(m));
}

void Projector::dropShadow() {
  if (!shadow_) return;
  cancelTimer(shadow_->work);
  cancelTimer(shadow_->retry);
}

void Projector::rebuildInPlace() {
  dropShadow();
  shadow_.reset();
  model_.clear();
  checkpoint_ = 0;
  clock_ = 0;
  highest_ = 0;
  ++epoch_;
  inPlace_ = true;
  milestone(words_.rebuildStarted, {0, epoch_});
  resetVolatile();
  catchUp();
  for (NodeId r : replicas_) sendCopy(r);
}

void Projector::rebuildBlueGreen() {
  if (shadow_) return;
  shadow_ = Shadow{};
  shadow_->model = ReadModel(options_.streams, options_.sessions, options_.orderTtl);
  milestone(words_.rebuildStarted, {1, epoch_ + 1});
  readShadow();
}

void Projector::readShadow() {
  Shadow& s = *shadow_;
  cancelTimer(s.retry);
  if (s.work) return;  // it reads on when its inbox is empty
  s.read = --shadowReads_;
  send(options_.store, words_.es.readAll,
       {asInt(s.position + 1), static_cast<std::int64_t>(options_.batch), s.read, 0, 0, 0});
  s.retry = setTimer(options_.readTimeout, kShadowRead);
}

void Projector::shadowDone() {
  Shadow& s = *shadow_;
  s.work = {};
  if (s.inbox.empty()) return readShadow();
  const RecordedEvent e = s.inbox.front();
  s.inbox.pop_front();
  // A new model starts empty and reads each event once: always by version.
  s.model.fold(e, true);
  s.position = e.position;
  // It reads each event once, in order: its clock is the event's, and
  // what expires goes in the copy it becomes.
  s.clock = std::max(s.clock, e.recordedAt);
  s.model.expire(s.clock, [](StreamId) {});
  shadowNext();
}

void Projector::shadowNext() {
  Shadow& s = *shadow_;
  while (!s.inbox.empty() && !folds(s.inbox.front())) {
    s.position = s.inbox.front().position;
    s.inbox.pop_front();
  }
  if (s.position >= position_) return switchToShadow();
  if (!s.inbox.empty())
    s.work = setTimer(options_.projectCost, kShadowWorker);
  else
    readShadow();
}

void Projector::switchToShadow() {
  // Teaching note: blue/green — queries keep reading the old model until the
  // new one has caught up with it, then switch in one step; no query ever
  // sees a half-built model.
  dropShadow();
  Shadow s = std::move(*shadow_);
  shadow_.reset();
  model_ = std::move(s.model);
  model_.freeExpired();
  checkpoint_ = s.position;
  clock_ = s.clock;
  highest_ = s.position;
  ++epoch_;
  resetVolatile();
  milestone(words_.rebuildSwitched, {epoch_, asInt(position_)});
  catchUp();
  for (NodeId r : replicas_) sendCopy(r);
}

}  // namespace cs::cqrs
