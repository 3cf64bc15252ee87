// Registering the Sharding pattern's words and describing its payloads. See
// sharding_words.h. Kernel thread only.
#include "patterns/sharding/sharding_words.h"

#include "clusterscope/message_phrase.h"
#include "clusterscope/sharding/sharding_phrases.h"

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

  // A write's value is its stamp (kStampsPerMicrosecond), a number for the
  // program, not the reader: the sentences leave it out.
  w.writeAcked = k.defineMilestone("write-acked", {"key", "value", "started"},
                                   "{node}: write of key {key} acknowledged");
  w.readDone =
      k.defineMilestone("read-done", {"key", "value", "started"}, "{node}: key {key} read");
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
                                     "{node} applied a write to key {key}");
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

namespace {

// A packed map version as "3.1" after `some`; 0, no map at all, as `none`.
FieldText mapVersion(std::string some, std::string none) {
  return
      [some = std::move(some), none = std::move(none)](std::int64_t packed, const PhraseFields&) {
        return packed == 0 ? none : some + versionText(Version::unpack(packed));
      };
}

// "op 416", or "op 416 (attempt 3)" for a retry.
std::string opNumber(std::int64_t token, const PhraseFields&) {
  const std::int64_t attempt = token % kAttemptSpan;
  return "op " + std::to_string(token / kAttemptSpan) +
         (attempt > 1 ? " (attempt " + std::to_string(attempt) + ")" : std::string());
}

std::string opText(std::int64_t kind, const PhraseFields& f) {
  const std::string key = std::to_string(f["key"]);
  switch (static_cast<OpKind>(kind)) {
    case OpKind::Read:
      return "read key " + key;
    case OpKind::Write:
      return "write key " + key;
    case OpKind::Scan:
      return "find keys " + key + " to " + std::to_string(f["hi"] - 1);
  }
  return "op kind " + std::to_string(kind);
}

// An answer's value: a write's stamp says when the write was made; -1 is a
// key no write reached; a scan answers with a count.
std::string opValue(std::int64_t value, const PhraseFields& f) {
  if (f["outcome"] != static_cast<std::int64_t>(OpOutcome::Ok)) return {};
  if (value < 0) return ", not found";
  if (value == 0)
    return ", " + std::to_string(f["count"]) + (f["count"] == 1 ? " key found" : " keys found");
  return ", the write made at " + secondsText(SimTime{value / kStampsPerMicrosecond});
}

const std::vector<std::string> kMoveOutcomes = {"committed", "aborted", "refused"};

}  // namespace

std::vector<MessagePhrase> shardingPhrases() {
  auto migration = [](std::string message, std::string format) {
    return MessagePhrase(std::move(message), "migration {migration}: " + std::move(format));
  };
  auto node = [](std::int64_t id, const PhraseFields& f) { return f.nodeName(id); };
  const FieldText shardMap = mapVersion("the shard map is at version ", "no shard map yet");
  return {
      // An unversioned op (0) is one the shard cannot check against its map.
      MessagePhrase("Op", "{opid}: {op}, {version}")
          .with("opid", opNumber)
          .with("op", opText)
          .with("version", mapVersion("with shard version ", "unversioned")),
      MessagePhrase("OpResult", "{opid}: {outcome}{value}; {version}")
          .with("opid", opNumber)
          .with("value", opValue)
          .with("version",
                mapVersion("the shard's map is at version ", "the shard has no map yet")),
      MessagePhrase("GetMap", "GetMap: {version}; send me the latest")
          .with("version", mapVersion("my shard map is at version ", "I have no shard map yet")),
      MessagePhrase("MapIs", "MapIs: {version}")
          .with("version", mapVersion("the shard map at version ", "no shard map yet")),
      MessagePhrase("MoveChunks",
                    "moveChunk {migration}: move {chunks} {chunks:chunk|chunks} to {recipient}")
          .with("recipient", node),
      {"MoveResult", "moveChunk {migration}: {outcome}"},
      migration("StartClone", "clone phase: copy {chunks} {chunks:chunk|chunks} from {donor}")
          .with("donor", node),
      migration("CloneBatch", "send me the next keys, from number {cursor}"),
      MessagePhrase("CloneData",
                    "migration {migration}: {keys} {keys:key|keys}, up to number {cursor}{done}")
          .with("done",
                [](std::int64_t last, const PhraseFields&) {
                  return last ? std::string("; that is all") : std::string();
                }),
      migration("TransferMods", "catch-up phase: send me the writes made since the clone"),
      migration("Mods", "{keys} {keys:write|writes} made meanwhile"),
      migration("Steady", "caught up; ready for the critical section"),
      migration("EnterCriticalSection",
                "critical section: writes to the chunk wait now; take the last ones"),
      migration("Ready", "I hold every key; commit the migration"),
      migration("CommitMigration",
                "commit phase: record the chunks on {recipient} instead of {donor} ({keys} keys)")
          .with("donor", node)
          .with("recipient", node),
      MessagePhrase("CommitResult", "migration {migration}: {outcome}; {version}")
          .with("version", shardMap),
      migration("ResolveMigration", "did the commit happen?"),
      MessagePhrase("Resolved", "migration {migration} was {outcome}; {version}")
          .with("version", shardMap),
      MessagePhrase("MigrationOutcome", "migration {migration}: {outcome}", "outcome",
                    kMoveOutcomes)
          .judged([](const PhraseFields& f) {
            return f["outcome"] == 0 ? Verdict::Success : Verdict::Failure;
          }),
      MessagePhrase("SplitChunk",
                    "SplitChunk: a chunk has grown too big; split it in two ({version})")
          .with("version", mapVersion("my map is at version ", "I have no map yet")),
  };
}

}  // namespace cs::sharding
