// Parsing JSON with errors that name the file, the line and the field. See
// json_reader.h.
#include "scenario/json_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "clusterscope/errors.h"
#include "clusterscope/utf8.h"

namespace cs::json_reader {
namespace {

using nlohmann::json;

// Converts nlohmann's byte offset into a line and column (both 1-based).
std::pair<std::size_t, std::size_t> lineColumn(std::string_view text, std::size_t byte) {
  const std::size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// nlohmann's message without its "[json.exception...] parse error at ...: " prefix.
std::string parseErrorReason(const std::string& what) {
  const auto at = what.find("parse error");
  if (at == std::string::npos) {
    const auto bracket = what.find("] ");  // "[json.exception.out_of_range.406] number ..."
    return what.starts_with("[json.") && bracket != std::string::npos ? what.substr(bracket + 2)
                                                                      : what;
  }
  const auto colon = what.find(": ", at);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// A first, reading-only pass over the text (nlohmann's SAX events, no
// values built) that rejects duplicate keys (nlohmann would keep the last
// one silently) and nesting deeper than kMaxDepth, naming the JSON path. Not
// nlohmann's parse callback: after each object it scans the whole enclosing
// list, so a replay of 100,000 commands took 18 s to read.
class StructureCheck : public nlohmann::json_sax<json> {
 public:
  explicit StructureCheck(std::string source) : source_(std::move(source)) {}

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(true); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& key) override {
    Frame& top = frames_.back();
    top.key = key;
    if (!top.keys.insert(key).second)
      throw InputError(source_ + ": " + path() + ": field given twice");
    return true;
  }
  // The second pass, nlohmann's own parser, reports the syntax error.
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys;
    std::string key;
    std::size_t index;
  };
  bool value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return true;
  }
  bool open(bool object) {
    // Deeper values would be copied and shown recursively: refuse them
    // while reading, before anything recurses.
    if (frames_.size() >= kMaxDepth)
      throw InputError(source_ + ": " + shortPrefix(path(), 120) + ": nested deeper than " +
                       std::to_string(kMaxDepth) + " levels (the limit)");
    frames_.push_back(Frame{object, {}, {}, 0});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return value();
  }
  std::string path() const {
    std::string p;
    for (const auto& f : frames_) p = f.object ? join(p, f.key) : indexed(p, f.index);
    return p;
  }

  std::string source_;
  std::vector<Frame> frames_;
};

}  // namespace

std::string join(const std::string& path, std::string_view key) {
  const std::string shown = shortPrefix(key, 40);
  return path.empty() ? shown : path + "." + shown;
}

std::string indexed(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string list(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) {
    if (!s.empty()) s += ", ";
    s += w;
  }
  return s;
}

std::string show(const json& j) {
  switch (j.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "a list";
    case json::value_t::null:
      return "null";
    default: {
      std::string s = j.dump();
      if (s.size() > 60) s = s.substr(0, 57) + "...";
      return s;
    }
  }
}

json parse(std::string_view text, const std::string& source) {
  if (text.size() > kMaxFileBytes)
    throw InputError(source + ": " + std::to_string(text.size()) + " bytes, over the limit of " +
                     std::to_string(kMaxFileBytes) + " bytes (8 MiB) for a scenario or replay");
  try {
    StructureCheck check(source);
    json::sax_parse(text.begin(), text.end(), &check);
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    const auto [line, column] = lineColumn(text, e.byte);
    throw InputError(source + ": line " + std::to_string(line) + ", column " +
                     std::to_string(column) + ": malformed JSON: " + parseErrorReason(e.what()));
  } catch (const json::exception& e) {
    // A number too large for a double (1e400) is not a parse_error.
    throw InputError(source + ": malformed JSON: " + parseErrorReason(e.what()));
  }
}

std::string readFile(const std::string& path, const std::string& what) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path + ": no such file");
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(path + ": expected " + what + ", got a " +
                     (std::filesystem::is_directory(path, ec) ? "directory" : "special file"));
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxFileBytes)
    throw InputError(path + ": " + std::to_string(size) + " bytes, over the limit of " +
                     std::to_string(kMaxFileBytes) + " bytes (8 MiB) for " + what);
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) throw InputError(path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw InputError(path + ": cannot be read");
  return text.str();
}

void JsonReader::fail(const std::string& path, const std::string& expected, const json& got) const {
  throw InputError(path, expected, show(got)).in(source_);
}

void JsonReader::failText(const std::string& path, const std::string& text) const {
  throw InputError(source_ + ": " + path + ": " + text);
}

void JsonReader::requireObject(const json& j, const std::string& path,
                               const std::string& expected) const {
  if (!j.is_object()) fail(path, expected, j);
}

void JsonReader::allowOnly(const json& j, const std::string& path,
                           const std::vector<std::string>& allowed) const {
  for (const auto& [key, value] : j.items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      failText(join(path, key), "unknown field (allowed: " + list(allowed) + ")");
}

const json& JsonReader::field(const json& obj, const std::string& path, const std::string& key,
                              const std::string& expected) const {
  auto it = obj.find(key);
  if (it == obj.end()) failText(join(path, key), "missing; expected " + expected);
  return *it;
}

std::string JsonReader::text(const json& j, const std::string& path, bool allowEmpty) const {
  const std::string expected = allowEmpty ? "a string" : "a non-empty string";
  if (!j.is_string()) fail(path, expected, j);
  std::string s = j.get<std::string>();
  if (!allowEmpty && s.find_first_not_of(" \t\r\n") == std::string::npos) fail(path, expected, j);
  return s;
}

double JsonReader::number(const json& j, const std::string& path, double min, double max,
                          bool minOpen, const std::string& expected) const {
  if (!j.is_number()) fail(path, expected, j);
  const double v = j.get<double>();
  if (v < min || (minOpen && v == min) || v > max) fail(path, expected, j);
  return v;
}

std::uint64_t JsonReader::unsignedInteger(const json& j, const std::string& path,
                                          const std::string& expected) const {
  if (!j.is_number_unsigned() && !(j.is_number_integer() && j.get<std::int64_t>() >= 0))
    fail(path, expected, j);
  return j.get<std::uint64_t>();
}

}  // namespace cs::json_reader
