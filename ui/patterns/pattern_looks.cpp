// Choosing a pattern's look by the pattern's name. See pattern_look.h.
#include "../src/canvas/pattern_look.h"

#include "../src/canvas/node_item.h"
#include "../src/session.h"
#include "ambassador/ambassador_look.h"
#include "circuit_breaker/shop_look.h"
#include "leader_election/raft_look.h"
#include "pubsub/pubsub_look.h"

namespace cs::ui {

QRectF PatternLook::nodeBounds(const NodeSnapshot&) const {
  // Room for the labels at the largest theme's labelScale (1.5), so a theme
  // change never needs a geometry change.
  constexpr double r = NodeItem::kRadius;
  return QRectF(-r - 62, -r - 56, 2 * r + 124, 2 * r + 56 + 86);
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

std::unique_ptr<PatternLook> makePatternLook(const std::string& pattern) {
  if (pattern == "circuit-breaker") return std::make_unique<circuit_breaker::ShopLook>();
  if (pattern == "ambassador") return std::make_unique<ambassador::AmbassadorLook>();
  if (pattern == "pubsub") return std::make_unique<pubsub::PubSubLook>();
  return std::make_unique<leader_election::RaftLook>();
}

}  // namespace cs::ui
