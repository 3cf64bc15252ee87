// The event store node: serial appends with a commit delay, loads, reads
// and live subscriptions. See store_node.h. Kernel thread only.
#include "patterns/event_sourcing/store_node.h"

#include <algorithm>

namespace cs::event_sourcing {
namespace {

constexpr std::uint64_t kCommitTimer = 1;
// Loaded payloads kept for reuse: one per load in flight, and there are
// about as many of those as handlers.
constexpr std::size_t kReadsKept = 4;
constexpr std::uint64_t kScavengeTimer = 2;

const std::vector<EventData>& batchOf(const Message& m) {
  static const std::vector<EventData> kNone;
  const auto* b = payloadAs<AppendBatch>(m);
  return b ? b->events : kNone;
}

}  // namespace

StoreNode::StoreNode(const Words& words, StoreOptions options, Metrics& metrics)
    : words_(words), options_(options), metrics_(&metrics) {
  appendsMetric_ = metrics.define(MetricInfo::counter("es.appends", "store", "store", "appends"));
  eventsMetric_ = metrics.define(MetricInfo::counter("es.events", "store", "store", "events"));
  conflictsMetric_ =
      metrics.define(MetricInfo::counter("es.conflicts", "store", "store", "conflicts"));
  duplicatesMetric_ = metrics.define(
      MetricInfo::counter("es.already_appended", "store", "store", "already_appended"));
  headMetric_ = metrics.define(MetricInfo::gauge("es.head", "store", "store", "head"));
}

void StoreNode::onStart() {
  if (startedBefore_)
    milestone(words_.storeRecovered, {static_cast<std::int64_t>(store_.head()),
                                      static_cast<std::int64_t>(store_.streamCount()),
                                      static_cast<std::int64_t>(lostAppends_)});
  startedBefore_ = true;
  armScavenge();
}

void StoreNode::armScavenge() {
  if (retaining())
    scavengeTimer_ = setTimer(options_.retention->options().scavengeEvery, kScavengeTimer);
}

void StoreNode::scavenge() {
  lastScavenge_ = options_.retention->scavenge(store_, now().count());
  ++scavenges_;
  reclaimed_ += lastScavenge_.reclaimed;
  milestone(words_.scavenged, {static_cast<std::int64_t>(lastScavenge_.reclaimed),
                               static_cast<std::int64_t>(lastScavenge_.kept),
                               static_cast<std::int64_t>(lastScavenge_.horizon),
                               static_cast<std::int64_t>(lastScavenge_.streamsForgotten),
                               static_cast<std::int64_t>(store_.eventsHeld())});
}

void StoreNode::onCrash() {
  // Appends not yet committed are lost whole; their writers will retry.
  lostAppends_ += queue_.size();
  queue_.clear();
  commitTimer_ = {};
  scavengeTimer_ = {};
  live_.clear();
  reads_.clear();
}

void StoreNode::onMessage(const Message& m) {
  if (m.kind == words_.append) return handleAppend(m);
  if (m.kind == words_.load) return handleLoad(m);
  if (m.kind == words_.readAll) return handleReadAll(m);
  if (m.kind == words_.subscribe) {
    if (std::find(live_.begin(), live_.end(), m.from) == live_.end()) live_.push_back(m.from);
    // Whatever committed since the subscriber's checkpoint goes first.
    const auto from = static_cast<Position>(std::max<std::int64_t>(m.fields[0], 1));
    if (from <= store_.head()) publishTo({m.from}, from, store_.head());
    return;
  }
  if (m.kind == words_.saveSnapshot) {
    const auto* body = payloadAs<SnapshotBody>(m);
    const auto stream = static_cast<StreamId>(m.fields[0]);
    if (!body || body->snapshot.revision > store_.revision(stream)) return;
    const Snapshot* before = store_.latestSnapshot(stream);
    if (before && before->revision >= body->snapshot.revision) return;
    store_.saveSnapshot(stream, body->snapshot);
    milestone(words_.snapshotSaved, {m.fields[0], body->snapshot.revision,
                                     static_cast<std::int64_t>(body->snapshot.position)});
  }
}

void StoreNode::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag == kScavengeTimer) {
    scavengeTimer_ = {};
    scavenge();
    return armScavenge();
  }
  if (tag != kCommitTimer || queue_.empty()) return;
  commitTimer_ = {};
  const Message m = queue_.front().message;
  queue_.pop_front();
  commit(m, batchOf(m));
  startNext();
}

