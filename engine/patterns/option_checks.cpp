// Reading a pattern's JSON options. See option_checks.h.
#include "patterns/option_checks.h"

#include <charconv>
#include <cmath>

#include "clusterscope/errors.h"

namespace cs::option_checks {

bool requireKnownKeys(const nlohmann::json& options, std::span<const std::string_view> known) {
  if (options.is_null()) return false;
  if (!options.is_object()) throw InputError("options", "a JSON object", options.dump());
  for (const auto& [key, value] : options.items()) {
    bool found = false;
    for (auto k : known) found = found || k == key;
    if (found) continue;
    std::string list;
    for (auto k : known) {
      if (!list.empty()) list += ", ";
      list += k;
    }
    throw InputError(field(key), "one of the options " + list, "an unknown option");
  }
  return true;
}

std::string field(std::string_view key) {
  return "options." + std::string(key);
}

std::string numberText(double v) {
  std::string s = nlohmann::json(v).dump();
  if (s.size() > 2 && s.ends_with(".0")) s.resize(s.size() - 2);
  return s;
}

double numberIn(const nlohmann::json& v, std::string_view key, double lo, double hi,
                const std::string& what) {
  const std::string expected = what + " from " + numberText(lo) + " to " + numberText(hi);
  if (!v.is_number()) throw InputError(field(key), expected, v.dump());
  const double d = v.get<double>();
  if (!(d >= lo && d <= hi)) throw InputError(field(key), expected, v.dump());
  return d;
}

int integerIn(const nlohmann::json& v, std::string_view key, int lo, int hi) {
  const std::string expected =
      "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (!v.is_number()) throw InputError(field(key), expected, v.dump());
  // The range is checked before the conversion, which would be undefined for 1e300.
  const double d = v.get<double>();
  if (!(d >= lo && d <= hi) || d != static_cast<double>(static_cast<int>(d)))
    throw InputError(field(key), expected, v.dump());
  return static_cast<int>(d);
}

SimDuration millisIn(const nlohmann::json& v, std::string_view key, double lo, double hi) {
  return fromMillis(numberIn(v, key, lo, hi, "a number of milliseconds"));
}

bool flag(const nlohmann::json& v, std::string_view key) {
  if (!v.is_boolean()) throw InputError(field(key), "true or false", v.dump());
  return v.get<bool>();
}

void requireArgs(const Command& c, std::size_t lo, std::size_t hi, const std::string& usage) {
  const std::size_t n = c.args.size();
  if (n < lo || n > hi)
    throw InputError(c.verb, usage, std::to_string(n) + (n == 1 ? " argument" : " arguments"));
}

double numberArg(const std::string& what, const std::string& arg, double lo, double hi) {
  double v = 0;
  const char* end = arg.data() + arg.size();
  const auto [ptr, ec] = std::from_chars(arg.data(), end, v);
  if (arg.empty() || ec != std::errc{} || ptr != end || !(v >= lo && v <= hi))
    throw InputError(
        what, "a number from " + nlohmann::json(lo).dump() + " to " + nlohmann::json(hi).dump(),
        "\"" + arg + "\"");
  return v;
}

std::int64_t wholeArg(const std::string& what, const std::string& arg, double lo, double hi) {
  const double v = numberArg(what, arg, lo, hi);
  if (v != std::floor(v))
    throw InputError(what, "a whole number from " + numberText(lo) + " to " + numberText(hi),
                     "\"" + arg + "\"");
  return static_cast<std::int64_t>(v);
}

void onOffArg(const std::string& verb, const std::string& arg) {
  if (arg != "on" && arg != "off") throw InputError(verb, "on or off", "\"" + arg + "\"");
}

void unknownVerb(const std::string& verb,
                 const std::vector<std::pair<std::string, std::string>>& verbs) {
  std::string names;
  for (const auto& v : verbs) names += (names.empty() ? "" : ", ") + v.first;
  throw InputError("verb", "one of " + names, "\"" + verb + "\"");
}

}  // namespace cs::option_checks
