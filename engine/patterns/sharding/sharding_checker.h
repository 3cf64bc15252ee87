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
// Kernel thread only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "clusterscope/checker.h"
#include "patterns/sharding/sharding_words.h"

namespace cs::sharding {

class MapChecker : public Checker {
 public:
  explicit MapChecker(const Words& w) : words_(w) {}
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
  explicit OwnerChecker(const Words& w) : words_(w) {}
  std::string_view name() const override { return "one owner per key"; }
  std::string_view meaning() const override {
    return "a write taken by a shard that no longer owns the key lands in an orphan and is lost";
  }
  void onRecord(const TraceRecord& r) override;
  void afterEvent(const Kernel& kernel) override;

 private:
  struct Applied {
    NodeId shard;
    Key key;
  };
  const Words& words_;
  std::vector<Applied> applied_;
  bool dirty_ = true;
};

class AckedWriteChecker : public Checker {
 public:
  explicit AckedWriteChecker(const Words& w) : words_(w) {}
  std::string_view name() const override { return "no acknowledged write lost"; }
  std::string_view meaning() const override {
    return "an acknowledged write must be readable afterwards, across migrations, crashes and "
           "stale routers";
  }
  void onRecord(const TraceRecord& r) override;
  // The latest acknowledged value of every key: what the owners must hold
  // once the cluster has healed.
  std::map<Key, std::int64_t> acknowledged() const;
  // Violations of the end state: keys whose owner (per the config server)
  // holds less than their latest acknowledged write. Empty if none.
  std::vector<std::string> checkStored(const Kernel& kernel) const;

 private:
  struct Ack {
    std::int64_t at;
    std::int64_t prefixMax;  // the largest value acknowledged up to this one
  };
  const Words& words_;
  std::map<Key, std::vector<Ack>> acks_;
};

}  // namespace cs::sharding
