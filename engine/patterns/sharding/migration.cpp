// The chunk migration protocol, MongoDB's moveChunk, from both sides of a
// shard: clone, catch-up, critical section, commit on the config server,
// then range deletion on the donor. The recipient pulls (CloneBatch,
// TransferMods); the donor decides when to enter the critical section and
// asks the config server to commit.
//
// Crash safety: before the commit is sent, the donor may abort alone, and a
// recipient that hears nothing asks the config server, whose answer for an
// undecided migration is "aborted" for good. From the commit on, the donor
// keeps a durable record and blocks writes to the chunk until it learns the
// outcome; the recipient keeps its copy until it does. See shard_node.h.
// Kernel thread only.
#include <algorithm>

#include "patterns/sharding/shard_node.h"
#include "patterns/sharding/shard_tags.h"

namespace cs::sharding {

void ShardNode::phaseMilestone(Phase phase) {
  if (!donor_) return;
  donor_->phase = phase;
  milestone(
      words_.migrationPhase,
      {donor_->id, static_cast<std::int64_t>(phase),
       static_cast<std::int64_t>(donor_->ranges.size()), static_cast<std::int64_t>(donor_->keys)},
      donor_->recipient);
}

std::size_t ShardNode::eraseRanges(const std::vector<Range>& ranges) {
  std::size_t n = 0;
  for (const Range& r : ranges) n += data_.eraseIn(r);
  return n;
}

void ShardNode::applyKeys(const std::vector<KeyValue>& keys) {
  for (const KeyValue& kv : keys) data_.keepLarger({kv.position, kv.key}, kv.value);
}

// ---- Donor ----

std::size_t ShardNode::shipBatch() const {
  const SimDuration perKey = options_.cloneKeyTime;
  if (perKey <= SimDuration{0}) return kCloneBatch;
  const SimDuration slice = std::min(kShipSlice, options_.migrationTimeout / 4);
  return std::clamp<std::size_t>(static_cast<std::size_t>(slice / perKey), 1, kCloneBatch);
}

// Teaching note: moving a chunk is not free. The donor reads and ships
// every key, and the writes it serves meanwhile are what catch-up is for.
void ShardNode::ship(Message batch, std::size_t keys) {
  const SimDuration cost = options_.cloneKeyTime * static_cast<std::int64_t>(keys);
  if (cost <= SimDuration{0}) {
    shipped(std::move(batch));
    return;
  }
  shipping_ = std::move(batch);
  cancelTimer(shipTimer_);
  shipTimer_ = setTimer(cost, kShipTag);
}

void ShardNode::shipped(Message batch) {
  // The migration may have ended (aborted, crashed) while the batch was read.
  if (!donor_ || donor_->id != batch.fields[0]) return;
  if (batch.kind == words_.cloneData)
    donor_->cloned = std::max(donor_->cloned, static_cast<std::size_t>(batch.fields[1]));
  send(std::move(batch));
}

void ShardNode::moveChunks(const Message& m) {
  const auto& ranges = static_cast<const RangesPayload&>(*m.payload).ranges;
  const auto recipient = static_cast<NodeId>(m.fields[1]);
  bool ours = meta_ != nullptr;
  for (const Range& r : ranges)
    ours = ours && meta_->owns(id(), r.lo) && meta_->chunks[meta_->chunkAt(r.lo)].range == r;
  if (donor_ || pending_ || incoming_ || !ours) {
    // Our metadata may be behind a split or a commit: catch up for next time.
    if (!ours) refresh();
    Message r;
    r.to = m.from;
    r.kind = words_.moveResult;
    r.cause = m.id;
    r.fields = {m.fields[0], static_cast<std::int64_t>(MoveOutcome::Refused)};
    send(std::move(r));
    return;
  }
  donor_ = Donation{m.fields[0], recipient, ranges, Phase::Idle, 0, 0};
  cloneList_.clear();
  modified_.clear();
  for (const Range& r : ranges)
    data_.forEachIn(r, [&](const StoredKey& k) { cloneList_.push_back(k); });
  donor_->keys = cloneList_.size();
  phaseMilestone(Phase::Clone);
  sendTo(recipient, words_.startClone,
         {donor_->id, static_cast<std::int64_t>(id()), static_cast<std::int64_t>(ranges.size())},
         m.payload);
  lastHeard_ = now();
  cancelTimer(migrationTimer_);
  migrationTimer_ = setTimer(options_.migrationTimeout / 4, kDonorTag);
}

void ShardNode::sendClone(const Message& m) {
  if (!donor_ || donor_->id != m.fields[0] || m.from != donor_->recipient) return;
  lastHeard_ = now();
  const auto from = static_cast<std::size_t>(m.fields[1]);
  const std::size_t to = std::min(cloneList_.size(), from + shipBatch());
  std::vector<KeyValue> batch;
  for (std::size_t i = from; i < to; ++i)
    if (const std::int64_t* v = data_.find(cloneList_[i]))
      batch.push_back({cloneList_[i].position, cloneList_[i].key, *v});
  const std::size_t n = batch.size();
  Message r;
  r.to = m.from;
  r.kind = words_.cloneData;
  r.cause = m.id;
  r.fields = {donor_->id, static_cast<std::int64_t>(to), static_cast<std::int64_t>(n),
              to >= cloneList_.size() ? 1 : 0};
  r.payload = std::make_shared<KeysPayload>(std::move(batch));
  ship(std::move(r), n);
}

void ShardNode::sendMods(const Message& m) {
  if (!donor_ || donor_->id != m.fields[0] || m.from != donor_->recipient) return;
  lastHeard_ = now();
  if (donor_->phase == Phase::Clone) phaseMilestone(Phase::CatchUp);
  // With a cost per key, a batch at a time: the recipient asks again until
  // one comes back empty.
  const std::size_t most = options_.cloneKeyTime > SimDuration{0} ? shipBatch() : modified_.size();
  std::vector<KeyValue> batch;
  auto k = modified_.begin();
  for (std::size_t i = 0; i < most && k != modified_.end(); ++i, k = modified_.erase(k))
    if (const std::int64_t* v = data_.find(*k)) batch.push_back({k->position, k->key, *v});
  const std::size_t n = batch.size();
  Message r;
  r.to = m.from;
  r.kind = words_.mods;
  r.cause = m.id;
  r.fields = {donor_->id, static_cast<std::int64_t>(n)};
  r.payload = std::make_shared<KeysPayload>(std::move(batch));
  ship(std::move(r), n);
}

// Teaching note: from here writes to the chunk wait, so the recipient's last
// pull of modifications leaves nothing behind.
void ShardNode::enterCriticalSection() {
  lastHeard_ = now();
  phaseMilestone(Phase::CriticalSection);
  sendTo(donor_->recipient, words_.enterCritical, {donor_->id});
}

void ShardNode::sendCommit() {
  lastHeard_ = now();
  pending_ = Pending{donor_->id, donor_->recipient, donor_->ranges, donor_->keys};  // durable
  phaseMilestone(Phase::Commit);
  sendTo(config_, words_.commit,
         {donor_->id, static_cast<std::int64_t>(id()), static_cast<std::int64_t>(donor_->recipient),
          static_cast<std::int64_t>(donor_->keys)},
         std::make_shared<RangesPayload>(donor_->ranges));
}

void ShardNode::concludeDonation(std::int64_t id, MoveOutcome outcome, const MapPtr& map) {
  adopt(map);
  const Pending p = *pending_;
  pending_.reset();
  cancelTimer(migrationTimer_);
  const bool committed = outcome == MoveOutcome::Committed;
  if (committed) {
    // Said from the durable record, so a donor that restarted since the
    // commit says it too: the chunk is no longer blocked here.
    milestone(words_.migrationPhase,
              {id, static_cast<std::int64_t>(Phase::RangeDeletion),
               static_cast<std::int64_t>(p.ranges.size()), static_cast<std::int64_t>(p.keys)},
              p.recipient);
    orphaned_.insert(orphaned_.end(), p.ranges.begin(), p.ranges.end());
    setTimer(options_.rangeDeleteDelay, kRangeDeleteTag);
  } else {
    milestone(words_.migrationAborted, {id, static_cast<std::int64_t>(Phase::Commit)});
  }
  Message o;
  o.to = p.recipient;
  o.kind = words_.outcome;
  o.fields = {id, static_cast<std::int64_t>(outcome)};
  o.payload = std::make_shared<MapPayload>(map);
  send(std::move(o));
  sendTo(config_, words_.moveResult, {id, static_cast<std::int64_t>(outcome)});
  donor_.reset();
  cloneList_.clear();
  modified_.clear();
}

void ShardNode::abortDonation(const char* /*why*/) {
  milestone(words_.migrationAborted, {donor_->id, static_cast<std::int64_t>(donor_->phase)});
  sendTo(donor_->recipient, words_.outcome,
         {donor_->id, static_cast<std::int64_t>(MoveOutcome::Aborted)});
  sendTo(config_, words_.moveResult, {donor_->id, static_cast<std::int64_t>(MoveOutcome::Aborted)});
  cancelTimer(migrationTimer_);
  donor_.reset();
  cloneList_.clear();
  modified_.clear();
}

void ShardNode::donorTimeout() {
  migrationTimer_ = {};
  if (pending_) {
    // The commit's fate is the config server's to say; ask until it does.
    sendTo(config_, words_.resolve, {pending_->id});
    migrationTimer_ = setTimer(options_.migrationTimeout / 4, kDonorTag);
    return;
  }
  if (!donor_) return;
  if (now() - lastHeard_ >= options_.migrationTimeout) {
    abortDonation("timeout");
    return;
  }
  migrationTimer_ = setTimer(options_.migrationTimeout / 4, kDonorTag);
}

// ---- Recipient ----

void ShardNode::startClone(const Message& m) {
  const auto& ranges = static_cast<const RangesPayload&>(*m.payload).ranges;
  const auto donor = static_cast<NodeId>(m.fields[1]);
  bool mine = false;
  for (const Range& r : ranges) mine = mine || (meta_ && meta_->owns(id(), r.lo));
  if (incoming_ || donor_ || pending_ || mine) {
    if (!(incoming_ && incoming_->id == m.fields[0]))
      sendTo(donor, words_.outcome, {m.fields[0], static_cast<std::int64_t>(MoveOutcome::Refused)});
    return;
  }
  incoming_ = Incoming{m.fields[0], donor, ranges};  // durable
  // Leftovers of an earlier aborted attempt are not ours: start clean.
  eraseRanges(ranges);
  incomingPhase_ = Phase::Clone;
  lastHeard_ = now();
  sendTo(donor, words_.cloneBatch, {incoming_->id, 0});
  cancelTimer(recipientTimer_);
  recipientTimer_ = setTimer(options_.migrationTimeout / 4, kRecipientTag);
}

void ShardNode::takeClone(const Message& m) {
  if (!incoming_ || incoming_->id != m.fields[0] || incomingPhase_ != Phase::Clone) return;
  lastHeard_ = now();
  applyKeys(static_cast<const KeysPayload&>(*m.payload).keys);
  if (m.fields[3]) {
    incomingPhase_ = Phase::CatchUp;
    sendTo(incoming_->donor, words_.transferMods, {incoming_->id});
  } else {
    sendTo(incoming_->donor, words_.cloneBatch, {incoming_->id, m.fields[1]});
  }
}

void ShardNode::takeMods(const Message& m) {
  if (!incoming_ || incoming_->id != m.fields[0]) return;
  lastHeard_ = now();
  applyKeys(static_cast<const KeysPayload&>(*m.payload).keys);
  const bool empty = m.fields[1] == 0;
  if (incomingPhase_ == Phase::CatchUp) {
    if (empty) {
      incomingPhase_ = Phase::Idle;  // steady: waiting for the critical section
      sendTo(incoming_->donor, words_.steady, {incoming_->id});
    } else {
      sendTo(incoming_->donor, words_.transferMods, {incoming_->id});
    }
  } else if (incomingPhase_ == Phase::CriticalSection) {
    if (empty) {
      incomingPhase_ = Phase::Commit;  // everything is here, durably
      sendTo(incoming_->donor, words_.ready, {incoming_->id});
    } else {
      sendTo(incoming_->donor, words_.transferMods, {incoming_->id});
    }
  }
}

void ShardNode::concludeIncoming(MoveOutcome outcome, const MapPtr& map) {
  // The new owner's map comes first, so range deletion never sees the
  // chunk as someone else's once the record below is gone.
  adopt(map);
  if (outcome != MoveOutcome::Committed) {
    std::vector<Range> notMine;
    for (const Range& r : incoming_->ranges)
      if (!(meta_ && meta_->owns(id(), r.lo))) notMine.push_back(r);
    eraseRanges(notMine);
  }
  incoming_.reset();
  incomingPhase_ = Phase::Idle;
  cancelTimer(recipientTimer_);
}

void ShardNode::recipientTimeout() {
  recipientTimer_ = {};
  if (!incoming_) return;
  if (now() - lastHeard_ >= options_.migrationTimeout) {
    // The donor went quiet: the config server decides for both of us.
    sendTo(config_, words_.resolve, {incoming_->id});
  }
  recipientTimer_ = setTimer(options_.migrationTimeout / 4, kRecipientTag);
}

}  // namespace cs::sharding
