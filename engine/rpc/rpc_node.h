// A node that makes and answers calls over the simulated network. call()
// sends a Request and arms a timeout; exactly one outcome per call reaches
// onOutcome(): the callee's Reply (ok, error, rejected) or, if none came in
// time, Timeout. A Reply that arrives after the timeout is ignored and
// counted as late. Every message carries the end-user request id
// (Message::request) and the message it answers or serves (Message::cause),
// so one end-user request can be followed through the trace.
//
// The node owns onMessage/onTimer/onCrash; subclasses use the hooks below.
// Calls in progress are volatile: a crash abandons them without an outcome
// (the node that would have received it is gone). The call-id counter is
// durable. Pending calls live in a ring indexed by call id (IdRing), so a
// call allocates nothing once the ring has grown to the node's peak number of
// outstanding calls, and their timeouts share one timer (DeadlineQueue):
// answering a call cancels nothing, and a timeout still fires at exactly
// call time + timeout. Kernel thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "clusterscope/node.h"
#include "rpc/deadline_queue.h"
#include "rpc/id_ring.h"
#include "rpc/rpc_system.h"

namespace cs::rpc {

// Where to send the answer to a request.
struct ReplyTo {
  NodeId caller = kNoNode;
  CallId call = 0;
  MessageId requestMessage = 0;
  RequestId request = 0;  // the end-user request
};

// One finished call, as delivered to onOutcome().
struct Outcome {
  CallId call = 0;
  Status status = Status::Ok;
  NodeId callee = kNoNode;
  std::int64_t method = 0;
  RequestId request = 0;
  SimDuration latency{};       // from call() to this outcome
  std::uint64_t cookie = 0;    // as given to call()
  Values values{};             // the callee's result (Ok) or detail (Error)
  MessageId replyMessage = 0;  // 0 for a timeout
};

class RpcNode : public Node {
 public:
  explicit RpcNode(RpcSystem& system) : system_(&system) {}

  void onMessage(const Message& message) final;
  void onTimer(TimerHandle timer, std::uint64_t tag) final;
  void onCrash() final;

  // ---- Observations ----
  std::size_t pendingCalls() const { return pending_.size(); }
  std::uint64_t lateReplies() const { return late_; }
  std::string name() const { return system_->name(id()); }

  // Timer tags at or above this are the RPC layer's own.
  static constexpr std::uint64_t kRpcTimerTags = std::uint64_t{1} << 63;

 protected:
  // Sends `method(args)` to `to` on behalf of end-user request `request`, and
  // gives up after `timeout`. `cookie` comes back in the Outcome (e.g. which
  // worker waits for it); `cause` is the message this call serves (0: none).
  // Returns the call's id. REQUIRES: timeout > 0.
  CallId call(NodeId to, std::int64_t method, const Args& args, RequestId request,
              SimDuration timeout, std::uint64_t cookie = 0, MessageId cause = 0);
  // Answers a request. REQUIRES: status != Timeout.
  void reply(const ReplyTo& to, Status status, const Values& values = {});
  // Who to answer for a Request message.
  static ReplyTo replyTo(const Message& request);

  // ---- Hooks ----
  // A Request arrived. The default answers Error (this node serves nothing).
  virtual void onRequest(const Message& request);
  // A call finished; called exactly once per call unless this node crashed first.
  virtual void onOutcome(const Outcome& outcome) { (void)outcome; }
  // Any message that is neither a Request nor a Reply.
  virtual void onOtherMessage(const Message& message) { (void)message; }
  // A timer the subclass set. REQUIRES of the subclass: tags below kRpcTimerTags.
  virtual void onOwnTimer(TimerHandle timer, std::uint64_t tag) {
    (void)timer;
    (void)tag;
  }
  // Resets the subclass's volatile state after a crash (pending calls are
  // already gone).
  virtual void onReset() {}

  // Arms `queue`'s timer, with `tag`, for its earliest entry if no timer
  // fires at or before it. For subclasses with deadlines of their own.
  void armDeadlines(DeadlineQueue& queue, std::uint64_t tag);

  RpcSystem& system() { return *system_; }
  const Words& words() const { return system_->words(); }

 private:
  struct Pending {
    NodeId callee = kNoNode;
    std::int64_t method = 0;
    RequestId request = 0;
    SimTime sentAt{};
    std::uint64_t cookie = 0;
    Stats* path = nullptr;
    Stats* service = nullptr;
  };

  void onReply(const Message& message);
  // The timeouts' timer fired: every call due by now that is still pending
  // times out, in the order of their deadlines.
  void expireCalls();
  void onTimeout(CallId call);
  // The path and service statistics for calls to `callee`, cached by callee.
  struct Route {
    Stats* path = nullptr;
    Stats* service = nullptr;
  };
  const Route& routeTo(NodeId callee);

  RpcSystem* system_;

  // ---- Durable ----
  CallId nextCall_ = 1;
  std::uint64_t late_ = 0;     // replies that found no pending call
  std::vector<Route> routes_;  // by callee; statistics outlive crashes

  // ---- Volatile: reset in onCrash ----
  IdRing<Pending> pending_;
  DeadlineQueue timeouts_;  // keys: call ids
};

}  // namespace cs::rpc
