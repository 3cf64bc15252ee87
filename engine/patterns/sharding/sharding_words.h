// The Sharding pattern's words: its message kinds, milestones and the
// payloads that carry a map, a list of ranges or a batch of keys. Registered
// once per world (defineWords). Kernel thread only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "clusterscope/kernel.h"
#include "clusterscope/sharding/shard_map.h"

namespace cs::sharding {

// What a router asks of a shard.
enum class OpKind : std::int64_t { Read = 0, Write = 1, Scan = 2 };

// How a shard answers an operation.
enum class OpOutcome : std::int64_t {
  Ok = 0,
  StaleConfig = 1,  // our map versions differ: refresh (or wait for the shard to) and retry
  Busy = 2,         // the queue is full
  Blocked = 3,      // the chunk is in a migration's critical section: retry shortly
};

// An Op's id (the field "opid") is the router's number for the operation
// times kAttemptSpan plus the attempt, so late answers to an earlier attempt
// are recognised and ignored.
inline constexpr std::int64_t kAttemptSpan = 16;

// A write's value is its stamp: the moment it was made, in units of
// 1/kStampsPerMicrosecond µs, with a sequence number and the router's index
// in the spare units, so no two writes store the same value.
inline constexpr std::int64_t kStampsPerMicrosecond = 64;

// How a migration ended, as the donor tells the balancer and the recipient.
enum class MoveOutcome : std::int64_t { Committed = 0, Aborted = 1, Refused = 2 };

// A migration's phases, MongoDB's.
enum class Phase : std::int64_t {
  Idle = 0,
  Clone = 1,            // the recipient copies the chunk's keys from the donor
  CatchUp = 2,          // it applies the writes the donor took meanwhile
  CriticalSection = 3,  // the donor blocks writes to the chunk; the last writes are pulled
  Commit = 4,           // the config server records the new owner: a major version bump
  RangeDeletion = 5,    // the donor's copy waits, hidden from reads, then is deleted
};
const char* phaseName(Phase p);

struct Words {
  Label op, opResult, getMap, mapIs, moveChunks, moveResult, startClone, cloneBatch, cloneData,
      transferMods, mods, steady, enterCritical, ready, commit, commitResult, resolve, resolved,
      outcome, split;
  Label writeAcked, readDone, staleConfig, mapRefreshed, chunkSplit, jumbo, migrationPhase,
      migrationCommitted, migrationAborted, rangeDeleted, writeApplied, shardAdded, shardDraining,
      shardRemoved, scatter, gaveUp, zoneAdded, zoneRemoved, balancerIdle;
};

Words defineWords(Kernel& kernel);

struct MapPayload : Payload {
  explicit MapPayload(MapPtr m) : map(std::move(m)) {}
  MapPtr map;
  std::string describe() const override;
};

struct RangesPayload : Payload {
  explicit RangesPayload(std::vector<Range> r) : ranges(std::move(r)) {}
  std::vector<Range> ranges;
  std::string describe() const override;
};

struct KeyValue {
  Position position = 0;
  Key key = 0;
  std::int64_t value = 0;
};

struct KeysPayload : Payload {
  explicit KeysPayload(std::vector<KeyValue> k) : keys(std::move(k)) {}
  std::vector<KeyValue> keys;
  std::string describe() const override;
};

}  // namespace cs::sharding
