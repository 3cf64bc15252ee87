// The command handler: load, decide, append with the expected revision,
// retry on conflicts and lost acknowledgments. See command_handler.h.
// Kernel thread only.
#include "patterns/event_sourcing/command_handler.h"

namespace cs::event_sourcing {
namespace {

constexpr std::uint64_t kTimeout = 1;
// Append batches kept for reuse: one command is in hand at a time, and its
// batch may still be held by a retry's message or the store's queue.
constexpr std::size_t kBatchesKept = 4;

}  // namespace

CommandHandler::CommandHandler(const Words& words, HandlerOptions options, Metrics& metrics,
                               int index)
    : words_(words), options_(std::move(options)), metrics_(&metrics) {
  const std::string h = "handler-" + std::to_string(index);
  foldedMetric_ =
      metrics.define(MetricInfo::counter("es." + h + ".folded", "handler", h, "folded"));
  loadsMetric_ = metrics.define(MetricInfo::counter("es." + h + ".loads", "handler", h, "loads"));
  retriesMetric_ =
      metrics.define(MetricInfo::counter("es." + h + ".retries", "handler", h, "retries"));
  conflictsMetric_ =
      metrics.define(MetricInfo::counter("es." + h + ".conflicts", "handler", h, "conflicts"));
  doneMetric_ = metrics.define(MetricInfo::counter("es." + h + ".done", "handler", h, "done"));
}

void CommandHandler::deploy(Fold fold) {
  options_.fold = fold;
  ++options_.release;
  forgetCache();
}

void CommandHandler::setCaching(bool on) {
  options_.cacheAggregates = on;
  if (!on) forgetCache();
}

void CommandHandler::onCrash() {
  queue_.clear();
  busy_.reset();
  timer_ = {};
  deadline_.reset();
  holding_ = {};
  forgetCache();
  batches_.clear();
}

void CommandHandler::onMessage(const Message& m) {
  if (m.kind == words_.command) {
    if (queue_.size() >= options_.queueLimit) {
      send(m.from, words_.commandResult,
           {m.fields[5], static_cast<std::int64_t>(CommandOutcome::GaveUp), 0, 0}, m.request, m.id);
      return;
    }
    const Queued q{commandFrom(m.fields), m.from, m.fields[5], m.request, m.id};
    // An idle handler takes the command in hand at once, without a trip
    // through the queue.
    if (!busy_) return take(q);
    queue_.push_back(q);
    prefetchFor(q.command);
    return;
  }
  if (!busy_) return;
  if (m.kind == words_.loaded && !busy_->appending && m.fields[1] == busy_->op) return onLoaded(m);
  if (m.kind == words_.appendAck && busy_->appending && m.fields[0] == busy_->op)
    return onAppendAck(m);
}

void CommandHandler::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag != kTimeout) return;
  timer_ = {};
  if (!busy_ || !deadline_) return;
  if (now() < *deadline_) {
    // The load or append this timer was set for is answered; a later one's
    // deadline is still ahead.
    timerAt_ = *deadline_;
    timer_ = setTimer(*deadline_ - now(), kTimeout);
    return;
  }
  deadline_.reset();
  if (busy_->attempts >= options_.maxAttempts) return finish(CommandOutcome::GaveUp);
  if (busy_->appending) return sendAppend(true);
  sendLoad();
}

void CommandHandler::armTimeout() {
  deadline_ = now() + options_.timeout;
  if (timer_ && timerAt_ <= *deadline_) return;
  cancelTimer(timer_);
  timerAt_ = *deadline_;
  timer_ = setTimer(options_.timeout, kTimeout);
}

void CommandHandler::startNext() {
  if (busy_ || queue_.empty()) return;
  const Queued q = queue_.front();
  queue_.pop_front();
  take(q);
}

void CommandHandler::take(const Queued& q) {
  static_cast<Queued&>(busy_.emplace(Work{})) = q;
  beginStep();
}

void CommandHandler::beginStep() {
  Work& w = *busy_;
  w.stream = w.command.streamOf(options_.streams, w.step, &w.firstStep);
  if (!w.stream) return finish(CommandOutcome::Done);
  w.attempts = 0;
  sendLoad();
}

void CommandHandler::sendLoad() {
  Work& w = *busy_;
  w.appending = false;
  w.op = nextOp_++;
  ++w.attempts;
  const Revision held = cachedRevision(*w.stream);
  if (held != kNoStreamRevision) prefetchState(*w.stream);
  send(options_.store, words_.load,
       {static_cast<std::int64_t>(*w.stream), w.op, options_.snapshotEvery > 0 ? 1 : 0, held,
        options_.release, 0},
       w.request, w.cause);
  armTimeout();
}

