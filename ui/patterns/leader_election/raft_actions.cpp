// Raft's aimed actions. See raft_actions.h.
#include "raft_actions.h"

#include <clusterscope/leader_election/raft_view.h>
#include <QObject>
#include <algorithm>

#include "../../src/session.h"

namespace cs::ui::leader_election {
namespace {

using cs::leader_election::RaftView;
using cs::leader_election::ServerView;

NodeId currentLeader(const Session& session) {
  const Mirror& m = session.mirror();
  if (!m.view) return kNoNode;
  const ServerView* l = viewOf<RaftView>(*m.view).leader();
  return l ? l->id : kNoNode;
}

}  // namespace

void isolateLeader(Session& session) {
  const NodeId leader = currentLeader(session);
  if (leader == kNoNode) {
    session.reportError(QObject::tr("There is no leader to isolate right now."));
    return;
  }
  Command c;
  c.kind = CommandKind::Isolate;
  c.node = leader;
  session.apply(std::move(c));
}

void partitionMajorityMinority(Session& session) {
  std::vector<NodeId> members, others;
  for (const auto& n : session.mirror().nodes) (n.member ? members : others).push_back(n.id);
  if (members.size() < 3) return;
  const NodeId leader = currentLeader(session);
  if (leader != kNoNode)
    std::stable_partition(members.begin(), members.end(), [&](NodeId n) { return n == leader; });
  const std::size_t minority = (members.size() - 1) / 2;
  Command c;
  c.kind = CommandKind::Partition;
  c.groups.emplace_back(members.begin(), members.begin() + static_cast<long>(minority));
  c.groups.emplace_back(members.begin() + static_cast<long>(minority), members.end());
  for (NodeId o : others) c.groups.back().push_back(o);
  std::sort(c.groups[0].begin(), c.groups[0].end());
  std::sort(c.groups[1].begin(), c.groups[1].end());
  session.apply(std::move(c));
}

void clientWrite(Session& session, int& writes, NodeId node) {
  Command c;
  c.kind = CommandKind::Pattern;
  c.verb = "client-write";
  ++writes;
  c.args = {"x", std::to_string(writes)};
  if (node != kNoNode) {
    // The command names the node it is sent to, as a scenario's would.
    c.args.push_back(std::to_string(node));
    c.node = node;
  }
  session.apply(std::move(c));
}

}  // namespace cs::ui::leader_election
