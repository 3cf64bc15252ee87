// Choosing a pattern's look by the pattern's name. See pattern_look.h.
#include "../src/canvas/pattern_look.h"

#include "circuit_breaker/shop_look.h"
#include "leader_election/raft_look.h"

namespace cs::ui {

std::unique_ptr<PatternLook> makePatternLook(const std::string& pattern) {
  if (pattern == "circuit-breaker") return std::make_unique<circuit_breaker::ShopLook>();
  return std::make_unique<leader_election::RaftLook>();
}

}  // namespace cs::ui