void CommandHandler::onLoaded(const Message& m) {
  deadline_.reset();
  Work& w = *busy_;
  const auto* read = payloadAs<EventsRead>(m);
  if (!read) return;
  const bool product = options_.streams.isProduct(*w.stream);
  // The store sent the events from revision `from` on: after its snapshot,
  // after the revision held in the cache, or the whole stream.
  const Revision from = m.fields[5];
  const Aggregate* held = read->snapshot || from <= 0 ? nullptr : cached(*w.stream);
  if (!read->snapshot && from > 0 && (!held || held->revision != from - 1)) {
    // Not what this handler holds (a reply it no longer expected): load anew.
    uncache(*w.stream);
    return sendLoad();
  }
  const std::size_t folded = read->events.size();
  w.state = read->snapshot
                ? load(options_.streams, *w.stream, &*read->snapshot, read->events, nullptr,
                       options_.fold)
                : foldOnto(held ? *held : Aggregate{}, product, read->events, options_.fold);
  ++loads_;
  cacheHits_ += held ? 1 : 0;
  foldedTotal_ += folded;
  metrics_->add(loadsMetric_);
  metrics_->add(foldedMetric_, static_cast<std::int64_t>(folded));
  holding_ = {true,
              *w.stream,
              w.state,
              read->snapshot ? read->snapshot->revision : kNoStreamRevision,
              held ? from - 1 : kNoStreamRevision,
              folded};
  cache(*w.stream, w.state);
  milestone(words_.aggregateLoaded,
            {static_cast<std::int64_t>(*w.stream), w.state.revision, holding_.snapshotRevision,
             static_cast<std::int64_t>(folded),
             product ? w.state.stock : static_cast<std::int64_t>(w.state.status),
             holding_.cachedRevision});

  Decision& d = decision_;
  decide(w.command, w.step, w.state, options_.schema, d);
  if (d.refusal != Refusal::None) {
    milestone(words_.commandRefused,
              {static_cast<std::int64_t>(w.command.kind), static_cast<std::int64_t>(*w.stream),
               static_cast<std::int64_t>(d.refusal), w.state.stock, w.command.quantity});
    return finish(CommandOutcome::Refused, d.refusal);
  }
  if (d.events.empty()) {
    // Already done: a cancelled order releases nothing twice.
    if (w.command.kind == CommandType::CancelOrder) return finish(CommandOutcome::Done);
    return stepDone();
  }
  freshIds(d.events);
  w.batch = batchOf(d.events);
  w.expected = options_.expectExact ? d.expected : ExpectedRevision::any();
  w.attempts = 0;
  sendAppend(false);
}

void CommandHandler::prefetchFor(const ShopCommand& command) const {
  const std::optional<StreamId> stream = command.streamOf(options_.streams, 0, nullptr);
  if (!stream || *stream >= cachedRevisions_.size()) return;
  __builtin_prefetch(&cachedRevisions_[*stream]);
  prefetchState(*stream);
}

void CommandHandler::freshIds(std::vector<EventData>& events) {
  // Random 64-bit ids, as a UUID would be: no two writers share them and a
  // restarted handler does not reuse its old ones.
  for (EventData& e : events) {
    do e.id = rng().next();
    while (e.id == 0);
  }
}

std::shared_ptr<const AppendBatch> CommandHandler::batchOf(const std::vector<EventData>& events) {
  // A batch whose only holder is this list was delivered, answered and let
  // go by the command that sent it: no one can see it change.
  for (std::shared_ptr<AppendBatch>& batch : batches_)
    if (batch.use_count() == 1) {
      batch->events = events;
      return batch;
    }
  auto batch = std::make_shared<AppendBatch>(events);
  if (batches_.size() < kBatchesKept) batches_.push_back(batch);
  return batch;
}

void CommandHandler::cache(StreamId stream, const Aggregate& state) {
  if (!options_.cacheAggregates) return;
  if (stream >= cache_.size()) {
    cache_.resize(stream + 1);
    cachedRevisions_.resize(stream + 1, kNoStreamRevision);
  }
  cache_[stream] = state;
  cachedRevisions_[stream] = state.revision;
}

void CommandHandler::uncache(StreamId stream) {
  if (stream >= cache_.size()) return;
  cache_[stream] = Aggregate{};
  cachedRevisions_[stream] = kNoStreamRevision;
}

void CommandHandler::forgetCache() {
  cache_.clear();
  cachedRevisions_.clear();
}

