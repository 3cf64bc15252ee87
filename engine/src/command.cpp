// One-line descriptions of commands, and a check that the table of command
// shapes is in the order of its kinds. See command.h. Any thread.
#include "clusterscope/command.h"

#include <cstdlib>
#include <iterator>

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

// The table is indexed by kind.
constexpr bool inKindOrder() {
  for (std::size_t i = 0; i < std::size(kCommandShapes); ++i)
    if (static_cast<std::size_t>(kCommandShapes[i].kind) != i) return false;
  return std::size(kCommandShapes) == static_cast<std::size_t>(CommandKind::Pattern) + 1;
}
static_assert(inKindOrder(), "kCommandShapes lists every CommandKind, in order");

}  // namespace

std::string describe(const Command& c) {
  return describe(c, [](NodeId n) { return "node " + std::to_string(n); });
}

std::string describe(const Command& c, const NodeNamer& name) {
  const CommandShape& shape = commandShape(c.kind);
  // Two commands read better in a sentence of their own; every other is its
  // word followed by its arguments.
  if (c.kind == CommandKind::Heal) return "heal all links";
  if (c.kind == CommandKind::Slow && c.duration.count() == 0)
    return "restore " + name(c.node) + " to normal speed";
  if (shape.verb) {
    std::string s = c.verb;
    for (const auto& a : c.args) s += " " + a;
    return s;
  }
  std::string s(shape.name);
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "text" + string.
  if (shape.node) {
    s += ' ';
    s += name(c.node);
  }
  if (shape.peer) s += (c.kind == CommandKind::Block ? " -> " : " <-> ") + name(c.peer);
  if (shape.groups) {
    for (std::size_t i = 0; i < c.groups.size(); ++i)
      s += (i ? " | " : " ") + group(c.groups[i], name);
  }
  if (shape.duration) s += " to " + ms(c.duration) + " per message";
  if (shape.link)
    s += " latency " + ms(c.link.latency) + " + jitter " + ms(c.link.jitter) + ", loss " +
         std::to_string(static_cast<int>(c.link.loss * 100)) + "%";
  return s;
}

}  // namespace cs
