// The client of the replicated configuration: it holds a queue of writes
// ("key=value") and sends them one at a time, so they commit in the order
// they were queued. A write goes to the node it was aimed at, else to the
// node the client believes leads, else round-robin from node 0; the client
// follows "not the leader" redirects and, when no answer comes within its
// timeout, retries at the next node. A write is complete when a leader
// confirms it committed.
//
// Pending writes are volatile: they survive only while the client is up.
// The write-id counter is durable so that ids never repeat. Kernel thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "clusterscope/node.h"
#include "patterns/leader_election/options.h"
#include "patterns/leader_election/raft_messages.h"

namespace cs::leader_election {

class ClientNode : public Node {
 public:
  struct Write {
    std::uint64_t id = 0;
    std::string key;
    std::string value;
    NodeId aimedAt = kNoNode;  // the first attempt's target; kNoNode: the believed leader
  };

  // `servers` is the number of Raft servers (ids 0 .. servers-1).
  ClientNode(const Options& options, const Words& words, int servers);

  // Queues a write; it is sent from the client's own event loop (at once if
  // the client is up, when it resumes if paused). REQUIRES: the client is
  // not crashed.
  void submit(std::string key, std::string value, NodeId aimedAt);

  void onStart() override;
  void onMessage(const Message& message) override;
  void onTimer(TimerHandle timer, std::uint64_t tag) override;
  void onCrash() override;

  // ---- Observations ----
  const std::deque<Write>& pending() const { return pending_; }
  std::uint64_t completed() const { return completed_; }
  // Where the write at the head of the queue was last sent; kNoNode: nowhere yet.
  NodeId target() const { return target_; }
  NodeId believedLeader() const { return believedLeader_; }

 private:
  enum TimerTag : std::uint64_t { kSendTimer = 1, kRetryTimer = 2 };

  // Sends the head of the queue to `to` and arms the retry timer.
  void sendHead(NodeId to);
  // The node to try when nothing better is known: the one after the last target.
  NodeId nextInTurn() const;
  void armTimer(TimerHandle& timer, SimDuration delay, TimerTag tag);

  const Options options_;
  const Words words_;
  const int servers_;

  // ---- Durable ----
  // The id of the next write; ids start at 1 and never repeat.
  std::uint64_t nextWriteId_ = 1;

  // ---- Volatile: reset in onCrash ----
  std::deque<Write> pending_;
  std::uint64_t completed_ = 0;
  NodeId target_ = kNoNode;
  // The node that last confirmed a write or was named as leader; kNoNode: unknown.
  NodeId believedLeader_ = kNoNode;
  // The server that last left a write unanswered; kNoNode: none. Its peers may
  // still name it as leader (a deposed leader cut off in a minority), so a
  // redirect to it is not followed until the others have all been tried.
  NodeId suspect_ = kNoNode;
  bool headSent_ = false;  // the head of the queue has been sent at least once
  TimerHandle sendTimer_;
  TimerHandle retryTimer_;
};

}  // namespace cs::leader_election
