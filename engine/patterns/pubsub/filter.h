// A subscription's attribute filter, in a small subset of Google Pub/Sub's
// filter syntax:
//
//   attributes.change = "interests"
//   attributes.region != "us"
//   NOT attributes.change = "avatar"
//   attributes.change = "interests" OR attributes.change = "name"
//   attributes.region = "eu" AND NOT attributes.change = "avatar"
//
// Terms are joined by AND or by OR (one of the two per filter: Google asks
// for parentheses to mix them, and this subset has none). The empty filter
// matches every message. A message that does not match is acknowledged for
// the subscription at once and never delivered to it.
//
// ProfileUpdated has two attributes: change (name, email, interests, avatar)
// and region (eu, us, apac). A plain value; any thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "patterns/pubsub/pubsub_words.h"

namespace cs::pubsub {

inline constexpr std::array<std::string_view, 4> kChanges = {"name", "email", "interests",
                                                             "avatar"};
inline constexpr std::array<std::string_view, 3> kRegions = {"eu", "us", "apac"};

// "change=interests region=eu".
std::string describeAttributes(Attributes a);
// The index of `name` in kChanges, or -1.
int changeIndex(std::string_view name);

class Filter {
 public:
  Filter() = default;
  // Throws InputError naming `field` and what is wrong, e.g.
  // `options.analyticsFilter: expected one of change, region after
  // "attributes.", got "colour"`.
  static Filter parse(std::string_view text, const std::string& field);

  bool matches(Attributes a) const {
    if (clauses_.empty()) return true;
    for (const Clause& c : clauses_)
      if (test(c, a) == any_) return any_;
    return !any_;
  }
  bool empty() const { return clauses_.empty(); }
  const std::string& text() const { return text_; }

 private:
  struct Clause {
    std::uint8_t attribute = 0;  // 0: change, 1: region
    std::uint8_t value = 0;
    bool equal = true;  // false: != (or NOT =)
  };
  static bool test(const Clause& c, Attributes a) {
    const std::uint8_t v = c.attribute == 0 ? a.change : a.region;
    return (v == c.value) == c.equal;
  }

  std::vector<Clause> clauses_;
  bool any_ = false;  // true: OR, false: AND
  std::string text_;
};

}  // namespace cs::pubsub
