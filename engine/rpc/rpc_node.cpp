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
  if (tag >= kRpcTimerTags) return expireCalls();
  onOwnTimer(timer, tag);
}

void RpcNode::onCrash() {
  // Timers die with the node's epoch; only the tables need clearing.
  pending_.clear();
  timeouts_.clear();
  onReset();
}

void RpcNode::armDeadlines(DeadlineQueue& queue, std::uint64_t tag) {
  if (!queue.needsTimer()) return;
  cancelTimer(queue.timer);
  queue.armedAt = queue.front().at;
  queue.timer = setTimer(queue.armedAt - now(), tag);
}

void RpcNode::onRequest(const Message& request) {
  reply(replyTo(request), Status::Error);
}

ReplyTo RpcNode::replyTo(const Message& request) {
  return {request.from, static_cast<CallId>(request.fields[0]), request.id, request.request};
}

const RpcNode::Route& RpcNode::routeTo(NodeId callee) {
  if (routes_.size() <= callee) routes_.resize(callee + 1);
  Route& r = routes_[callee];
  if (!r.path) r = {&system_->path(id(), callee), &system_->service(callee)};
  return r;
}

CallId RpcNode::call(NodeId to, std::int64_t method, const Args& args, RequestId request,
                     SimDuration timeout, std::uint64_t cookie, MessageId cause) {
  assert(timeout.count() > 0);
  const CallId c = nextCall_++;
  Pending& p = pending_.insert(c);
  p.callee = to;
  p.method = method;
  p.request = request;
  p.sentAt = now();
  p.cookie = cookie;
  const Route& route = routeTo(to);
  p.path = route.path;
  p.service = route.service;
  timeouts_.add(now() + timeout, c);
  armDeadlines(timeouts_, kRpcTimerTags);
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
  Pending* p = pending_.find(body.call);
  if (!p || p->callee != m.from) {
    // The caller already gave up (or this is a duplicate); its outcome is told.
    ++late_;
    const Route& route = routeTo(m.from);
    system_->recordLate(*route.path, *route.service);
    return;
  }
  // Its entry in timeouts_ stays; expireCalls() skips a call no longer pending.
  const Outcome o{body.call,         body.status, p->callee,   p->method, p->request,
                  now() - p->sentAt, p->cookie,   body.values, m.id};
  system_->recordOutcome(*p->path, *p->service, o.status, o.latency);
  pending_.erase(body.call);
  onOutcome(o);
}

void RpcNode::expireCalls() {
  timeouts_.timer = TimerHandle{};
  timeouts_.armedAt = SimTime{-1};
  while (!timeouts_.empty() && timeouts_.front().at <= now()) {
    const CallId c = timeouts_.front().key;
    timeouts_.popFront();
    onTimeout(c);  // may make new calls, all due later
  }
  // Calls answered in time need no timer.
  while (!timeouts_.empty() && !pending_.find(timeouts_.front().key)) timeouts_.popFront();
  armDeadlines(timeouts_, kRpcTimerTags);
}

void RpcNode::onTimeout(CallId call) {
  Pending* p = pending_.find(call);
  if (!p) return;  // answered in time
  const Outcome o{call,      Status::Timeout, p->callee, p->method, p->request, now() - p->sentAt,
                  p->cookie, Values{},        0};
  milestone(words().timedOut, {static_cast<std::int64_t>(call), p->method}, p->callee);
  system_->recordOutcome(*p->path, *p->service, o.status, o.latency);
  pending_.erase(call);
  onOutcome(o);
}

}  // namespace cs::rpc
