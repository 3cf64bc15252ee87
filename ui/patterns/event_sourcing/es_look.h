// How the Event Sourcing pattern looks on the canvas: the clerk and the
// shoppers on the left, the command handlers in the middle (each with the
// aggregate it holds and how it was loaded: "snapshot at 200 + 12 events"),
// and on the right the event store drawn as a log, git-like: one lane per
// recently active stream along the global position, each event a commit dot
// with its type, newest at the right, and the last rejected append where it
// was rejected ("expected 7, stream is at 8"). Under the store, the
// analytics subscriber (checkpoint, lag, live or catching up) and the CRUD
// twin with its rows beside the log's folded stock. The toolbar races for
// the last item, loses an ack, deploys v2, corrects an event and flips the
// switches (snapshots, expected revision, event ids). Draws from the typed
// view (clusterscope/event_sourcing/es_view.h) and the snapshots' status;
// never from inspector text. UI thread only.
#pragma once

#include <clusterscope/event_sourcing/es_view.h>

#include "../../src/canvas/pattern_look.h"

namespace cs::ui::event_sourcing {

using cs::event_sourcing::EsView;
using cs::event_sourcing::NodeKind;

enum class MessageClass {
  Command,
  Result,
  Load,
  Append,
  Ack,
  Rejected,  // an AppendAck saying wrong expected version
  Subscription,
  Other,
};

MessageClass classify(const Vocabulary* vocabulary, const Message& message);

class EsLook : public PatternLook {
 public:
  NodeLayout layout(const PatternView& view, const std::vector<NodeSnapshot>& nodes) const override;
  bool linked(const PatternView& view, const NodeSnapshot& a, const NodeSnapshot& b) const override;
  double inset(const PatternView& view, const NodeSnapshot& node, QPointF dir) const override;
  void paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                 const NodePaintContext& c) const override;
  // The store, the handlers and the analytics subscriber write their
  // compact forms on a small canvas (es_compact.h).
  bool namesItself(const PatternView& view, const NodeSnapshot& node) const override;
  QPainterPath nodeShape(const PatternView& view, const NodeSnapshot& node) const override;
  QRectF nodeBounds(const NodeSnapshot& node) const override;
  int messageClassCount() const override;
  int classify(const Vocabulary* vocabulary, const Message& message) const override;
  GlyphLook messageLook(int messageClass, const Theme& theme, double radius) const override;
  int legendSymbolRows() const override { return 1; }
  QString paintLegendSymbol(QPainter* p, int row, QPointF c, double r) const override;
  std::vector<int> legendMessageOrder() const override;
  // Under the analytics consumer: bottom left is the CRUD service's.
  Qt::Corner legendCorner() const override { return Qt::BottomRightCorner; }
  std::vector<NodeAction> nodeActions(const PatternView& view,
                                      const NodeSnapshot& node) const override;
  std::vector<PatternKnob> knobs(const PatternView& view,
                                 const std::vector<NodeSnapshot>& nodes) const override;
};

}  // namespace cs::ui::event_sourcing
