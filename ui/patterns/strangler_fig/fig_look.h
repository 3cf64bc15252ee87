// How the Strangler Fig pattern looks on the canvas: the client on the left,
// the two facade replicas, the legacy monolith (and its second instance, the
// noise baseline) in the middle, the new services that grow around it in a
// column on the right — each with its worker pool, its seeded bug if on, and
// how far its store lags the legacy database — and beside them the facade's
// route table (fig_route_table.h). Mirrored copies fly as their own glyph.
// The toolbar advances a route, sets the canary's weight, cuts everything
// over at once, rolls everything back, switches the retired monolith off,
// and flips shadowing, the seeded bugs, the automatic analysis,
// reconciliation and the unsafe mirroring of writes; a new service's menu
// advances, rolls back or sets the weight of each of its routes. Draws from the typed view
// (clusterscope/strangler_fig/ fig_view.h) and the snapshots' status; never from inspector text. UI
// thread only.
#pragma once

#include <clusterscope/strangler_fig/fig_view.h>

#include "../../src/canvas/pattern_look.h"

namespace cs::ui::strangler_fig {

class FigLook : public PatternLook {
 public:
  NodeLayout layout(const PatternView& view, const std::vector<NodeSnapshot>& nodes) const override;
  bool linked(const PatternView& view, const NodeSnapshot& a, const NodeSnapshot& b) const override;
  double inset(const PatternView& view, const NodeSnapshot& node, QPointF dir) const override;
  void paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                 const NodePaintContext& c) const override;
  QPainterPath nodeShape(const PatternView& view, const NodeSnapshot& node) const override;
  QRectF panelBounds(const PatternView& view,
                     const std::vector<NodeSnapshot>& nodes) const override;
  void paintPanel(QPainter* p, const PatternView& view,
                  const std::vector<NodeSnapshot>& nodes) const override;
  int messageClassCount() const override;
  int classify(const Vocabulary* vocabulary, const Message& message) const override;
  GlyphLook messageLook(int messageClass, const Theme& theme, double radius) const override;
  int legendSymbolRows() const override { return 3; }
  QString paintLegendSymbol(QPainter* p, int row, QPointF c, double r) const override;
  std::vector<int> legendMessageOrder() const override;
  Qt::Corner legendCorner() const override { return Qt::BottomLeftCorner; }
  std::vector<NodeAction> nodeActions(const PatternView& view,
                                      const NodeSnapshot& node) const override;
  std::vector<PatternKnob> knobs(const PatternView& view,
                                 const std::vector<NodeSnapshot>& nodes) const override;
};

}  // namespace cs::ui::strangler_fig
