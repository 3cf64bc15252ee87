// Picking a request's records out of the trace and laying out its hops. See
// request_path.h.
#include "clusterscope/request_path.h"

#include <algorithm>
#include <unordered_map>

namespace cs {
namespace {

bool isMessage(const TraceRecord& r) {
  return r.kind == TraceKind::Sent || r.kind == TraceKind::Delivered ||
         r.kind == TraceKind::Dropped;
}

bool sortedHas(const std::vector<MessageId>& v, MessageId m) {
  return std::binary_search(v.begin(), v.end(), m);
}

void sortedInsert(std::vector<MessageId>& v, MessageId m) {
  const auto it = std::lower_bound(v.begin(), v.end(), m);
  if (it == v.end() || *it != m) v.insert(it, m);
}

// What a record's label says of itself; nullptr without a vocabulary.
const LabelInfo* labelOf(const Vocabulary* vocabulary, const TraceRecord& r) {
  if (!vocabulary || r.label == kNoLabel || r.label >= vocabulary->size()) return nullptr;
  return &vocabulary->info(r.label);
}

// The record's value of field `i`, if its label has that field.
std::optional<std::int64_t> field(const TraceRecord& r, std::optional<std::size_t> i) {
  if (!i || *i >= r.v.size()) return std::nullopt;
  return r.v[*i];
}

// The correlation value of a record whose label plays `exchange`: a
// Request's call id, or the call a GaveUp milestone stops waiting for.
std::optional<std::int64_t> correlation(const LabelInfo* l, const TraceRecord& r,
                                        Exchange exchange) {
  if (!l || l->exchange != exchange) return std::nullopt;
  return field(r, l->correlation);
}

std::uint64_t copyKey(const TraceRecord& r) {
  return (r.msg << 1) | ((r.flags & kFlagDuplicate) ? 1 : 0);
}

}  // namespace

FollowKey followKeyFor(MessageId msg, const std::vector<TraceRecord>& records) {
  std::unordered_map<MessageId, std::size_t> sent;  // original copies only
  for (std::size_t i = 0; i < records.size(); ++i) {
    const TraceRecord& r = records[i];
    if (r.kind == TraceKind::Sent && !(r.flags & kFlagDuplicate)) sent.emplace(r.msg, i);
  }
  const auto found = sent.find(msg);
  if (found == sent.end()) return {};
  const TraceRecord& selected = records[found->second];
  if (selected.request != 0) return {selected.request, {}};

  // Up the causal chain to the message that answers nothing (or the oldest
  // whose record is still here; what it answers stays a root, unseen).
  MessageId root = msg;
  const TraceRecord* rootRecord = &selected;
  while (rootRecord && rootRecord->cause != 0) {
    root = rootRecord->cause;
    const auto up = sent.find(root);
    rootRecord = up == sent.end() ? nullptr : &records[up->second];
  }
  FollowKey key;
  key.roots.push_back(root);
  if (rootRecord) {
    // Its broadcast: the same sender, kind and instant, answering nothing.
    for (const auto& [id, i] : sent) {
      const TraceRecord& r = records[i];
      if (r.node == rootRecord->node && r.at == rootRecord->at && r.label == rootRecord->label &&
          r.cause == 0 && r.request == 0)
        key.roots.push_back(id);
    }
  }
  std::sort(key.roots.begin(), key.roots.end());
  key.roots.erase(std::unique(key.roots.begin(), key.roots.end()), key.roots.end());
  return key;
}

RequestFilter::RequestFilter(FollowKey key, const Vocabulary* vocabulary)
    : key_(std::move(key)), vocabulary_(vocabulary), members_(key_.roots) {}

bool RequestFilter::contains(MessageId msg) const {
  return sortedHas(members_, msg);
}

bool RequestFilter::add(const TraceRecord& r) {
  if (isMessage(r)) {
    bool belongs = key_.request != 0 ? r.request == key_.request
                                     : sortedHas(members_, r.msg) ||
                                           (r.cause != 0 && sortedHas(members_, r.cause));
    if (!belongs) return false;
    sortedInsert(members_, r.msg);
    if (r.kind == TraceKind::Sent)
      if (const auto call = correlation(labelOf(vocabulary_, r), r, Exchange::Request))
        calls_.emplace_back(r.node, *call);
    return true;
  }
  // A caller giving up on a call it made for this request.
  if (r.kind != TraceKind::Milestone) return false;
  const auto call = correlation(labelOf(vocabulary_, r), r, Exchange::GaveUp);
  return call && std::find(calls_.begin(), calls_.end(), std::pair{r.node, *call}) != calls_.end();
}

RequestPath requestPath(const std::vector<TraceRecord>& records, const FollowKey& key,
                        const Vocabulary* vocabulary) {
  RequestPath path;
  if (key.empty()) return path;
  RequestFilter filter(key, vocabulary);

  std::unordered_map<std::uint64_t, std::size_t> byCopy;  // copyKey -> hop
  std::vector<std::uint64_t> deliveredSeq;                // by hop; 0 if not delivered
  std::vector<std::optional<std::int64_t>> callOf;        // by hop: a Request's correlation
  struct Send {
    std::uint64_t seq;
    NodeId node;
    SimTime at;
  };
  std::vector<Send> sends;
  for (const TraceRecord& r : records) {
    if (!filter.add(r)) continue;
    const LabelInfo* label = labelOf(vocabulary, r);
    if (r.kind == TraceKind::Sent) {
      Hop h;
      h.msg = r.msg;
      h.cause = r.cause;
      h.from = r.node;
      h.to = r.peer;
      h.kind = r.label;
      h.sentAt = r.at;
      h.duplicate = (r.flags & kFlagDuplicate) != 0;
      if (label && label->exchange == Exchange::Reply)
        h.status = field(r, label->outcome).value_or(0);
      byCopy[copyKey(r)] = path.hops.size();
      path.hops.push_back(h);
      deliveredSeq.push_back(0);
      callOf.push_back(correlation(label, r, Exchange::Request));
      sends.push_back({r.seq, r.node, r.at});
      continue;
    }
    if (r.kind == TraceKind::Delivered || r.kind == TraceKind::Dropped) {
      const auto it = byCopy.find(copyKey(r));
      if (it == byCopy.end()) continue;  // its Sent record is not among `records`
      Hop& h = path.hops[it->second];
      h.endedAt = r.at;
      h.fate = r.kind == TraceKind::Delivered ? HopFate::Delivered : HopFate::Dropped;
      h.dropReason = r.reason;
      if (h.fate == HopFate::Delivered) deliveredSeq[it->second] = r.seq;
      continue;
    }
    if (r.kind == TraceKind::Milestone) {
      // The Request this caller sent to that callee with that call id.
      const auto call = correlation(label, r, Exchange::GaveUp);
      for (std::size_t i = path.hops.size(); call && i-- > 0;) {
        Hop& h = path.hops[i];
        if (h.from == r.node && h.to == r.peer && !h.duplicate && callOf[i] == call) {
          h.timedOutAt = r.at;
          break;
        }
      }
    }
  }
  if (path.hops.empty()) return path;

  // The time at the receiver: from a delivery to that node's next send.
  for (std::size_t i = 0; i < path.hops.size(); ++i) {
    if (!deliveredSeq[i]) continue;
    for (const Send& s : sends)
      if (s.seq > deliveredSeq[i] && s.node == path.hops[i].to) {
        path.hops[i].atReceiver = s.at - path.hops[i].endedAt;
        break;
      }
  }

  path.begin = path.hops.front().sentAt;
  path.end = path.begin;
  path.finished = true;
  const NodeId origin = path.hops.front().from;
  auto visit = [&](NodeId n) {
    if (std::find(path.nodes.begin(), path.nodes.end(), n) == path.nodes.end())
      path.nodes.push_back(n);
  };
  for (const Hop& h : path.hops) {
    visit(h.from);
    visit(h.to);
    if (h.fate == HopFate::InFlight)
      path.finished = false;
    else
      path.end = std::max(path.end, h.endedAt);
    if (h.timedOutAt) path.end = std::max(path.end, *h.timedOutAt);
    if (key.request != 0 && h.fate == HopFate::Delivered && h.to == origin)
      path.answeredAt = std::max(path.answeredAt.value_or(h.endedAt), h.endedAt);
  }
  return path;
}

}  // namespace cs
