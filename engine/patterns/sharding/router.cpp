// A router. See router.h. Kernel thread only.
#include "patterns/sharding/router.h"

#include <algorithm>
#include <cmath>

#include "clusterscope/rng.h"

namespace cs::sharding {
namespace {

constexpr std::uint64_t kArriveTag = 1;
constexpr std::uint64_t kRefreshTag = 2;
constexpr std::uint64_t kTimeoutTag = 3;
constexpr std::uint64_t kRetryBit = std::uint64_t{2} << 60;
constexpr std::uint64_t kIdMask = (std::uint64_t{1} << 60) - 1;
constexpr int kMaxAttempts = 12;
constexpr std::size_t kMaxParked = 4096;
constexpr SimDuration kRetryPause{5'000};
static_assert(kAttemptSpan > kMaxAttempts);

}  // namespace

bool Router::Awaited::remove(NodeId shard) {
  const auto end = shards.begin() + count;
  const auto at = std::find(shards.begin(), end, shard);
  if (at == end) return false;
  std::copy(at + 1, end, at);
  --count;
  return true;
}

Router::Router(const Words& words, const ShardingOptions& options, NodeId config, int index,
               Metrics& metrics, ShardLatency& latency)
    : words_(words),
      options_(options),
      config_(config),
      index_(index),
      metrics_(metrics),
      shardLatency_(latency),
      rate_(options.rate),
      distribution_(options.distribution),
      versioned_(options.versioned) {
  const std::string name = "router-" + std::to_string(index + 1);
  staleMetric_ =
      metrics.define(MetricInfo::counter("shard." + name + ".stale", "router", name, "stale"));
  okMetric_ = metrics.define(MetricInfo::counter("shard." + name + ".ok", "router", name, "ok"));
  failMetric_ =
      metrics.define(MetricInfo::counter("shard." + name + ".failed", "router", name, "failed"));
  latencyMetric_ = metrics.define(MetricInfo::gauge("shard." + name + ".latency", "router", name,
                                                    "latency", MetricUnit::Microseconds));
  fanoutMetric_ = metrics.define(
      MetricInfo::gauge("shard." + name + ".fanout", "router", name, "last range query's fan-out"));
  latencySecondMetric_ =
      metrics.define(MetricInfo::gauge("shard." + name + ".latency-1s", "router", name,
                                       "mean latency over 1 s", MetricUnit::Microseconds));
  nextOrderId_ = options.keySpace + index;
}

void Router::onStart() {
  refresh();
  if (rate_ > 0) setTimer(SimDuration{1}, kArriveTag);
}

void Router::onCrash() {
  map_.reset();
  refreshing_ = false;
  ops_.clear();
  oldest_ = nextOp_;
  timeouts_.clear();  // its timer died with the crash
  parked_.clear();
}

void Router::refresh() {
  if (refreshing_) return;
  refreshing_ = true;
  Message m;
  m.to = config_;
  m.kind = words_.getMap;
  m.fields = {map_ ? map_->version.packed() : 0, ++refreshAsk_};
  send(std::move(m));
  setTimer(options_.opTimeout, kRefreshTag);
}

Key Router::pickKey(bool forWrite) {
  Rng& r = rng();
  switch (distribution_) {
    case Distribution::HotKey:
      if (r.chance(options_.hotShare)) return options_.keySpace / 2 + 1;
      break;
    case Distribution::Increasing:
      // Order ids: each router takes every other one, always above the rest.
      if (forWrite) return std::exchange(nextOrderId_, nextOrderId_ + 2);
      break;
    case Distribution::Uniform:
      break;
  }
  return clientKey();
}

Key Router::clientKey() {
  // This router's clients use their own customers' keys, if the options
  // say which (EU clients, EU customers).
  Range keys{0, options_.keySpace};
  if (!options_.clientKeys.empty()) keys = options_.clientKeys[static_cast<std::size_t>(index_)];
  return keys.lo + static_cast<Key>(rng().below(static_cast<std::uint64_t>(keys.hi - keys.lo)));
}

void Router::arrive() {
  Rng& r = rng();
  const double u = r.unit();
  if (u < options_.scanShare) {
    const Key lo = clientKey();
    scanRange(lo, lo + std::max<Key>(1, options_.keySpace / 100));
  } else if (u < options_.scanShare + (1 - options_.scanShare) * options_.readShare) {
    read(pickKey(false));
  } else {
    write(pickKey(true));
  }
  if (rate_ <= 0) return;
  // Exponential gaps: a Poisson stream of arrivals.
  const double gap = -std::log(1.0 - r.unit()) / rate_;
  setTimer(std::max(SimDuration{1}, fromSeconds(gap)), kArriveTag);
}

void Router::setRate(double rate) {
  const bool idle = rate_ <= 0;
  rate_ = rate;
  if (idle && rate_ > 0) setTimer(SimDuration{1}, kArriveTag);
}

void Router::read(Key key) {
  dispatch(begin(OpKind::Read, key, 0));
}

void Router::write(Key key) {
  dispatch(begin(OpKind::Write, key, 0));
}

void Router::scanRange(Key lo, Key hi) {
  dispatch(begin(OpKind::Scan, lo, hi));
}

std::int64_t Router::begin(OpKind kind, Key key, Key hi) {
  const std::int64_t id = nextOp_++;
  Op& op = ops_.insert(static_cast<std::uint64_t>(id));
  op.kind = kind;
  op.key = key;
  op.hi = hi;
  op.started = now();
  if (oldest_ == id) oldestStarted_ = op.started;
  // A write's value is its stamp: later writes carry larger values, so a
  // shard keeping the larger of two never lets an old write win.
  op.value = now().count() * kStampsPerMicrosecond + (stampSeq_++ % 32) * 2 + index_;
  return id;
}

void Router::dispatch(std::int64_t id) {
  Op* found = ops_.find(static_cast<std::uint64_t>(id));
  if (!found) return;
  Op& op = *found;
  if (!map_) {
    if (parked_.size() < kMaxParked)
      parked_.push_back(id);
    else
      forget(id);
    refresh();
    return;
  }
  if (++op.attempts > kMaxAttempts) {
    milestone(words_.gaveUp, {op.key, op.attempts - 1});
    metrics_.add(failMetric_);
    stopRetry(op);
    forget(id);
    return;
  }
  op.waiting.clear();
  op.found = 0;
  if (op.kind == OpKind::Scan) {
    if (map_->mode == Partitioning::Ranged) {
      // Targeted: only the chunks the range touches.
      const std::size_t a = map_->chunkAt(map_->position(op.key));
      const std::size_t b = map_->chunkAt(map_->position(op.hi - 1));
      for (std::size_t c = a; c <= b; ++c) op.waiting.add(map_->chunks[c].owner);
    } else {
      for (const Chunk& c : map_->chunks) op.waiting.add(c.owner);
    }
    std::sort(op.waiting.shards.begin(), op.waiting.shards.begin() + op.waiting.count);
    op.fanout = static_cast<int>(op.waiting.count);
  } else {
    op.waiting.add(map_->ownerOfKey(op.key));
  }
  const std::int64_t version = versioned_ ? map_->version.packed() : 0;
  const std::int64_t token = id * kAttemptSpan + op.attempts % kAttemptSpan;
  for (std::size_t i = 0; i < op.waiting.count; ++i) {
    const NodeId shard = op.waiting.shards[i];
    send(shard, words_.op,
         {static_cast<std::int64_t>(op.kind), op.key, op.value, version, token, op.hi},
         static_cast<RequestId>(id));
  }
  stopRetry(op);
  timeouts_.add(now() + options_.opTimeout, static_cast<std::uint64_t>(token));
  armTimeouts();
}

void Router::forget(std::int64_t id) {
  ops_.erase(static_cast<std::uint64_t>(id));
  for (; oldest_ < nextOp_; ++oldest_)
    if (const Op* op = ops_.find(static_cast<std::uint64_t>(oldest_))) {
      oldestStarted_ = op->started;
      return;
    }
}

void Router::retryLater(std::int64_t id, SimDuration after) {
  Op* op = ops_.find(static_cast<std::uint64_t>(id));
  if (!op) return;
  op->waiting.clear();
  stopRetry(*op);
  op->retry = setTimer(after, kRetryBit | static_cast<std::uint64_t>(id));
}

Router::Op* Router::awaiting(std::uint64_t token) {
  Op* op = ops_.find(token / kAttemptSpan);
  if (!op || op->waiting.empty() ||
      static_cast<std::int64_t>(token % kAttemptSpan) != op->attempts % kAttemptSpan)
    return nullptr;
  return op;
}

void Router::armTimeouts() {
  if (!timeouts_.needsTimer()) return;
  cancelTimer(timeouts_.timer);
  timeouts_.armedAt = timeouts_.front().at;
  timeouts_.timer = setTimer(timeouts_.armedAt - now(), kTimeoutTag);
}

// An attempt unanswered for opTimeout: the owner may have moved, or be
// down, so refresh the map and send it again.
void Router::expireAttempts() {
  timeouts_.timer = TimerHandle{};
  timeouts_.armedAt = SimTime{-1};
  std::vector<std::int64_t> due;
  while (!timeouts_.empty() && timeouts_.front().at <= now()) {
    const std::uint64_t token = timeouts_.front().key;
    timeouts_.popFront();
    // Skipped if answered, or waiting for a retry or a map.
    if (awaiting(token)) due.push_back(static_cast<std::int64_t>(token / kAttemptSpan));
  }
  // Attempts answered in time need no timer.
  while (!timeouts_.empty() && !awaiting(timeouts_.front().key)) timeouts_.popFront();
  // Sent again only now, so each new deadline is armed behind the old ones.
  for (const std::int64_t id : due) {
    refresh();
    dispatch(id);
  }
  armTimeouts();
}

void Router::metricsFor(NodeId shard, SimDuration latency) {
  metrics_.add(okMetric_);
  if (shard != kNoNode) shardLatency_.record(shard, latency.count());
  latencySum_ += latency.count();
  ++latencyCount_;
}

std::int64_t Router::takeMeanLatency() {
  const std::int64_t mean = latencyCount_ ? latencySum_ / latencyCount_ : 0;
  if (latencyWindow_.size() == kLatencyWindow) latencyWindow_.erase(latencyWindow_.begin());
  latencyWindow_.emplace_back(latencySum_, latencyCount_);
  std::int64_t sum = 0, count = 0;
  for (const auto& [s, n] : latencyWindow_) {
    sum += s;
    count += n;
  }
  lastSecondLatencyUs_ = count ? sum / count : 0;
  metrics_.set(latencySecondMetric_, lastSecondLatencyUs_);
  latencySum_ = latencyCount_ = 0;
  metrics_.set(latencyMetric_, mean);
  return mean;
}

void Router::finish(std::int64_t id, std::int64_t value, NodeId shard) {
  Op& op = *ops_.find(static_cast<std::uint64_t>(id));
  // A scan's answer is many shards': it counts for none of them.
  metricsFor(op.kind == OpKind::Scan ? kNoNode : shard, now() - op.started);
  if (op.kind == OpKind::Write)
    milestone(words_.writeAcked, {op.key, op.value, op.started.count()});
  else if (op.kind == OpKind::Read)
    milestone(words_.readDone, {op.key, value, op.started.count()});
  else {
    lastFanout_ = op.fanout;
    metrics_.set(fanoutMetric_, op.fanout);
    milestone(words_.scatter, {op.fanout, op.found});
  }
  stopRetry(op);
  forget(id);
}

void Router::onMessage(const Message& m) {
  if (m.kind == words_.mapIs) {
    if (m.fields[1] == refreshAsk_) refreshing_ = false;
    const MapPtr& fresh = static_cast<const MapPayload&>(*m.payload).map;
    if (!map_ || fresh->version > map_->version) {
      map_ = fresh;
      milestone(words_.mapRefreshed, {map_->version.major, map_->version.minor});
    }
    for (std::int64_t id : std::exchange(parked_, {})) dispatch(id);
    return;
  }
  if (m.kind != words_.opResult) return;
  const std::int64_t id = m.fields[0] / kAttemptSpan;
  Op* found = ops_.find(static_cast<std::uint64_t>(id));
  if (!found) return;
  Op& op = *found;
  if (m.fields[0] % kAttemptSpan != op.attempts % kAttemptSpan) return;  // an earlier attempt
  const auto outcome = static_cast<OpOutcome>(m.fields[1]);
  // Any answer but Ok ends the attempt, so the shard is no longer awaited.
  if (!op.waiting.remove(m.from)) return;
  switch (outcome) {
    case OpOutcome::Ok:
      op.found += m.fields[4];
      if (op.waiting.empty()) finish(id, m.fields[2], m.from);
      return;
    case OpOutcome::StaleConfig: {
      ++stale_;
      metrics_.add(staleMetric_);
      const Version mine = map_ ? map_->version : Version{};
      const Version theirs = Version::unpack(m.fields[3]);
      milestone(words_.staleConfig, {mine.packed(), theirs.packed()}, m.from);
      // Theirs newer: our map is stale, refresh. Ours newer: the shard is
      // refreshing; try again in a moment.
      if (theirs > mine) {
        op.waiting.clear();
        parked_.push_back(id);
        refresh();
      } else {
        retryLater(id, kRetryPause);
      }
      return;
    }
    case OpOutcome::Blocked:
      retryLater(id, kRetryPause * 2);
      return;
    case OpOutcome::Busy:
      metrics_.add(failMetric_);
      stopRetry(op);
      forget(id);
      return;
  }
}

void Router::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag == kArriveTag) {
    arrive();
  } else if (tag == kRefreshTag) {
    if (refreshing_) {
      refreshing_ = false;
      refresh();
    }
  } else if (tag == kTimeoutTag) {
    expireAttempts();
  } else if (tag & kRetryBit) {
    const auto id = static_cast<std::int64_t>(tag & kIdMask);
    if (Op* op = ops_.find(static_cast<std::uint64_t>(id))) {
      op->retry = {};
      dispatch(id);
    }
  }
}

}  // namespace cs::sharding
