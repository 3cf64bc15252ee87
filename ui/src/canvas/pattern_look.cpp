// What every look shares: the room a node's drawing takes, lane colours and
// the closures that apply a pattern's verbs. See pattern_look.h.
#include "pattern_look.h"

#include "../session.h"
#include "node_item.h"

namespace cs::ui {

QRectF PatternLook::nodeBounds(const NodeSnapshot&) const {
  // Room for the labels at the largest theme's labelScale (1.5), so a theme
  // change never needs a geometry change.
  constexpr double r = NodeItem::kRadius;
  return QRectF(-r - 62, -r - 56, 2 * r + 124, 2 * r + 56 + 86);
}

QColor PatternLook::laneColour(const PatternView&, const NodeSnapshot& node,
                               const Theme& theme) const {
  return node.status == NodeStatus::Crashed ? theme.dead : theme.link;
}

std::function<void(Session&)> runVerb(std::string verb, std::vector<std::string> args) {
  return [verb = std::move(verb), args = std::move(args)](Session& s) {
    s.apply(patternCommand(verb, args));
  };
}

std::function<void(Session&, bool)> switchVerb(std::string verb) {
  return [verb = std::move(verb)](Session& s, bool on) {
    s.apply(patternCommand(verb, {on ? "on" : "off"}));
  };
}

}  // namespace cs::ui
