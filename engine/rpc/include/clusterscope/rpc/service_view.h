// What the window draws of the request/response layer's nodes, for any
// pattern built on it: a service's worker pool, queue, processing time, error
// rate, outcome counts and p99, and an open-loop client's rate and outcomes.
// Plain values, built on the kernel thread by a pattern's view() (rpc_views.h)
// from one instant; immutable afterwards, so any thread may read them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "clusterscope/ids.h"
#include "clusterscope/time.h"

namespace cs::rpc {

// How long a worker is busy with one call: its usual calls, and a heavy tail
// if some calls take far longer (a "mostly fast, sometimes slow" mixture).
struct ProcessingView {
  SimDuration mean{0};
  // The slowest of its usual calls: a constant's time, a uniform's upper
  // bound, a mixture's fast part's upper bound, a table's longest entry.
  SimDuration usualMax{0};
  // A mixture: the share of calls, in [0, 1], that fall in its slow part,
  // and that part's upper bound. 0 and 0 for any other kind.
  double slowShare = 0;
  SimDuration slowMax{0};
};

// How the calls of one caller, or of a service's callers, ended.
struct OutcomeCounts {
  std::uint64_t ok = 0;
  std::uint64_t error = 0;     // answered, but failed
  std::uint64_t rejected = 0;  // refused at once: the queue was full
  std::uint64_t timeout = 0;   // no answer in time
  std::uint64_t failed() const { return error + rejected + timeout; }
};

struct ServiceView {
  NodeId id = kNoNode;
  std::string name;  // "payment"
  int workersBusy = 0;
  int workers = 0;
  std::size_t queueLength = 0;
  int queueCapacity = 0;
  ProcessingView processing;
  double errorRate = 0;    // the chance, in [0, 1], that processing fails on purpose
  OutcomeCounts outcomes;  // as its callers saw them
  // Caller-observed p99 over the last metric interval; 0 when no call
  // finished in it (a stuck service); nullopt when the service is not measured.
  std::optional<SimDuration> p99;
  // The same p99 over the last 5 seconds (RecentLatency): the figure the
  // canvas shows, steady enough to read and to narrate.
  std::optional<SimDuration> p99Recent;
};

struct ClientView {
  NodeId id = kNoNode;
  std::string name;  // "checkout-client"
  double rate = 0;   // requests per second it is set to send; 0: idle
  std::uint64_t sent = 0;
  OutcomeCounts outcomes;  // since the run began
  // Of its requests that ended in the last 5 seconds, the percentage that
  // failed; -1 when none ended.
  std::int64_t failedRecentPercent = -1;
};

}  // namespace cs::rpc
