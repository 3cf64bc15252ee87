// The config server and its balancer. See config_server.h. Kernel thread only.
#include "patterns/sharding/config_server.h"

#include <algorithm>

#include "patterns/sharding/placement.h"

namespace cs::sharding {
namespace {

constexpr std::uint64_t kBalancerTag = 1;

}  // namespace

ConfigServer::ConfigServer(const Words& words, const ShardingOptions& options,
                           std::vector<NodeId> shards, std::vector<NodeId> spares,
                           std::vector<int> regionOf)
    : words_(words),
      options_(options),
      members_(std::move(shards)),
      spares_(std::move(spares)),
      balancerOn_(options.balancer) {
  map_ = std::make_shared<const ShardMap>(
      initialMap(options.mode, members_, options.chunksPerShard, options.vnodes, options.keySpace));
  zones_.ranges = options.zones;
  zones_.regionOf = std::move(regionOf);
}

void ConfigServer::onStart() {
  balancerTimer_ = setTimer(options_.balancerInterval, kBalancerTag);
}

void ConfigServer::onCrash() {
  running_.clear();
  idle_ = false;
  balancerTimer_ = {};
}

void ConfigServer::onTimer(TimerHandle, std::uint64_t) {
  balance();
  balancerTimer_ = setTimer(options_.balancerInterval, kBalancerTag);
}

std::vector<NodeId> ConfigServer::live() const {
  std::vector<NodeId> v;
  for (NodeId s : members_)
    if (std::find(draining_.begin(), draining_.end(), s) == draining_.end()) v.push_back(s);
  return v;
}

void ConfigServer::replyWithMap(const Message& m, Label kind, const MessageFields& fields) {
  Message r;
  r.to = m.from;
  r.kind = kind;
  r.request = m.request;
  r.cause = m.id;
  r.fields = fields;
  r.payload = std::make_shared<MapPayload>(map_);
  send(std::move(r));
}

void ConfigServer::onMessage(const Message& m) {
  if (m.kind == words_.getMap) {
    replyWithMap(m, words_.mapIs, {map_->version.packed(), m.fields[1]});
  } else if (m.kind == words_.commit) {
    commit(m);
  } else if (m.kind == words_.resolve) {
    resolve(m);
  } else if (m.kind == words_.moveResult) {
    finished(m.fields[0]);
  } else if (m.kind == words_.split) {
    split(m);
  }
}

// Teaching note: the balancer only asks; the donor runs the migration and
// the commit below is the one moment ownership changes.
void ConfigServer::balance() {
  // A donor that crashed never reports back; after long enough its entry goes.
  std::erase_if(running_, [&](const Running& r) {
    return now() - r.startedAt > options_.migrationTimeout * 8;
  });
  if (!balancerOn_ && draining_.empty()) return;
  std::vector<NodeId> busy;
  for (const Running& r : running_) {
    busy.push_back(r.donor);
    busy.push_back(r.recipient);
  }
  const bool split = balancerOn_ && splitAtZoneEdges(busy);
  const std::vector<NodeId> takers = live();
  // With the balancer off only draining shards are emptied.
  const int threshold = balancerOn_ ? options_.balanceThreshold : 1 << 30;
  std::vector<Move> moves =
      planMoves(*map_, takers, draining_, busy, options_.vnodes, threshold, zones_);
  const bool idle = balancerOn_ && !split && moves.empty() && running_.empty();
  if (idle && !idle_)
    milestone(words_.balancerIdle, {static_cast<std::int64_t>(map_->chunks.size())});
  idle_ = idle;
  for (Move& move : moves) {
    if (!balancerOn_ &&
        std::find(draining_.begin(), draining_.end(), move.donor) == draining_.end())
      continue;
    const std::int64_t id = nextMigration_++;
    running_.push_back({id, move.donor, move.recipient, now()});
    Message m;
    m.to = move.donor;
    m.kind = words_.moveChunks;
    m.fields = {id, static_cast<std::int64_t>(move.recipient),
                static_cast<std::int64_t>(move.ranges.size())};
    m.payload = std::make_shared<RangesPayload>(std::move(move.ranges));
    send(std::move(m));
  }
}

// Teaching note: a chunk across a zone's edge cannot be placed by zone, so
// the balancer first splits it there (a minor version bump), as MongoDB's
// does. A chunk under a running migration waits for the next round.
bool ConfigServer::splitAtZoneEdges(const std::vector<NodeId>& busy) {
  const std::vector<Position> cuts = zoneCuts(*map_, zones_.ranges);
  if (cuts.empty()) return false;
  auto next = std::make_shared<ShardMap>(*map_);
  bool any = false;
  for (Position at : cuts) {
    const std::size_t i = next->chunkAt(at);
    Chunk& c = next->chunks[i];
    if (std::find(busy.begin(), busy.end(), c.owner) != busy.end()) continue;
    if (!any) next->version = {map_->version.major, map_->version.minor + 1};
    any = true;
    const Range whole = c.range;
    splitChunk(*next, i, at);
    milestone(words_.chunkSplit,
              {whole.lo, at, whole.hi, next->version.major, next->version.minor});
  }
  if (any) map_ = next;
  return any;
}

bool ConfigServer::regionHasLiveShard(int region) const {
  for (NodeId s : live())
    if (zones_.region(s) == region) return true;
  return false;
}

bool ConfigServer::addZoneRange(ZoneRange zone) {
  for (const ZoneRange& z : zones_.ranges)
    if (zone.range.lo < z.range.hi && z.range.lo < zone.range.hi) return false;
  if (!regionHasLiveShard(zone.region)) return false;
  zones_.ranges.push_back(zone);
  std::sort(zones_.ranges.begin(), zones_.ranges.end());
  idle_ = false;
  milestone(words_.zoneAdded, {zone.range.lo, zone.range.hi, zone.region});
  return true;
}

void ConfigServer::removeZoneRanges() {
  for (const ZoneRange& z : zones_.ranges)
    milestone(words_.zoneRemoved, {z.range.lo, z.range.hi, z.region});
  zones_.ranges.clear();
  idle_ = false;
}

void ConfigServer::finished(std::int64_t id) {
  std::erase_if(running_, [&](const Running& r) { return r.id == id; });
}

void ConfigServer::commit(const Message& m) {
  const std::int64_t id = m.fields[0];
  const auto donor = static_cast<NodeId>(m.fields[1]);
  const auto recipient = static_cast<NodeId>(m.fields[2]);
  if (auto it = decided_.find(id); it != decided_.end()) {
    replyWithMap(m, words_.commitResult,
                 {id, static_cast<std::int64_t>(it->second), map_->version.packed()});
    return;
  }
  const auto& ranges = static_cast<const RangesPayload&>(*m.payload).ranges;
  // Every range must still be one whole chunk of the donor's.
  bool valid = std::find(members_.begin(), members_.end(), recipient) != members_.end();
  for (const Range& r : ranges) {
    if (!valid) break;
    const Chunk& c = map_->chunks[map_->chunkAt(r.lo)];
    valid = c.range == r && c.owner == donor;
  }
  if (!valid) {
    decided_[id] = MoveOutcome::Aborted;
    ++aborted_;
    replyWithMap(m, words_.commitResult,
                 {id, static_cast<std::int64_t>(MoveOutcome::Aborted), map_->version.packed()});
    return;
  }
  auto next = std::make_shared<ShardMap>(*map_);
  next->version = {map_->version.major + 1, 0};
  for (const Range& r : ranges) {
    Chunk& c = next->chunks[next->chunkAt(r.lo)];
    c.owner = recipient;
    c.version = next->version;
  }
  map_ = next;
  decided_[id] = MoveOutcome::Committed;
  ++committed_;
  keysMoved_ += m.fields[3];
  milestone(
      words_.migrationCommitted,
      {id, map_->version.major, map_->version.minor, static_cast<std::int64_t>(ranges.size())},
      recipient);
  replyWithMap(m, words_.commitResult,
               {id, static_cast<std::int64_t>(MoveOutcome::Committed), map_->version.packed()});
  removeIfDrained();
}

// Teaching note: asked about a migration it has not decided, the config
// server decides it now (aborted), so a commit still on its way is refused.
void ConfigServer::resolve(const Message& m) {
  const std::int64_t id = m.fields[0];
  auto [it, fresh] = decided_.emplace(id, MoveOutcome::Aborted);
  if (fresh) {
    ++aborted_;
    milestone(words_.migrationAborted, {id, 0});
  }
  replyWithMap(m, words_.resolved,
               {id, static_cast<std::int64_t>(it->second), map_->version.packed()});
}

void ConfigServer::split(const Message& m) {
  if (map_->mode != Partitioning::Ranged && map_->mode != Partitioning::Hashed) return;
  const Range r{m.fields[0], m.fields[2]};
  const Position at = m.fields[1];
  const std::size_t i = map_->chunkAt(r.lo);
  if (map_->chunks[i].range != r) return;  // already split or moved
  for (const Running& run : running_)
    if (run.donor == map_->chunks[i].owner) return;  // not under a migration's feet
  auto next = std::make_shared<ShardMap>(*map_);
  Chunk& c = next->chunks[i];
  if (at <= r.lo || at >= r.hi) {
    if (c.jumbo) return;
    c.jumbo = true;
    map_ = next;
    milestone(words_.jumbo, {r.lo, r.hi});
    return;
  }
  next->version = {map_->version.major, map_->version.minor + 1};
  splitChunk(*next, i, at);
  map_ = next;
  milestone(words_.chunkSplit, {r.lo, at, r.hi, map_->version.major, map_->version.minor});
}

bool ConfigServer::addShard() {
  if (spares_.empty()) return false;
  const NodeId s = spares_.front();
  spares_.erase(spares_.begin());
  members_.push_back(s);
  if (map_->mode == Partitioning::Ring) {
    auto next = std::make_shared<ShardMap>(*map_);
    cutAtTokens(*next, s, options_.vnodes);
    map_ = next;
  }
  milestone(words_.shardAdded, {static_cast<std::int64_t>(members_.size())}, s);
  return true;
}

bool ConfigServer::removeShard(NodeId shard) {
  if (std::find(members_.begin(), members_.end(), shard) == members_.end()) return false;
  if (std::find(draining_.begin(), draining_.end(), shard) != draining_.end()) return false;
  if (live().size() <= 1) return false;
  // A zone's last shard stays, or the zone's keys would have nowhere to go.
  const int region = zones_.region(shard);
  bool zoned = false;
  for (const ZoneRange& z : zones_.ranges) zoned = zoned || z.region == region;
  draining_.push_back(shard);
  if (zoned && !regionHasLiveShard(region)) {
    draining_.pop_back();
    return false;
  }
  milestone(words_.shardDraining, {static_cast<std::int64_t>(map_->chunksOf(shard))}, shard);
  removeIfDrained();
  return true;
}

void ConfigServer::removeIfDrained() {
  for (auto it = draining_.begin(); it != draining_.end();) {
    if (map_->chunksOf(*it) != 0) {
      ++it;
      continue;
    }
    const NodeId s = *it;
    std::erase(members_, s);
    spares_.push_back(s);
    std::sort(spares_.begin(), spares_.end());
    it = draining_.erase(it);
    milestone(words_.shardRemoved, {static_cast<std::int64_t>(members_.size())}, s);
  }
}

}  // namespace cs::sharding
