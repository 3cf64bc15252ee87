// The scenario's variant for a comparison. See compare.h.
#include "clusterscope/compare.h"

#include "clusterscope/errors.h"
#include "clusterscope/pattern.h"
#include "clusterscope/utf8.h"

namespace cs {
namespace {

nlohmann::json parseValue(const std::string& text) {
  if (text == "on" || text == "true") return true;
  if (text == "off" || text == "false") return false;
  nlohmann::json v = nlohmann::json::parse(text, nullptr, false);
  if (v.is_discarded()) return text;  // a bare word: a string option ("email")
  return v;
}

}  // namespace

OptionChange parseOptionChange(std::string_view text, const std::string& field) {
  // A value is stored as a JSON string, which must be UTF-8 to be written out.
  if (const auto bad = invalidUtf8At(text))
    throw InputError(field, "OPTION=VALUE in UTF-8",
                     "an invalid byte at " + invalidUtf8Where(text, *bad));
  const auto eq = text.find('=');
  std::string got = "\"";  // built up, not with operator+, which GCC 12 misreads (-Wrestrict)
  got += text;
  got += '"';
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size())
    throw InputError(field, "OPTION=VALUE: an option of the scenario's pattern and its new value",
                     got);
  OptionChange c;
  c.key = std::string(text.substr(0, eq));
  c.value = parseValue(std::string(text.substr(eq + 1)));
  return c;
}

std::string optionCaption(const std::string& key, const nlohmann::json* value) {
  if (!value) return key + " (default)";
  if (value->is_boolean()) return key + (value->get<bool>() ? " on" : " off");
  if (value->is_string()) return key + " " + value->get<std::string>();
  return key + " " + value->dump();
}

Comparison makeComparison(const Scenario& scenario, const OptionChange& change) {
  const nlohmann::json& options = scenario.config.options;
  const nlohmann::json* current =
      options.is_object() && options.contains(change.key) ? &options[change.key] : nullptr;
  if (current && *current == change.value)
    throw InputError("options." + change.key,
                     "a value other than the one " + scenario.name +
                         " already has (the two runs would be the same)",
                     change.value.dump());
  Comparison c;
  c.a = scenario;
  c.b = scenario;
  c.b.config.options = options.is_object() ? options : nlohmann::json::object();
  c.b.config.options[change.key] = change.value;
  const PatternInfo* pattern = findPattern(scenario.config.pattern);
  if (!pattern) throw InputError("pattern", "a known pattern", scenario.config.pattern);
  pattern->make(c.b.config.options);  // throws in the pattern's words if it refuses
  // The variant's text is its definition, so a replay of run B opens as B.
  nlohmann::json text = nlohmann::json::parse(scenario.text, nullptr, false);
  if (text.is_object()) {
    text["options"] = c.b.config.options;
    c.b.text = text.dump(2);
  }
  c.change = change;
  c.captionA = optionCaption(change.key, current);
  c.captionB = optionCaption(change.key, &change.value);
  return c;
}

}  // namespace cs
