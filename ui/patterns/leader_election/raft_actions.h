// The window's Raft actions that need the cluster's state to aim: isolate
// the leader, split the cluster so that the leader is in the minority, send
// a client write. Each turns into an ordinary command for the session (and
// so into the command log and the branches). UI thread only.
#pragma once

#include <clusterscope/ids.h>

namespace cs::ui {
class Session;
}

namespace cs::ui::leader_election {

// Isolates the current leader; says so when there is none.
void isolateLeader(Session& session);
// Partitions the servers into a minority holding the current leader (if
// any) and a majority with the clients, so the majority elects anew while
// the old leader keeps believing it leads.
void partitionMajorityMinority(Session& session);
// Sends client write x=<++writes>, to `node` or to whoever the client
// believes leads (kNoNode).
void clientWrite(Session& session, int& writes, NodeId node);

}  // namespace cs::ui::leader_election
