// A node of the simulated cluster. Patterns subclass it; the kernel calls its
// handlers one at a time on the kernel thread.
//
// A node keeps two kinds of state. Durable state (Raft's currentTerm and
// votedFor, an event store's log) survives a crash. Volatile state is lost:
// the kernel calls onCrash(), which must reset every volatile member, and
// onStart() when the node (re)starts. Timers set before a crash never fire.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "clusterscope/ids.h"
#include "clusterscope/message.h"
#include "clusterscope/time.h"

namespace cs {

class Kernel;
class Rng;

// Identifies one armed timer. A default handle refers to no timer.
struct TimerHandle {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;  // 0: no timer
  explicit operator bool() const { return generation != 0; }
};

class Node {
 public:
  virtual ~Node() = default;

  NodeId id() const { return id_; }

  // Called when the run begins and after every restart; arm timers here.
  virtual void onStart() {}
  virtual void onMessage(const Message& message) = 0;
  virtual void onTimer(TimerHandle timer, std::uint64_t tag) = 0;
  // Reset every volatile member; durable members stay as they are.
  virtual void onCrash() = 0;

 protected:
  SimTime now() const;
  // Sends `message` to message.to; fills in id and from. Returns the id.
  MessageId send(Message message);
  // Convenience for the common case of a small message.
  MessageId send(NodeId to, Label kind, const MessageFields& fields, RequestId request = 0,
                 MessageId cause = 0);
  // Arms a timer that fires after `delay` of this node's clock.
  TimerHandle setTimer(SimDuration delay, std::uint64_t tag);
  // Disarms the timer (no-op if it already fired) and clears the handle.
  void cancelTimer(TimerHandle& timer);
  // This node's own PRNG stream.
  Rng& rng();
  void milestone(Label label, const std::array<std::int64_t, 6>& values = {},
                 NodeId peer = kNoNode);
  void stateChanged(Label field, std::int64_t oldValue, std::int64_t newValue);
  std::size_t clusterSize() const;

 private:
  friend class Kernel;
  Kernel* kernel_ = nullptr;
  NodeId id_ = kNoNode;
};

}  // namespace cs
