// Checking text for valid UTF-8 before it is quoted, parsed or stored: a
// JSON library throws on invalid bytes in a string, and a terminal shows
// them as garbage. Any thread; pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cs {

// The offset of the first byte that does not belong to a well-formed UTF-8
// sequence (RFC 3629: no overlong forms, no surrogates, nothing past
// U+10FFFF), or nullopt if all of `text` is valid.
std::optional<std::size_t> invalidUtf8At(std::string_view text);

// "byte 4 (0xff)": where invalidUtf8At() found a bad byte, as an error says it.
std::string invalidUtf8Where(std::string_view text, std::size_t at);

// At most `max` bytes of `text`, cut at a character boundary, with "..."
// appended if anything was cut: what an error quotes back of a long value.
std::string shortPrefix(std::string_view text, std::size_t max = 60);

}  // namespace cs
