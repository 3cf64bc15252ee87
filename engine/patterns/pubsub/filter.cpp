// Parsing and naming of subscription filters. See filter.h. Any thread.
#include "patterns/pubsub/filter.h"

#include <cctype>

#include "clusterscope/errors.h"

namespace cs::pubsub {
namespace {

template <std::size_t N>
std::string joined(const std::array<std::string_view, N>& names) {
  std::string s;
  for (auto n : names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

template <std::size_t N>
int indexOf(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}

// Splits a filter into words, operators and quoted strings (quotes kept).
class Lexer {
 public:
  Lexer(std::string_view text, const std::string& field) : text_(text), field_(field) {}

  // The next token, or "" at the end.
  std::string next() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    if (pos_ >= text_.size()) return {};
    const char c = text_[pos_];
    if (c == '"') {
      const auto close = text_.find('"', pos_ + 1);
      if (close == std::string_view::npos)
        fail("a closing \" after " + std::string(text_.substr(pos_)));
      std::string s(text_.substr(pos_, close - pos_ + 1));
      pos_ = close + 1;
      return s;
    }
    if (c == '=') return std::string(text_.substr(pos_++, 1));
    if (c == '!' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '=') {
      pos_ += 2;
      return "!=";
    }
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) &&
           text_[pos_] != '=' && text_[pos_] != '!' && text_[pos_] != '"')
      ++pos_;
    if (pos_ == start) fail("a filter term", std::string(1, c));
    return std::string(text_.substr(start, pos_ - start));
  }

  [[noreturn]] void fail(const std::string& expected, const std::string& got = {}) const {
    throw InputError(field_, expected, got.empty() ? std::string{} : "\"" + got + "\"");
  }

 private:
  std::string_view text_;
  const std::string& field_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string describeAttributes(Attributes a) {
  return "change=" + std::string(kChanges.at(a.change)) +
         " region=" + std::string(kRegions.at(a.region));
}

int changeIndex(std::string_view name) {
  return indexOf(kChanges, name);
}

Filter Filter::parse(std::string_view text, const std::string& field) {
  Filter f;
  f.text_ = std::string(text);
  Lexer lex(text, field);
  std::string op;  // the joining operator seen so far: "", "AND" or "OR"
  std::string tok = lex.next();
  if (tok.empty()) return f;
  while (true) {
    Clause c;
    if (tok == "NOT") {
      c.equal = false;
      tok = lex.next();
    }
    constexpr std::string_view kPrefix = "attributes.";
    if (!tok.starts_with(kPrefix)) lex.fail("attributes.NAME = \"VALUE\"", tok);
    const std::string name = tok.substr(kPrefix.size());
    c.attribute = name == "region" ? 1 : 0;
    if (name != "change" && name != "region")
      lex.fail("one of change, region after \"attributes.\"", name);
    const std::string cmp = lex.next();
    if (cmp != "=" && cmp != "!=") lex.fail("= or != after attributes." + name, cmp);
    if (cmp == "!=") c.equal = !c.equal;
    const std::string quoted = lex.next();
    if (quoted.size() < 2 || quoted.front() != '"')
      lex.fail("a quoted value after attributes." + name + " " + cmp, quoted);
    const std::string value = quoted.substr(1, quoted.size() - 2);
    const int v = c.attribute == 0 ? indexOf(kChanges, value) : indexOf(kRegions, value);
    if (v < 0)
      lex.fail("one of " + (c.attribute == 0 ? joined(kChanges) : joined(kRegions)) +
                   " for attributes." + name,
               value);
    c.value = static_cast<std::uint8_t>(v);
    f.clauses_.push_back(c);
    tok = lex.next();
    if (tok.empty()) break;
    if (tok != "AND" && tok != "OR") lex.fail("AND, OR or the end of the filter", tok);
    if (!op.empty() && tok != op)
      lex.fail("only " + op + " between terms (this filter syntax has no parentheses)", tok);
    op = tok;
    tok = lex.next();
    if (tok.empty()) lex.fail("a term after " + op);
  }
  f.any_ = op == "OR";
  return f;
}

}  // namespace cs::pubsub
