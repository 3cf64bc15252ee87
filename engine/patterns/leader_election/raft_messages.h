// Raft's words: the log entry, the messages the servers and the client
// exchange (with their integer fields in the order the Vocabulary names them),
// the payloads that carry strings, and the labels registered for messages,
// milestones and state fields. The names are a contract with the scenario
// files and the UI. Kernel thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "clusterscope/kernel.h"

namespace cs::leader_election {

// One entry of a server's log: a configuration write, or the no-op a new
// leader appends, with the term in which a leader created it. `client` and
// `writeId` let whichever leader commits a write confirm it to the client.
struct LogEntry {
  std::int64_t term = 0;
  std::string key;  // empty: a no-op
  std::string value;
  NodeId client = kNoNode;
  std::uint64_t writeId = 0;

  bool isNoop() const { return key.empty(); }
  std::string text() const { return isNoop() ? "no-op" : key + "=" + value; }
};

// The entries of an AppendEntries, shared by every copy of the message.
class EntriesPayload : public Payload {
 public:
  explicit EntriesPayload(std::vector<LogEntry> entries) : entries(std::move(entries)) {}
  std::string describe() const override;  // "[3:x=1, 3:y=2]" (term:key=value)
  const std::vector<LogEntry> entries;
};

// The key and value of a ClientWrite.
class WritePayload : public Payload {
 public:
  WritePayload(std::string key, std::string value) : key(std::move(key)), value(std::move(value)) {}
  std::string describe() const override { return key + "=" + value; }
  const std::string key;
  const std::string value;
};

// Every label the pattern registers, in one place.
struct Words {
  // Messages
  Label requestVote = kNoLabel;
  Label requestVoteReply = kNoLabel;
  Label appendEntries = kNoLabel;
  Label appendEntriesReply = kNoLabel;
  Label clientWrite = kNoLabel;
  Label clientReply = kNoLabel;
  // Milestones
  Label electionStarted = kNoLabel;
  Label voteGranted = kNoLabel;
  Label leaderElected = kNoLabel;
  Label splitVote = kNoLabel;
  Label steppedDown = kNoLabel;
  Label followsLeader = kNoLabel;
  Label writeAccepted = kNoLabel;
  Label entryCommitted = kNoLabel;
  Label writeCompleted = kNoLabel;
  // State fields
  Label role = kNoLabel;
  Label currentTerm = kNoLabel;
  Label votedFor = kNoLabel;
  Label commitIndex = kNoLabel;
};

// Registers the vocabulary. Called once from build(), before any node runs.
Words defineWords(Kernel& kernel);

// ---- Message bodies: typed views of Message::fields ----

struct RequestVote {
  std::int64_t term = 0;
  std::int64_t lastLogIndex = 0;
  std::int64_t lastLogTerm = 0;
  MessageFields fields() const { return {term, lastLogIndex, lastLogTerm}; }
  static RequestVote from(const Message& m) { return {m.fields[0], m.fields[1], m.fields[2]}; }
};

struct RequestVoteReply {
  std::int64_t term = 0;
  bool voteGranted = false;
  MessageFields fields() const { return {term, voteGranted ? 1 : 0}; }
  static RequestVoteReply from(const Message& m) { return {m.fields[0], m.fields[1] != 0}; }
};

// `entries` counts the entries; the entries themselves ride in an
// EntriesPayload. A heartbeat has no entries and no payload.
struct AppendEntries {
  std::int64_t term = 0;
  std::int64_t prevLogIndex = 0;
  std::int64_t prevLogTerm = 0;
  std::int64_t leaderCommit = 0;
  std::int64_t entries = 0;
  MessageFields fields() const { return {term, prevLogIndex, prevLogTerm, leaderCommit, entries}; }
  static AppendEntries from(const Message& m) {
    return {m.fields[0], m.fields[1], m.fields[2], m.fields[3], m.fields[4]};
  }
};

// On success, matchIndex is the index of the last entry the follower now
// knows to match the leader's log; on failure, the follower's last log index
// (a hint that lets the leader back nextIndex off faster).
struct AppendEntriesReply {
  std::int64_t term = 0;
  bool success = false;
  std::int64_t matchIndex = 0;
  MessageFields fields() const { return {term, success ? 1 : 0, matchIndex}; }
  static AppendEntriesReply from(const Message& m) {
    return {m.fields[0], m.fields[1] != 0, m.fields[2]};
  }
};

// The key and value ride in a WritePayload; Message::request carries the
// write id too, so the write can be followed end to end.
struct ClientWrite {
  std::int64_t writeId = 0;
  MessageFields fields() const { return {writeId}; }
  static ClientWrite from(const Message& m) { return {m.fields[0]}; }
};

// ok = 1: committed at `index`. ok = 0: "not the leader"; leaderHint names
// the leader this server knows of, -1 if none. Message::request is the write id.
struct ClientReply {
  bool ok = false;
  std::int64_t leaderHint = -1;
  std::int64_t index = 0;
  MessageFields fields() const { return {ok ? 1 : 0, leaderHint, index}; }
  static ClientReply from(const Message& m) { return {m.fields[0] != 0, m.fields[1], m.fields[2]}; }
};

}  // namespace cs::leader_election
