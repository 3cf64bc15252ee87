// A read replica: deltas and copies in, queries out. See read_replica.h.
// Kernel thread only.
#include "patterns/cqrs/read_replica.h"

#include <algorithm>

namespace cs::cqrs {
namespace {

constexpr std::uint64_t kTick = 100;  // workers are 0..63
constexpr SimDuration kTickEvery{10'000};
// Queries waiting for a position hold no worker, only memory.
constexpr std::size_t kMaxWaiting = 4'096;

}  // namespace

QueryAnswer answerFrom(const ReadModel& model, const ShopStreams& streams, int sessions,
                       QueryKind kind, std::int64_t key, std::int64_t order) {
  QueryAnswer a;
  switch (kind) {
    case QueryKind::Listing:
      if (key >= 1 && key <= streams.products)
        if (const Row* r = model.row(streams.product(key)); r && r->revision >= 0) a = {r->a, true};
      break;
    case QueryKind::OrderDetail:
      if (key >= 1)
        if (const Row* r = model.row(streams.order(key)); r && r->revision >= 0) a = {r->c, true};
      break;
    case QueryKind::MyOrders: {
      a.value = model.ordersOf(streams, key, sessions);
      const Row* r = order >= 1 ? model.row(streams.order(order)) : nullptr;
      a.found = order < 1 || (r && r->revision >= 0);
      break;
    }
    case QueryKind::Dashboard:
      a = {model.dashboard(streams).orders, true};
      break;
  }
  return a;
}

ReadReplica::ReadReplica(const Words& words, ReplicaOptions options)
    : words_(words), options_(std::move(options)), pool_(options_.workers, options_.queue) {}

void ReadReplica::onCrash() {
  model_ = {};
  epoch_ = 0;
  seq_ = 0;
  position_ = 0;
  synced_ = false;
  gapped_ = false;
  newestEpoch_ = 0;
  newestSeq_ = 0;
  askedAt_ = SimTime{-1};
  pool_.clear();
  waiting_.clear();
  tick_ = {};
}

void ReadReplica::onStart() {
  tick_ = setTimer(kTickEvery, kTick);
  if (active_) askForCopy();
}

void ReadReplica::setActive(bool active) {
  if (active == active_) return;
  active_ = active;
  if (!active_) {
    // Leaves the pool: its copy and its queue go with it.
    model_ = {};
    epoch_ = 0;
    seq_ = 0;
    position_ = 0;
    synced_ = false;
    pool_.clear();
    waiting_.clear();
    return;
  }
  askForCopy();
}

void ReadReplica::askForCopy() {
  askedAt_ = now();
  send(options_.projector, words_.syncRequest, {epoch_, seq_});
}

void ReadReplica::onMessage(const Message& m) {
  if (!active_) return;
  if (m.kind == words_.modelDelta) return onDelta(m);
  if (m.kind == words_.modelCopy) return onCopy(m);
  if (m.kind == words_.query) return onQuery(m);
}

void ReadReplica::onDelta(const Message& m) {
  const auto* rows = dynamic_cast<const RowsPayload*>(m.payload.get());
  if (!rows) return;
  if (m.fields[0] > newestEpoch_ || (m.fields[0] == newestEpoch_ && m.fields[1] > newestSeq_)) {
    newestEpoch_ = m.fields[0];
    newestSeq_ = m.fields[1];
  }
  if (m.fields[0] < epoch_) return;         // from before the copy it holds
  const bool heartbeat = m.fields[4] != 0;  // names the last delta sent, carries nothing
  const bool missed = heartbeat ? m.fields[0] != epoch_ || m.fields[1] > seq_
                                : m.fields[0] != epoch_ || m.fields[1] != seq_ + 1;
  if (heartbeat && !missed) return;
  if (missed) {
    if (!heartbeat && m.fields[0] == epoch_ && m.fields[1] <= seq_) return;  // old news
    // A delta missed, or a new epoch: only a full copy is safe now.
    gapped_ = true;
    if (askedAt_ < SimTime{0} || now() - askedAt_ >= options_.resyncAfter) askForCopy();
    return;
  }
  for (const auto& [stream, row] : rows->rows) model_.mutableRow(stream) = row;
  seq_ = m.fields[1];
  position_ = std::max(position_, static_cast<Position>(m.fields[2]));
  releaseWaiting();
}

void ReadReplica::onCopy(const Message& m) {
  const auto* rows = dynamic_cast<const RowsPayload*>(m.payload.get());
  if (!rows) return;
  // Copies asked for twice may arrive out of order: never take an older one.
  const bool newer = m.fields[0] > epoch_ ||
                     (m.fields[0] == epoch_ &&
                      (m.fields[1] > seq_ ||
                       (m.fields[1] == seq_ && static_cast<Position>(m.fields[2]) >= position_)));
  if (synced_ && !newer) return;
  model_ = {};
  for (const auto& [stream, row] : rows->rows) model_.mutableRow(stream) = row;
  epoch_ = m.fields[0];
  seq_ = m.fields[1];
  // A copy is exactly the projector's rows: after a rebuild in place that is
  // less than before, and the replica says so.
  position_ = static_cast<Position>(m.fields[2]);
  synced_ = true;
  // A delta newer than the copy was passed over while it waited for it.
  gapped_ = newestEpoch_ > epoch_ || (newestEpoch_ == epoch_ && newestSeq_ > seq_);
  askedAt_ = SimTime{-1};
  milestone(words_.replicaSynced, {epoch_, m.fields[2]});
  releaseWaiting();
}

void ReadReplica::onQuery(const Message& m) {
  const auto minPosition = static_cast<Position>(m.fields[2]);
  if (minPosition <= position_ && synced_) return admit(m);
  // Teaching note: read-your-writes — the query waits for the replica to
  // reach the position it carries rather than answer from an older state.
  if (waiting_.size() >= kMaxWaiting) {
    ++rejected_;
    return answer(m, QueryOutcome::Rejected);
  }
  waiting_.push_back({m, now() + options_.tokenWait});
}

void ReadReplica::admit(const Message& m) {
  std::size_t worker = 0;
  switch (pool_.admit(Job{m}, &worker)) {
    case WorkerPool<Job>::Admit::Started:
      setTimer(options_.queryCost, worker);
      break;
    case WorkerPool<Job>::Admit::Queued:
      break;
    case WorkerPool<Job>::Admit::Rejected:
      ++rejected_;
      answer(m, QueryOutcome::Rejected);
      break;
  }
}

void ReadReplica::releaseWaiting() {
  if (waiting_.empty() || !synced_) return;
  std::vector<Waiting> still;
  for (Waiting& w : waiting_) {
    if (static_cast<Position>(w.query.fields[2]) <= position_)
      admit(w.query);
    else
      still.push_back(std::move(w));
  }
  waiting_ = std::move(still);
}

void ReadReplica::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag == kTick) {
    tick_ = setTimer(kTickEvery, kTick);
    if (active_ && (!synced_ || gapped_) &&
        (askedAt_ < SimTime{0} || now() - askedAt_ >= options_.resyncAfter))
      askForCopy();
    std::vector<Waiting> still;
    for (Waiting& w : waiting_) {
      if (now() >= w.until)
        answer(w.query, QueryOutcome::Stale);
      else
        still.push_back(std::move(w));
    }
    waiting_ = std::move(still);
    return;
  }
  if (!pool_.holds(tag)) return;
  bool next = false;
  const Job done = pool_.finish(tag, &next);
  if (next) setTimer(options_.queryCost, tag);
  // The position may have gone back (a rebuild in place) while it was served.
  const bool current = static_cast<Position>(done.query.fields[2]) <= position_;
  answer(done.query, current ? QueryOutcome::Ok : QueryOutcome::Stale);
}

void ReadReplica::answer(const Message& q, QueryOutcome outcome) {
  if (outcome == QueryOutcome::Stale) ++stale_;
  if (outcome == QueryOutcome::Ok) ++served_;
  const auto kind = static_cast<QueryKind>(q.fields[0]);
  const QueryAnswer a =
      answerFrom(model_, options_.streams, options_.sessions, kind, q.fields[1], q.fields[5]);
  send(q.from, words_.queryResult,
       {q.fields[4], static_cast<std::int64_t>(outcome), static_cast<std::int64_t>(position_),
        a.value, a.found ? 1 : 0, q.fields[0]},
       q.request, q.id);
}

}  // namespace cs::cqrs
