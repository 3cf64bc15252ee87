// Reading hand-written JSON files (scenarios, replays) with errors a user can
// act on: every problem is an InputError naming the file, the JSON path of
// the field ("steps[2].until.within") and what was expected. Unknown and
// duplicate fields are errors, never ignored. Not part of the engine's public
// API. Any thread; a JsonReader is a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cs::json_reader {

// Limits on what a file may ask of the reader, checked while reading, before
// any expensive work: a hand-written scenario or a saved replay is far below
// each of them.
inline constexpr std::size_t kMaxFileBytes = 8u << 20;  // 8 MiB
inline constexpr std::size_t kMaxDepth = 64;            // nested objects and lists

// "steps[2]" + "until" -> "steps[2].until"; "" + "title" -> "title". A long
// key is shortened to a prefix: a path is for reading.
std::string join(const std::string& path, std::string_view key);
// "steps" + 2 -> "steps[2]".
std::string indexed(const std::string& path, std::size_t i);
// "a, b, c".
std::string list(const std::vector<std::string>& words);
// A JSON value as an error message shows it: scalars verbatim, containers by kind.
std::string show(const nlohmann::json& j);

// Parses text, rejecting duplicate keys, text over kMaxFileBytes and nesting
// deeper than kMaxDepth. Throws InputError "<source>: line L, column C:
// malformed JSON: <reason>" (a truncated file ends up here).
nlohmann::json parse(std::string_view text, const std::string& source);

// Reads a whole file as text. Throws InputError naming the path if it is
// missing, a directory or special file (refused before it is opened: a named
// pipe would block), larger than kMaxFileBytes or unreadable; `what` names
// the kind of file expected ("a replay file (JSON)").
std::string readFile(const std::string& path, const std::string& what);

// Field readers that name the file and the path in their errors.
class JsonReader {
 public:
  explicit JsonReader(std::string source) : source_(std::move(source)) {}
  const std::string& source() const { return source_; }

  [[noreturn]] void fail(const std::string& path, const std::string& expected,
                         const nlohmann::json& got) const;
  [[noreturn]] void failText(const std::string& path, const std::string& text) const;

  void requireObject(const nlohmann::json& j, const std::string& path,
                     const std::string& expected) const;
  // Unknown fields are errors: a misspelt key must not be ignored.
  void allowOnly(const nlohmann::json& j, const std::string& path,
                 const std::vector<std::string>& allowed) const;
  const nlohmann::json& field(const nlohmann::json& obj, const std::string& path,
                              const std::string& key, const std::string& expected) const;
  std::string text(const nlohmann::json& j, const std::string& path, bool allowEmpty = false) const;
  double number(const nlohmann::json& j, const std::string& path, double min, double max,
                bool minOpen, const std::string& expected) const;
  // A whole number from 0 to 2^64-1 (a seed, a count of events).
  std::uint64_t unsignedInteger(const nlohmann::json& j, const std::string& path,
                                const std::string& expected = "an integer from 0 to 2^64-1") const;

 private:
  std::string source_;
};

}  // namespace cs::json_reader
