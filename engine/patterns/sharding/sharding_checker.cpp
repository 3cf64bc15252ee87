// The Sharding pattern's checkers. See sharding_checker.h. Kernel thread only.
#include "patterns/sharding/sharding_checker.h"

#include <algorithm>
#include <utility>

#include "clusterscope/kernel.h"
#include "patterns/sharding/config_server.h"
#include "patterns/sharding/placement.h"
#include "patterns/sharding/router.h"
#include "patterns/sharding/shard_node.h"
#include "patterns/sharding/sharding_pattern.h"

namespace cs::sharding {
void MapChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Milestone) return;
  if (r.label == words_.migrationCommitted) commit_ = dirty_ = true;
  if (r.label == words_.chunkSplit || r.label == words_.shardAdded || r.label == words_.jumbo)
    dirty_ = true;
}

void MapChecker::afterEvent(const Kernel& kernel) {
  if (!dirty_) return;
  dirty_ = false;
  const ShardMap& m = *configOf(kernel).map();
  Position at = 0;
  for (const Chunk& c : m.chunks) {
    if (c.range.lo != at)
      violate("chunk [" + std::to_string(c.range.lo) + ", " + std::to_string(c.range.hi) +
              ") starts at " + std::to_string(c.range.lo) + ", not " + std::to_string(at));
    if (c.range.hi <= c.range.lo) violate("chunk at " + std::to_string(c.range.lo) + " is empty");
    at = c.range.hi;
  }
  if (at != m.space()) violate("the chunks end at " + std::to_string(at) + ", not at the end");
  if (m.version < last_)
    violate("map version went back from " + versionText(last_) + " to " + versionText(m.version));
  if (commit_ && m.version.major <= last_.major)
    violate("a migration committed without a major version bump (" + versionText(m.version) + ")");
  commit_ = false;
  last_ = m.version;
}

void ZoneChecker::onRecord(const TraceRecord& r) {
  if (r.kind == TraceKind::Milestone && r.label == words_.balancerIdle) idle_ = true;
}

void ZoneChecker::afterEvent(const Kernel& kernel) {
  if (!idle_) return;
  idle_ = false;
  const ConfigServer& config = configOf(kernel);
  const ZoneRules& zones = config.zones();
  if (const auto cuts = zoneCuts(*config.map(), zones.ranges); !cuts.empty())
    violate("the balancer is idle, but a chunk runs across a zone's edge at " +
            std::to_string(cuts.front()));
  for (const Chunk& c : config.map()->chunks) {
    const int zone = zones.zoneOf(c.range);
    if (zone >= 0 && zones.region(c.owner) != zone)
      violate("the balancer is idle, but chunk [" + std::to_string(c.range.lo) + ", " +
              std::to_string(c.range.hi) + ") of a zone sits on " +
              kernel.vocabulary().nodeName(c.owner) + ", outside the zone");
  }
}

void OwnerChecker::onRecord(const TraceRecord& r) {
  // Only shards have claims.
  auto touch = [&](NodeId n) {
    if (n >= kFirstShard) touched_ |= n < 64 ? std::uint64_t{1} << n : ~std::uint64_t{0};
  };
  switch (r.kind) {
    case TraceKind::Milestone:
      // A write changes no claim; every other milestone of a shard (a map
      // refreshed, a migration's phase, an abort) may.
      // The config server's map cannot change during a shard's event, so
      // the owner it names now is the owner after the event.
      if (r.label == words_.writeApplied) {
        if (const NodeId owner = configOf(kernel_).map()->ownerOfKey(r.v[0]); owner != r.node)
          wrongOwner(r.node, r.v[0], owner);
      } else
        touch(r.node);
      break;
    case TraceKind::Crashed:
    case TraceKind::Restarted:
      touch(r.node);
      break;
    case TraceKind::Command:  // a verb may reach into any node
      touched_ = ~std::uint64_t{0};
      break;
    default:
      break;
  }
}

