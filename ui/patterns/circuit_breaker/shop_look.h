// How the Circuit Breaker pattern's shop looks on the canvas: a call graph
// from left to right (clients -> frontend -> orders and catalog -> payment);
// each service a box with one slot per worker (filled: busy) and a bar for
// its queue, red and labelled when it is sick (slow or failing); the state of
// orders' breaker for payment as a badge on that link (green CLOSED, red
// OPEN, amber HALF_OPEN, grey DISABLED) with its failure rate; and requests,
// ok replies, error replies, rejections and short-circuited fallbacks each
// with their own glyph. Draws from the shop's typed view (ShopView) and the
// nodes' names and status, and the Vocabulary's "Request"/"Reply" fields.
// UI thread only.
#pragma once

#include "../../src/canvas/pattern_look.h"

namespace cs::ui::circuit_breaker {

class ShopLook : public PatternLook {
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
  int messageClassCount() const override;
  int classify(const Vocabulary* vocabulary, const Message& message) const override;
  GlyphLook messageLook(int messageClass, const Theme& theme, double radius) const override;
  int legendSymbolRows() const override { return 1; }
  QString paintLegendSymbol(QPainter* p, int row, QPointF c, double r) const override;
  std::vector<int> legendMessageOrder() const override;
  Qt::Corner legendCorner() const override { return Qt::BottomRightCorner; }
  std::vector<NodeAction> nodeActions(const PatternView& view,
                                      const NodeSnapshot& node) const override;
  std::vector<PatternKnob> knobs(const PatternView& view,
                                 const std::vector<NodeSnapshot>& nodes) const override;
};

}  // namespace cs::ui::circuit_breaker
