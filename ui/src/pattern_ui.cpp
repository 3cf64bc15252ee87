// The registry of the patterns' window parts. See pattern_ui.h.
#include "pattern_ui.h"

#include <cassert>
#include <deque>
#include <iterator>

namespace cs::ui {

// The built-in parts, one line each (ui/patterns/registry.cpp).
std::vector<PatternUi> builtinPatternUis();

namespace {

// A deque: a part found before another is registered stays where it is.
std::deque<PatternUi>& registry() {
  static std::deque<PatternUi> parts = [] {
    auto v = builtinPatternUis();
    return std::deque<PatternUi>(std::make_move_iterator(v.begin()),
                                 std::make_move_iterator(v.end()));
  }();
  return parts;
}

}  // namespace

const PatternUi* findPatternUi(std::string_view pattern) {
  for (const PatternUi& p : registry())
    if (p.pattern == pattern) return &p;
  return nullptr;
}

void registerPatternUi(PatternUi ui) {
  assert(!findPatternUi(ui.pattern));
  registry().push_back(std::move(ui));
}

}  // namespace cs::ui
