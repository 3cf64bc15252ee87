// Names and one-line descriptions of commands. See command.h.
#include "clusterscope/command.h"

#include <cstdlib>

namespace cs {
namespace {

std::string group(const std::vector<NodeId>& nodes, const NodeNamer& name) {
  std::string s = "{";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (i) s += ", ";
    s += name(nodes[i]);
  }
  return s + "}";
}

// Whole milliseconds as such, else to the microsecond: "20 ms", "2.5 ms".
std::string ms(SimDuration d) {
  const std::int64_t us = d.count();
  std::string s = std::to_string(us / 1000);
  if (const std::int64_t frac = std::abs(us % 1000); frac != 0) {
    std::string digits = std::to_string(1000 + frac).substr(1);
    digits.erase(digits.find_last_not_of('0') + 1);
    s += '.';
    s += digits;
  }
  return s + " ms";
}

}  // namespace

std::string_view commandName(CommandKind kind) {
  switch (kind) {
    case CommandKind::Crash:
      return "crash";
    case CommandKind::Restart:
      return "restart";
    case CommandKind::Pause:
      return "pause";
    case CommandKind::Resume:
      return "resume";
    case CommandKind::Slow:
      return "slow";
    case CommandKind::Isolate:
      return "isolate";
    case CommandKind::Partition:
      return "partition";
    case CommandKind::Block:
      return "block";
    case CommandKind::Cut:
      return "cut";
    case CommandKind::Heal:
      return "heal";
    case CommandKind::Network:
      return "network";
    case CommandKind::Pattern:
      return "pattern";
  }
  return "?";
}

std::string describe(const Command& c) {
  return describe(c, [](NodeId n) { return "node " + std::to_string(n); });
}

std::string describe(const Command& c, const NodeNamer& name) {
  const std::string node = name(c.node);
  switch (c.kind) {
    case CommandKind::Crash:
    case CommandKind::Restart:
    case CommandKind::Pause:
    case CommandKind::Resume:
    case CommandKind::Isolate:
      return std::string(commandName(c.kind)) + " " + node;
    case CommandKind::Slow:
      return c.duration.count() ? "slow " + node + " to " + ms(c.duration) + " per message"
                                : "restore " + node + " to normal speed";
    case CommandKind::Partition: {
      std::string s = "partition ";
      for (std::size_t i = 0; i < c.groups.size(); ++i) {
        if (i) s += " | ";
        s += group(c.groups[i], name);
      }
      return s;
    }
    case CommandKind::Block:
      return "block " + node + " -> " + name(c.peer);
    case CommandKind::Cut:
      return "cut " + node + " <-> " + name(c.peer);
    case CommandKind::Heal:
      return "heal all links";
    case CommandKind::Network:
      return "network latency " + ms(c.link.latency) + " + jitter " + ms(c.link.jitter) +
             ", loss " + std::to_string(static_cast<int>(c.link.loss * 100)) + "%";
    case CommandKind::Pattern: {
      std::string s = c.verb;
      for (const auto& a : c.args) s += " " + a;
      return s;
    }
  }
  return "?";
}

}  // namespace cs
