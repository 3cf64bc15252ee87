// Link configuration, reachability and the per-message draw. See network.h.
#include "clusterscope/network.h"

namespace cs {

void Network::resize(std::size_t nodes) {
  if (nodes > stride_) {
    const std::size_t stride = std::max(nodes, 2 * stride_);
    std::vector<std::uint64_t> grown((stride * stride + 63) / 64, 0);
    for (std::size_t a = 0; a < n_; ++a)
      for (std::size_t b = 0; b < n_; ++b) {
        const std::size_t from = a * stride_ + b, to = a * stride + b;
        if ((blocked_[from / 64] >> (from % 64)) & 1u)
          grown[to / 64] |= std::uint64_t{1} << (to % 64);
      }
    blocked_ = std::move(grown);
    stride_ = stride;
  }
  n_ = nodes;
}

void Network::setLink(NodeId from, NodeId to, const LinkConfig& config) {
  custom_[key(from, to)] = config;
}

const LinkConfig& Network::link(NodeId from, NodeId to) const {
  if (custom_.empty()) return default_;
  const auto it = custom_.find(key(from, to));
  return it == custom_.end() ? default_ : it->second;
}

bool Network::setBlocked(NodeId from, NodeId to, bool blocked) {
  const std::size_t i = bit(from, to);
  std::uint64_t& word = blocked_[i / 64];
  const std::uint64_t mask = std::uint64_t{1} << (i % 64);
  if (((word & mask) != 0) == blocked) return false;
  word ^= mask;
  blocked ? ++blockedCount_ : --blockedCount_;
  return true;
}

SimDuration Network::drawDelay(const LinkConfig& c) {
  if (c.jitter.count() <= 0) return c.latency;
  return c.latency + SimDuration{rng_.between(0, c.jitter.count())};
}

Network::Fate Network::decide(NodeId from, NodeId to) {
  const LinkConfig& c = link(from, to);
  Fate f;
  f.delay = drawDelay(c);
  f.lost = rng_.chance(c.loss);
  if (!f.lost && rng_.chance(c.duplicate)) {
    f.duplicated = true;
    f.duplicateDelay = drawDelay(c);
  }
  return f;
}

}  // namespace cs
