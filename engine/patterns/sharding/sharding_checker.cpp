// The Sharding pattern's checkers. See sharding_checker.h. Kernel thread only.
#include "patterns/sharding/sharding_checker.h"

#include <algorithm>

#include "clusterscope/kernel.h"
#include "patterns/sharding/config_server.h"
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

void OwnerChecker::onRecord(const TraceRecord& r) {
  if (r.kind == TraceKind::Milestone && r.label == words_.writeApplied)
    applied_.push_back({r.node, r.v[0]});
  if (r.kind == TraceKind::Milestone || r.kind == TraceKind::Restarted ||
      r.kind == TraceKind::Crashed)
    dirty_ = true;
}

void OwnerChecker::afterEvent(const Kernel& kernel) {
  const ShardMap& m = *configOf(kernel).map();
  for (const Applied& a : applied_) {
    const NodeId owner = m.ownerOfKey(a.key);
    if (owner != a.shard)
      violate(kernel.vocabulary().nodeName(a.shard) + " took a write to key " +
              std::to_string(a.key) + ", which " + kernel.vocabulary().nodeName(owner) + " owns");
  }
  applied_.clear();
  if (!dirty_) return;
  dirty_ = false;
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

void AckedWriteChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Milestone) return;
  if (r.label == words_.writeAcked) {
    auto& v = acks_[r.v[0]];
    const std::int64_t best = v.empty() ? r.v[1] : std::max(v.back().prefixMax, r.v[1]);
    v.push_back({r.at.count(), best});
  } else if (r.label == words_.readDone) {
    auto it = acks_.find(r.v[0]);
    if (it == acks_.end()) return;
    const std::int64_t started = r.v[2];
    const auto& v = it->second;
    // The last acknowledgment before the read began.
    auto a = std::lower_bound(v.begin(), v.end(), started,
                              [](const Ack& x, std::int64_t t) { return x.at < t; });
    if (a == v.begin()) return;
    const std::int64_t expected = std::prev(a)->prefixMax;
    if (r.v[1] < expected)
      violate("key " + std::to_string(r.v[0]) + " read as " + std::to_string(r.v[1]) +
              " after write " + std::to_string(expected) + " was acknowledged");
  }
}

std::map<Key, std::int64_t> AckedWriteChecker::acknowledged() const {
  std::map<Key, std::int64_t> m;
  for (const auto& [k, v] : acks_) m[k] = v.back().prefixMax;
  return m;
}

std::vector<std::string> AckedWriteChecker::checkStored(const Kernel& kernel) const {
  std::vector<std::string> out;
  const ShardMap& m = *configOf(kernel).map();
  for (const auto& [key, value] : acknowledged()) {
    const NodeId owner = m.ownerOfKey(key);
    const KeyStore& data = shardOf(kernel, owner).data();
    auto it = data.find({m.position(key), key});
    const std::int64_t held = it == data.end() ? -1 : it->second;
    if (held < value)
      out.push_back("key " + std::to_string(key) + ": " + kernel.vocabulary().nodeName(owner) +
                    " holds " + std::to_string(held) + ", acknowledged " + std::to_string(value));
  }
  return out;
}

}  // namespace cs::sharding
