// The Leader Election vocabulary. See raft_messages.h.
#include "patterns/leader_election/raft_messages.h"

#include "clusterscope/leader_election/raft_phrases.h"

namespace cs::leader_election {

std::string EntriesPayload::describe() const {
  std::string s = "[";
  for (const auto& e : entries) {
    if (s.size() > 1) s += ", ";
    s += std::to_string(e.term) + ":" + e.text();
  }
  return s + "]";
}

Words defineWords(Kernel& k) {
  Words w;
  // No field ties a reply to its request: Message::cause and Message::request do.
  w.requestVote =
      k.defineMessage("RequestVote", {"term", "lastLogIndex", "lastLogTerm"}, Exchange::Request);
  w.requestVoteReply =
      k.defineMessage("RequestVoteReply", {"term", "voteGranted"}, Exchange::Reply);
  w.appendEntries = k.defineMessage(
      "AppendEntries", {"term", "prevLogIndex", "prevLogTerm", "leaderCommit", "entries"},
      Exchange::Request);
  w.appendEntriesReply =
      k.defineMessage("AppendEntriesReply", {"term", "success", "matchIndex"}, Exchange::Reply);
  w.clientWrite = k.defineMessage("ClientWrite", {"writeId"}, Exchange::Request);
  w.clientReply = k.defineMessage("ClientReply", {"ok", "leaderHint", "index"}, Exchange::Reply);

  w.electionStarted = k.defineMilestone("election-started", {"term"},
                                        "{node} timed out and started an election for term {term}");
  w.voteGranted =
      k.defineMilestone("vote-granted", {"term"}, "{node} votes for {peer} in term {term}");
  w.leaderElected = k.defineMilestone("leader-elected", {"term", "votes"},
                                      "{node} won the election for term {term} with {votes} votes");
  w.splitVote = k.defineMilestone("split-vote", {"term"},
                                  "{node}'s election for term {term} ended without a winner");
  w.steppedDown =
      k.defineMilestone("stepped-down", {"term"}, "{node} stepped down: it saw term {term}");
  w.followsLeader =
      k.defineMilestone("follows-leader", {"term"}, "{node} follows leader {peer} in term {term}");
  w.writeAccepted =
      k.defineMilestone("write-accepted", {"index", "term"},
                        "{node} appended a client write at index {index} in term {term}");
  w.entryCommitted = k.defineMilestone("entry-committed", {"index", "term"},
                                       "{node} committed the entry at index {index} (term {term})");
  w.writeCompleted = k.defineMilestone("write-completed", {"index"},
                                       "the client's write was committed at index {index}");

  w.role = k.defineState("role", {"follower", "candidate", "leader"});
  w.currentTerm = k.defineState("currentTerm");
  w.votedFor = k.defineState("votedFor");
  w.commitIndex = k.defineState("commitIndex");
  return w;
}

std::vector<MessagePhrase> raftPhrases() {
  // The paper's names first, then what each asks or answers.
  return {
      {"RequestVote",
       "RequestVote for term {term}: my log ends at index {lastLogIndex} of term {lastLogTerm}"},
      {"RequestVoteReply",
       "RequestVoteReply for term {term}: {voteGranted}",
       "voteGranted",
       {"vote refused", "vote granted"}},
      {"AppendEntries",
       "AppendEntries for term {term}: {entries} new entries after index {prevLogIndex} of term "
       "{prevLogTerm}; committed up to index {leaderCommit}"},
      {"AppendEntriesReply",
       "AppendEntriesReply for term {term}: {success}; log matches up to index {matchIndex}",
       "success",
       {"refused", "appended"}},
      {"ClientWrite", "ClientWrite {writeId}: please append it to the log"},
      {"ClientReply",
       "ClientReply: {ok}, log index {index}",
       "ok",
       {"not the leader", "committed"}},
  };
}

}  // namespace cs::leader_election
