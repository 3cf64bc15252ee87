// The worker pool, the queue and the per-request state machine. See
// service_node.h.
#include "rpc/service_node.h"

#include <bit>
#include <cassert>

namespace cs::rpc {

ServiceNode::ServiceNode(RpcSystem& system, ServiceOptions options)
    : RpcNode(system), options_(std::move(options)) {
  assert(options_.workers >= 1 && options_.queueCapacity >= 0);
  workers_.resize(static_cast<std::size_t>(options_.workers));
  idle_.resize((workers_.size() + 63) / 64);
  for (std::size_t w = 0; w < workers_.size(); ++w) setIdle(w, true);
  queue_.resize(static_cast<std::size_t>(options_.queueCapacity));
}

std::size_t ServiceNode::firstIdle() const {
  for (std::size_t i = 0; i < idle_.size(); ++i)
    if (idle_[i]) return i * 64 + static_cast<std::size_t>(std::countr_zero(idle_[i]));
  return workers_.size();
}

void ServiceNode::setIdle(std::size_t w, bool idle) {
  const std::uint64_t bit = std::uint64_t{1} << (w % 64);
  if (idle)
    idle_[w / 64] |= bit;
  else
    idle_[w / 64] &= ~bit;
}

void ServiceNode::onRequest(const Message& m) {
  const RequestBody body = RequestBody::from(m);
  Job job;
  job.from = replyTo(m);
  job.method = body.method;
  job.args = body.args;
  job.deadline = body.deadline;
  job.arrived = now();

  if (const std::size_t w = firstIdle(); w < workers_.size()) {
    ++accepted_;
    start(w, job);
    publishGauges();
    return;
  }
  if (queued_ < queue_.size()) {
    ++accepted_;
    queue_[(head_ + queued_) % queue_.size()] = job;
    ++queued_;
    publishGauges();
    return;
  }
  // Teaching note: rejecting at once is what keeps a full service from
  // making every caller wait for a timeout; it is also how overload spreads.
  ++rejected_;
  if (!rejecting_) {
    rejecting_ = true;
    milestone(words().rejecting, {static_cast<std::int64_t>(queued_)});
  }
  reply(job.from, Status::Rejected);
}

void ServiceNode::start(std::size_t w, const Job& job) {
  Worker& worker = workers_[w];
  assert(!worker.busy);
  worker.busy = true;
  setIdle(w, false);
  worker.job = job;
  ++busy_;
  setTimer(options_.processing.draw(rng()), w);
}

void ServiceNode::onOwnTimer(TimerHandle, std::uint64_t tag) {
  const auto w = static_cast<std::size_t>(tag);
  assert(w < workers_.size() && workers_[w].busy);
  Job& job = workers_[w].job;
  if (rng().chance(options_.errorRate)) return follow(w, Next::answer(Status::Error));
  follow(w, process(job));
}

void ServiceNode::onOutcome(const Outcome& o) {
  const auto w = static_cast<std::size_t>(o.cookie);
  assert(w < workers_.size() && workers_[w].busy && workers_[w].job.downstream == o.call);
  Job& job = workers_[w].job;
  job.downstream = 0;
  follow(w, afterCall(job, o));
}

void ServiceNode::follow(std::size_t w, const Next& next) {
  Job& job = workers_[w].job;
  if (next.kind == Next::Kind::Call) {
    // The worker stays busy until the call returns or times out.
    job.downstream = call(next.to, next.method, next.args, job.from.request, next.timeout, w,
                          job.from.requestMessage);
    return;
  }
  reply(job.from, next.status, next.values);
  ++answered_;
  finish(w);
}

void ServiceNode::finish(std::size_t w) {
  workers_[w].busy = false;
  setIdle(w, true);
  --busy_;
  if (queued_ > 0) {
    const Job next = queue_[head_];
    head_ = (head_ + 1) % queue_.size();
    --queued_;
    start(w, next);
  }
  if (rejecting_ && queued_ <= queue_.size() / 2) {
    rejecting_ = false;
    milestone(words().accepting, {static_cast<std::int64_t>(queued_)});
  }
  publishGauges();
}

ServiceNode::Next ServiceNode::process(Job& job) {
  for (const Dependency& d : dependencies_)
    if (d.method == job.method) return Next::call(d.to, d.downstreamMethod, job.args, d.timeout);
  return Next::answer(Status::Ok, {job.args[0], job.args[1], job.args[2], 0});
}

ServiceNode::Next ServiceNode::afterCall(Job&, const Outcome& o) {
  if (o.status == Status::Ok) return Next::answer(Status::Ok, o.values);
  return Next::answer(Status::Error, {static_cast<std::int64_t>(o.status)});
}

void ServiceNode::onReset() {
  for (std::size_t w = 0; w < workers_.size(); ++w) {
    workers_[w] = Worker{};
    setIdle(w, true);
  }
  head_ = 0;
  queued_ = 0;
  busy_ = 0;
  rejecting_ = false;
  publishGauges();
}

void ServiceNode::publishGauges() {
  if (!gauges_) gauges_ = &system().gauges(id());
  const ServiceGauges& g = *gauges_;
  Metrics& m = system().metrics();
  m.set(g.busy, busy_);
  m.set(g.queue, static_cast<std::int64_t>(queued_));
  m.set(g.inflight, busy_ + static_cast<std::int64_t>(queued_));
}

}  // namespace cs::rpc
