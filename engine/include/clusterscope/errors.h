// The one error type for bad input: scenario files, options, commands and the
// command line. Its message names what was wrong and what was expected, so a
// user can fix it without reading code. Any thread.
#pragma once

#include <stdexcept>
#include <string>

namespace cs {

class InputError : public std::runtime_error {
 public:
  // "<field>: expected <expected>, got <got>" (", got ..." only if given).
  InputError(const std::string& field, const std::string& expected, const std::string& got = {})
      : std::runtime_error(compose(field, expected, got)) {}
  explicit InputError(const std::string& message) : std::runtime_error(message) {}

  // The same error, prefixed with where it was found ("scenarios/x.json: ").
  InputError in(const std::string& where) const { return InputError(where + ": " + what()); }

 private:
  static std::string compose(const std::string& field, const std::string& expected,
                             const std::string& got) {
    std::string s = field + ": expected " + expected;
    if (!got.empty()) s += ", got " + got;
    return s;
  }
};

}  // namespace cs
