// Names and one-line descriptions of commands. See command.h.
#include "clusterscope/command.h"

namespace cs {
namespace {

std::string group(const std::vector<NodeId>& nodes) {
  std::string s = "{";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(nodes[i]);
  }
  return s + "}";
}

std::string ms(SimDuration d) {
  return std::to_string(d.count() / 1000) + " ms";
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
  const std::string node = "node " + std::to_string(c.node);
  switch (c.kind) {
    case CommandKind::Crash:
      return "crash " + node;
    case CommandKind::Restart:
      return "restart " + node;
    case CommandKind::Pause:
      return "pause " + node;
    case CommandKind::Resume:
      return "resume " + node;
    case CommandKind::Slow:
      return c.duration.count() ? "slow " + node + " to " + ms(c.duration) + " per message"
                                : "restore " + node + " to normal speed";
    case CommandKind::Isolate:
      return "isolate " + node;
    case CommandKind::Partition: {
      std::string s = "partition ";
      for (std::size_t i = 0; i < c.groups.size(); ++i) {
        if (i) s += " | ";
        s += group(c.groups[i]);
      }
      return s;
    }
    case CommandKind::Block:
      return "block " + node + " -> node " + std::to_string(c.peer);
    case CommandKind::Cut:
      return "cut " + node + " <-> node " + std::to_string(c.peer);
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
