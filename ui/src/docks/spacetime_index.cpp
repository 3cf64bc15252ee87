// Turning the mirror's records into arrows, marks and stretches. See
// spacetime_index.h.
#include "spacetime_index.h"

#include <algorithm>

#include "../canvas/pattern_look.h"

namespace cs::ui {
namespace {

std::uint64_t copyKey(MessageId msg, bool duplicate) {
  return msg << 1 | (duplicate ? 1u : 0u);
}

bool isDuplicate(const TraceRecord& r) {
  return (r.flags & kFlagDuplicate) != 0;
}

}  // namespace

void SpacetimeIndex::clear() {
  arrows_.clear();
  marks_.clear();
  stretches_.clear();
  open_.clear();
  openDown_.clear();
  openPause_.clear();
  start_ = latest_ = SimTime{0};
  longestEnded_ = SimDuration{0};
  oldestInFlight_ = SimTime{0};
  anyInFlight_ = false;
}

void SpacetimeIndex::rebuild(const Mirror& mirror, const PatternLook& look) {
  clear();
  const auto& records = mirror.records;
  if (records.empty()) return;
  start_ = records.front().record.at;
  latest_ = records.back().record.at;
  openDown_.assign(mirror.nodes.size(), -1);
  openPause_.assign(mirror.nodes.size(), -1);
  const Vocabulary* vocabulary = mirror.vocabulary.get();
  for (const DriverRecord& d : records) {
    const TraceRecord& r = d.record;
    switch (r.kind) {
      case TraceKind::Sent:
        addSent(r, vocabulary, look);
        break;
      case TraceKind::Delivered:
      case TraceKind::Dropped:
        addEnd(r);
        break;
      case TraceKind::Crashed:
        addMark(r, MarkKind::Crashed);
        // A crash ends a pause: a restarted node runs.
        closeStretch(r.node, r.at, true);
        openStretch(r.node, r.at, false);
        break;
      case TraceKind::Restarted:
        addMark(r, MarkKind::Restarted);
        closeStretch(r.node, r.at, false);
        break;
      case TraceKind::Paused:
        addMark(r, MarkKind::Paused);
        openStretch(r.node, r.at, true);
        break;
      case TraceKind::Resumed:
        addMark(r, MarkKind::Resumed);
        closeStretch(r.node, r.at, true);
        break;
      case TraceKind::Milestone:
        addMark(r, MarkKind::Milestone);
        break;
      default:
        break;
    }
  }
  finish(mirror);
}

void SpacetimeIndex::addSent(const TraceRecord& r, const Vocabulary* vocabulary,
                             const PatternLook& look) {
  SpacetimeArrow a;
  a.msg = r.msg;
  a.from = r.node;
  a.to = r.peer;
  a.sent = r.at;
  a.due = r.due;
  a.sentSeq = r.seq;
  a.label = r.label;
  a.duplicate = isDuplicate(r);
  // The look classifies by kind and fields, as it does on the canvas, so an
  // arrow has the colour of the glyph the user just watched fly.
  Message m;
  m.id = r.msg;
  m.from = r.node;
  m.to = r.peer;
  m.kind = r.label;
  m.fields = r.v;
  a.kindClass = look.classify(vocabulary, m);
  open_[copyKey(a.msg, a.duplicate)] = static_cast<std::uint32_t>(arrows_.size());
  arrows_.push_back(a);
}

void SpacetimeIndex::addEnd(const TraceRecord& r) {
  const auto it = open_.find(copyKey(r.msg, isDuplicate(r)));
  if (it == open_.end()) return;  // sent before the oldest record the mirror keeps
  SpacetimeArrow& a = arrows_[it->second];
  open_.erase(it);
  a.end = r.at;
  a.endSeq = r.seq;
  a.endKind = r.kind == TraceKind::Delivered ? ArrowEnd::Delivered : ArrowEnd::Dropped;
  a.reason = r.reason;
  longestEnded_ = std::max(longestEnded_, a.end - a.sent);
}

void SpacetimeIndex::addMark(const TraceRecord& r, MarkKind kind) {
  if (r.node == kNoNode) return;
  marks_.push_back({r.at, r.seq, r.node, r.label, kind});
}

void SpacetimeIndex::openStretch(NodeId node, SimTime at, bool paused) {
  if (node == kNoNode) return;
  std::vector<int>& open = paused ? openPause_ : openDown_;
  if (node >= open.size()) open.resize(node + 1, -1);
  if (open[node] >= 0) return;
  open[node] = static_cast<int>(stretches_.size());
  stretches_.push_back({node, at, at, paused, true});
}

void SpacetimeIndex::closeStretch(NodeId node, SimTime at, bool paused) {
  if (node == kNoNode) return;
  std::vector<int>& open = paused ? openPause_ : openDown_;
  if (node >= open.size()) open.resize(node + 1, -1);
  if (open[node] < 0) {
    // It went down before the oldest record the mirror keeps (or, for a
    // pause, never did: a crash closes what may not be open).
    if (paused) return;
    stretches_.push_back({node, start_, at, paused, false});
    return;
  }
  SpacetimeStretch& s = stretches_[static_cast<std::size_t>(open[node])];
  s.to = at;
  s.open = false;
  open[node] = -1;
}

void SpacetimeIndex::finish(const Mirror& mirror) {
  for (SpacetimeStretch& s : stretches_)
    if (s.open) s.to = latest_;
  // A node that has been down or paused since before the oldest record.
  for (const NodeSnapshot& n : mirror.nodes) {
    if (n.status == NodeStatus::Up) continue;
    const bool paused = n.status == NodeStatus::Paused;
    const std::vector<int>& open = paused ? openPause_ : openDown_;
    if (n.id < open.size() && open[n.id] >= 0) continue;
    stretches_.push_back({n.id, start_, latest_, paused, true});
  }

  inFlight_.clear();
  for (const auto& f : mirror.inFlight) inFlight_.insert(copyKey(f.message.id, f.duplicate));
  // An arrow with no end that the engine no longer has in flight ended in a
  // stretch of records skipped while running flat out: where is unknown. The
  // in-flight list is bounded, so one still due is kept.
  std::erase_if(arrows_, [this](const SpacetimeArrow& a) {
    return a.endKind == ArrowEnd::InFlight && a.due < latest_ &&
           !inFlight_.contains(copyKey(a.msg, a.duplicate));
  });
  open_.clear();
  for (const SpacetimeArrow& a : arrows_) {
    if (a.endKind != ArrowEnd::InFlight) continue;
    oldestInFlight_ = anyInFlight_ ? std::min(oldestInFlight_, a.sent) : a.sent;
    anyInFlight_ = true;
  }
}

std::pair<std::size_t, std::size_t> SpacetimeIndex::arrowsBetween(SimTime from, SimTime to,
                                                                  SimTime now) const {
  SimDuration span = longestEnded_;
  if (anyInFlight_) span = std::max(span, now - oldestInFlight_);
  const auto bySent = [](const SpacetimeArrow& a, SimTime t) { return a.sent < t; };
  const auto first = std::lower_bound(arrows_.begin(), arrows_.end(), from - span, bySent);
  const auto last = std::upper_bound(first, arrows_.end(), to,
                                     [](SimTime t, const SpacetimeArrow& a) { return t < a.sent; });
  return {static_cast<std::size_t>(first - arrows_.begin()),
          static_cast<std::size_t>(last - arrows_.begin())};
}

int SpacetimeIndex::find(MessageId msg) const {
  // Ids grow with every send within a run, and the arrows are in send order.
  const auto it = std::lower_bound(arrows_.begin(), arrows_.end(), msg,
                                   [](const SpacetimeArrow& a, MessageId m) { return a.msg < m; });
  for (auto i = it; i != arrows_.end() && i->msg == msg; ++i)
    if (!i->duplicate) return static_cast<int>(i - arrows_.begin());
  return it != arrows_.end() && it->msg == msg ? static_cast<int>(it - arrows_.begin()) : -1;
}

SimDuration SpacetimeIndex::medianLatency() const {
  std::vector<SimDuration> spans;
  spans.reserve(arrows_.size());
  for (const SpacetimeArrow& a : arrows_)
    if (a.endKind == ArrowEnd::Delivered) spans.push_back(a.end - a.sent);
  if (spans.size() < 8) return SimDuration{0};
  const auto mid = spans.begin() + static_cast<long>(spans.size() / 2);
  std::nth_element(spans.begin(), mid, spans.end());
  return *mid;
}

const DriverRecord* SpacetimeIndex::record(const Mirror& mirror, std::uint64_t seq) {
  const auto& rs = mirror.records;
  const auto it =
      std::lower_bound(rs.begin(), rs.end(), seq,
                       [](const DriverRecord& d, std::uint64_t s) { return d.record.seq < s; });
  return it != rs.end() && it->record.seq == seq ? &*it : nullptr;
}

}  // namespace cs::ui
