// Choosing and sizing the lanes. See spacetime_layout.h.
#include "spacetime_layout.h"

#include <algorithm>

#include "spacetime_index.h"

namespace cs::ui {

bool SpacetimeFilter::accepts(const SpacetimeArrow& a) const {
  if (kind != kNoLabel && a.label != kind) return false;
  return node == kNoNode || a.from == node || a.to == node;
}

void SpacetimeLayout::chooseLanes(const SpacetimeIndex& index, const SpacetimeFilter& filter,
                                  std::size_t nodes) {
  lanes_.assign(nodes, Lane{});
  talks_.assign(nodes, false);
  active_.assign(nodes, false);
  // Under a node filter every accepted arrow involves that node, so the
  // lanes they reach are the ones it talks to.
  for (const SpacetimeArrow& a : index.arrows()) {
    if (!filter.accepts(a)) continue;
    if (a.from < nodes) talks_[a.from] = true;
    if (a.to < nodes) talks_[a.to] = true;
  }
  // Faults count as activity; milestones do not, or every lane of a pattern
  // that narrates a lot would stay open.
  active_ = talks_;
  for (const SpacetimeMark& m : index.marks())
    if (m.kind != MarkKind::Milestone && m.node < nodes) active_[m.node] = true;
  const bool one = filter.node != kNoNode && filter.node < nodes;
  for (std::size_t n = 0; n < nodes; ++n) {
    Lane& l = lanes_[n];
    l.shown = !one || n == filter.node || talks_[n];
    l.collapsed = l.shown && filter.collapseIdle && !active_[n];
  }
}

void SpacetimeLayout::arrange(const SpacetimeIndex& index, const SpacetimeFilter& filter,
                              std::size_t nodes, double available, double minimumWidth) {
  chooseLanes(index, filter, nodes);
  int open = 0, collapsed = 0;
  for (const Lane& l : lanes_) {
    if (!l.shown) continue;
    (l.collapsed ? collapsed : open) += 1;
  }
  shown_ = open + collapsed;
  const double room = available - collapsed * kCollapsedWidth;
  const double width =
      open > 0 ? std::clamp(room / open, minimumWidth, std::max(minimumWidth, kMaximumWidth))
               : minimumWidth;
  double x = 0;
  for (Lane& l : lanes_) {
    if (!l.shown) continue;
    l.left = x;
    l.width = l.collapsed ? kCollapsedWidth : width;
    x += l.width;
  }
  width_ = x;
}

NodeId SpacetimeLayout::laneAt(double x) const {
  for (std::size_t n = 0; n < lanes_.size(); ++n) {
    const Lane& l = lanes_[n];
    if (l.shown && x >= l.left && x < l.left + l.width) return static_cast<NodeId>(n);
  }
  return kNoNode;
}

}  // namespace cs::ui
