// How Raft's words look on the canvas: role colours and shapes, and one
// distinct glyph per kind of message (RequestVote, vote granted or denied,
// heartbeat, AppendEntries with entries, client write and reply), plus the
// legend that explains them. Classification reads message kind names and
// field names from the Vocabulary, never engine internals. UI thread only.
#pragma once

#include <clusterscope/leader_election/raft_view.h>
#include <clusterscope/message.h>
#include <clusterscope/vocabulary.h>
#include <QColor>
#include <QPainterPath>
#include <QString>

#include <memory>
#include <vector>

#include "../../src/canvas/pattern_look.h"
#include "../../src/canvas/shapes.h"
#include "../../src/theme.h"
#include "raft_logs.h"

namespace cs::ui::leader_election {

using cs::leader_election::RaftView;
using cs::leader_election::Role;
using cs::leader_election::roleName;
using cs::leader_election::ServerView;

enum class MessageClass {
  RequestVote,
  VoteGranted,
  VoteDenied,
  Heartbeat,      // AppendEntries carrying no entries
  AppendEntries,  // AppendEntries carrying entries
  AppendReply,
  ClientWrite,
  ClientReply,
  Other,
};

enum class RoleShape { Circle, Hexagon, Crowned, Box, Unknown };

MessageClass classify(const Vocabulary* vocabulary, const Message& message);

struct MessageLook {
  QColor fill;
  QPainterPath shape;  // centred on (0, 0), about 2 * radius across
  QString legend;
};
MessageLook look(MessageClass c, const Theme& theme, double radius);

// A server's colour and shape by its role; a client's for nullptr.
QColor roleColor(const ServerView* server, const Theme& theme);
RoleShape roleShape(const ServerView* server);

// Every message class in legend order.
std::vector<MessageClass> legendOrder();

// Raft on the canvas: members on a circle with clients apart, a full mesh of
// links, nodes by role with their term ("term 3") and the election timer as
// an arc, every server's log in a panel to the right (raft_logs.h), and the
// message classes above.
class RaftLook : public PatternLook {
 public:
  NodeLayout layout(const PatternView& view, const std::vector<NodeSnapshot>& nodes) const override;
  bool linked(const PatternView& view, const NodeSnapshot& a, const NodeSnapshot& b) const override;
  double inset(const PatternView& view, const NodeSnapshot& node, QPointF dir) const override;
  void paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                 const NodePaintContext& c) const override;
  bool animated(const PatternView& view, const NodeSnapshot& s) const override;
  QPainterPath nodeShape(const PatternView& view, const NodeSnapshot& node) const override;
  QColor laneColour(const PatternView& view, const NodeSnapshot& node,
                    const Theme& theme) const override;
  int messageClassCount() const override;
  int classify(const Vocabulary* vocabulary, const Message& message) const override;
  GlyphLook messageLook(int messageClass, const Theme& theme, double radius) const override;
  int legendSymbolRows() const override { return 5; }
  QString paintLegendSymbol(QPainter* p, int row, QPointF c, double r) const override;
  std::vector<int> legendMessageOrder() const override;
  QRectF panelBounds(const PatternView& view,
                     const std::vector<NodeSnapshot>& nodes) const override;
  void paintPanel(QPainter* p, const PatternView& view,
                  const std::vector<NodeSnapshot>& nodes) const override;
  void observe(const PatternView& view, SimTime now) const override;
  std::vector<NodeAction> nodeActions(const PatternView& view,
                                      const NodeSnapshot& node) const override;
  std::vector<PatternKnob> knobs(const PatternView& view,
                                 const std::vector<NodeSnapshot>& nodes) const override;

 private:
  // Client writes sent from the window so far: the next one writes x=<n+1>.
  std::shared_ptr<int> writes_ = std::make_shared<int>(0);
  // What each server's log held, so that replaced entries stay visible.
  std::shared_ptr<LogMemory> logs_ = std::make_shared<LogMemory>();
};

}  // namespace cs::ui::leader_election
