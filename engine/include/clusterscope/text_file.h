// Writing a file the user asked for (a replay, a CSV, a scenario): all of it
// or a clear error naming the file and why, never a silently short file.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace cs {

// Writes what `write` streams to `path`, replacing the file. Throws
// InputError ("<path>: cannot be written: <reason>") if it could not be
// opened or fully written.
void writeTextFile(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace cs
