// Commands as the pattern tests build them: a pattern verb with its
// arguments, or a kernel fault on one node. Plain values; any thread.
#pragma once

#include <optional>
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

// A sweep's network fault: 40% of the time a heal, otherwise nodes 0..count-1
// split at random into two sides; nothing when a side came out empty. Draws
// from `rng` in that order, so a seed's run stays what it was.
template <class Random>
std::optional<Command> partitionOrHeal(Random& rng, NodeId count) {
  if (rng.chance(0.4)) return fault(CommandKind::Heal, kNoNode);
  Command c;
  c.kind = CommandKind::Partition;
  c.groups.resize(2);
  for (NodeId n = 0; n < count; ++n) c.groups[rng.below(2)].push_back(n);
  if (c.groups[0].empty() || c.groups[1].empty()) return std::nullopt;
  return c;
}

}  // namespace cs::test_commands
