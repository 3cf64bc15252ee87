// Output paths checked before a run. See output_paths.h.
#include "output_paths.h"

#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "clusterscope/errors.h"

namespace cs::app {
namespace {

namespace fs = std::filesystem;

// Two paths name the same file: the same inode if both exist, else the same
// normalised absolute path.
bool sameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec) && !ec;
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

void requireWritable(const std::string& flag, const std::string& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (fs::exists(st)) {
    if (fs::is_directory(st)) throw InputError(flag, "a file to write", path + " is a directory");
    if (!fs::is_regular_file(st))
      throw InputError(flag, "a regular file to write", path + " is a special file");
    if (::access(path.c_str(), W_OK) != 0)
      throw InputError(flag, "a file this user may write", path + " is read-only");
    return;
  }
  fs::path folder = fs::path(path).parent_path();
  if (folder.empty()) folder = ".";
  if (!fs::is_directory(folder, ec))
    throw InputError(flag, "a file in an existing folder",
                     path + " (no folder " + folder.string() + ")");
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    throw InputError(flag, "a file in a folder this user may write",
                     path + " (" + folder.string() + " is read-only)");
}

}  // namespace

void checkOutputPaths(const Options& o) {
  std::vector<std::pair<const char*, std::string>> inputs;
  std::error_code ec;
  if (!o.replay.empty()) inputs.emplace_back("--replay", o.replay);
  if (!o.scenario.empty() && fs::exists(o.scenario, ec))
    inputs.emplace_back("--scenario", o.scenario);
  const std::pair<const char*, std::string> outputs[] = {
      {"--save-replay", o.saveReplay}, {"--csv", o.csv}, {"--screenshot", o.screenshot}};
  for (std::size_t i = 0; i < std::size(outputs); ++i) {
    const auto& [flag, path] = outputs[i];
    if (path.empty()) continue;
    for (const auto& [inFlag, in] : inputs)
      if (sameFile(path, in))
        throw InputError(flag,
                         std::string("a file other than the input (") + inFlag + " " + in +
                             " would be overwritten)",
                         path);
    for (std::size_t k = 0; k < i; ++k)
      if (!outputs[k].second.empty() && sameFile(path, outputs[k].second))
        throw InputError(flag, std::string("a file other than ") + outputs[k].first + "'s", path);
    requireWritable(flag, path);
  }
}

}  // namespace cs::app
