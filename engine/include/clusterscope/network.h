// The simulated network: per-link latency (base + jitter), loss and
// duplication, and reachability as a directed relation so one-way partitions
// exist. It decides each message's fate from its own PRNG stream; the kernel
// owns delivery and tracing. Kernel thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "clusterscope/ids.h"
#include "clusterscope/rng.h"
#include "clusterscope/time.h"

namespace cs {

struct LinkConfig {
  SimDuration latency{1000};  // base one-way delay
  SimDuration jitter{0};      // uniform extra delay in [0, jitter]; reorders messages
  double loss = 0.0;          // probability a message is lost
  double duplicate = 0.0;     // probability a message arrives twice
};

class Network {
 public:
  explicit Network(std::uint64_t seed) : rng_(seed) {}

  // Grows the link tables; new links get the default config and are open.
  void resize(std::size_t nodes);
  std::size_t size() const { return n_; }

  // Changes the default and every link that was not configured on its own.
  void setDefaultLink(const LinkConfig& config);
  const LinkConfig& defaultLink() const { return default_; }
  void setLink(NodeId from, NodeId to, const LinkConfig& config);
  const LinkConfig& link(NodeId from, NodeId to) const { return links_[index(from, to)].config; }

  bool reachable(NodeId from, NodeId to) const { return !links_[index(from, to)].blocked; }
  // Returns true if the link's reachability changed.
  bool setBlocked(NodeId from, NodeId to, bool blocked);

  struct Fate {
    SimDuration delay{0};
    bool lost = false;
    bool duplicated = false;
    SimDuration duplicateDelay{0};
  };
  // Draws latency, loss and duplication for one message on from -> to.
  Fate decide(NodeId from, NodeId to);

 private:
  struct Link {
    LinkConfig config;
    bool custom = false;
    bool blocked = false;
  };
  std::size_t index(NodeId from, NodeId to) const { return std::size_t{from} * n_ + to; }
  SimDuration drawDelay(const LinkConfig& c);

  Rng rng_;
  std::size_t n_ = 0;
  LinkConfig default_;
  std::vector<Link> links_;  // n_ * n_, row = sender
};

}  // namespace cs
