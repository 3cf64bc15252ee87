// How the Ambassador pattern's world looks on the canvas: the call path from
// left to right (client -> app -> b1, b2); each ambassador drawn as a sidecar
// pressed against its service inside one dashed outline, the pod, because it
// runs on the same host (a local hop, no network latency): app's outbound
// ambassador on app's right, each replica's inbound ambassador on its
// replica's left. The outbound sidecar shows which route policies are on
// (retries, hedging, breakers) and what they did; an inbound sidecar shows
// the identity check and how many calls it refused. Each replica's breaker
// is a badge on the link to it, with a Hystrix health circle. The rogue
// client calls b1's ambassador directly, and its refused calls come back as
// stop signs. The toolbar switches the ambassador, retries, hedging and the
// rogue. Draws from the world's typed view (AmbassadorView), the nodes'
// names and status, and the Vocabulary. UI thread only.
#pragma once

#include "../../src/canvas/pattern_look.h"

namespace cs::ui::ambassador {

class AmbassadorLook : public PatternLook {
 public:
  NodeLayout layout(const PatternView& view, const std::vector<NodeSnapshot>& nodes) const override;
  bool linked(const PatternView& view, const NodeSnapshot& a, const NodeSnapshot& b) const override;
  bool faintLink(const NodeSnapshot&, const NodeSnapshot&) const override { return false; }
  LinkBadge linkBadge(const PatternView& view, const std::vector<NodeSnapshot>& nodes, NodeId a,
                      NodeId b) const override;
  double inset(const PatternView& view, const NodeSnapshot& node, QPointF dir) const override;
  void paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                 const NodePaintContext& c) const override;
  QPainterPath nodeShape(const PatternView& view, const NodeSnapshot& node) const override;
  QRectF nodeBounds(const NodeSnapshot& node) const override;
  int messageClassCount() const override;
  int classify(const Vocabulary* vocabulary, const Message& message) const override;
  GlyphLook messageLook(int messageClass, const Theme& theme, double radius) const override;
  int legendSymbolRows() const override { return 3; }
  QString paintLegendSymbol(QPainter* p, int row, QPointF c, double r) const override;
  std::vector<int> legendMessageOrder() const override;
  Qt::Corner legendCorner() const override { return Qt::TopLeftCorner; }
  std::vector<NodeAction> nodeActions(const PatternView& view,
                                      const NodeSnapshot& node) const override;
  std::vector<PatternKnob> knobs(const PatternView& view,
                                 const std::vector<NodeSnapshot>& nodes) const override;
};

}  // namespace cs::ui::ambassador
