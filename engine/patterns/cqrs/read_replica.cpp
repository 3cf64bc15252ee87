// A read replica: deltas and copies in, queries out. See read_replica.h.
// Kernel thread only.
#include "patterns/cqrs/read_replica.h"

#include <algorithm>

#include "patterns/cqrs/projection_plan.h"

namespace cs::cqrs {
namespace {

constexpr std::uint64_t kTick = 100;  // workers are 0..63
constexpr SimDuration kTickEvery{10'000};
// Queries waiting for a position hold no worker, only memory.
constexpr std::size_t kMaxWaiting = 4'096;

}  // namespace

QueryAnswer answerFrom(const ReadModel& model, const ShopStreams& streams, QueryKind kind,
                       std::int64_t key, std::int64_t order) {
  QueryAnswer a;
  switch (kind) {
    case QueryKind::Listing:
      if (key >= 1 && key <= streams.products)
        if (const Row* r = model.row(streams.product(key)); r && r->revision >= 0) a = {r->a, true};
      break;
    case QueryKind::OrderDetail:
      if (key >= 1 && model.expired(streams.order(key)))
        a.expired = true;
      else if (key >= 1)
        if (const Row* r = model.row(streams.order(key)); r && r->revision >= 0) a = {r->c, true};
      break;
    case QueryKind::MyOrders: {
      a.value = model.ordersOf(key);
      a.expired = order >= 1 && model.expired(streams.order(order));
      const Row* r = order >= 1 ? model.row(streams.order(order)) : nullptr;
      a.found = !a.expired && (order < 1 || (r && r->revision >= 0));
      break;
    }
    case QueryKind::Dashboard:
      a = {model.dashboard().orders, true};
      break;
  }
  return a;
}

ReadReplica::ReadReplica(const Words& words, ReplicaOptions options)
    : words_(words),
      options_(std::move(options)),
      copies_(options_.projectors.size(), emptyCopy()),
      pool_(options_.workers, options_.queue) {}

Position ReadReplica::position() const {
  Position p = copies_.empty() ? 0 : copies_.front().position;
  for (const Copy& c : copies_) p = std::min(p, c.position);
  return p;
}

bool ReadReplica::synced() const {
  return std::all_of(copies_.begin(), copies_.end(), [](const Copy& c) { return c.synced; });
}

const ReadModel& ReadReplica::modelFor(QueryKind kind) const {
  return copy(projectorFor(kind, copies())).model;
}

ReadReplica::Copy& ReadReplica::copyFor(const Message& query) {
  const auto kind = static_cast<QueryKind>(query.fields[0]);
  return copies_[static_cast<std::size_t>(projectorFor(kind, copies()))];
}

int ReadReplica::indexOf(NodeId projector) const {
  for (std::size_t i = 0; i < options_.projectors.size(); ++i)
    if (options_.projectors[i] == projector) return static_cast<int>(i);
  return -1;
}

void ReadReplica::forget() {
  for (Copy& c : copies_) c = emptyCopy();
  pool_.clear();
  waiting_.clear();
}

void ReadReplica::onCrash() {
  forget();
  tick_ = {};
}

void ReadReplica::onStart() {
  tick_ = setTimer(kTickEvery, kTick);
  if (!active_) return;
  for (std::size_t i = 0; i < copies_.size(); ++i) askForCopy(i);
}

void ReadReplica::setActive(bool active) {
  if (active == active_) return;
  active_ = active;
  // Leaves the pool: its copies and its queue go with it.
  if (!active_) return forget();
  for (std::size_t i = 0; i < copies_.size(); ++i) askForCopy(i);
}

void ReadReplica::askForCopy(std::size_t i) {
  Copy& c = copies_[i];
  c.askedAt = now();
  send(options_.projectors[i], words_.syncRequest, {c.epoch, c.seq});
}

void ReadReplica::onMessage(const Message& m) {
  if (!active_) return;
  if (m.kind == words_.query) return onQuery(m);
  if (m.kind != words_.modelDelta && m.kind != words_.modelCopy) return;
  const int i = indexOf(m.from);
  if (i < 0) return;
  Copy& c = copies_[static_cast<std::size_t>(i)];
  if (m.kind == words_.modelDelta) return onDelta(c, m);
  onCopy(c, m);
}

void ReadReplica::onDelta(Copy& c, const Message& m) {
  const auto* rows = dynamic_cast<const RowsPayload*>(m.payload.get());
  if (!rows) return;
  if (m.fields[0] > c.newestEpoch || (m.fields[0] == c.newestEpoch && m.fields[1] > c.newestSeq)) {
    c.newestEpoch = m.fields[0];
    c.newestSeq = m.fields[1];
  }
  if (m.fields[0] < c.epoch) return;        // from before the copy it holds
  const bool heartbeat = m.fields[4] != 0;  // names the last delta sent, carries nothing
  const bool missed = heartbeat ? m.fields[0] != c.epoch || m.fields[1] > c.seq
                                : m.fields[0] != c.epoch || m.fields[1] != c.seq + 1;
  if (heartbeat && !missed) return;
  if (missed) {
    if (!heartbeat && m.fields[0] == c.epoch && m.fields[1] <= c.seq) return;  // old news
    // A delta missed, or a new epoch: only a full copy is safe now.
    c.gapped = true;
    if (c.askedAt < SimTime{0} || now() - c.askedAt >= options_.resyncAfter)
      askForCopy(static_cast<std::size_t>(&c - copies_.data()));
    return;
  }
  for (const auto& [stream, row] : rows->rows) c.model.set(stream, row);
  c.model.freeExpired();
  c.seq = m.fields[1];
  c.position = std::max(c.position, static_cast<Position>(m.fields[2]));
  c.clock = std::max(c.clock, m.fields[5]);
  releaseWaiting();
}

void ReadReplica::onCopy(Copy& c, const Message& m) {
  const auto* rows = dynamic_cast<const RowsPayload*>(m.payload.get());
  if (!rows) return;
  // Copies asked for twice may arrive out of order: never take an older one.
  const bool newer = m.fields[0] > c.epoch ||
                     (m.fields[0] == c.epoch &&
                      (m.fields[1] > c.seq ||
                       (m.fields[1] == c.seq && static_cast<Position>(m.fields[2]) >= c.position)));
  if (c.synced && !newer) return;
  c.model.clear();
  for (const auto& [stream, row] : rows->rows) c.model.set(stream, row);
  if (rows->copy) c.model.restore(rows->copy->totals, rows->copy->freedPages);
  c.clock = m.fields[4];
  c.epoch = m.fields[0];
  c.seq = m.fields[1];
  // A copy is exactly the projector's rows: after a rebuild in place that is
  // less than before, and the replica says so.
  c.position = static_cast<Position>(m.fields[2]);
  c.synced = true;
  // A delta newer than the copy was passed over while it waited for it.
  c.gapped = c.newestEpoch > c.epoch || (c.newestEpoch == c.epoch && c.newestSeq > c.seq);
  c.askedAt = SimTime{-1};
  milestone(words_.replicaSynced, {c.epoch, m.fields[2], indexOf(m.from)});
  releaseWaiting();
}

void ReadReplica::onQuery(const Message& m) {
  const auto minPosition = static_cast<Position>(m.fields[2]);
  const Copy& c = copyFor(m);
  if (minPosition <= c.position && c.synced) return admit(m);
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
  if (waiting_.empty()) return;
  std::vector<Waiting> still;
  for (Waiting& w : waiting_) {
    const Copy& c = copyFor(w.query);
    if (c.synced && static_cast<Position>(w.query.fields[2]) <= c.position)
      admit(w.query);
    else
      still.push_back(std::move(w));
  }
  waiting_ = std::move(still);
}

void ReadReplica::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag == kTick) {
    tick_ = setTimer(kTickEvery, kTick);
    for (std::size_t i = 0; i < copies_.size(); ++i) {
      const Copy& c = copies_[i];
      if (active_ && (!c.synced || c.gapped) &&
          (c.askedAt < SimTime{0} || now() - c.askedAt >= options_.resyncAfter))
        askForCopy(i);
    }
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
  const bool current = static_cast<Position>(done.query.fields[2]) <= copyFor(done.query).position;
  answer(done.query, current ? QueryOutcome::Ok : QueryOutcome::Stale);
}

void ReadReplica::answer(const Message& q, QueryOutcome outcome) {
  if (outcome == QueryOutcome::Stale) ++stale_;
  if (outcome == QueryOutcome::Ok) ++served_;
  const auto kind = static_cast<QueryKind>(q.fields[0]);
  const Copy& c = copyFor(q);
  const QueryAnswer a = answerFrom(c.model, options_.streams, kind, q.fields[1], q.fields[5]);
  send(q.from, words_.queryResult,
       {q.fields[4], static_cast<std::int64_t>(outcome), static_cast<std::int64_t>(c.position),
        a.value, a.found ? 1 : (a.expired ? kFoundExpired : 0), q.fields[0]},
       q.request, q.id);
}

}  // namespace cs::cqrs
