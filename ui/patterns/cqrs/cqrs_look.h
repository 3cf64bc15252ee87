// How the CQRS pattern looks on the canvas: two lanes drawn apart. The
// write lane across the top: the shoppers' orders to the command handlers
// to the event store. The read lane below it: the store feeding the
// projector (checkpoint, lag, partitions, a rebuild in progress), the
// projector feeding the read replicas (each with its workers, queue and
// position), the replicas serving the browsing shoppers. In one-model mode
// the database node on the left takes every read and write. Under the lanes
// a panel: one positions axis (the store's head, the projector's
// checkpoint, every replica, the last order's token) so that lag is a
// distance, the last stale read beside the lag that caused it, and the
// product listing as a replica shows it beside the truth. The toolbar has
// the flash sale, replicas, partitions, rebuilds and the switches. Draws
// from the typed view (clusterscope/cqrs/cqrs_view.h); never from inspector
// text. UI thread only.
#pragma once

#include <clusterscope/cqrs/cqrs_view.h>

#include "../../src/canvas/pattern_look.h"

namespace cs::ui::cqrs {

using cs::cqrs::CqrsView;

enum class MessageClass {
  Command,       // an order, and its result
  Subscription,  // the projector reading the store
  Delta,         // the projector keeping the replicas up to date
  Query,
  Answer,
  Stale,     // an answer marked stale
  Rejected,  // a queue was full
  Other,
};

class CqrsLook : public PatternLook {
 public:
  NodeLayout layout(const PatternView& view, const std::vector<NodeSnapshot>& nodes) const override;
  bool linked(const PatternView& view, const NodeSnapshot& a, const NodeSnapshot& b) const override;
  double inset(const PatternView& view, const NodeSnapshot& node, QPointF dir) const override;
  void paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                 const NodePaintContext& c) const override;
  QPainterPath nodeShape(const PatternView& view, const NodeSnapshot& node) const override;
  QRectF nodeBounds(const NodeSnapshot& node) const override;
  QRectF panelBounds(const PatternView& view,
                     const std::vector<NodeSnapshot>& nodes) const override;
  void paintPanel(QPainter* p, const PatternView& view,
                  const std::vector<NodeSnapshot>& nodes) const override;
  int messageClassCount() const override;
  int classify(const Vocabulary* vocabulary, const Message& message) const override;
  GlyphLook messageLook(int messageClass, const Theme& theme, double radius) const override;
  int legendSymbolRows() const override { return 0; }
  QString paintLegendSymbol(QPainter*, int, QPointF, double) const override { return {}; }
  std::vector<int> legendMessageOrder() const override;
  Qt::Corner legendCorner() const override { return Qt::TopRightCorner; }
  std::vector<NodeAction> nodeActions(const PatternView& view,
                                      const NodeSnapshot& node) const override;
  std::vector<PatternKnob> knobs(const PatternView& view,
                                 const std::vector<NodeSnapshot>& nodes) const override;
};

}  // namespace cs::ui::cqrs
