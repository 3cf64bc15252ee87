// Calls, replies and timeouts. See rpc_node.h.
#include "rpc/rpc_node.h"

#include <cassert>

namespace cs::rpc {

void RpcNode::onMessage(const Message& m) {
  if (m.kind == words().reply) return onReply(m);
  if (m.kind == words().request) return onRequest(m);
  onOtherMessage(m);
}

void RpcNode::onTimer(TimerHandle timer, std::uint64_t tag) {
  if (tag >= kRpcTimerTags) return onTimeout(tag - kRpcTimerTags);
  onOwnTimer(timer, tag);
}

void RpcNode::onCrash() {
  // Timers die with the node's epoch; only the table needs clearing.
  for (Pending& p : pending_) p = Pending{};
  pendingCount_ = 0;
  onReset();
}

void RpcNode::onRequest(const Message& request) {
  reply(replyTo(request), Status::Error);
}

ReplyTo RpcNode::replyTo(const Message& request) {
  return {request.from, static_cast<CallId>(request.fields[0]), request.id, request.request};
}

Stats& RpcNode::pathTo(NodeId callee) {
  if (pathCache_.size() <= callee) pathCache_.resize(callee + 1, nullptr);
  if (!pathCache_[callee]) pathCache_[callee] = &system_->path(id(), callee);
  return *pathCache_[callee];
}

CallId RpcNode::call(NodeId to, std::int64_t method, const Args& args, RequestId request,
                     SimDuration timeout, std::uint64_t cookie, MessageId cause) {
  assert(timeout.count() > 0);
  const CallId c = nextCall_++;
  Pending& p = insert(c);
  p.callee = to;
  p.method = method;
  p.request = request;
  p.sentAt = now();
  p.cookie = cookie;
  p.path = &pathTo(to);
  p.service = &system_->service(to);
  p.timer = setTimer(timeout, kRpcTimerTags + c);
  send(to, words().request, RequestBody{c, method, now() + timeout, args}.fields(), request, cause);
  return c;
}

void RpcNode::reply(const ReplyTo& to, Status status, const Values& values) {
  assert(status != Status::Timeout);
  send(to.caller, words().reply, ReplyBody{to.call, status, values}.fields(), to.request,
       to.requestMessage);
}

void RpcNode::onReply(const Message& m) {
  const ReplyBody body = ReplyBody::from(m);
  Pending* p = find(body.call);
  if (!p || p->callee != m.from) {
    // The caller already gave up (or this is a duplicate); its outcome is told.
    ++late_;
    system_->recordLate(pathTo(m.from), system_->service(m.from));
    return;
  }
  cancelTimer(p->timer);
  const Outcome o{body.call,         body.status, p->callee,   p->method, p->request,
                  now() - p->sentAt, p->cookie,   body.values, m.id};
  system_->recordOutcome(*p->path, *p->service, o.status, o.latency);
  release(*p);
  onOutcome(o);
}

void RpcNode::onTimeout(CallId call) {
  Pending* p = find(call);
  if (!p) return;  // answered first; the timer was cancelled but raced nothing
  const Outcome o{call,      Status::Timeout, p->callee, p->method, p->request, now() - p->sentAt,
                  p->cookie, Values{},        0};
  milestone(words().timedOut, {static_cast<std::int64_t>(call), p->method}, p->callee);
  system_->recordOutcome(*p->path, *p->service, o.status, o.latency);
  release(*p);
  onOutcome(o);
}

RpcNode::Pending* RpcNode::find(CallId call) {
  Pending& p = pending_[call & (pending_.size() - 1)];
  return p.call == call ? &p : nullptr;
}

RpcNode::Pending& RpcNode::insert(CallId call) {
  while (pending_[call & (pending_.size() - 1)].call != 0) grow();
  Pending& p = pending_[call & (pending_.size() - 1)];
  p = Pending{};
  p.call = call;
  ++pendingCount_;
  return p;
}

// Doubles the ring: an old call still pending sits where the new one would go.
void RpcNode::grow() {
  std::vector<Pending> bigger(pending_.size() * 2);
  for (const Pending& p : pending_)
    if (p.call != 0) bigger[p.call & (bigger.size() - 1)] = p;
  pending_.swap(bigger);
}

void RpcNode::release(Pending& p) {
  p = Pending{};
  --pendingCount_;
}

}  // namespace cs::rpc