void StoreNode::handleAppend(const Message& m) {
  const std::vector<EventData>& events = batchOf(m);
  if (events.empty()) return;
  if (options_.commitDelay.count() == 0 && queue_.empty()) return commit(m, events);
  queue_.push_back({m});
  if (queue_.size() == 1) startNext();
}

void StoreNode::startNext() {
  if (queue_.empty() || commitTimer_) return;
  commitTimer_ = setTimer(options_.commitDelay, kCommitTimer);
}

void StoreNode::commit(const Message& m, std::span<const EventData> events) {
  const auto stream = static_cast<StreamId>(m.fields[0]);
  const ExpectedRevision expected = ExpectedRevision::fromCode(m.fields[2]);
  answerAppend(m, store_.append(stream, expected, events, now().count()));
}

void StoreNode::answerAppend(const Message& m, const AppendResult& r) {
  const auto stream = static_cast<StreamId>(m.fields[0]);
  const ExpectedRevision expected = ExpectedRevision::fromCode(m.fields[2]);
  // A batch is stored in one run of positions.
  const auto count = static_cast<std::int64_t>(r.ok() ? r.last - r.first + 1 : 0);
  const std::int64_t writer = m.from;
  switch (r.outcome) {
    case AppendResult::Outcome::Appended: {
      ++committed_;
      metrics_->add(appendsMetric_);
      metrics_->add(eventsMetric_, count);
      metrics_->set(headMetric_, static_cast<std::int64_t>(store_.head()));
      milestone(words_.appendCommitted,
                {m.fields[0], expected.code(), r.actual + 1, count,
                 static_cast<std::int64_t>(r.first), writer},
                m.from);
      for (Position p = r.first; p <= r.last; ++p) {
        const RecordedEvent& e = store_.at(p);
        milestone(words_.eventAppended,
                  {m.fields[0], e.revision, static_cast<std::int64_t>(p), e.data.type,
                   e.data.schema, static_cast<std::int64_t>(e.data.id)},
                  m.from);
      }
      break;
    }
    case AppendResult::Outcome::AlreadyAppended:
      ++recognised_;
      metrics_->add(duplicatesMetric_);
      milestone(words_.alreadyAppended,
                {m.fields[0], static_cast<std::int64_t>(r.first), count, writer}, m.from);
      break;
    case AppendResult::Outcome::WrongExpectedVersion:
      ++rejected_;
      metrics_->add(conflictsMetric_);
      lastRejection_ = {stream, expected, r.actual, m.from, now(), true};
      milestone(words_.wrongExpectedVersion,
                {m.fields[0], expected.code(), r.actual, writer, m.fields[1]}, m.from);
      break;
    case AppendResult::Outcome::IdConflict:
      break;
  }
  if (r.outcome == AppendResult::Outcome::Appended) {
    if (retaining()) options_.retention->onAppended(store_, stream, r.first, r.last);
    publishTo(live_, r.first, r.last, m.request);
  }
  if (loseNextAck_ && r.ok()) {
    loseNextAck_ = false;
    milestone(words_.ackLost, {m.fields[1], writer}, m.from);
    return;
  }
  send(m.from, words_.appendAck,
       {m.fields[1], static_cast<std::int64_t>(r.outcome), expected.code(), r.actual,
        static_cast<std::int64_t>(r.first), r.nextExpected},
       m.request, m.id);
}

