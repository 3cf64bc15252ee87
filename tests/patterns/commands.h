// Commands as the pattern tests build them: a pattern verb with its
// arguments, or a kernel fault on one node. Plain values; any thread.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "clusterscope/command.h"

namespace cs::test_commands {

inline Command verb(std::string name, std::vector<std::string> args = {}) {
  Command c;
  c.kind = CommandKind::Pattern;
  c.verb = std::move(name);
  c.args = std::move(args);
  return c;
}

inline Command fault(CommandKind kind, NodeId node) {
  Command c;
  c.kind = kind;
  c.node = node;
  return c;
}

}  // namespace cs::test_commands
