// The Sharding pattern's invariants, as checkers outside the code under
// test: they read the trace's milestones and look at the config server's
// map and the shards' metadata through their public accessors.
//
//  - MapChecker: the chunks cover the space exactly, without overlap; the
//    version only grows, a commit bumps the major part, a split the minor.
//  - OwnerChecker: a write is applied only by the shard the config server's
//    map names as the key's owner at that instant, and no two shards claim
//    one position at once.
//  - AckedWriteChecker: a read that began after a write was acknowledged
//    returns that write or a later one: no acknowledged write is lost, and
//    no read is served from an orphaned copy.
//  - ZoneChecker: whenever the balancer says it has nothing left to do,
//    every chunk inside a zone range is owned by a shard of that zone.
// Kernel thread only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "clusterscope/checker.h"
#include "patterns/sharding/huge_pages.h"
#include "patterns/sharding/sharding_words.h"

namespace cs::sharding {

class MapChecker : public Checker {
 public:
  explicit MapChecker(const Words& w) : words_(w) { listenTo({TraceKind::Milestone}); }
  std::string_view name() const override { return "chunks cover the key space once"; }
  std::string_view meaning() const override {
    return "a gap loses keys, an overlap gives a key two owners; every migration bumps the "
           "major version";
  }
  void onRecord(const TraceRecord& r) override;
  void afterEvent(const Kernel& kernel) override;

 private:
  const Words& words_;
  bool dirty_ = true;
  bool commit_ = false;
  Version last_;
};

class OwnerChecker : public Checker {
 public:
  // `kernel` is the run's, read when a write is applied: it outlives the
  // checker.
  OwnerChecker(const Words& w, const Kernel& kernel) : words_(w), kernel_(kernel) {
    listenTo({TraceKind::Milestone, TraceKind::Crashed, TraceKind::Restarted, TraceKind::Command});
  }
  std::string_view name() const override { return "one owner per key"; }
  std::string_view meaning() const override {
    return "a write taken by a shard that no longer owns the key lands in an orphan and is lost";
  }
  void onRecord(const TraceRecord& r) override;
  void afterEvent(const Kernel& kernel) override;

 private:
  // What a shard's claims follow from: whether it is up, the map it holds,
  // and how far its migrations have got. The claims are compared again only
  // when one of these changed, not after every operation; and a shard's
  // basis is looked at only after it crashed, restarted or said a milestone
  // other than a write (a command touches every shard). A shard says one
  // whenever its basis changes: a map adopted, a migration's phase, an
  // abort; so the deliveries and timers of serving, most of a run's
  // records, never reach this checker.
  struct ClaimBasis {
    bool up = false;
    const ShardMap* map = nullptr;
    std::int64_t donation = 0;
    Phase phase = Phase::Idle;
    bool committing = false;
    bool operator==(const ClaimBasis&) const = default;
  };
  bool basisChanged(const Kernel& kernel);
  void compareClaims(const Kernel& kernel);
  // Out of line: the sentence is built only when the rule breaks.
  [[gnu::cold, gnu::noinline]] void wrongOwner(NodeId shard, Key key, NodeId owner);

  const Words& words_;
  const Kernel& kernel_;
  std::vector<ClaimBasis> basis_;
  // Bit n: shard n handled something since the last look. All set at first.
  std::uint64_t touched_ = ~std::uint64_t{0};
};

class ZoneChecker : public Checker {
 public:
  explicit ZoneChecker(const Words& w) : words_(w) { listenTo({TraceKind::Milestone}); }
  std::string_view name() const override { return "zoned keys stay in their zone"; }
  std::string_view meaning() const override {
    return "once the balancer is idle, every chunk inside a zone range lives on a shard of that "
           "zone's region, close to its users";
  }
  void onRecord(const TraceRecord& r) override;
  void afterEvent(const Kernel& kernel) override;

 private:
  const Words& words_;
  bool idle_ = false;
};

class AckedWriteChecker : public Checker {
 public:
  // `kernel` is the run's, read when forgetting: it outlives the checker.
  // `keySpace`: the keys the workload draws from ([0, keySpace)), so the
  // table by key is sized once for them rather than grown by doubling
  // (which would overshoot it by up to twice and touch every size on the way).
  AckedWriteChecker(const Words& w, const Kernel& kernel, Key keySpace)
      : words_(w), kernel_(kernel), keySpace_(keySpace) {
    listenTo({TraceKind::Sent, TraceKind::Milestone});
  }
  std::string_view name() const override { return "no acknowledged write lost"; }
  std::string_view meaning() const override {
    return "an acknowledged write must be readable afterwards, across migrations, crashes and "
           "stale routers";
  }
  void onRecord(const TraceRecord& r) override;
  // Forgets the acknowledgments no read still to be answered can need
  // (see compact). Called by itself whenever the history has grown enough.
  void forgetSettled();
  // How many acknowledgments are kept besides each key's latest.
  std::size_t historySize() const { return history_.size(); }
  // The latest acknowledged value of every key, by key: what the owners must
  // hold once the cluster has healed.
  std::vector<std::pair<Key, std::int64_t>> acknowledged() const;
  // Violations of the end state: keys whose owner (per the config server)
  // holds less than their latest acknowledged write. Empty if none.
  std::vector<std::string> checkStored(const Kernel& kernel) const;

 private:
  // One acknowledgment, linked to the key's one before it: a read looks
  // back from the key's latest only as far as the instant it began. The
  // latest is kept by the key itself, so the usual check is one look.
  struct Ack {
    std::int64_t at = 0;
    std::int64_t prefixMax = 0;  // the largest value acknowledged for the key up to this one
    std::uint32_t earlier = 0;   // 1 + the index in history_ of the key's previous ack; 0 if none
    bool acked = false;          // false: the key has no acknowledged write yet
  };
  // Keys from 0 up to here are looked up by index, the rest in a map; the
  // index grows only as far as the largest key acknowledged (48 MB at most).
  static constexpr Key kDenseKeys = Key{1} << 21;
  // A read that began at `started` needs the key's last ack before it and
  // the ones after. Every read still to be answered began at or after
  // `horizon`, so of the acks before the horizon only the last is kept,
  // as the end of its key's chain.
  void compact(SimTime horizon);
  // The key's latest ack (acked false if none).
  const Ack& latest(Key key) const;
  Ack& latestSlot(Key key);
  // Out of line: the sentence is built only when the rule breaks.
  [[gnu::cold, gnu::noinline]] void lostWrite(Key key, std::int64_t read, std::int64_t acked);

  const Words& words_;
  const Kernel& kernel_;
  Key keySpace_;
  std::vector<Ack> history_;  // every acknowledgment but each key's latest, in order
  // The latest ack of each key 0 <= key < dense_.size().
  std::vector<Ack, HugePageAllocator<Ack>> dense_;
  std::map<Key, Ack> sparse_;  // the latest ack of the other keys
  // history_ is compacted when it reaches this size: at least the keys
  // acknowledged and twice what the last compaction kept, so each ack's
  // share of the work stays constant and the history stays within a few
  // times the keys plus the acks of the reads in flight.
  std::size_t compactAt_ = kMinCompact;
  static constexpr std::size_t kMinCompact = std::size_t{1} << 16;
};

}  // namespace cs::sharding
