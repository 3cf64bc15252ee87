// A user action: fail a node, partition the network, change a knob, send a
// client write. Every command is stamped with the virtual time it applied at
// and the number of events processed before it, and logged, so that seed +
// scenario + command log reproduces any moment exactly. Plain values, and a
// constant table of the arguments each kind takes; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "clusterscope/ids.h"
#include "clusterscope/network.h"
#include "clusterscope/time.h"

namespace cs {

enum class CommandKind : std::uint8_t {
  Crash,      // the node stops; its volatile state is lost
  Restart,    // a crashed node starts again from its durable storage
  Pause,      // a GC pause: messages wait and timers slip until Resume
  Resume,     // a paused node carries on
  Slow,       // each message takes the node this much longer (0 = back to normal)
  Isolate,    // the node is cut from everyone both ways
  Partition,  // only links inside a group stay open
  Block,      // messages from node to peer are lost; the other way still works
  Cut,        // messages between node and peer are lost both ways
  Heal,       // every link is open again
  Network,    // a new default latency, jitter, loss and duplication
  Pattern,    // a verb with arguments, interpreted by the pattern (client-write)
};

// Which of Command's fields a kind of command takes. This table is the one
// place that says so: the scenario parser and writer, the replay reader and
// writer, describe() and Simulation::apply read it rather than each knowing
// the kinds. A field a kind does not take keeps its default.
struct CommandShape {
  CommandKind kind;
  // The command's word: a scenario action's "do" and a replay file's "kind".
  std::string_view name;
  bool node = false;
  bool peer = false;  // a second node: the far end of a link
  bool groups = false;
  bool duration = false;
  bool link = false;
  // A pattern verb and its arguments. Its signature (Pattern::verbs) says
  // whether it takes node and peer too.
  bool verb = false;
};

// Every kind, in the order of CommandKind.
inline constexpr CommandShape kCommandShapes[] = {
    {.kind = CommandKind::Crash, .name = "crash", .node = true},
    {.kind = CommandKind::Restart, .name = "restart", .node = true},
    {.kind = CommandKind::Pause, .name = "pause", .node = true},
    {.kind = CommandKind::Resume, .name = "resume", .node = true},
    {.kind = CommandKind::Slow, .name = "slow", .node = true, .duration = true},
    {.kind = CommandKind::Isolate, .name = "isolate", .node = true},
    {.kind = CommandKind::Partition, .name = "partition", .groups = true},
    {.kind = CommandKind::Block, .name = "block", .node = true, .peer = true},
    {.kind = CommandKind::Cut, .name = "cut", .node = true, .peer = true},
    {.kind = CommandKind::Heal, .name = "heal"},
    {.kind = CommandKind::Network, .name = "network", .link = true},
    {.kind = CommandKind::Pattern, .name = "pattern", .verb = true},
};

constexpr const CommandShape& commandShape(CommandKind kind) {
  return kCommandShapes[static_cast<std::size_t>(kind)];
}
constexpr std::string_view commandName(CommandKind kind) {
  return commandShape(kind).name;
}
// The shape whose name is `name`, or nullptr.
constexpr const CommandShape* findCommandShape(std::string_view name) {
  for (const CommandShape& shape : kCommandShapes)
    if (shape.name == name) return &shape;
  return nullptr;
}

struct Command {
  CommandKind kind = CommandKind::Heal;
  NodeId node = kNoNode;
  NodeId peer = kNoNode;
  std::vector<std::vector<NodeId>> groups;
  SimDuration duration{0};
  LinkConfig link;
  std::string verb;
  std::vector<std::string> args;

  // Stamped by Simulation::apply.
  SimTime at{};
  std::uint64_t afterEvent = 0;
  // Metric samples taken before it: a command at a sample's instant may come
  // before or after that sample, depending on how the run got there.
  std::uint64_t afterSamples = 0;
};

// One line for logs, branch labels and narration: "crash payment",
// "partition {node 0, node 1} | {node 2, node 3}". `nodeName` names a node
// (Vocabulary::nodeName); without it a node is "node 2".
using NodeNamer = std::function<std::string(NodeId)>;
std::string describe(const Command& command, const NodeNamer& nodeName);
std::string describe(const Command& command);

}  // namespace cs
