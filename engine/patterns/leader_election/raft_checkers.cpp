// Raft's safety checkers. See raft_checkers.h.
#include "patterns/leader_election/raft_checkers.h"

#include <string>

#include "patterns/leader_election/raft_node.h"

namespace cs::leader_election {
namespace {

std::string describeEntry(std::int64_t index, const LogEntry& e) {
  return "index " + std::to_string(index) + " (term " + std::to_string(e.term) + ", " + e.text() +
         ")";
}

bool sameEntry(const LogEntry& a, const LogEntry& b) {
  return a.term == b.term && a.key == b.key && a.value == b.value;
}

}  // namespace

void ElectionSafetyChecker::onRecord(const TraceRecord& r) {
  if (r.kind != TraceKind::Milestone || r.label != leaderElected_) return;
  const std::int64_t term = r.v[0];
  auto [it, inserted] = leaders_.emplace(term, r.node);
  if (!inserted && it->second != r.node)
    violate("node " + std::to_string(r.node) + " and node " + std::to_string(it->second) +
            " were both elected leader in term " + std::to_string(term));
}

CommittedEntriesChecker::CommittedEntriesChecker(Label leaderElected, int servers)
    : leaderElected_(leaderElected), servers_(servers), verified_(servers, 0) {}

void CommittedEntriesChecker::onRecord(const TraceRecord& r) {
  if (r.kind == TraceKind::Milestone && r.label == leaderElected_)
    elections_.push_back(Election{r.node, r.v[0]});
}

void CommittedEntriesChecker::afterEvent(const Kernel& kernel) {
  if (broken_) {
    elections_.clear();
    return;
  }
  for (NodeId n = 0; n < static_cast<NodeId>(servers_); ++n) {
    const auto& node = static_cast<const RaftNode&>(kernel.node(n));
    const auto& log = node.log();
    const std::int64_t commit = node.commitIndex();
    if (commit > node.lastLogIndex()) {
      violate("node " + std::to_string(n) + " has commitIndex " + std::to_string(commit) +
              " but only " + std::to_string(node.lastLogIndex()) + " entries");
      broken_ = true;
      return;
    }
    // commitIndex is volatile: after a crash it restarts from 0 and the
    // prefix is verified again as it is re-learned.
    std::int64_t& done = verified_[n];
    if (commit < done) done = commit;
    if (done > 0 && !sameEntry(log[done - 1], committed_[done - 1].entry)) {
      violate("node " + std::to_string(n) + " changed its committed entry at " +
              describeEntry(done, committed_[done - 1].entry) + " to " +
              describeEntry(done, log[done - 1]));
      broken_ = true;
      return;
    }
    for (std::int64_t i = done + 1; i <= commit; ++i) {
      const LogEntry& e = log[i - 1];
      if (i > static_cast<std::int64_t>(committed_.size())) {
        committed_.push_back(Committed{e, node.currentTerm(), n});
      } else if (!sameEntry(e, committed_[i - 1].entry)) {
        const Committed& c = committed_[i - 1];
        violate("node " + std::to_string(n) + " committed " + describeEntry(i, e) + " but node " +
                std::to_string(c.seenAt) + " committed " + describeEntry(i, c.entry));
        broken_ = true;
        return;
      }
      done = i;
    }
  }
  for (const Election& e : elections_)
    if (!broken_) checkLeaderHasCommitted(kernel, e);
  elections_.clear();
}

void CommittedEntriesChecker::checkLeaderHasCommitted(const Kernel& kernel, const Election& el) {
  if (el.leader >= static_cast<NodeId>(servers_)) return;
  const auto& log = static_cast<const RaftNode&>(kernel.node(el.leader)).log();
  for (std::size_t i = 0; i < committed_.size(); ++i) {
    const Committed& c = committed_[i];
    // Entries first seen committed in this term or later may legitimately be
    // missing from this leader's log: Leader Completeness speaks of entries
    // committed in earlier terms.
    if (c.term >= el.term) continue;
    const auto index = static_cast<std::int64_t>(i + 1);
    if (i >= log.size() || !sameEntry(log[i], c.entry)) {
      violate("node " + std::to_string(el.leader) + " was elected leader in term " +
              std::to_string(el.term) + " without the committed entry at " +
              describeEntry(index, c.entry));
      broken_ = true;
      return;
    }
  }
}

}  // namespace cs::leader_election
