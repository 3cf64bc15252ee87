// The Leader Election pattern and its factory. See leader_election_pattern.h.
#include "patterns/leader_election/leader_election_pattern.h"

#include <charconv>

#include "clusterscope/errors.h"
#include "patterns/leader_election/client_node.h"
#include "patterns/leader_election/leader_election.h"
#include "patterns/leader_election/raft_checkers.h"
#include "patterns/leader_election/raft_node.h"
#include "patterns/option_checks.h"

namespace cs::leader_election {
namespace {

using option_checks::requireArgs;

constexpr const char* kClientWrite = "client-write";
constexpr const char* kTimeout = "timeout";
constexpr const char* kElectionRestriction = "election-restriction";

std::string nodeText(NodeId n) {
  return n == kNoNode ? "none" : "node " + std::to_string(n);
}

// Parses a server id argument of `verb`, throwing InputError if it is not one.
NodeId serverArg(const std::string& verb, const std::string& arg, int servers) {
  unsigned value = 0;
  const auto* end = arg.data() + arg.size();
  const auto [ptr, ec] = std::from_chars(arg.data(), end, value);
  if (arg.empty() || ec != std::errc{} || ptr != end || value >= static_cast<unsigned>(servers))
    throw InputError(verb + " NODE", "a server from 0 to " + std::to_string(servers - 1),
                     "\"" + arg + "\"");
  return static_cast<NodeId>(value);
}

}  // namespace

std::unique_ptr<Pattern> make(const nlohmann::json& options) {
  return std::make_unique<LeaderElectionPattern>(parseOptions(options));
}

void LeaderElectionPattern::build(Kernel& kernel) {
  words_ = defineWords(kernel);
  for (int i = 0; i < options_.nodes; ++i)
    kernel.addNode(std::make_unique<RaftNode>(options_, words_, options_.nodes));
  kernel.addNode(std::make_unique<ClientNode>(options_, words_, options_.nodes));
  kernel.network().setDefaultLink(options_.link());
  termGauge_ = kernel.metrics().define(MetricInfo::gauge("raft.term", "raft", "", "term"));
  leaderGauge_ = kernel.metrics().define(
      MetricInfo::gauge("raft.leader", "raft", "", "leader", MetricUnit::Node));
}

std::vector<std::pair<std::string, std::string>> LeaderElectionPattern::verbs() const {
  return {{kClientWrite, "KEY VALUE [NODE]"}, {kTimeout, "NODE"}, {kElectionRestriction, "SWITCH"}};
}

void LeaderElectionPattern::validate(const Kernel&, const Command& c) const {
  if (c.verb == kClientWrite) {
    requireArgs(c, 2, 3, "KEY VALUE [NODE]");
    const std::string& key = c.args[0];
    if (key.empty() || key.find('=') != std::string::npos)
      throw InputError(std::string(kClientWrite) + " KEY", "a non-empty key without '='",
                       "\"" + key + "\"");
    if (c.args.size() == 3) serverArg(kClientWrite, c.args[2], options_.nodes);
  } else if (c.verb == kTimeout) {
    requireArgs(c, 1, 1, "NODE");
    serverArg(kTimeout, c.args[0], options_.nodes);
  } else if (c.verb == kElectionRestriction) {
    requireArgs(c, 1, 1, "on|off");
    option_checks::onOffArg(c.verb, c.args[0]);
  } else {
    option_checks::unknownVerb(c.verb, verbs());
  }
}

void LeaderElectionPattern::apply(Kernel& kernel, const Command& c) {
  if (c.verb == kClientWrite) {
    // A crashed client has no queue to put the write in.
    if (kernel.status(clientId()) == NodeStatus::Crashed) return;
    const NodeId target =
        c.args.size() == 3 ? serverArg(kClientWrite, c.args[2], options_.nodes) : kNoNode;
    client(kernel).submit(c.args[0], c.args[1], target);
  } else if (c.verb == kTimeout) {
    const NodeId node = serverArg(kTimeout, c.args[0], options_.nodes);
    if (kernel.status(node) != NodeStatus::Crashed) server(kernel, node).forceTimeout();
  } else if (c.verb == kElectionRestriction) {
    // Configuration of every server, up or not.
    for (NodeId n = 0; n < clientId(); ++n)
      server(kernel, n).setElectionRestriction(c.args[0] == "on");
  }
}

// ---- Observations ----

const RaftNode& LeaderElectionPattern::server(const Kernel& kernel, NodeId id) const {
  return static_cast<const RaftNode&>(kernel.node(id));
}
RaftNode& LeaderElectionPattern::server(Kernel& kernel, NodeId id) {
  return static_cast<RaftNode&>(kernel.node(id));
}
const ClientNode& LeaderElectionPattern::client(const Kernel& kernel) const {
  return static_cast<const ClientNode&>(kernel.node(clientId()));
}
ClientNode& LeaderElectionPattern::client(Kernel& kernel) {
  return static_cast<ClientNode&>(kernel.node(clientId()));
}

std::optional<NodeId> LeaderElectionPattern::leader(const Kernel& kernel) const {
  std::optional<NodeId> best;
  for (NodeId n = 0; n < clientId(); ++n) {
    if (kernel.status(n) != NodeStatus::Up) continue;
    const RaftNode& s = server(kernel, n);
    if (s.role() == Role::Leader &&
        (!best || s.currentTerm() > server(kernel, *best).currentTerm()))
      best = n;
  }
  return best;
}

std::optional<NodeId> LeaderElectionPattern::resolve(const Kernel& kernel,
                                                     std::string_view role) const {
  if (role == "leader") return leader(kernel);
  if (role == "client") return clientId();
  const Role wanted = role == "candidate" ? Role::Candidate : Role::Follower;
  if (role != "candidate" && role != "follower") return std::nullopt;
  for (NodeId n = 0; n < clientId(); ++n)
    if (kernel.status(n) == NodeStatus::Up && server(kernel, n).role() == wanted) return n;
  return std::nullopt;
}

// Raft's roles, and the client that writes through the leader.
std::vector<std::string> LeaderElectionPattern::roleWords() const {
  return {"leader", "candidate", "follower", "client"};
}

std::vector<std::unique_ptr<Checker>> LeaderElectionPattern::checkers(const Kernel&) const {
  std::vector<std::unique_ptr<Checker>> v;
  v.push_back(std::make_unique<ElectionSafetyChecker>(words_.leaderElected));
  v.push_back(std::make_unique<CommittedEntriesChecker>(words_.leaderElected, options_.nodes));
  return v;
}

void LeaderElectionPattern::updateGauges(Kernel& kernel) {
  std::int64_t term = 0;
  for (NodeId n = 0; n < clientId(); ++n)
    if (kernel.status(n) == NodeStatus::Up) term = std::max(term, server(kernel, n).currentTerm());
  kernel.metrics().set(termGauge_, term);
  const auto l = leader(kernel);
  kernel.metrics().set(leaderGauge_, l ? static_cast<std::int64_t>(*l) : -1);
}

NodeSnapshot LeaderElectionPattern::snapshot(const Kernel& kernel, NodeId node) const {
  return node == clientId() ? clientSnapshot(kernel) : serverSnapshot(kernel, node);
}

NodeSnapshot LeaderElectionPattern::serverSnapshot(const Kernel& kernel, NodeId id) const {
  const RaftNode& s = server(kernel, id);
  NodeSnapshot snap;
  snap.id = id;
  snap.name = "node " + std::to_string(id);
  snap.status = kernel.status(id);
  snap.slowBy = kernel.slowness(id);
  snap.member = true;
  snap.role = roleName(s.role());

  auto& f = snap.fields;
  f.emplace_back("currentTerm", std::to_string(s.currentTerm()));
  f.emplace_back("votedFor", nodeText(s.votedFor()));
  f.emplace_back("commitIndex", std::to_string(s.commitIndex()));
  f.emplace_back("lastApplied", std::to_string(s.lastApplied()));
  f.emplace_back("leader", nodeText(s.leaderId()));
  if (s.role() != Role::Follower)
    f.emplace_back("votes received", std::to_string(s.votesReceived()));
  if (s.role() == Role::Leader) {
    std::string next, match;
    for (NodeId n = 0; n < clientId(); ++n) {
      if (n == id) continue;
      const std::string sep = next.empty() ? "" : ", ";
      next += sep + std::to_string(n) + ":" + std::to_string(s.nextIndex()[n]);
      match += sep + std::to_string(n) + ":" + std::to_string(s.matchIndex()[n]);
    }
    f.emplace_back("nextIndex", next);
    f.emplace_back("matchIndex", match);
  }
  std::string config;
  for (const auto& [key, value] : s.config())
    config += (config.empty() ? "" : ", ") + key + "=" + value;
  f.emplace_back("committed config", config.empty() ? "(empty)" : config);
  return snap;
}

std::shared_ptr<const PatternView> LeaderElectionPattern::view(const Kernel& kernel) const {
  auto v = std::make_shared<RaftView>();
  v->servers.reserve(static_cast<std::size_t>(options_.nodes));
  for (NodeId id = 0; id < clientId(); ++id) {
    const RaftNode& s = server(kernel, id);
    ServerView& sv = v->servers.emplace_back();
    sv.id = id;
    sv.crashed = kernel.status(id) == NodeStatus::Crashed;
    sv.role = s.role();
    sv.currentTerm = s.currentTerm();
    sv.votedFor = s.votedFor();
    sv.leader = s.leaderId();
    sv.timerStart = s.timerStart();
    sv.timerDeadline = s.timerDeadline();
    const auto& log = s.log();
    sv.log.reserve(log.size());
    for (std::size_t i = 0; i < log.size(); ++i)
      sv.log.push_back({static_cast<std::int64_t>(i + 1), log[i].term, log[i].text()});
    sv.commitIndex = s.commitIndex();
  }
  const ClientNode& c = client(kernel);
  v->client.id = clientId();
  v->client.believedLeader = c.believedLeader();
  v->client.pendingWrites = c.pending().size();
  v->client.completed = static_cast<std::int64_t>(c.completed());
  v->electionRestriction = server(kernel, 0).electionRestriction();
  return v;
}

NodeSnapshot LeaderElectionPattern::clientSnapshot(const Kernel& kernel) const {
  const ClientNode& c = client(kernel);
  NodeSnapshot snap;
  snap.id = clientId();
  snap.name = "client";
  snap.status = kernel.status(clientId());
  snap.slowBy = kernel.slowness(clientId());
  snap.member = false;
  snap.role = "client";
  std::string pending;
  for (const auto& w : c.pending())
    pending += (pending.empty() ? "" : ", ") + w.key + "=" + w.value;
  snap.fields.emplace_back("pending writes", pending.empty() ? "(none)" : pending);
  snap.fields.emplace_back("completed", std::to_string(c.completed()));
  snap.fields.emplace_back("target", nodeText(c.target()));
  snap.fields.emplace_back("leader", nodeText(c.believedLeader()));
  return snap;
}

}  // namespace cs::leader_election