bool OwnerChecker::basisChanged(const Kernel& kernel) {
  basis_.resize(kernel.nodeCount());
  bool changed = false;
  const std::uint64_t touched = std::exchange(touched_, 0);
  for (NodeId n = kFirstShard; n < kernel.nodeCount(); ++n) {
    if (n < 64 && !(touched >> n & 1)) continue;
    const ShardNode& s = shardOf(kernel, n);
    ClaimBasis now;
    now.up = kernel.status(n) != NodeStatus::Crashed;
    now.map = s.metadata().get();
    if (const auto& d = s.donation()) {
      now.donation = d->id;
      now.phase = d->phase;
    }
    now.committing = s.committing();
    if (basis_[n] != now) {
      basis_[n] = now;
      changed = true;
    }
  }
  return changed;
}

void OwnerChecker::afterEvent(const Kernel& kernel) {
  if (touched_ != 0 && basisChanged(kernel)) compareClaims(kernel);
}

void OwnerChecker::wrongOwner(NodeId shard, Key key, NodeId owner) {
  violate(kernel_.vocabulary().nodeName(shard) + " took a write to key " + std::to_string(key) +
          ", which " + kernel_.vocabulary().nodeName(owner) + " owns");
}

void OwnerChecker::compareClaims(const Kernel& kernel) {
  // Each shard's claimed ranges, by its own metadata.
  struct Claim {
    Range range;
    NodeId shard;
  };
  std::vector<Claim> claims;
  for (NodeId n = kFirstShard; n < kernel.nodeCount(); ++n) {
    if (kernel.status(n) == NodeStatus::Crashed) continue;
    const ShardNode& s = shardOf(kernel, n);
    if (!s.metadata()) continue;
    for (const Chunk& c : s.metadata()->chunks)
      if (c.owner == n && s.claims(c.range.lo)) claims.push_back({c.range, n});
  }
  std::sort(claims.begin(), claims.end(),
            [](const Claim& a, const Claim& b) { return a.range.lo < b.range.lo; });
  for (std::size_t i = 1; i < claims.size(); ++i)
    if (claims[i].range.lo < claims[i - 1].range.hi && claims[i].shard != claims[i - 1].shard)
      violate(kernel.vocabulary().nodeName(claims[i - 1].shard) + " and " +
              kernel.vocabulary().nodeName(claims[i].shard) + " both claim position " +
              std::to_string(claims[i].range.lo));
}

const AckedWriteChecker::Ack& AckedWriteChecker::latest(Key key) const {
  static const Ack kNone;
  if (key >= 0 && key < static_cast<Key>(dense_.size()))
    return dense_[static_cast<std::size_t>(key)];
  const auto it = sparse_.find(key);
  return it == sparse_.end() ? kNone : it->second;
}

AckedWriteChecker::Ack& AckedWriteChecker::latestSlot(Key key) {
  if (key < 0 || key >= kDenseKeys) return sparse_[key];
  const auto k = static_cast<std::size_t>(key);
  if (k >= dense_.size()) {
    // The whole key space at once; beyond it (order ids above it), doubling.
    const auto keys = static_cast<std::size_t>(std::clamp<Key>(keySpace_, 0, kDenseKeys));
    dense_.resize(
        std::min(std::max({k + 1, dense_.size() * 2, keys}), static_cast<std::size_t>(kDenseKeys)));
  }
  return dense_[k];
}

