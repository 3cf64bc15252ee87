// A service: a bounded pool of workers and a bounded FIFO queue in front of
// them. A request that finds a free worker starts at once; one that finds all
// workers busy waits in the queue; one that finds the queue full is rejected
// at once. A worker is held for the request's processing time and then for
// as long as the handler waits on downstream calls (thread-per-request), so a
// slow dependency uses up the caller's workers, its queue fills, and requests
// that never touch the dependency are rejected too: cascading failure, not
// scripted but emerging from the model.
//
// The business logic is a small state machine per request: process() runs
// when the processing time is over and afterCall() when a downstream call
// finishes; each returns what to do next (answer, or call someone and wait).
// By default process() answers Ok, or calls the dependency declared for the
// request's method. Queued and running requests are volatile: a crash loses
// them and their callers time out. Kernel thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "rpc/processing_time.h"
#include "rpc/rpc_node.h"

namespace cs::rpc {

struct ServiceOptions {
  int workers = 4;         // W: requests processed at once
  int queueCapacity = 16;  // Q: requests that may wait; 0: none wait
  ProcessingTime processing = ProcessingTime::constant(SimDuration{10'000});
  double errorRate = 0;  // chance that processing fails (answers Error)
};

class ServiceNode : public RpcNode {
 public:
  // One request, from its arrival until it is answered.
  struct Job {
    ReplyTo from;
    std::int64_t method = 0;
    Args args{};
    SimTime deadline{};  // when the caller gives up
    SimTime arrived{};
    std::int64_t step = 0;  // the handler's own state; 0 when processing ends
    Values notes{};         // the handler's notes between steps
    CallId downstream = 0;  // the call the worker waits on; 0: none
  };

  // What the handler wants next.
  struct Next {
    enum class Kind : std::uint8_t { Answer, Call } kind = Kind::Answer;
    Status status = Status::Ok;  // Answer
    Values values{};             // Answer
    NodeId to = kNoNode;         // Call
    std::int64_t method = 0;     // Call
    Args args{};                 // Call
    SimDuration timeout{};       // Call

    static Next answer(Status status, const Values& values = {}) {
      Next n;
      n.status = status;
      n.values = values;
      return n;
    }
    static Next call(NodeId to, std::int64_t method, const Args& args, SimDuration timeout) {
      Next n;
      n.kind = Kind::Call;
      n.to = to;
      n.method = method;
      n.args = args;
      n.timeout = timeout;
      return n;
    }
  };

  // A call to make after processing a request of some method.
  struct Dependency {
    std::int64_t method = 0;  // requests of this method ...
    NodeId to = kNoNode;      // ... call this service ...
    std::int64_t downstreamMethod = 0;
    SimDuration timeout{};  // ... and wait at most this long
  };

  // REQUIRES: options.workers >= 1, options.queueCapacity >= 0.
  ServiceNode(RpcSystem& system, ServiceOptions options);

  // ---- Knobs (live) ----
  void setProcessingTime(ProcessingTime processing) { options_.processing = std::move(processing); }
  void setErrorRate(double p) { options_.errorRate = p; }
  // Requests of `method` call `to` after processing. Before the run.
  void addDependency(Dependency dependency) { dependencies_.push_back(dependency); }

  // ---- Observations ----
  const ServiceOptions& options() const { return options_; }
  int busyWorkers() const { return busy_; }
  std::size_t queueLength() const { return queued_; }
  bool rejecting() const { return rejecting_; }
  std::uint64_t accepted() const { return accepted_; }
  std::uint64_t rejected() const { return rejected_; }
  std::uint64_t answered() const { return answered_; }

 protected:
  // The processing time is over. Default: call the dependency declared for
  // job.method, else answer Ok with the request's args as the result.
  virtual Next process(Job& job);
  // A downstream call finished. Default: Ok passes the result on; anything
  // else answers Error (our caller sees a failed dependency as our failure).
  virtual Next afterCall(Job& job, const Outcome& outcome);

  void onRequest(const Message& request) override;
  void onOutcome(const Outcome& outcome) override;
  void onOwnTimer(TimerHandle timer, std::uint64_t tag) override;
  void onReset() override;

 private:
  struct Worker {
    bool busy = false;
    Job job;
  };

  // The lowest-numbered idle worker, or workers_.size() if all are busy.
  std::size_t firstIdle() const;
  void setIdle(std::size_t worker, bool idle);
  void start(std::size_t worker, const Job& job);
  void follow(std::size_t worker, const Next& next);
  void finish(std::size_t worker);
  void publishGauges();

  ServiceOptions options_;
  std::vector<Dependency> dependencies_;
  ServiceGauges* gauges_ = nullptr;  // system().gauges(id()), looked up once

  // ---- Volatile: reset in onReset ----
  std::vector<Worker> workers_;
  std::vector<std::uint64_t> idle_;  // bit w % 64 of word w / 64: worker w is idle
  std::vector<Job> queue_;           // a ring of queueCapacity slots
  std::size_t head_ = 0;
  std::size_t queued_ = 0;
  int busy_ = 0;
  bool rejecting_ = false;  // since the queue filled, until it drains to half

  // ---- Counters (kept across crashes) ----
  std::uint64_t accepted_ = 0;
  std::uint64_t rejected_ = 0;
  std::uint64_t answered_ = 0;
};

}  // namespace cs::rpc
