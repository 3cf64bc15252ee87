// Where things stand in the space-time diagram: which lanes are shown (the
// node filter), how wide each is (narrower as nodes are added, down to a
// minimum, after which the diagram scrolls sideways; idle lanes collapsed on
// request), and how simulated time maps to height. Pure geometry in content
// coordinates (before scrolling), so tests can check it without painting.
// Plain values; UI thread only.
#pragma once

#include <clusterscope/ids.h>
#include <clusterscope/time.h>

#include <vector>

namespace cs::ui {

struct SpacetimeArrow;
class SpacetimeIndex;

// What the user chose to see.
struct SpacetimeFilter {
  NodeId node = kNoNode;      // kNoNode: every node; else its lane and the lanes it talks to
  Label kind = kNoLabel;      // kNoLabel: every kind of message
  bool collapseIdle = false;  // lanes with nothing shown shrink to a sliver

  bool accepts(const SpacetimeArrow& arrow) const;
};

// Simulated time down the page: `start` (the oldest record) sits at `top`.
struct TimeAxis {
  SimTime start{};
  double pixelsPerSecond = 2000;
  double top = 12;

  double y(SimTime t) const { return top + toSeconds(t - start) * pixelsPerSecond; }
  SimTime at(double y) const { return start + fromSeconds((y - top) / pixelsPerSecond); }
};

struct Lane {
  double left = 0;
  double width = 0;
  bool shown = false;      // false: the node filter hides it
  bool collapsed = false;  // shown as a sliver: idle while collapseIdle is on

  double centre() const { return left + width / 2; }
};

class SpacetimeLayout {
 public:
  static constexpr double kMaximumWidth = 200;
  static constexpr double kCollapsedWidth = 10;

  // Lays out `nodes` lanes across `available` pixels, each at least
  // `minimumWidth` wide unless collapsed.
  void arrange(const SpacetimeIndex& index, const SpacetimeFilter& filter, std::size_t nodes,
               double available, double minimumWidth);

  const std::vector<Lane>& lanes() const { return lanes_; }
  const Lane* lane(NodeId node) const { return node < lanes_.size() ? &lanes_[node] : nullptr; }
  bool shows(NodeId node) const { return node < lanes_.size() && lanes_[node].shown; }
  int shownCount() const { return shown_; }
  double contentWidth() const { return width_; }
  // The shown lane under content x; kNoNode if none.
  NodeId laneAt(double x) const;

 private:
  void chooseLanes(const SpacetimeIndex& index, const SpacetimeFilter& filter, std::size_t nodes);

  std::vector<Lane> lanes_;
  std::vector<bool> talks_;   // scratch: lanes an accepted arrow reaches
  std::vector<bool> active_;  // scratch: those, and lanes with a fault on them
  int shown_ = 0;
  double width_ = 0;
};

}  // namespace cs::ui
