// Compare: the same scenario run twice, side by side, with one option
// different ("breaker off | breaker on"), the same seed and every action
// applied to both at the same simulated time. Run A is the scenario as
// written; run B is its variant. This file makes the variant; the headless
// runner and the window's compare view run the pair. Plain values; any thread.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "clusterscope/scenario.h"

namespace cs {

// One option set to one value: "breaker=on".
struct OptionChange {
  std::string key;
  nlohmann::json value;
};

// Reads "KEY=VALUE". VALUE is on/off or true/false (a switch), a number, or
// JSON (a quoted string, an array, an object); any other text is a string.
// Throws InputError naming `field` (the flag or dialog it came from) when
// there is no '=' or no key.
OptionChange parseOptionChange(std::string_view text, const std::string& field);

// How a caption names an option's value: "breaker on", "naiveRetries 3",
// "breaker (default)" when the scenario leaves it to the pattern.
std::string optionCaption(const std::string& key, const nlohmann::json* value);

struct Comparison {
  Scenario a;  // the scenario as written
  Scenario b;  // the same, with the change
  OptionChange change;
  std::string captionA;  // "breaker off"
  std::string captionB;  // "breaker on"
};

// The scenario and its variant with `change` applied to its options. Throws
// InputError naming the option when the pattern does not have it (listing
// the ones it has), when the pattern refuses the value (in its own words,
// e.g. "options.breaker: expected true or false, got 3"), or when the
// scenario already has that value (the two runs would be the same).
Comparison makeComparison(const Scenario& scenario, const OptionChange& change);

}  // namespace cs
