// How long a service's worker is busy with one request: constant, uniform,
// a "mostly fast, sometimes slow" mixture (which is what gives a service its
// tail latency), or a discrete table of weighted durations. Draws use only
// the owning node's cs::Rng and integer arithmetic, so the same seed gives
// the same durations everywhere. A plain value; the owning node uses it on
// the kernel thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clusterscope/rng.h"
#include "clusterscope/rpc/service_view.h"
#include "clusterscope/time.h"

namespace cs::rpc {

class ProcessingTime {
 public:
  enum class Kind : std::uint8_t {
    Constant,  // always fastMin
    Uniform,   // uniform in [fastMin, fastMax]
    Mixture,   // with probability pSlow uniform in [slowMin, slowMax], else in [fastMin, fastMax]
    Table,     // one of `table`, chosen with probability weight / total weight
  };
  struct Entry {
    std::uint32_t weight = 1;
    SimDuration duration{};
  };

  ProcessingTime() = default;
  static ProcessingTime constant(SimDuration d);
  // REQUIRES: min <= max.
  static ProcessingTime uniform(SimDuration min, SimDuration max);
  // REQUIRES: fastMin <= fastMax, slowMin <= slowMax, 0 <= pSlow <= 1.
  static ProcessingTime mixture(double pSlow, SimDuration fastMin, SimDuration fastMax,
                                SimDuration slowMin, SimDuration slowMax);
  // REQUIRES: at least one entry with a positive weight.
  static ProcessingTime table(std::vector<Entry> entries);

  SimDuration draw(Rng& rng) const;
  // The mean, for capacity estimates (W / mean is a service's throughput).
  SimDuration mean() const;
  Kind kind() const { return kind_; }
  // "constant 10ms", "uniform 5ms..15ms", "mixture 1% 5ms..10ms / 200ms..400ms".
  std::string describe() const;
  // What describe() says, typed, for the UI.
  ProcessingView view() const;

 private:
  Kind kind_ = Kind::Constant;
  SimDuration fastMin_{0}, fastMax_{0};
  SimDuration slowMin_{0}, slowMax_{0};
  double pSlow_ = 0;
  std::vector<Entry> table_;
  std::uint64_t totalWeight_ = 0;
};

}  // namespace cs::rpc
