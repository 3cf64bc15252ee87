// A shard serving operations and keeping its metadata. The migration
// protocol is in migration.cpp. See shard_node.h. Kernel thread only.
#include "patterns/sharding/shard_node.h"

#include <algorithm>
#include <utility>

#include "patterns/sharding/shard_tags.h"

namespace cs::sharding {
namespace {

constexpr SimDuration kStatsEvery{1'000'000};
constexpr std::size_t kLoadSamples = 64;

}  // namespace

ShardNode::ShardNode(const Words& words, const ShardingOptions& options, NodeId config)
    : words_(words), options_(options), config_(config), versioned_(options.versioned) {}

void ShardNode::onStart() {
  refresh();
  setTimer(kStatsEvery, kStatsTag);
  // A migration left undecided by a crash is settled with the config server.
  if (pending_ || incoming_) {
    lastHeard_ = now();
    if (pending_) migrationTimer_ = setTimer(options_.migrationTimeout / 4, kDonorTag);
    if (incoming_) recipientTimer_ = setTimer(options_.migrationTimeout / 4, kRecipientTag);
  }
}

void ShardNode::onCrash() {
  meta_.reset();
  refreshing_ = false;
  cleanupDue_ = false;
  queue_.clear();
  working_.clear();
  freeWork_.clear();
  inService_ = 0;
  donor_.reset();
  cloneList_.clear();
  modified_.clear();
  shipping_.reset();
  shipTimer_ = {};
  orphaned_.clear();
  incomingPhase_ = Phase::Idle;
  migrationTimer_ = {};
  recipientTimer_ = {};
  load_.clear();
  loadMap_.reset();
}

void ShardNode::sendTo(NodeId to, Label kind, const MessageFields& f,
                       std::shared_ptr<const Payload> payload) {
  Message m;
  m.to = to;
  m.kind = kind;
  m.fields = f;
  m.payload = std::move(payload);
  send(std::move(m));
}

void ShardNode::onMessage(const Message& m) {
  const Words& w = words_;
  if (m.kind == w.op) {
    enqueue(m);
  } else if (m.kind == w.mapIs) {
    if (m.fields[1] == refreshAsk_) refreshing_ = false;
    adopt(static_cast<const MapPayload&>(*m.payload).map);
    if (cleanupDue_) deleteOrphans();
  } else if (m.kind == w.moveChunks) {
    moveChunks(m);
  } else if (m.kind == w.cloneBatch) {
    sendClone(m);
  } else if (m.kind == w.transferMods) {
    sendMods(m);
  } else if (m.kind == w.steady) {
    if (donor_ && donor_->id == m.fields[0] && donor_->phase <= Phase::CatchUp)
      enterCriticalSection();
  } else if (m.kind == w.ready) {
    if (donor_ && donor_->id == m.fields[0] && donor_->phase == Phase::CriticalSection)
      sendCommit();
  } else if (m.kind == w.commitResult || m.kind == w.resolved) {
    const MapPtr map = static_cast<const MapPayload&>(*m.payload).map;
    const auto outcome = static_cast<MoveOutcome>(m.fields[1]);
    if (incoming_ && incoming_->id == m.fields[0] && m.kind == w.resolved)
      concludeIncoming(outcome, map);
    if (pending_ && pending_->id == m.fields[0]) concludeDonation(m.fields[0], outcome, map);
  } else if (m.kind == w.startClone) {
    startClone(m);
  } else if (m.kind == w.cloneData) {
    takeClone(m);
  } else if (m.kind == w.mods) {
    takeMods(m);
  } else if (m.kind == w.enterCritical) {
    if (incoming_ && incoming_->id == m.fields[0]) {
      lastHeard_ = now();
      incomingPhase_ = Phase::CriticalSection;
      sendTo(incoming_->donor, w.transferMods, {incoming_->id});
    }
  } else if (m.kind == w.outcome) {
    const auto outcome = static_cast<MoveOutcome>(m.fields[1]);
    const MapPtr map = m.payload ? static_cast<const MapPayload&>(*m.payload).map : nullptr;
    if (incoming_ && incoming_->id == m.fields[0] && m.from == incoming_->donor)
      concludeIncoming(outcome, map);
    else if (donor_ && donor_->id == m.fields[0] && m.from == donor_->recipient &&
             outcome == MoveOutcome::Refused && donor_->phase < Phase::Commit)
      abortDonation("refused");
  }
}

void ShardNode::onTimer(TimerHandle, std::uint64_t tag) {
  if (tag & kWorkBit) {
    const auto slot = static_cast<std::uint32_t>(tag & ~kWorkBit);
    // The handler neither starts work nor crashes, so the slot stays put.
    execute(working_[slot]);
    freeWork_.push_back(slot);
    --inService_;
    startWork();
    return;
  }
  switch (tag) {
    case kStatsTag:
      considerSplits();
      setTimer(kStatsEvery, kStatsTag);
      break;
    case kDonorTag:
      donorTimeout();
      break;
    case kRecipientTag:
      recipientTimeout();
      break;
    case kRangeDeleteTag:
      cleanupDue_ = true;
      refresh();
      break;
    case kShipTag:
      shipTimer_ = {};
      if (shipping_) shipped(*std::exchange(shipping_, std::nullopt));
      break;
    case kRefreshTag:
      if (refreshing_) {
        refreshing_ = false;
        refresh();
      }
      break;
    default:
      break;
  }
}

// ---- Serving ----

void ShardNode::enqueue(const Message& m) {
  Work op{m.fields, m.from, m.request, m.id, -1};
  if (queue_.size() >= static_cast<std::size_t>(options_.queueLimit)) {
    ++refused_;
    answer(op, OpOutcome::Busy);
    return;
  }
  // The key's stamp is looked up when the work is done; fetching its slot
  // now hides the memory's latency behind the events in between.
  if (meta_ && static_cast<OpKind>(op.fields[0]) != OpKind::Scan) {
    op.at = meta_->position(op.fields[1]);
    data_.prefetch({op.at, op.fields[1]});
  }
  if (inService_ < options_.workers && queue_.empty()) {
    serve(op);  // a worker is free: no wait in the queue
    return;
  }
  queue_.push_back(op);
  startWork();
}

void ShardNode::startWork() {
  while (inService_ < options_.workers && !queue_.empty()) {
    serve(queue_.front());
    queue_.pop_front();
  }
}

void ShardNode::serve(const Work& op) {
  std::uint32_t slot;
  if (freeWork_.empty()) {
    slot = static_cast<std::uint32_t>(working_.size());
    working_.emplace_back();
  } else {
    slot = freeWork_.back();
    freeWork_.pop_back();
  }
  working_[slot] = op;
  ++inService_;
  setTimer(options_.serviceTime, kWorkBit | slot);
}

void ShardNode::answer(const Work& op, OpOutcome outcome, std::int64_t value, std::int64_t count) {
  send(op.from, words_.opResult,
       {op.fields[4], static_cast<std::int64_t>(outcome), value,
        meta_ ? meta_->version.packed() : 0, count},
       op.request, op.id);
}

bool ShardNode::inRanges(const std::vector<Range>& ranges, Position p) const {
  return std::any_of(ranges.begin(), ranges.end(), [&](const Range& r) { return r.contains(p); });
}

bool ShardNode::blocked(Position p) const {
  if (pending_ && inRanges(pending_->ranges, p)) return true;
  return donor_ && donor_->phase >= Phase::CriticalSection && inRanges(donor_->ranges, p);
}

bool ShardNode::claims(Position p) const {
  return meta_ && meta_->owns(id(), p) && !blocked(p);
}

// Teaching note: the version check is the whole of routing safety. A router
// whose map is older than ours may be sending us a key we gave away.
void ShardNode::execute(const Work& op) {
  const auto kind = static_cast<OpKind>(op.fields[0]);
  const Key key = op.fields[1];
  if (versioned_) {
    if (!meta_) {
      refresh();
      answer(op, OpOutcome::StaleConfig);
      return;
    }
    if (op.fields[3] != meta_->version.packed()) {
      if (Version::unpack(op.fields[3]) > meta_->version) refresh();
      answer(op, OpOutcome::StaleConfig);
      return;
    }
  }
  if (kind == OpKind::Scan) {
    ++served_;
    answer(op, OpOutcome::Ok, 0, scan(key, op.fields[5]));
    return;
  }
  // A shard loses its map only by crashing, which empties its queue and
  // workers: an operation with a position still has the map it had then.
  const Position p = op.at >= 0 ? op.at : meta_ ? meta_->position(key) : 0;
  const std::size_t chunk = meta_ ? meta_->chunkAt(p) : 0;
  if (versioned_ && meta_->chunks[chunk].owner != id()) {
    answer(op, OpOutcome::StaleConfig);
    return;
  }
  if (kind == OpKind::Write && versioned_ && blocked(p)) {
    answer(op, OpOutcome::Blocked);
    return;
  }
  ++served_;
  if (meta_) noteLoad(chunk, p);
  if (kind == OpKind::Read) {
    const std::int64_t* held = data_.find({p, key});
    answer(op, OpOutcome::Ok, held ? *held : -1);
    return;
  }
  const std::int64_t value = op.fields[2];
  data_.keepLarger({p, key}, value);  // last writer wins
  if (donor_ && inRanges(donor_->ranges, p)) modified_.insert({p, key});
  const Version v = meta_ ? meta_->version : Version{};
  milestone(words_.writeApplied, {key, value, v.major, v.minor});
  answer(op, OpOutcome::Ok, value);
}

std::int64_t ShardNode::scan(Key lo, Key hi) const {
  std::int64_t n = 0;
  auto count = [&](const StoredKey& k) {
    if (k.key >= lo && k.key < hi && (!versioned_ || meta_->owns(id(), k.position))) ++n;
  };
  if (meta_ && meta_->mode == Partitioning::Ranged)
    data_.forEachIn({lo, hi}, count);
  else
    data_.forEach(count);
  return n;
}

void ShardNode::noteLoad(std::size_t chunk, Position p) {
  if (loadMap_ != meta_) carryLoad();
  Load& l = load_[chunk];
  ++l.ops;
  if (l.sample.size() < kLoadSamples) l.sample.push_back(p);
}

// Asks the config server to split chunks that grew too big or too busy
// (MongoDB's auto-splitter); a one-key chunk cannot split and is jumbo.
void ShardNode::carryLoad() {
  std::vector<Load> carried(meta_ ? meta_->chunks.size() : 0);
  if (meta_ && loadMap_)
    for (std::size_t i = 0; i < load_.size(); ++i) {
      if (load_[i].ops == 0) continue;
      const Position lo = loadMap_->chunks[i].range.lo;
      const std::size_t j = meta_->chunkAt(lo);
      if (meta_->chunks[j].range.lo == lo) carried[j] = std::move(load_[i]);
    }
  load_ = std::move(carried);
  loadMap_ = meta_;
}

void ShardNode::considerSplits() {
  if (loadMap_ != meta_) carryLoad();
  auto load = std::exchange(load_, std::vector<Load>(load_.size()));
  if (!meta_ || (meta_->mode != Partitioning::Ranged && meta_->mode != Partitioning::Hashed))
    return;
  for (std::size_t i = 0; i < meta_->chunks.size(); ++i) {
    const Chunk& c = meta_->chunks[i];
    if (c.owner != id() || c.jumbo) continue;
    if (donor_ && inRanges(donor_->ranges, c.range.lo)) continue;
    const Load& l = load[i];
    const double opsPerSecond = static_cast<double>(l.ops) / toSeconds(kStatsEvery);
    Position mid = 0;
    if (opsPerSecond > options_.splitOps) {
      // Too busy: split at the median of the sampled operations.
      std::vector<Position> at = l.sample;
      std::sort(at.begin(), at.end());
      mid = at[at.size() / 2];
    } else if (const std::size_t keys = data_.countIn(c.range);
               keys > static_cast<std::size_t>(options_.maxChunkKeys)) {
      // Too big: split at the median key.
      mid = data_.nthPositionIn(c.range, keys / 2);
    } else {
      continue;
    }
    if (mid <= c.range.lo) mid = c.range.lo + 1;
    if (mid >= c.range.hi) mid = -1;  // one key: jumbo
    sendTo(config_, words_.split, {c.range.lo, mid, c.range.hi, meta_->version.packed()});
  }
}

// ---- Metadata ----

void ShardNode::refresh() {
  if (refreshing_) return;
  refreshing_ = true;
  sendTo(config_, words_.getMap, {meta_ ? meta_->version.packed() : 0, ++refreshAsk_});
  setTimer(options_.opTimeout, kRefreshTag);
}

void ShardNode::adopt(const MapPtr& map) {
  if (!map || (meta_ && map->version <= meta_->version)) return;
  const bool first = !meta_;
  meta_ = map;
  milestone(words_.mapRefreshed, {map->version.major, map->version.minor});
  // After a restart, whatever we hold and no longer own is an orphan.
  if (first) setTimer(options_.rangeDeleteDelay, kRangeDeleteTag);
}

// Range deletion: every key this shard holds that its metadata (fresh from
// the config server) gives to another shard, except those an undecided
// migration may still need.
void ShardNode::deleteOrphans() {
  cleanupDue_ = false;
  if (!meta_) return;
  // Positions come in order, so the chunk holding each is found by walking
  // the map alongside rather than searching it per key.
  std::size_t chunk = 0;
  const std::size_t n = data_.eraseIf([&](Position p) {
    while (chunk + 1 < meta_->chunks.size() && !meta_->chunks[chunk].range.contains(p)) ++chunk;
    const bool keep =
        meta_->chunks[chunk].owner == id() || (incoming_ && inRanges(incoming_->ranges, p)) ||
        (pending_ && inRanges(pending_->ranges, p)) || (donor_ && inRanges(donor_->ranges, p));
    return !keep;
  });
  orphaned_.clear();
  if (n) milestone(words_.rangeDeleted, {static_cast<std::int64_t>(n)});
}

}  // namespace cs::sharding