void AckedWriteChecker::onRecord(const TraceRecord& r) {
  if (r.kind == TraceKind::Sent && r.label == words_.op) {
    // This operation's key is looked up here when the router hears back, a
    // round trip from now; its entry is fetched into the cache meanwhile.
    const Key key = r.v[1];
    if (key >= 0 && key < static_cast<Key>(dense_.size()))
      __builtin_prefetch(&dense_[static_cast<std::size_t>(key)]);
    return;
  }
  if (r.kind != TraceKind::Milestone) return;
  if (r.label == words_.writeAcked) {
    Ack& last = latestSlot(r.v[0]);
    Ack next{r.at.count(), r.v[1], 0, true};
    if (last.acked) {
      next.prefixMax = std::max(last.prefixMax, r.v[1]);
      history_.push_back(last);
      next.earlier = static_cast<std::uint32_t>(history_.size());
    }
    last = next;
    // Mid-event, but safe: an operation leaves its router's flight only
    // after its milestone, so the horizon is at worst earlier than it
    // could be, and keeps more.
    if (history_.size() >= compactAt_) forgetSettled();
  } else if (r.label == words_.readDone) {
    const std::int64_t started = r.v[2];
    // The last acknowledgment before the read began: acks come in time
    // order, so walk back from the latest.
    const Ack* a = &latest(r.v[0]);
    if (!a->acked) return;
    while (a->at >= started) {
      if (!a->earlier) return;
      a = &history_[a->earlier - 1];
    }
    if (r.v[1] < a->prefixMax) lostWrite(r.v[0], r.v[1], a->prefixMax);
  }
}

void AckedWriteChecker::forgetSettled() {
  SimTime horizon = kernel_.now();
  for (int i = 0; i < kRouters; ++i)
    if (const auto started = routerOf(kernel_, kFirstRouter + i).oldestStart())
      horizon = std::min(horizon, *started);
  compact(horizon);
}

void AckedWriteChecker::compact(SimTime horizon) {
  std::vector<Ack> kept;
  // Relinks the chain that `latest` heads, copying into kept what a read
  // beginning at or after the horizon can reach.
  auto relink = [&](Ack& latest) {
    if (!latest.acked) return;
    // The ack whose link is being followed: latest, or kept[at] once copied.
    constexpr std::size_t kLatest = ~std::size_t{0};
    std::size_t at = kLatest;
    auto link = [&]() -> std::uint32_t& {
      return at == kLatest ? latest.earlier : kept[at].earlier;
    };
    while (link() != 0 && (at == kLatest ? latest.at : kept[at].at) >= horizon.count()) {
      kept.push_back(history_[link() - 1]);
      link() = static_cast<std::uint32_t>(kept.size());
      at = kept.size() - 1;
    }
    link() = 0;
  };
  for (Ack& a : dense_) relink(a);
  for (auto& [key, a] : sparse_) relink(a);
  history_ = std::move(kept);
  compactAt_ = std::max({kMinCompact, 2 * history_.size(), dense_.size() + sparse_.size()});
  // Room for the whole cycle up to the next compaction at once: growing by
  // doubling would touch about twice the memory on the way (its pages are
  // taken only as acks arrive).
  history_.reserve(compactAt_);
}

void AckedWriteChecker::lostWrite(Key key, std::int64_t read, std::int64_t acked) {
  violate("key " + std::to_string(key) + " read as " + std::to_string(read) + " after write " +
          std::to_string(acked) + " was acknowledged");
}

std::vector<std::pair<Key, std::int64_t>> AckedWriteChecker::acknowledged() const {
  std::vector<std::pair<Key, std::int64_t>> out;
  for (const auto& [k, a] : sparse_)
    if (k < 0 && a.acked) out.emplace_back(k, a.prefixMax);
  for (std::size_t k = 0; k < dense_.size(); ++k)
    if (dense_[k].acked) out.emplace_back(static_cast<Key>(k), dense_[k].prefixMax);
  for (const auto& [k, a] : sparse_)
    if (k >= 0 && a.acked) out.emplace_back(k, a.prefixMax);
  return out;
}

std::vector<std::string> AckedWriteChecker::checkStored(const Kernel& kernel) const {
  std::vector<std::string> out;
  const ShardMap& m = *configOf(kernel).map();
  for (const auto& [key, value] : acknowledged()) {
    const NodeId owner = m.ownerOfKey(key);
    const KeyStore& data = shardOf(kernel, owner).data();
    const std::int64_t* stored = data.find({m.position(key), key});
    const std::int64_t held = stored ? *stored : -1;
    if (held < value)
      out.push_back("key " + std::to_string(key) + ": " + kernel.vocabulary().nodeName(owner) +
                    " holds " + std::to_string(held) + ", acknowledged " + std::to_string(value));
  }
  return out;
}

}  // namespace cs::sharding
