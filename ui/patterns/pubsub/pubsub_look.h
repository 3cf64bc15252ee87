// How the Pub/Sub pattern looks on the canvas: the publisher on the left,
// the broker in the middle drawn with its inside — the topic and its
// retained count at the top, one row per subscription (its backlog as a bar,
// messages in flight, acked, redelivered), level with the subscriber it
// delivers to, and the dead-letter topic at the bottom — and the four
// subscribers on the right. Publishes, deliveries, acks and nacks each have
// their own glyph, and a redelivery (a second or later attempt) looks
// different from a first delivery. The toolbar publishes one update, a
// poison message or a burst, and slows search-index down. Draws from the
// pattern's typed view (clusterscope/pubsub/pubsub_view.h), the snapshots'
// status and the Vocabulary; never from inspector text. UI thread only.
#pragma once

#include <clusterscope/pubsub/pubsub_view.h>

#include "../../src/canvas/pattern_look.h"

namespace cs::ui::pubsub {

using cs::pubsub::NodeKind;
using cs::pubsub::PubSubView;
using cs::pubsub::SubscriberView;
using cs::pubsub::SubscriptionView;

enum class MessageClass {
  Publish,
  PublishAck,
  Delivery,    // a first delivery attempt (push, or a pull response)
  Redelivery,  // an attempt after an ack deadline passed or a nack
  Pull,
  Ack,
  Nack,
  Other,
};

MessageClass classify(const Vocabulary* vocabulary, const Message& message);

class PubSubLook : public PatternLook {
 public:
  NodeLayout layout(const PatternView& view, const std::vector<NodeSnapshot>& nodes) const override;
  bool linked(const PatternView& view, const NodeSnapshot& a, const NodeSnapshot& b) const override;
  bool faintLink(const NodeSnapshot&, const NodeSnapshot&) const override { return false; }
  double inset(const PatternView& view, const NodeSnapshot& node, QPointF dir) const override;
  void paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                 const NodePaintContext& c) const override;
  // The broker and the subscribers write their compact forms on a small
  // canvas (pubsub_compact.h).
  bool namesItself(const PatternView& view, const NodeSnapshot& node) const override;
  QPainterPath nodeShape(const PatternView& view, const NodeSnapshot& node) const override;
  QRectF nodeBounds(const NodeSnapshot& node) const override;
  int messageClassCount() const override;
  int classify(const Vocabulary* vocabulary, const Message& message) const override;
  GlyphLook messageLook(int messageClass, const Theme& theme, double radius) const override;
  int legendSymbolRows() const override { return 1; }
  QString paintLegendSymbol(QPainter* p, int row, QPointF c, double r) const override;
  std::vector<int> legendMessageOrder() const override;
  Qt::Corner legendCorner() const override { return Qt::BottomLeftCorner; }
  std::vector<NodeAction> nodeActions(const PatternView& view,
                                      const NodeSnapshot& node) const override;
  std::vector<PatternKnob> knobs(const PatternView& view,
                                 const std::vector<NodeSnapshot>& nodes) const override;
};

}  // namespace cs::ui::pubsub
