// Link configuration, reachability and the per-message draw. See network.h.
#include "clusterscope/network.h"

#include <algorithm>

namespace cs {

void Network::resize(std::size_t nodes) {
  reserve(nodes);
  n_ = nodes;
}

void Network::reserve(std::size_t nodes) {
  if (nodes <= stride_) return;
  const std::size_t stride = std::max(nodes, 2 * stride_);
  std::vector<std::uint64_t> grown((stride * stride + 63) / 64, 0);
  std::vector<std::uint32_t> index(customIndex_.empty() ? 0 : stride * stride, 0);
  for (std::size_t a = 0; a < stride_; ++a)
    for (std::size_t b = 0; b < stride_; ++b) {
      const std::size_t from = a * stride_ + b, to = a * stride + b;
      if ((blocked_[from / 64] >> (from % 64)) & 1u)
        grown[to / 64] |= std::uint64_t{1} << (to % 64);
      if (!index.empty()) index[to] = customIndex_[from];
    }
  blocked_ = std::move(grown);
  customIndex_ = std::move(index);
  stride_ = stride;
}

void Network::setLink(NodeId from, NodeId to, const LinkConfig& config) {
  reserve(std::size_t{std::max(from, to)} + 1);
  if (customIndex_.empty()) customIndex_.assign(stride_ * stride_, 0);
  std::uint32_t& index = customIndex_[bit(from, to)];
  if (index == 0) {
    custom_.push_back(config);
    index = static_cast<std::uint32_t>(custom_.size());
  } else {
    custom_[index - 1] = config;
  }
}

const LinkConfig& Network::link(NodeId from, NodeId to) const {
  // A link beyond stride_ was never configured: setLink widens the table.
  if (customIndex_.empty() || from >= stride_ || to >= stride_) return default_;
  const std::uint32_t index = customIndex_[bit(from, to)];
  return index == 0 ? default_ : custom_[index - 1];
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
