// The one error type for bad input: scenario files, options, commands and the
// command line. Its message names what was wrong and what was expected, so a
// user can fix it without reading code. Any thread.
#pragma once

#include <stdexcept>
#include <string>

#include "clusterscope/utf8.h"

namespace cs {

// A message quotes at most a short prefix of a bad value, and is itself at
// most kMaxMessageBytes long: a 120 KB value must not come back as 240 KB of
// stderr.
class InputError : public std::runtime_error {
 public:
  static constexpr std::size_t kMaxQuotedBytes = 60;
  static constexpr std::size_t kMaxMessageBytes = 2000;

  // "<field>: expected <expected>, got <got>" (", got ..." only if given;
  // only the first kMaxQuotedBytes of it).
  InputError(const std::string& field, const std::string& expected, const std::string& got = {})
      : std::runtime_error(compose(field, expected, got)) {}
  explicit InputError(const std::string& message)
      : std::runtime_error(shortPrefix(message, kMaxMessageBytes)) {}

  // The same error, prefixed with where it was found ("scenarios/x.json: ").
  InputError in(const std::string& where) const { return InputError(where + ": " + what()); }

 private:
  static std::string compose(const std::string& field, const std::string& expected,
                             const std::string& got) {
    std::string s = field + ": expected " + expected;
    if (!got.empty()) s += ", got " + shortPrefix(got, kMaxQuotedBytes);
    return shortPrefix(s, kMaxMessageBytes);
  }
};

}  // namespace cs