void StoreNode::handleLoad(const Message& m) {
  const auto stream = static_cast<StreamId>(m.fields[0]);
  std::shared_ptr<EventsRead> read = freeRead();
  // A handler that holds the aggregate at revision `after` already needs only
  // the events since; a later snapshot, if asked for and folded by the
  // handler's own release of the code, is a shorter start.
  const Revision after = std::max<Revision>(m.fields[3], kNoStreamRevision);
  Revision from = after + 1;
  if (m.fields[2] != 0 && store_.snapshotRevision(stream) > after)
    if (const Snapshot* s = store_.latestSnapshot(stream); s->release == m.fields[4]) {
      read->snapshot = *s;
      from = s->revision + 1;
    }
  // Events before the stream's first readable one are gone: the latest
  // snapshot is where the stream begins now, whichever release folded it.
  if (from < store_.firstReadable(stream))
    if (const Snapshot* s = store_.latestSnapshot(stream);
        s && s->revision + 1 >= store_.firstReadable(stream)) {
      read->snapshot = *s;
      from = s->revision + 1;
    }
  // Still before it: a deleted stream (an expired order), which reads as a
  // stream with no events.
  if (from < store_.firstReadable(stream))
    from = 0;
  else
    store_.readStream(stream, from, read->events);
  Message reply;
  reply.to = m.from;
  reply.kind = words_.loaded;
  reply.request = m.request;
  reply.cause = m.id;
  reply.fields = {m.fields[0],
                  m.fields[1],
                  store_.revision(stream),
                  read->snapshot ? read->snapshot->revision : kNoStreamRevision,
                  static_cast<std::int64_t>(read->events.size()),
                  from};
  reply.payload = std::move(read);
  send(std::move(reply));
}

std::shared_ptr<EventsRead> StoreNode::freeRead() {
  for (std::shared_ptr<EventsRead>& read : reads_)
    if (read.use_count() == 1) {
      read->snapshot.reset();
      read->events.clear();
      return read;
    }
  auto read = std::make_shared<EventsRead>();
  if (reads_.size() < kReadsKept) reads_.push_back(read);
  return read;
}

void StoreNode::handleReadAll(const Message& m) {
  const auto from = static_cast<Position>(std::max<std::int64_t>(m.fields[0], 1));
  const auto max = std::min<std::size_t>(
      static_cast<std::size_t>(std::max<std::int64_t>(m.fields[1], 1)), options_.readBatch);
  auto read = std::make_shared<EventsRead>();
  read->events = store_.readAll(from, max);
  answerReadAll(m, from, std::move(read), store_.head());
}

void StoreNode::answerReadAll(const Message& m, Position from, std::shared_ptr<EventsRead> read,
                              Position head) {
  // A reader asking for what a scavenge reclaimed is told so, typed.
  const std::optional<Scavenged> scavenged = store_.scavengedAll(from);
  Message reply;
  reply.to = m.from;
  reply.kind = words_.readAllReply;
  reply.cause = m.id;
  reply.fields = {static_cast<std::int64_t>(from),
                  static_cast<std::int64_t>(read->events.size()),
                  static_cast<std::int64_t>(head),
                  m.fields[2],
                  static_cast<std::int64_t>(scavenged ? scavenged->firstHeld : 0),
                  static_cast<std::int64_t>(store_.horizon())};
  reply.payload = std::move(read);
  send(std::move(reply));
}

void StoreNode::publishTo(const std::vector<NodeId>& subscribers, Position from, Position to,
                          RequestId request) {
  for (NodeId subscriber : subscribers)
    for (Position p = store_.nextHeld(from); p <= to; p = store_.nextHeld(p + 1)) {
      const RecordedEvent& e = store_.at(p);
      auto one = std::make_shared<EventsRead>();
      one->events.push_back(e);
      Message m;
      m.to = subscriber;
      m.kind = words_.eventAppeared;
      m.request = request;
      m.fields = {static_cast<std::int64_t>(p), e.stream, e.revision, e.data.type, 0, 0};
      m.payload = std::move(one);
      send(std::move(m));
    }
}

}  // namespace cs::event_sourcing
