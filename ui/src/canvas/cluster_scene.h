// The cluster canvas's scene: lays the nodes out as the open pattern's look
// says (pattern_look.h), keeps one NodeItem per node, one LinkItem per pair
// the look links and one MessageItem per message in flight, in step with a
// Mirror.
// One animation clock moves the messages and timer arcs; it runs only while
// the simulation plays, so a paused simulation costs no CPU. UI thread only.
#pragma once

#include <clusterscope/ids.h>
#include <QGraphicsScene>
#include <QPainterPath>
#include <QTimer>
#include <cstdint>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "../mirror.h"

namespace cs::ui {

class LinkItem;
class MessageItem;
class NodeItem;
class PanelItem;
class PatternLook;
class Session;

class ClusterScene : public QGraphicsScene {
  Q_OBJECT

 public:
  explicit ClusterScene(QObject* parent = nullptr);
  ~ClusterScene() override;

  // Follows a session: its mirror, its selection and its play state.
  void setSession(Session* session);
  // Shows a mirror directly, drawn with `look` (benchmarks, tests); the
  // animation clock is not used.
  void showMirror(const Mirror* mirror, const PatternLook* look);
  // Re-reads the mirror: nodes, links and the set of messages.
  void refresh();
  // Counts the refreshes that may have changed what the items draw: what
  // was measured of them at one count holds until the next.
  std::uint64_t drawnGeneration() const { return drawnGeneration_; }
  // Moves messages and timer arcs to simulated time `now`.
  void advanceTo(SimTime now);

  NodeItem* nodeItem(NodeId id) const;
  MessageItem* messageItem(MessageId id) const;
  QPointF nodePosition(NodeId id) const;
  std::size_t messageItemCount() const { return messages_.size(); }
  // Called by items when clicked: a node (to select it), a node's power
  // button (to fail or restart it), a message.
  void nodeItemClicked(NodeId id);
  void nodePowerClicked(NodeId id);
  void messageItemClicked(MessageId id, NodeId from);
  // Rebuilds the glyphs after a theme change.
  void themeChanged();
  // The look the canvas is drawn with: the open pattern's; null before one
  // is open.
  const PatternLook* look() const { return look_; }
  // Whether the animation clock runs (the session's run plays).
  bool animating() const { return clock_.isActive(); }

 signals:
  void nodeClicked(NodeId id);
  void powerClicked(NodeId id);
  void messageClicked(MessageId id, NodeId from);
  // The nodes were placed anew (a scenario opened, the membership changed).
  void laidOut();

 private:
  void layout();
  void chooseLook();
  void rebuildGlyphs();
  // Returns whether the nodes were laid out anew.
  bool syncNodes();
  void syncPanel();
  void syncLinks();
  void syncMessages();
  void syncSelection();
  void onTick();
  void updateClock();
  QPointF endpoint(NodeId from, NodeId to, bool start) const;

  Session* session_ = nullptr;
  const Mirror* mirror_ = nullptr;
  std::vector<NodeItem*> nodes_;
  PanelItem* panel_ = nullptr;  // the look's panel; null before a look
  std::vector<QPointF> positions_;
  std::map<std::pair<NodeId, NodeId>, LinkItem*> links_;
  std::unordered_map<std::uint64_t, MessageItem*> messages_;  // key: id << 1 | duplicate
  std::vector<MessageItem*> spare_;
  const PatternLook* look_ = nullptr;        // the session's, or showMirror's
  const PatternLook* shownLook_ = nullptr;   // showMirror's
  std::shared_ptr<const PatternLook> held_;  // the session's look, while drawn with
  std::vector<QPainterPath> glyphs_;         // by the look's message class
  std::vector<QColor> glyphColors_;
  std::vector<bool> memberFlags_;
  QTimer clock_;
  std::uint64_t drawnGeneration_ = 0;
};

}  // namespace cs::ui
