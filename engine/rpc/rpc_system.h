// What every request/response node of one cluster shares: the message kinds
// and milestones ("Request", "Reply", "rejecting", ...) registered once per
// kernel, each node's readable name, and the statistics kept per service and
// per caller->callee path (counters, latency histograms and the cs::Metrics
// they are published to). Built by a pattern's build() (or a test) before the
// run and handed to its nodes by reference; it must outlive the run. Kernel
// thread only.
//
// Metric names: for a service named S and a caller C,
//   svc.S.{ok,error,rejected,timeout,late}   outcomes as S's callers saw them
//   svc.S.{p50_us,p90_us,p99_us}             caller-observed latency over the last interval
//   svc.S.p99_5s_us                          the same p99 over the last 5 seconds
//   svc.S.{inflight,queue,busy}              gauges kept by S itself (ServiceNode)
//   path.C->S.{ok,error,rejected,timeout,late,p50_us,p90_us,p99_us}
//   client.C.failed_5s                       of load generator C's requests that ended in
//                                            the last 5 s, the percentage that failed
// "late" counts replies that came after the caller gave up (or duplicates).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "clusterscope/kernel.h"
#include "rpc/histogram.h"
#include "rpc/recent_latency.h"

namespace cs::rpc {

// Identifies one call made by one caller. Ids start at 1 and never repeat
// for that caller, not even across a crash, so a reply to a call from before
// a crash cannot be mistaken for a newer call's.
using CallId = std::uint64_t;

// How a call ended, as the caller saw it.
enum class Status : std::uint8_t {
  Ok = 0,        // the callee answered with a result
  Error = 1,     // the callee answered that it failed (its own fault or a dependency's)
  Rejected = 2,  // the callee's queue was full; it refused without doing any work
  Timeout = 3,   // no answer within the caller's timeout; the callee may still be working
};
const char* statusName(Status status);

using Args = std::array<std::int64_t, 3>;
using Values = std::array<std::int64_t, 4>;

// The body of a "Request" message. Message::request carries the end-user
// request id; Message::cause the request this call serves, if any.
struct RequestBody {
  CallId call = 0;
  std::int64_t method = 0;  // meaning given by the callee
  SimTime deadline{};       // when the caller will give up (absolute)
  Args args{};
  MessageFields fields() const {
    return {static_cast<std::int64_t>(call), method, deadline.count(), args[0], args[1], args[2]};
  }
  static RequestBody from(const Message& m) {
    return {static_cast<CallId>(m.fields[0]), m.fields[1], SimTime{m.fields[2]},
            Args{m.fields[3], m.fields[4], m.fields[5]}};
  }
};

// The body of a "Reply" message; Message::cause is the request it answers.
struct ReplyBody {
  CallId call = 0;
  Status status = Status::Ok;  // never Timeout on the wire
  Values values{};
  MessageFields fields() const {
    return {static_cast<std::int64_t>(call),
            static_cast<std::int64_t>(status),
            values[0],
            values[1],
            values[2],
            values[3]};
  }
  static ReplyBody from(const Message& m) {
    return {static_cast<CallId>(m.fields[0]), static_cast<Status>(m.fields[1]),
            Values{m.fields[2], m.fields[3], m.fields[4], m.fields[5]}};
  }
};

// The labels, registered once per kernel.
struct Words {
  Label request = kNoLabel;    // Request: call, method, deadline, arg0..arg2
  Label reply = kNoLabel;      // Reply: call, status (0 ok, 1 error, 2 rejected), value0..value3
  Label rejecting = kNoLabel;  // milestone: a service's queue filled; it refuses new requests
  Label accepting = kNoLabel;  // milestone: its queue drained to half; it accepts again
  Label timedOut = kNoLabel;   // milestone: a caller gave up on a call
};

// Counters and latency for one service or one path. The counters live in
// cs::Metrics; the histograms here.
struct Stats {
  std::string name;  // "svc.A", "path.load->A"
  MetricId ok = 0, error = 0, rejected = 0, timeout = 0, late = 0;
  MetricId p50 = 0, p90 = 0, p99 = 0;
  MetricId p99Recent = 0;  // over the last RecentLatency::kSeconds seconds
  WindowedHistogram latency;
  RecentLatency recent;
};

// Gauges a service keeps current itself.
struct ServiceGauges {
  MetricId inflight = 0, queue = 0, busy = 0;
};

class RpcSystem {
 public:
  // Registers the vocabulary in `kernel`. REQUIRES: no other RpcSystem was
  // built on this kernel (the labels would clash); the run has not begun.
  explicit RpcSystem(Kernel& kernel);
  RpcSystem(const RpcSystem&) = delete;
  RpcSystem& operator=(const RpcSystem&) = delete;

  const Words& words() const { return words_; }
  Kernel& kernel() { return *kernel_; }
  Metrics& metrics() { return kernel_->metrics(); }

  // Adds a node to the kernel under a readable name ("A", "load") used in
  // metric names and returns its id. A node that serves requests
  // (ServiceNode) gets its svc.* metrics defined now, so charts can list
  // them before the first request.
  NodeId add(std::string name, std::unique_ptr<Node> node);
  // The name given to add(), or "node<id>".
  std::string name(NodeId id) const;

  // The statistics of a service or path, defined on first use.
  Stats& service(NodeId callee);
  Stats& path(NodeId caller, NodeId callee);
  ServiceGauges& gauges(NodeId service);
  const Stats* findService(NodeId callee) const;
  const Stats* findPath(NodeId caller, NodeId callee) const;

  // Counts one outcome and its latency (time from call to outcome; a
  // timeout's latency is the timeout).
  void recordOutcome(Stats& path, Stats& service, Status status, SimDuration latency);
  void recordLate(Stats& path, Stats& service);

  // Publishes each latency window's percentiles as gauges, then starts new
  // windows. A pattern calls this from Pattern::updateGauges, i.e. just
  // before every sample, so the p99 charted at a sample covers the interval
  // that ended there. An empty window publishes 0.
  void updateGauges();

 private:
  // `prefix` starts each metric's name ("svc", "path"); `family` and
  // `subject` describe them ("service", "payment").
  Stats& define(const std::string& prefix, const std::string& family, const std::string& subject);

  Kernel* kernel_;
  Words words_;
  std::vector<std::string> names_;             // by NodeId; empty: unnamed
  std::vector<std::unique_ptr<Stats>> stats_;  // in definition order
  std::vector<Stats*> services_;               // by callee NodeId
  struct PathKey {
    NodeId caller, callee;
    Stats* stats;
  };
  std::vector<PathKey> paths_;                          // in definition order
  std::vector<std::unique_ptr<ServiceGauges>> gauges_;  // by service NodeId
  struct ClientGauge {
    NodeId client;
    MetricId failedRecent;
  };
  std::vector<ClientGauge> clients_;  // load generators, in the order added
};

}  // namespace cs::rpc
