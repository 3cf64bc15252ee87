// How one pattern looks on the canvas: where its nodes stand and which of
// them are linked, how a node is drawn, what a badge on a link says, how each
// kind of message is classified and drawn, the legend, and the pattern's own
// entries in a node's context menu and the toolbar. The canvas (scene,
// items, view) is pattern-agnostic and asks the look the open pattern's part
// gives (pattern_ui.h). A look draws from the pattern's typed view
// (viewOf<RaftView>(view)), the nodes' snapshots and the Vocabulary, never
// from engine internals or inspector text. Stateless after construction;
// UI thread only.
#pragma once

#include <clusterscope/command.h>
#include <clusterscope/message.h>
#include <clusterscope/pattern.h>
#include <clusterscope/pattern_view.h>
#include <clusterscope/vocabulary.h>
#include <QColor>
#include <QKeySequence>
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
  // Hystrix's health circle beside the badge summarises one call path: the
  // subject of its metrics in the "path" family ("orders->payment"); empty:
  // no circle. The scene fills the two values below from the latest samples.
  std::string healthPath;
  double volume = -1;       // calls per second over the last second; -1: not measured yet
  double errorPercent = 0;  // of those calls, the share that failed (error, rejected, timeout)
};

// What a node is drawn at: the simulated time (for countdown arcs), whether
// it is selected, and the level of detail: the canvas's scale, or 0 when the
// canvas is too small for a look's text to read. Below kLabels a look draws
// no text, only shapes and colours, and the canvas writes the node's name
// over it at a size that reads; or, for a node the look names itself
// (PatternLook::namesItself), the look writes its compact form.
struct NodePaintContext {
  static constexpr double kLabels = 0.3;
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

// A pattern-specific button of the toolbar: a one-off action ("Isolate
// leader") or a switch ("Breaker", checked while on) whose run() receives the
// state the user asked for. `id` names it for good ("isolate-leader"): its
// action is "knob.<id>" whatever the label's language.
struct PatternKnob {
  std::string id;
  QString label;
  QString tip;
  bool checkable = false;
  bool checked = false;
  bool enabled = true;
  std::function<void(Session&, bool checked)> run;
  QKeySequence shortcut = {};
  // The switch keeps one of the pattern's safety rules (or, checked, takes
  // one away): in its unsafe position an invariant may break by design.
  bool safetyRule = false;
};

// `k`, marked as the switch of a safety rule.
inline PatternKnob safetyRule(PatternKnob k) {
  k.safetyRule = true;
  return k;
}

// A switch, checked while `on`.
inline PatternKnob switchKnob(std::string id, QString label, QString tip, bool on,
                              std::function<void(Session&, bool)> run) {
  PatternKnob k;
  k.id = std::move(id);
  k.label = std::move(label);
  k.tip = std::move(tip);
  k.checkable = true;
  k.checked = on;
  k.run = std::move(run);
  return k;
}

// A one-off button.
inline PatternKnob buttonKnob(std::string id, QString label, QString tip,
                              std::function<void(Session&)> run, QKeySequence shortcut = {}) {
  PatternKnob k;
  k.id = std::move(id);
  k.label = std::move(label);
  k.tip = std::move(tip);
  k.run = [run = std::move(run)](Session& s, bool) { run(s); };
  k.shortcut = std::move(shortcut);
  return k;
}

// Every call that draws or decides from state gets `view`, the pattern's
// typed view published with the nodes it is asked about.
class PatternLook {
 public:
  virtual ~PatternLook() = default;

  virtual NodeLayout layout(const PatternView& view,
                            const std::vector<NodeSnapshot>& nodes) const = 0;
  // Whether a line joins nodes a and b (a < b) when nothing is partitioned.
  // (A cluster of more than 12 members shows only partitioned links.)
  virtual bool linked(const PatternView& view, const NodeSnapshot& a,
                      const NodeSnapshot& b) const = 0;
  // Drawn lighter: a line to a node apart from the cluster.
  virtual bool faintLink(const NodeSnapshot& a, const NodeSnapshot& b) const {
    return !a.member || !b.member;
  }
  virtual LinkBadge linkBadge(const PatternView&, const std::vector<NodeSnapshot>&, NodeId,
                              NodeId) const {
    return {};
  }
  // How far from a node's centre, going in unit direction `dir`, its outline
  // lies: messages leave and arrive there.
  virtual double inset(const PatternView& view, const NodeSnapshot& node, QPointF dir) const = 0;

  // Draws the node centred on the origin, within nodeBounds(s).
  virtual void paintNode(QPainter* p, const PatternView& view, const NodeSnapshot& s,
                         const NodePaintContext& c) const = 0;
  // Whether, on a canvas too small for the look's own text (a detail under
  // NodePaintContext::kLabels), paintNode still writes this node's name and
  // a compact form of its state at a size that reads (compact_lines.h), so
  // that the canvas writes no name over it.
  virtual bool namesItself(const PatternView&, const NodeSnapshot&) const { return false; }
  // Whether the node's drawing moves with simulated time (a timer's arc), so
  // it must be repainted as time passes.
  virtual bool animated(const PatternView&, const NodeSnapshot&) const { return false; }
  // The clickable area, centred on the origin.
  virtual QPainterPath nodeShape(const PatternView& view, const NodeSnapshot& node) const = 0;
  // Everything paintNode draws for this node; it depends only on the node's
  // name and id, so it never changes while a scenario runs.
  virtual QRectF nodeBounds(const NodeSnapshot& node) const;
  // A panel that belongs to no one node (Raft's logs, a row per server,
  // beside the ring): where it lies in the scene, inside layout()'s
  // sceneRect; empty for none. paintPanel draws it in scene coordinates.
  virtual QRectF panelBounds(const PatternView&, const std::vector<NodeSnapshot>&) const {
    return {};
  }
  virtual void paintPanel(QPainter*, const PatternView&, const std::vector<NodeSnapshot>&) const {}
  // Every view the canvas shows, in order, with its simulated time: a look
  // that draws how the state changed (a log entry replaced) remembers it
  // here. A time earlier than the last means the run went back.
  virtual void observe(const PatternView&, SimTime) const {}

  // The colour of the node's lane header in the space-time diagram.
  virtual QColor laneColour(const PatternView& view, const NodeSnapshot& node,
                            const Theme& theme) const;

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

  virtual std::vector<NodeAction> nodeActions(const PatternView& view,
                                              const NodeSnapshot& node) const = 0;
  // The pattern's own toolbar buttons, in order, given the state now. The
  // ids, labels and their number must not depend on the state; checked and
  // enabled may.
  virtual std::vector<PatternKnob> knobs(const PatternView& view,
                                         const std::vector<NodeSnapshot>& nodes) const {
    (void)view;
    (void)nodes;
    return {};
  }
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

// An action that applies one of the pattern's verbs.
std::function<void(Session&)> runVerb(std::string verb, std::vector<std::string> args);
// A switch that applies `verb` with "on" or "off" as it is checked.
std::function<void(Session&, bool)> switchVerb(std::string verb);

}  // namespace cs::ui