void CommandHandler::sendAppend(bool retry) {
  Work& w = *busy_;
  if (retry) {
    ++retries_;
    metrics_->add(retriesMetric_);
    if (!options_.eventIds) {
      std::vector<EventData> events = w.events();
      freshIds(events);
      w.batch = std::make_shared<AppendBatch>(std::move(events));
    }
    milestone(words_.appendRetried, {static_cast<std::int64_t>(*w.stream), w.op, w.attempts + 1,
                                     options_.eventIds ? 1 : 0});
  }
  w.appending = true;
  w.op = nextOp_++;
  ++w.attempts;
  Message m;
  m.to = options_.store;
  m.kind = words_.append;
  m.request = w.request;
  m.cause = w.cause;
  m.fields = {static_cast<std::int64_t>(*w.stream),
              w.op,
              w.expected.code(),
              static_cast<std::int64_t>(w.events().size()),
              static_cast<std::int64_t>(w.events().front().id),
              0};
  m.payload = w.batch;
  send(std::move(m));
  armTimeout();
}

void CommandHandler::onAppendAck(const Message& m) {
  deadline_.reset();
  Work& w = *busy_;
  const auto outcome = static_cast<AppendResult::Outcome>(m.fields[1]);
  if (outcome == AppendResult::Outcome::Appended ||
      outcome == AppendResult::Outcome::AlreadyAppended) {
    w.position = static_cast<Position>(m.fields[4]) + w.events().size() - 1;
    // The state after our events is known only if nobody appended between
    // our load and our append (always so with an exact expected revision);
    // only then is it worth keeping as a snapshot.
    const bool ours = outcome == AppendResult::Outcome::Appended && m.fields[3] == w.state.revision;
    if (ours) {
      const bool product = options_.streams.isProduct(*w.stream);
      auto p = static_cast<Position>(m.fields[4]);
      for (const EventData& e : w.events()) {
        RecordedEvent rec;
        rec.stream = *w.stream;
        rec.revision = w.state.revision + 1;
        rec.position = p++;
        rec.data = e;
        apply(w.state, product, rec, options_.fold);
      }
      maybeSnapshot(p - 1);
      cache(*w.stream, w.state);
    }
    return stepDone();
  }
  if (outcome == AppendResult::Outcome::WrongExpectedVersion) {
    ++conflicts_;
    ++w.conflicts;
    metrics_->add(conflictsMetric_);
    milestone(words_.commandRetried,
              {static_cast<std::int64_t>(*w.stream), m.fields[2], m.fields[3], w.conflicts});
    if (w.conflicts > options_.maxConflicts) return finish(CommandOutcome::GaveUp);
    w.attempts = 0;
    return sendLoad();
  }
  finish(CommandOutcome::GaveUp);
}

void CommandHandler::maybeSnapshot(Position lastPosition) {
  const Work& w = *busy_;
  const int n = options_.snapshotEvery;
  if (n <= 0) return;
  const Revision before = w.state.revision - static_cast<Revision>(w.events().size());
  if ((w.state.revision + 1) / n == (before + 1) / n) return;
  const bool product = options_.streams.isProduct(*w.stream);
  Message m;
  m.to = options_.store;
  m.kind = words_.saveSnapshot;
  m.fields = {static_cast<std::int64_t>(*w.stream),
              w.state.revision,
              static_cast<std::int64_t>(lastPosition),
              0,
              0,
              0};
  Snapshot s = asSnapshot(w.state, product, lastPosition);
  s.release = options_.release;
  m.payload = std::make_shared<SnapshotBody>(s);
  send(std::move(m));
}

void CommandHandler::stepDone() {
  Work& w = *busy_;
  if (w.step == 0) {
    w.firstStep = w.state;
    if (w.command.kind == CommandType::CancelOrder) {
      w.command.product = w.state.product;
      w.command.quantity = w.state.quantity;
    }
  }
  ++w.step;
  beginStep();
}

void CommandHandler::finish(CommandOutcome outcome, Refusal refusal) {
  deadline_.reset();
  Work& w = *busy_;
  const auto stream = static_cast<std::int64_t>(w.stream.value_or(0));
  if (outcome == CommandOutcome::Done) {
    ++done_;
    metrics_->add(doneMetric_);
    milestone(words_.commandDone,
              {static_cast<std::int64_t>(w.command.kind), stream, w.conflicts, w.id});
  } else if (outcome == CommandOutcome::Refused) {
    ++refused_;
  } else {
    ++gaveUp_;
    milestone(words_.commandGaveUp,
              {static_cast<std::int64_t>(w.command.kind), stream, w.conflicts, w.id});
  }
  send(w.client, words_.commandResult,
       {w.id, static_cast<std::int64_t>(outcome), static_cast<std::int64_t>(refusal), w.conflicts,
        static_cast<std::int64_t>(w.position)},
       w.request, w.cause);
  busy_.reset();
  startNext();
}

}  // namespace cs::event_sourcing
