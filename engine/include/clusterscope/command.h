// A user action: fail a node, partition the network, change a knob, send a
// client write. Every command is stamped with the virtual time it applied at
// and the number of events processed before it, and logged, so that seed +
// scenario + command log reproduces any moment exactly. Plain values.
#pragma once

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
  Crash,      // node
  Restart,    // node
  Pause,      // node
  Resume,     // node
  Slow,       // node, duration per message (0 = back to normal)
  Isolate,    // node: cut from everyone both ways
  Partition,  // groups: only links inside a group stay open
  Block,      // node -> peer one way
  Cut,        // node <-> peer both ways
  Heal,       // every link open again
  Network,    // link: new default latency, jitter, loss, duplication
  Pattern,    // verb + args, interpreted by the pattern (e.g. client-write)
};

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

std::string_view commandName(CommandKind kind);
// One line for logs, branch labels and narration: "crash payment",
// "partition {node 0, node 1} | {node 2, node 3}". `nodeName` names a node
// (Vocabulary::nodeName); without it a node is "node 2".
using NodeNamer = std::function<std::string(NodeId)>;
std::string describe(const Command& command, const NodeNamer& nodeName);
std::string describe(const Command& command);

}  // namespace cs
