// Branches and their history. See branch_tree.h.
#include "branch_tree.h"

#include <algorithm>

namespace cs {

std::vector<FaultBand> faultBands(const std::vector<FaultChange>& changes, SimTime head) {
  std::vector<FaultBand> bands;
  std::vector<std::uint8_t> state;
  std::vector<std::size_t> openAt;  // per node and bit: index into bands, or npos
  constexpr std::size_t npos = static_cast<std::size_t>(-1);
  constexpr FaultBits bits[] = {kFaultDown, kFaultPaused, kFaultCut};
  for (const FaultChange& c : changes) {
    if (c.node >= state.size()) {
      state.resize(c.node + 1, 0);
      openAt.resize(3 * (c.node + 1), npos);
    }
    for (int b = 0; b < 3; ++b) {
      const bool was = state[c.node] & bits[b];
      const bool is = c.faults & bits[b];
      std::size_t& open = openAt[3 * c.node + b];
      if (!was && is) {
        open = bands.size();
        bands.push_back(FaultBand{c.node, bits[b], c.at, head, true});
      } else if (was && !is && open != npos) {
        bands[open].to = c.at;
        bands[open].open = false;
        open = npos;
      }
    }
    state[c.node] = c.faults;
  }
  std::stable_sort(bands.begin(), bands.end(),
                   [](const FaultBand& a, const FaultBand& b) { return a.node < b.node; });
  return bands;
}

BranchTree::BranchTree() {
  branches_.emplace_back();
  branches_[0].info.label = "start";
}

bool BranchTree::behindHead(const RunPoint& p) const {
  const RunPoint& h = current().head;
  return p.events < h.events || (p.events == h.events && p.at < h.at);
}

void BranchTree::reach(const RunPoint& p, std::uint64_t seq, const std::vector<Command>& commands,
                       const std::vector<StepMark>& marks) {
  if (behindHead(p)) return;
  Branch& b = branches_[current_];
  b.head = p;
  b.info.head = p.at;
  b.headSeq = std::max(b.headSeq, seq);
  if (commands.size() > b.commands.size()) b.commands = commands;
  if (marks.size() > b.marks.size()) {
    b.marks = marks;
    ++version_;
  }
}

void BranchTree::fork(const RunPoint& p, std::uint64_t seq, const std::vector<Command>& commands,
                      const std::vector<StepMark>& marks, std::string label) {
  const Branch& parent = current();
  std::size_t owner = current_;
  for (;;) {
    const Branch& o = branches_[owner];
    if (o.info.parent == kNoBranch || commands.size() > o.sharedCommands ||
        marks.size() > o.sharedMarks)
      break;
    owner = o.info.parent;
  }
  Branch b;
  b.info.id = branches_.size();
  b.info.parent = owner;
  b.sharedCommands = commands.size();
  b.sharedMarks = marks.size();
  b.info.forkedAt = p.at;
  b.info.head = p.at;
  b.info.label = std::move(label);
  b.marks = marks;
  b.commands = commands;
  b.head = p;
  b.headSeq = seq;
  for (std::size_t i = 0; i < parent.milestones.size() && parent.milestoneSeqs[i] <= seq; ++i) {
    b.milestones.push_back(parent.milestones[i]);
    b.milestoneSeqs.push_back(parent.milestoneSeqs[i]);
  }
  for (const FaultChange& c : parent.faults)
    if (c.seq <= seq) b.faults.push_back(c);
  current_ = branches_.size();
  branches_.push_back(std::move(b));
  ++version_;
}

void BranchTree::runStarted(std::size_t nodes) {
  nodes_ = nodes;
  status_.assign(nodes, 0);
  blocked_.assign(nodes, 0);
  links_.assign(nodes * nodes, 0);
}

std::uint8_t BranchTree::faultsOf(NodeId node) const {
  return static_cast<std::uint8_t>(status_[node] | (blocked_[node] ? kFaultCut : 0));
}

void BranchTree::onRecord(const TraceRecord& r, const Vocabulary& vocabulary) {
  Branch& b = branches_[current_];
  if (r.kind == TraceKind::Milestone) {
    if (r.seq <= b.headSeq) return;
    b.milestones.push_back({r.at, r.node, vocabulary.info(r.label).name});
    b.milestoneSeqs.push_back(r.seq);
    ++version_;
    return;
  }
  if (r.node >= nodes_) return;
  const std::uint8_t before = faultsOf(r.node);
  switch (r.kind) {
    case TraceKind::Crashed:
      status_[r.node] = kFaultDown;
      break;
    case TraceKind::Paused:
      status_[r.node] = kFaultPaused;
      break;
    case TraceKind::Restarted:
    case TraceKind::Resumed:
      status_[r.node] = 0;
      break;
    case TraceKind::LinkChanged: {
      if (r.peer >= nodes_) return;
      std::uint8_t& link = links_[r.node * nodes_ + r.peer];
      const std::uint8_t now = r.v[0] != 0;
      if (link == now) return;
      link = now;
      const std::uint8_t peerBefore = faultsOf(r.peer);
      blocked_[r.node] += now ? 1u : -1u;
      blocked_[r.peer] += now ? 1u : -1u;
      noteFaults(r, r.peer, peerBefore);
      break;
    }
    default:
      return;
  }
  noteFaults(r, r.node, before);
}

void BranchTree::noteFaults(const TraceRecord& r, NodeId node, std::uint8_t before) {
  Branch& b = branches_[current_];
  const std::uint8_t after = faultsOf(node);
  if (after == before || r.seq <= b.headSeq) return;
  b.faults.push_back({r.seq, r.at, node, after});
  ++version_;
}

Timeline BranchTree::timeline() const {
  const Branch& b = current();
  Timeline t;
  t.branch = current_;
  t.head = b.head.at;
  for (const Branch& x : branches_) t.branches.push_back(x.info);
  for (const StepMark& m : b.marks) t.steps.push_back(m.at);
  t.milestones = b.milestones;
  t.faults = faultBands(b.faults, b.head.at);
  return t;
}

}  // namespace cs
