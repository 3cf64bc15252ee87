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

  // Grows the cluster to `nodes`; new links get the default config and are
  // open. Amortised O(1) per added node.
  void resize(std::size_t nodes);
  std::size_t size() const { return n_; }

  // Changes the default, which every link not configured on its own follows.
  void setDefaultLink(const LinkConfig& config) { default_ = config; }
  const LinkConfig& defaultLink() const { return default_; }
  void setLink(NodeId from, NodeId to, const LinkConfig& config);
  const LinkConfig& link(NodeId from, NodeId to) const;

  bool reachable(NodeId from, NodeId to) const {
    if (blockedCount_ == 0) return true;
    const std::size_t i = bit(from, to);
    return !((blocked_[i / 64] >> (i % 64)) & 1u);
  }
  // Returns true if the link's reachability changed.
  bool setBlocked(NodeId from, NodeId to, bool blocked);
  // How many directed links are blocked.
  std::size_t blockedCount() const { return blockedCount_; }

  struct Fate {
    SimDuration delay{0};
    bool lost = false;
    bool duplicated = false;
    SimDuration duplicateDelay{0};
  };
  // Draws latency, loss and duplication for one message on from -> to.
  Fate decide(NodeId from, NodeId to);

 private:
  std::size_t bit(NodeId from, NodeId to) const { return std::size_t{from} * stride_ + to; }
  // Widens the per-link tables to hold nodes 0..nodes-1 without changing size().
  void reserve(std::size_t nodes);
  SimDuration drawDelay(const LinkConfig& c);

  Rng rng_;
  std::size_t n_ = 0;
  LinkConfig default_;
  // Links configured on their own: per directed link (laid out like
  // blocked_), 0 for the default or 1 + an index into custom_. Every message
  // looks its link up, so this is an array index rather than a map search.
  // Empty while no link is configured, as in most runs.
  std::vector<std::uint32_t> customIndex_;
  std::vector<LinkConfig> custom_;
  // Directed reachability as a bitset, row = sender; stride_ >= n_ leaves
  // room to grow without copying on every added node.
  std::vector<std::uint64_t> blocked_;
  std::size_t stride_ = 0;
  std::size_t blockedCount_ = 0;
};

}  // namespace cs
