// Following one request through the trace: which records belong to it, and
// the hops it took, each with the time it spent on the wire and at its
// receiver, read from the Sent, Delivered and Dropped records themselves.
//
// What is followed:
//  - a message that carries an end-user request id (Message::request, set by
//    the RPC layer and Raft's client writes): every message with that id,
//    whichever node sent it;
//  - a message without one (Raft's RequestVote, AppendEntries): its causal
//    chain. Its `cause` links are walked up to the message that answers
//    nothing; that message's broadcast (what its sender sent to the others at
//    the same instant with the same kind, such as a candidate's RequestVotes
//    to every peer) are the roots, and every message answering a root or
//    another member, transitively, belongs too (the votes).
// Plain values and functions, no Qt. Any thread, one at a time per object.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "clusterscope/trace.h"
#include "clusterscope/vocabulary.h"

namespace cs {

struct FollowKey {
  RequestId request = 0;         // an end-user request; 0: follow `roots`' causal chain
  std::vector<MessageId> roots;  // sorted; empty when `request` is set
  bool empty() const { return request == 0 && roots.empty(); }
  bool operator==(const FollowKey&) const = default;
};

// The key to follow message `msg` by, found from its Sent record in
// `records` (oldest first). Empty if no Sent record of `msg` is there.
FollowKey followKeyFor(MessageId msg, const std::vector<TraceRecord>& records);

// Picks the records that belong to a key, fed one by one in trace order (a
// reply's Sent record comes after the Sent record of what it answers, so a
// causal chain grows as it is fed). Also takes a GaveUp milestone (an RPC
// caller's timeout) for a Request that belongs, matched by the correlation
// field they share: the end of that hop's wait.
class RequestFilter {
 public:
  // `vocabulary` says which kinds are Requests and which milestones are
  // GaveUp; without it no milestone belongs. It must outlive the filter.
  RequestFilter(FollowKey key, const Vocabulary* vocabulary);

  // Whether `r` belongs; a message that does is remembered, so that what
  // answers it belongs too.
  bool add(const TraceRecord& r);
  bool contains(MessageId msg) const;
  const FollowKey& key() const { return key_; }

 private:
  FollowKey key_;
  const Vocabulary* vocabulary_;
  std::vector<MessageId> members_;  // sorted
  // (caller, correlation) of member Requests
  std::vector<std::pair<NodeId, std::int64_t>> calls_;
};

// How a hop ended.
enum class HopFate : std::uint8_t {
  InFlight,   // no Delivered or Dropped record yet
  Delivered,  // handed to the receiver's handler at `endedAt`
  Dropped,    // lost at `endedAt`; `dropReason` says why
};

// One message of the followed request: one copy, in fact (a network
// duplicate is a hop of its own, marked `duplicate`).
struct Hop {
  MessageId msg = 0;
  MessageId cause = 0;  // the message it answers or serves; 0: none
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  Label kind = kNoLabel;
  SimTime sentAt{};
  SimTime endedAt{};  // when delivered or dropped; unset while in flight
  HopFate fate = HopFate::InFlight;
  DropReason dropReason = DropReason::None;
  bool duplicate = false;
  // A Reply with an outcome (an RPC Reply's status): its value, which the
  // kind's LabelInfo::valueNames names; 0 means ok.
  std::int64_t status = 0;
  // The sender gave up waiting for an answer (a GaveUp milestone: an RPC
  // timeout) at this time.
  std::optional<SimTime> timedOutAt;
  // Delivered: from the delivery to the next message of the request that
  // the receiver sent (the time it queued and worked before passing the
  // request on or answering); none when it sent nothing more.
  std::optional<SimDuration> atReceiver;

  // On the wire (and waiting to be handled). REQUIRES: fate != InFlight.
  SimDuration network() const { return endedAt - sentAt; }
};

struct RequestPath {
  std::vector<Hop> hops;      // in causal order: by their Sent records
  std::vector<NodeId> nodes;  // every node a hop left or reached, in order of first visit
  SimTime begin{};            // the first hop's send
  SimTime end{};              // the latest delivery, drop or timeout
  // Set when the node the request started at (the first hop's sender) has
  // received an answer: the last such delivery. Only for end-user requests.
  std::optional<SimTime> answeredAt;
  bool finished = false;  // no hop still in flight

  // End to end: until the origin was answered, else until `end`.
  SimDuration total() const { return (answeredAt ? *answeredAt : end) - begin; }
};

// The hops of `key` among `records` (oldest first; records that do not
// belong are skipped). `vocabulary`, if given, is used to read a Reply's
// outcome and to match GaveUp milestones with their Requests.
RequestPath requestPath(const std::vector<TraceRecord>& records, const FollowKey& key,
                        const Vocabulary* vocabulary);

}  // namespace cs
