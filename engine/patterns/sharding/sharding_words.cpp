// Registering the Sharding pattern's words and describing its payloads. See
// sharding_words.h. Kernel thread only.
#include "patterns/sharding/sharding_words.h"

namespace cs::sharding {

const char* phaseName(Phase p) {
  static const char* const kNames[] = {"idle",   "clone",         "catch-up", "critical section",
                                       "commit", "range deletion"};
  return kNames[static_cast<int>(p)];
}

std::string MapPayload::describe() const {
  return "map v" + std::to_string(map->version.major) + "." + std::to_string(map->version.minor) +
         ", " + std::to_string(map->chunks.size()) + " chunks";
}

std::string RangesPayload::describe() const {
  std::string s = std::to_string(ranges.size());
  s += ranges.size() == 1 ? " range" : " ranges";
  if (!ranges.empty()) {
    s += " from [";
    s += std::to_string(ranges.front().lo);
    s += ", ";
    s += std::to_string(ranges.front().hi);
    s += ")";
  }
  return s;
}

std::string KeysPayload::describe() const {
  std::string s = std::to_string(keys.size());
  s += keys.size() == 1 ? " key" : " keys";
  return s;
}

Words defineWords(Kernel& k) {
  Words w;
  w.op = k.defineMessage("Op", {"op", "key", "value", "version", "opid", "hi"}, Exchange::Request,
                         "opid");
  w.opResult =
      k.defineMessage("OpResult", {"opid", "outcome", "value", "version", "count"}, Exchange::Reply,
                      "opid", {"outcome", {"ok", "StaleConfig", "busy", "critical section"}});
  w.getMap = k.defineMessage("GetMap", {"version", "ask"}, Exchange::Request, "ask");
  w.mapIs = k.defineMessage("MapIs", {"version", "ask"}, Exchange::Reply, "ask");
  w.moveChunks = k.defineMessage("MoveChunks", {"migration", "recipient", "chunks"},
                                 Exchange::Request, "migration");
  w.moveResult = k.defineMessage("MoveResult", {"migration", "outcome"}, Exchange::Reply,
                                 "migration", {"outcome", {"committed", "aborted", "refused"}});
  w.startClone = k.defineMessage("StartClone", {"migration", "donor", "chunks"}, Exchange::OneWay);
  w.cloneBatch = k.defineMessage("CloneBatch", {"migration", "cursor"}, Exchange::Request);
  w.cloneData =
      k.defineMessage("CloneData", {"migration", "cursor", "keys", "done"}, Exchange::Reply);
  w.transferMods = k.defineMessage("TransferMods", {"migration"}, Exchange::Request);
  w.mods = k.defineMessage("Mods", {"migration", "keys"}, Exchange::Reply);
  w.steady = k.defineMessage("Steady", {"migration"}, Exchange::OneWay);
  w.enterCritical = k.defineMessage("EnterCriticalSection", {"migration"}, Exchange::OneWay);
  w.ready = k.defineMessage("Ready", {"migration"}, Exchange::OneWay);
  w.commit = k.defineMessage("CommitMigration", {"migration", "donor", "recipient", "keys"},
                             Exchange::Request, "migration");
  w.commitResult =
      k.defineMessage("CommitResult", {"migration", "outcome", "version"}, Exchange::Reply,
                      "migration", {"outcome", {"committed", "aborted"}});
  w.resolve = k.defineMessage("ResolveMigration", {"migration"}, Exchange::Request, "migration");
  w.resolved = k.defineMessage("Resolved", {"migration", "outcome", "version"}, Exchange::Reply,
                               "migration", {"outcome", {"committed", "aborted"}});
  w.outcome = k.defineMessage("MigrationOutcome", {"migration", "outcome"}, Exchange::OneWay);
  w.split = k.defineMessage("SplitChunk", {"lo", "at", "hi", "version"}, Exchange::OneWay);

  w.writeAcked = k.defineMilestone("write-acked", {"key", "value", "started"},
                                   "{node}: write of key {key} = {value} acknowledged");
  w.readDone = k.defineMilestone("read-done", {"key", "value", "started"},
                                 "{node}: key {key} read as {value}");
  w.staleConfig = k.defineMilestone(
      "stale-config", {"mine", "theirs"},
      "{node}: StaleConfig from {peer} (map version {mine} here, {theirs} there)");
  w.mapRefreshed = k.defineMilestone("map-refreshed", {"major", "minor"},
                                     "{node} refreshed its shard map to version {major}.{minor}");
  w.chunkSplit = k.defineMilestone("chunk-split", {"lo", "at", "hi", "major", "minor"},
                                   "chunk [{lo}, {hi}) split at {at}: version {major}.{minor}");
  w.jumbo = k.defineMilestone("jumbo", {"lo", "hi"},
                              "chunk [{lo}, {hi}) is jumbo: one key, it cannot split");
  w.migrationPhase =
      k.defineMilestone("migration-phase", {"migration", "phase", "chunks", "keys"},
                        "migration {migration} to {peer}: phase {phase} ({keys} keys)");
  w.migrationCommitted =
      k.defineMilestone("migration-committed", {"migration", "major", "minor", "chunks"},
                        "migration {migration} committed: {chunks} chunks now on {peer}, "
                        "version {major}.{minor}");
  w.migrationAborted = k.defineMilestone("migration-aborted", {"migration", "phase"},
                                         "migration {migration} aborted in phase {phase}");
  w.rangeDeleted =
      k.defineMilestone("range-deleted", {"keys"}, "{node} deleted {keys} orphaned keys");
  w.writeApplied = k.defineMilestone("write-applied", {"key", "value", "major", "minor"},
                                     "{node} applied key {key} = {value}");
  w.shardAdded =
      k.defineMilestone("shard-added", {"shards"}, "{node} adds {peer}: {shards} shards");
  w.shardDraining = k.defineMilestone("shard-draining", {"chunks"},
                                      "{node} drains {peer}: {chunks} chunks to move away");
  w.shardRemoved = k.defineMilestone("shard-removed", {"shards"},
                                     "{node} removes {peer}, now empty: {shards} shards left");
  w.scatter = k.defineMilestone("scatter-gather", {"fanout", "count"},
                                "{node}: a query sent to {fanout} shards found {count} keys");
  w.gaveUp = k.defineMilestone("op-gave-up", {"key", "attempts"},
                               "{node} gave up on key {key} after {attempts} attempts");
  w.zoneAdded = k.defineMilestone("zone-range-added", {"lo", "hi", "region"},
                                  "{node} pinned keys {lo} to {hi} to a zone's shards");
  w.zoneRemoved = k.defineMilestone("zone-range-removed", {"lo", "hi", "region"},
                                    "{node} unpinned keys {lo} to {hi}: any shard may hold them");
  w.balancerIdle =
      k.defineMilestone("balancer-idle", {"chunks"},
                        "{node}'s balancer has nothing to move: {chunks} chunks where they belong");
  return w;
}

}  // namespace cs::sharding
