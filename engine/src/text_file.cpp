// Writing a file whole or failing clearly. See text_file.h.
#include "clusterscope/text_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "clusterscope/errors.h"

namespace cs {

void writeTextFile(const std::string& path, const std::function<void(std::ostream&)>& write) {
  errno = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) write(out);
  if (!out.flush()) {
    std::string message = path + ": cannot be written";
    if (errno) {
      message += ": ";
      message += std::strerror(errno);
    }
    throw InputError(message);
  }
}

}  // namespace cs
