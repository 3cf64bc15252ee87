// Link tables and the per-message draw. See network.h.
#include "clusterscope/network.h"

namespace cs {

void Network::resize(std::size_t nodes) {
  std::vector<Link> grown(nodes * nodes, Link{default_, false, false});
  for (std::size_t a = 0; a < n_; ++a)
    for (std::size_t b = 0; b < n_; ++b) grown[a * nodes + b] = links_[a * n_ + b];
  links_ = std::move(grown);
  n_ = nodes;
}

void Network::setDefaultLink(const LinkConfig& config) {
  default_ = config;
  for (auto& l : links_)
    if (!l.custom) l.config = config;
}

void Network::setLink(NodeId from, NodeId to, const LinkConfig& config) {
  Link& l = links_[index(from, to)];
  l.config = config;
  l.custom = true;
}

bool Network::setBlocked(NodeId from, NodeId to, bool blocked) {
  Link& l = links_[index(from, to)];
  if (l.blocked == blocked) return false;
  l.blocked = blocked;
  return true;
}

SimDuration Network::drawDelay(const LinkConfig& c) {
  if (c.jitter.count() <= 0) return c.latency;
  return c.latency + SimDuration{rng_.between(0, c.jitter.count())};
}

Network::Fate Network::decide(NodeId from, NodeId to) {
  const LinkConfig& c = links_[index(from, to)].config;
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
