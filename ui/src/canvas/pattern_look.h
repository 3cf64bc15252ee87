// How one pattern looks on the canvas: where its nodes stand and which of
// them are linked, how a node is drawn from its NodeSnapshot, what a badge on
// a link says, how each kind of message is classified and drawn, the legend,
// and the pattern's own entries in a node's context menu. The canvas (scene,
// items, view) is pattern-agnostic and asks the look chosen by the open
// scenario's pattern name (makePatternLook). Looks read snapshots and the
// Vocabulary only, never engine internals. Stateless after construction;
// UI thread only.
#pragma once

#include <clusterscope/command.h>
#include <clusterscope/message.h>
#include <clusterscope/pattern.h>
#include <clusterscope/vocabulary.h>
#include <QColor>
#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "../theme.h"

class QPainter;

namespace cs::ui {

class Session;

// One kind of message: its glyph, centred on (0, 0), and its legend text.
struct GlyphLook {
  QColor fill;
  QPainterPath shape;
  QString legend;
};

// Where the nodes stand (indexed by node id) and the scene rectangle around
// them, with room for the legend.
struct NodeLayout {
  std::vector<QPointF> positions;
  QRectF sceneRect;
};

// A label drawn on a link's midpoint (the circuit breaker's state).
struct LinkBadge {
  QString title;   // empty: no badge
  QString detail;  // a smaller second line
  QColor fill;
  QColor text;
};

// What a node is drawn at: the simulated time (for countdown arcs), whether
// it is selected, and the level of detail (below 0.3 labels are unreadable).
struct NodePaintContext {
  SimTime now{};
  bool highlighted = false;
  double detail = 1;
};

// A pattern-specific entry of a node's context menu.
struct NodeAction {
  QString label;
  bool enabled = true;
  std::function<void(Session&)> run;
};

class PatternLook {
 public:
  virtual ~PatternLook() = default;

  virtual NodeLayout layout(const std::vector<NodeSnapshot>& nodes) const = 0;
  // Whether a line joins nodes a and b (a < b) when nothing is partitioned.
  // (A cluster of more than 12 members shows only partitioned links.)
  virtual bool linked(const NodeSnapshot& a, const NodeSnapshot& b) const = 0;
  // Drawn lighter: a line to a node apart from the cluster.
  virtual bool faintLink(const NodeSnapshot& a, const NodeSnapshot& b) const {
    return !a.member || !b.member;
  }
  virtual LinkBadge linkBadge(const std::vector<NodeSnapshot>&, NodeId, NodeId) const { return {}; }
  // How far from a node's centre, going in unit direction `dir`, its outline
  // lies: messages leave and arrive there.
  virtual double inset(QPointF dir) const = 0;

  // Draws the node centred on the origin, within NodeItem::boundingRect().
  virtual void paintNode(QPainter* p, const NodeSnapshot& s, const NodePaintContext& c) const = 0;
  // The clickable area, centred on the origin.
  virtual QPainterPath nodeShape() const = 0;

  // Message classes are 0 .. messageClassCount() - 1.
  virtual int messageClassCount() const = 0;
  virtual int classify(const Vocabulary* vocabulary, const Message& message) const = 0;
  virtual GlyphLook messageLook(int messageClass, const Theme& theme, double radius) const = 0;

  // The legend: symbol rows (node kinds, link states), then message classes.
  virtual int legendSymbolRows() const = 0;
  // Draws symbol row `row` centred on `c` at size `r`; returns its text.
  virtual QString paintLegendSymbol(QPainter* p, int row, QPointF c, double r) const = 0;
  virtual std::vector<int> legendMessageOrder() const = 0;
  // Where the legend box stands in the view: wherever the layout leaves room.
  virtual Qt::Corner legendCorner() const { return Qt::BottomLeftCorner; }

  virtual std::vector<NodeAction> nodeActions(const NodeSnapshot& node) const = 0;
};

// A command carrying one of the pattern's verbs.
inline Command patternCommand(std::string verb, std::vector<std::string> args,
                              NodeId node = kNoNode) {
  Command c;
  c.kind = CommandKind::Pattern;
  c.verb = std::move(verb);
  c.args = std::move(args);
  c.node = node;
  return c;
}

// The look of the pattern named `pattern` ("leader-election",
// "circuit-breaker"); Raft's for a pattern without its own.
std::unique_ptr<PatternLook> makePatternLook(const std::string& pattern);

}  // namespace cs::ui
