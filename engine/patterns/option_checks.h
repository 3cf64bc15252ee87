// Reading a pattern's JSON options and its verbs' arguments. Each reader
// names the option ("options.<key>") or argument and what it accepts in the
// InputError it throws, so every pattern reports bad input in the same words.
// Any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "clusterscope/command.h"
#include "clusterscope/time.h"

namespace cs::option_checks {

// Throws unless `options` is null or an object whose every key is one of
// `known` (the error lists them). False for null: no options given.
bool requireKnownKeys(const nlohmann::json& options, std::span<const std::string_view> known);
// "options.<key>".
std::string field(std::string_view key);
// A number as JSON writes it, without a trailing ".0": "150", "0.5".
std::string numberText(double v);
// A number in [lo, hi]; `what` names it in the error ("a probability").
double numberIn(const nlohmann::json& v, std::string_view key, double lo, double hi,
                const std::string& what);
// A whole number in [lo, hi] (5.0 counts as 5).
int integerIn(const nlohmann::json& v, std::string_view key, int lo, int hi);
// A number of milliseconds in [lo, hi].
SimDuration millisIn(const nlohmann::json& v, std::string_view key, double lo, double hi);
// true or false.
bool flag(const nlohmann::json& v, std::string_view key);

// Throws unless the command has from `lo` to `hi` arguments; `usage` shows
// what it takes ("SERVICE MS [ERROR_RATE]").
void requireArgs(const Command& c, std::size_t lo, std::size_t hi, const std::string& usage);
// A verb's numeric argument in [lo, hi]; `what` names it ("sick MS").
double numberArg(const std::string& what, const std::string& arg, double lo, double hi);
// A verb's whole-number argument in [lo, hi] ("race PRODUCT").
std::int64_t wholeArg(const std::string& what, const std::string& arg, double lo, double hi);
// A verb's "on" or "off".
void onOffArg(const std::string& verb, const std::string& arg);
// Throws for a verb the pattern does not have, listing the ones it has
// (Pattern::verbs()), so the list cannot drift from the verbs.
[[noreturn]] void unknownVerb(const std::string& verb,
                              const std::vector<std::pair<std::string, std::string>>& verbs);

}  // namespace cs::option_checks
